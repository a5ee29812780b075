"""A few API cases on every storage, PostgreSQL included (the root ``contexte``
fixture): what a resent grouped exit or import leaves in the database."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from banc_web import (
    EMAIL_ADMIN,
    EMAIL_EXEMPLE,
    NUMERO,
    NUMERO_EXEMPLE,
    Client,
    adherent_de_l_exemple,
    application,
    peupler,
    salaries_et_contrats,
)

import rst_effectifs as rst

API_ADHERENT = f"/api/v1/adherents/{NUMERO}"


@pytest.fixture
def partout(contexte: rst.Contexte) -> Iterator[tuple[Client, rst.Contexte, str]]:
    adherent_id = peupler(contexte)
    with Client(application(contexte), raise_server_exceptions=False) as client:
        yield client.en_tant_que(EMAIL_ADMIN), contexte, adherent_id


def test_a_resent_grouped_exit_leaves_one_movement_each(
        partout: tuple[Client, rst.Contexte, str]) -> None:
    client, ctx, adherent_id = partout
    poste_id = client.post(f"{API_ADHERENT}/postes", json={"libelle": "Vendeur"}).json()["id"]
    ids = [client.post(f"{API_ADHERENT}/salaries", json={
        "nom": nom, "prenoms": "Alex", "date_naissance": "1990-04-02",
        "contrat": {"nature": "01", "debut": "2024-01-01", "poste_id": poste_id}}).json()["id"]
        for nom in ("Durand", "Martin")]
    corps = {"salarie_ids": ids, "le": "2024-06-30", "motif": "031"}
    for _ in range(3):
        reponse = client.post(f"{API_ADHERENT}/sorties", json=corps,
                              headers={"Idempotency-Key": "lot-7"})
        assert reponse.status_code == 200, reponse.text
    autre = client.post(f"{API_ADHERENT}/sorties", json={**corps, "le": "2024-07-31"},
                        headers={"Idempotency-Key": "lot-7"})
    assert autre.status_code == 422 and autre.json()["code"] == "requete.identifiant_reutilise"
    with ctx.unite_de_travail() as uow:
        comptes = [len(uow.salaries.obtenir(adherent_id, i).mouvements) for i in ids]
    assert comptes == [1, 1]


def test_a_stale_if_match_writes_nothing_on_every_storage(
        partout: tuple[Client, rst.Contexte, str]) -> None:
    client, ctx, adherent_id = partout
    poste = client.post(f"{API_ADHERENT}/postes", json={"libelle": "Vendeur"})
    chemin = f"{API_ADHERENT}/postes/{poste.json()['id']}/risques"
    etag = poste.headers["ETag"]
    premier = client.put(chemin, json={"risques": []}, headers={"If-Match": etag})
    assert premier.status_code == 200, premier.text
    perime = client.put(chemin, json={"risques": ["habilitation_electrique"]},
                        headers={"If-Match": etag})
    assert perime.status_code == 412, perime.text
    with ctx.unite_de_travail() as uow:
        (stocke,) = uow.adherents.obtenir(adherent_id).postes
    assert not stocke.risques and f'"{stocke.version}"' == premier.headers["ETag"]


def test_an_import_resent_under_its_key_is_applied_once_on_every_storage(
        partout: tuple[Client, rst.Contexte, str]) -> None:
    from rst_effectifs.exemples import chemin_exemple

    client, ctx, _ = partout
    adherent_id = adherent_de_l_exemple(ctx)
    client.en_tant_que(EMAIL_EXEMPLE)
    contenu = chemin_exemple("exemple.dsn").read_bytes()
    reponses = [client.post(f"/api/v1/adherents/{NUMERO_EXEMPLE}/imports",
                            params={"creer_postes": "true", "appliquer": "true"},
                            content=contenu, headers={"Idempotency-Key": "dsn-juin"})
                for _ in range(2)]
    assert [r.status_code for r in reponses] == [200, 200], reponses[0].text
    assert reponses[1].json() == reponses[0].json()
    embauches = reponses[0].json()["embauches"]
    salaries, contrats = salaries_et_contrats(ctx, adherent_id)
    assert salaries == len(embauches) > 0
    assert contrats == sum(len(e["contrats"]) for e in embauches)
