"""F7 over HTTP: a member declares from the API that a worker has other employers and
reads its file's situation; RST agents list the people found by NIR across members (NIR
masked) with those declarations, and record them; a member is refused RST's routes and
its assiette shows its share and nothing of the other employer."""

from __future__ import annotations

import datetime as dt

from banc_web import EMAIL_ADMIN, EMAIL_AGENT, NUMERO, Client

import rst_effectifs as rst
from banc_multi_employeurs import membre, nir

API_ADHERENT = f"/api/v1/adherents/{NUMERO}"
API_MULTI_EMPLOYEURS = "/api/v1/rst/multi-employeurs"


def _salarie_de_101(client: Client) -> str:
    poste = client.post(f"{API_ADHERENT}/postes", json={"libelle": "Vendeur"}).json()["id"]
    reponse = client.post(f"{API_ADHERENT}/salaries", json={
        "nom": "Durand", "prenoms": "Sam", "date_naissance": "1988-04-09", "nir": nir(1),
        "contrat": {"nature": "01", "debut": "2023-09-01", "poste_id": poste}})
    assert reponse.status_code == 201, reponse.text
    return str(reponse.json()["id"])


def test_a_member_declares_rst_lists_and_records_the_member_sees_its_share(
        client: Client, ctx: rst.Contexte) -> None:
    salarie_id = _salarie_de_101(client)
    autre = membre(ctx, dt.date(2018, 1, 1), nir=nir(1), nom="Durand")
    fiche = f"{API_ADHERENT}/salaries/{salarie_id}/multi-employeur"
    declaree = client.en_tant_que(EMAIL_ADMIN).post(fiche, json={"annee": 2025,
                                                                 "autres_employeurs": 1})
    assert declaree.status_code == 200, declaree.text
    assert (declaree.json()["annee"], declaree.json()["autres_employeurs"]) == (2025, 1)

    liste = client.en_tant_que(EMAIL_AGENT).get(f"{API_MULTI_EMPLOYEURS}/2025")
    assert liste.status_code == 200, liste.text
    assert nir(1) not in liste.text
    (personne,) = liste.json()["personnes"]
    assert personne["nir_masque"] == rst.Nir(nir(1)).masque()
    assert personne["refus"] is None and not personne["enregistre"]
    emplois = {e["salarie_id"]: e for e in personne["emplois"]}
    assert emplois[salarie_id]["declaration"]["autres_employeurs"] == 1
    assert emplois[autre.salarie_id]["declaration"] is None

    corps = {"annee": 2025, "fiches": [{"adherent_id": e["adherent_id"],
                                        "salarie_id": e["salarie_id"]}
                                       for e in personne["emplois"]]}
    for _ in range(2):  # again: the same record
        enregistre = client.post(API_MULTI_EMPLOYEURS, json=corps)
        assert enregistre.status_code == 200, enregistre.text
        assert enregistre.json()["enregistre"] and nir(1) not in enregistre.text

    client.en_tant_que(EMAIL_ADMIN)
    vu = client.get(fiche)
    assert vu.status_code == 200, vu.text
    assert vu.json()["parts"] == [{"annee": 2025, "part": {"rang": 2, "nombre": 2}}]
    assiette = client.post(f"{API_ADHERENT}/facturation/assiette", json={
        "debut": "2025-01-01", "fin": "2025-12-31", "regle": "present_dans_l_annee",
        "bareme_sur_mesure": {"nom": "b", "prix_sig": "100.01", "prix_sia": "110",
                              "prix_sir": "120"}})
    assert assiette.status_code == 200, assiette.text
    (ligne,) = assiette.json()["lignes"]
    assert (ligne["part"], ligne["montant_ht"]) == ({"rang": 2, "nombre": 2}, "50.00")
    for secret in (autre.adherent_id, autre.numero, autre.raison_sociale, autre.salarie_id):
        assert secret not in assiette.text and secret not in vu.text


def test_members_are_refused_rst_routes_and_bad_declarations_are_refused(
        client: Client) -> None:
    salarie_id = _salarie_de_101(client)
    client.en_tant_que(EMAIL_ADMIN)
    for methode, chemin, corps in (("GET", f"{API_MULTI_EMPLOYEURS}/2025", None),
                                   ("POST", API_MULTI_EMPLOYEURS, {"annee": 2025, "fiches": []})):
        refus = client.request(methode, chemin, json=corps)
        assert (refus.status_code, refus.json()["code"]) == (403, "acces.interdit")
    fiche = f"{API_ADHERENT}/salaries/{salarie_id}/multi-employeur"
    for corps, statut, code in (
            ({"annee": 2023}, 409, "multi_employeur.avant_partage"),
            ({"annee": 2025, "autres_employeurs": 0}, 422,
             "multi_employeur.autres_employeurs_invalide"),
            ({"annee": 1800}, 422, "date.hors_bornes")):
        refus = client.post(fiche, json=corps)
        assert (refus.status_code, refus.json()["code"]) == (statut, code), refus.text
    inconnu = client.get(f"{API_ADHERENT}/salaries/inconnu/multi-employeur")
    assert (inconnu.status_code, inconnu.json()["code"]) == (404, "salarie.introuvable")
    agent = client.en_tant_que(EMAIL_AGENT)
    introuvable = agent.post(API_MULTI_EMPLOYEURS, json={"annee": 2025, "fiches": [
        {"adherent_id": "x", "salarie_id": "y"}, {"adherent_id": "z", "salarie_id": "t"}]})
    assert (introuvable.status_code, introuvable.json()["code"],
            introuvable.json()["chemin"]) == (422, "multi_employeur.fiche_introuvable",
                                              "fiches[0]")
