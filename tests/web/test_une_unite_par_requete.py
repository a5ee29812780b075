"""One unit of work per API request, on every storage: who calls (a cookie session, a
bearer token), the member number, the caller's access and the use case share it
(``Appel``), and on SQL the request checks out one connection and reads the member
once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

import attrs
import httpx
import pytest
from banc_web import (
    EMAIL_ADMIN,
    NUMERO,
    Client,
    application,
    code_recu,
    peupler,
    reglages_de_test,
)
from starlette.testclient import TestClient

import rst_effectifs as rst
from rst_effectifs.entrypoints.web import creer_application
from rst_effectifs.testing.unites import CompteurDUnites, avec_compteur

A = f"/api/v1/adherents/{NUMERO}"

Requete = Callable[[Client, dict[str, str]], httpx.Response]
REQUETES: list[tuple[str, int, Requete]] = [
    ("the adherent", 200, lambda c, i: c.get(A)),
    ("a page of files", 200, lambda c, i: c.get(f"{A}/salaries", params={"limite": 1})),
    ("the next page", 200, lambda c, i: c.get(f"{A}/salaries", params={
        "limite": 1, "apres": i["suivant"]})),
    ("a file", 200, lambda c, i: c.get(f"{A}/salaries/{i['salarie']}")),
    ("the headcount", 200, lambda c, i: c.get(f"{A}/effectif", params={"le": "2024-06-01"})),
    ("the headcount over a period", 200, lambda c, i: c.get(
        f"{A}/effectif/periode", params={"debut": "2024-01-01", "fin": "2024-12-31"})),
    ("a hire", 201, lambda c, i: c.post(f"{A}/salaries", json=_embauche("Martin", i))),
    ("a contract change", 201, lambda c, i: c.post(
        f"{A}/salaries/{i['salarie']}/contrats", headers={"If-Match": '"1"'},
        json={"contrat": {"nature": "01", "debut": "2024-03-01", "poste_id": i["poste"]}})),
    ("a grouped exit", 200, lambda c, i: c.post(
        f"{A}/sorties", headers={"Idempotency-Key": "lot-1"},
        json={"salarie_ids": [i["autre"]], "le": "2024-06-30", "motif": "031"})),
    ("its resend", 200, lambda c, i: c.post(
        f"{A}/sorties", headers={"Idempotency-Key": "lot-1"},
        json={"salarie_ids": [i["autre"]], "le": "2024-06-30", "motif": "031"})),
    ("the postes", 200, lambda c, i: c.get(f"{A}/postes")),
    ("a new poste", 201, lambda c, i: c.post(f"{A}/postes", json={"libelle": "Caissier"})),
    ("the journal", 200, lambda c, i: c.get(f"{A}/journal")),
    ("the adherents of the caller", 200, lambda c, i: c.get("/api/v1/moi/adherents")),
    ("a refused hire (S2)", 409, lambda c, i: c.post(
        f"{A}/salaries", json=_embauche("Martin", i))),
    ("an unknown member", 404, lambda c, i: c.get("/api/v1/adherents/999999/salaries")),
]


RELUS_APRES_VERROU = frozenset({"a hire", "a refused hire (S2)", "a grouped exit"})
"""On PostgreSQL (read committed) what was read before a use case's locks is read again
after them: the member is read twice by these."""


def _embauche(nom: str, ids: dict[str, str]) -> dict[str, object]:
    return {"nom": nom, "prenoms": "Alex", "date_naissance": "1990-04-02",
            "contrat": {"nature": "01", "debut": "2024-01-01", "poste_id": ids["poste"]}}


@pytest.fixture
def banc(contexte: rst.Contexte) -> Iterator[tuple[Client, CompteurDUnites, dict[str, str]]]:
    peupler(contexte)
    ctx, compteur = avec_compteur(contexte)
    with Client(application(ctx), raise_server_exceptions=False) as client:
        client.en_tant_que(EMAIL_ADMIN)
        poste = client.post(f"{A}/postes", json={"libelle": "Vendeur"}).json()["id"]
        ids = {"poste": poste}
        ids["salarie"] = client.post(f"{A}/salaries", json=_embauche("Durand", ids)).json()["id"]
        ids["autre"] = client.post(f"{A}/salaries", json=_embauche("Petit", ids)).json()["id"]
        ids["suivant"] = client.get(f"{A}/salaries", params={"limite": 1}).json()["suivant"]
        yield client, compteur, ids


def test_each_api_request_opens_one_unit_of_work_and_reads_the_member_once(
        banc: tuple[Client, CompteurDUnites, dict[str, str]],
        fabrique_contexte: Any) -> None:
    client, compteur, ids = banc
    stockage = fabrique_contexte.stockage
    sql = stockage != "memoire"
    for quoi, statut, requete in REQUETES:
        with compteur.releve() as releve:
            reponse = requete(client, ids)
        assert reponse.status_code == statut, (quoi, reponse.text)
        assert releve.unites == 1, (quoi, releve.unites)
        if sql:
            assert releve.connections == 1, (quoi, releve.connections)
            relu = stockage == "postgresql" and quoi in RELUS_APRES_VERROU
            attendues = 0 if "adherents of the caller" in quoi else 2 if relu else 1
            assert releve.lectures_adherent == attendues, (quoi, releve.instructions)


def _lectures_de_session(instructions: list[str]) -> int:
    return sum(1 for sql in instructions if "FROM sessions_portail" in sql)


def _premiere_lecture(instructions: list[str]) -> str:
    premiere = next(sql for sql in instructions if sql.lstrip().upper().startswith("SELECT"))
    lit = "FROM sessions_portail" in premiere and "JOIN adherents" in premiere
    return "session et adhérent" if lit else premiere


def test_a_real_session_or_token_is_checked_in_the_requests_one_unit(
        fabrique_contexte: Any) -> None:
    horloge = rst.HorlogeFixe()
    ctx = attrs.evolve(fabrique_contexte(horloge=horloge), notifier=rst.NotifierMemoire())
    peupler(ctx)
    ctx, compteur = avec_compteur(ctx)
    sql = fabrique_contexte.stockage != "memoire"
    with TestClient(creer_application(ctx, reglages_de_test())) as client:
        client.post("/api/v1/connexion/demande", json={"email": EMAIL_ADMIN})
        signe = client.post("/api/v1/connexion/code", json={
            "email": EMAIL_ADMIN, "code": code_recu(ctx, EMAIL_ADMIN)})
        csrf = {"X-CSRF-Token": signe.json()["csrf"]}
        jeton = client.post("/api/v1/jetons", json={"libelle": "Appli"}, headers=csrf)
        porteur = {"Authorization": f"Bearer {jeton.json()['jeton']}"}
        for quoi, requete in [
            ("the cookie session", lambda: client.get(f"{A}/postes")),
            ("the cookie session, a write", lambda: client.post(
                f"{A}/postes", json={"libelle": "Caissier"}, headers=csrf)),
            ("a bearer token", lambda: client.get(f"{A}/postes", headers=porteur)),
        ]:
            with compteur.releve() as releve:
                assert requete().status_code in (200, 201), quoi
            assert releve.unites == 1, (quoi, releve.unites)
            if sql and "session" in quoi:  # one statement: the session, member, access
                assert _lectures_de_session(releve.instructions) == 1, releve.instructions
                assert releve.lectures_adherent == 1, releve.instructions
                assert _premiere_lecture(releve.instructions) == "session et adhérent"
        horloge.avancer(dt.timedelta(minutes=2))  # the session's use is written down
        with compteur.releve() as releve:
            assert client.get(f"{A}/postes").status_code == 200
        assert releve.unites == 2, "the call reopened as a writer to note the use"
        if sql:  # what the first unit read is not trusted in the second: read again
            assert releve.lectures_adherent == 2, releve.instructions
        horloge.avancer(dt.timedelta(minutes=2))
        with compteur.releve() as releve:  # a writer's call: its one unit commits the use
            assert client.post(f"{A}/postes", json={"libelle": "Livreur"},
                               headers=csrf).status_code == 201
        assert releve.unites == 1
        if sql:  # and reads the member and the access again in the next transaction
            assert releve.lectures_adherent == 2, releve.instructions
            assert sum("JOIN acces" in sql for sql in releve.instructions) == 2, \
                releve.instructions
        inactivite = client.app.state.reglages.inactivite_session
        horloge.avancer(dt.timedelta(seconds=inactivite - 60))  # alive if the use was kept
        assert client.get(f"{A}/postes").status_code == 200
        copie = TestClient(client.app)
        copie.cookies.update(client.cookies)
        client.post("/api/v1/deconnexion", headers=csrf)
        with compteur.releve() as releve:
            assert client.get(f"{A}/postes").status_code == 401  # no cookie any more
        assert releve.unites == 0
        with compteur.releve() as releve:
            assert copie.get(f"{A}/postes").status_code == 401  # its session ended
        assert releve.unites == 1
