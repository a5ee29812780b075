"""ETag and If-Match over HTTP: a stale expected version is 412 and writes nothing."""

from __future__ import annotations

from banc_web import NUMERO, Client

API_ADHERENT = f"/api/v1/adherents/{NUMERO}"


def test_a_stale_if_match_is_412_and_nothing_is_written(client: Client) -> None:
    poste_id = client.post(f"{API_ADHERENT}/postes", json={"libelle": "Vendeur"}).json()["id"]
    embauche = client.post(f"{API_ADHERENT}/salaries", json={
        "nom": "Durand", "prenoms": "Alex", "date_naissance": "1990-04-02",
        "contrat": {"nature": "01", "debut": "2024-01-01", "poste_id": poste_id}})
    salarie_id, etag = embauche.json()["id"], embauche.headers["ETag"]
    identite = {"nom": "Durand", "prenoms": "Alexis", "date_naissance": "1990-04-02"}
    corrige = client.put(f"{API_ADHERENT}/salaries/{salarie_id}/identite", json=identite,
                         headers={"If-Match": etag})
    assert corrige.status_code == 200, corrige.text
    assert corrige.headers["ETag"] != etag
    perime = client.put(f"{API_ADHERENT}/salaries/{salarie_id}/identite",
                        headers={"If-Match": etag}, json={**identite, "prenoms": "Sam"})
    assert perime.status_code == 412, perime.text
    assert perime.json()["code"] == "concurrence.version_perimee"
    lu = client.get(f"{API_ADHERENT}/salaries/{salarie_id}")
    assert lu.json()["identite"]["prenoms"] == "Alexis"
    assert lu.headers["ETag"] == corrige.headers["ETag"]
    contrat = client.post(f"{API_ADHERENT}/salaries/{salarie_id}/contrats",
                          headers={"If-Match": etag},
                          json={"contrat": {"nature": "02", "debut": "2025-01-01",
                                            "fin": "2025-02-28", "poste_id": poste_id}})
    assert contrat.status_code == 412
    assert len(client.get(f"{API_ADHERENT}/salaries/{salarie_id}").json()["contrats"]) == 1


def test_a_poste_and_the_account_answer_etags_that_if_match_checks(client: Client) -> None:
    poste = client.post(f"{API_ADHERENT}/postes", json={"libelle": "Vendeur"})
    etag = poste.headers["ETag"]
    chemin = f"{API_ADHERENT}/postes/{poste.json()['id']}/libelle"
    assert client.put(chemin, json={"libelle": "Caissier"},
                      headers={"If-Match": etag}).status_code == 200
    assert client.put(chemin, json={"libelle": "Boulanger"},
                      headers={"If-Match": etag}).status_code == 412
    compte = client.get(f"{API_ADHERENT}/compte")
    assert compte.status_code == 200
    modifie = client.patch(f"{API_ADHERENT}/compte", json={"raison_sociale": "Boulangerie Martin"},
                           headers={"If-Match": compte.headers["ETag"]})
    assert modifie.status_code == 200, modifie.text
    assert client.patch(f"{API_ADHERENT}/compte", json={"raison_sociale": "Autre"}, headers={
        "If-Match": compte.headers["ETag"]}).status_code == 412
    assert client.get(f"{API_ADHERENT}/compte").json()["raison_sociale"] == "Boulangerie Martin"
