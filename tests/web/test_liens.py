"""The OpenAPI document's links lead where they say: for every link of every operation,
the producing request is made with real data, the link's expressions are evaluated on
its request and answer, and the target operation, called with what they give, finds
what it names (never a 404, never a malformed id): it succeeds, or refuses with a rule
of the domain (archiving a poste still in use, removing the last administrator…)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from banc_web import NUMERO, Client

from rst_effectifs.entrypoints.web.openapi import document_openapi

API_ADHERENT = f"/api/v1/adherents/{NUMERO}"
DOCUMENT = document_openapi()
FACTURATION = {"regle": "present_dans_l_annee"}
CORPS_CIBLES: dict[str, dict[str, Any]] = {
    "RenommerPoste": {"libelle": "Poste renommé"},
    "ModifierRisques": {"risques": ["travail_de_nuit"]},
    "ArchiverPoste": {},
    "EmbaucherSalarie": {"nom": "Lien", "prenoms": "Léon", "date_naissance": "1991-03-04",
                         "contrat": {"nature": "01", "debut": "2024-03-01"}},
    "CorrigerIdentite": {"nom": "Martin", "prenoms": "Zoé Anne",
                         "date_naissance": "1990-05-04"},
    "AjouterContrat": {"contrat": {"nature": "01", "debut": "2026-01-05"}},
    "AnnulerContratRegularise": {"motif": "Saisie en double"},
    "AnnulerMouvementRegularise": {"motif": "Saisie en double"},
    "SortirDeLEffectif": {"le": "2026-02-28", "motif": "059"},
    "ReintegrerDansLEffectif": {"le": "2026-04-01", "motif": "Retour"},
    "ModifierAcces": {"roles": ["lecture", "administrateur"]},
    "DeclarerMultiEmployeur": {"annee": 2026, "autres_employeurs": 1},
}
"""A valid body for each link target; the link merges its values into it."""
REFUS_DE_REGLE = {"poste.utilise", "periode.gelee", "regularisation.inutile",
                  "acces.dernier_administrateur", "sortie.deja_sorti",
                  "reintegration.deja_present", "contrat.chevauchement", "salarie.deja_compte"}
"""What a target may answer instead of a success: a rule of the domain about the state
it finds (the ids it was given name real things of the right kind)."""


def _operations() -> dict[str, tuple[str, str]]:
    return {op["operationId"]: (methode.upper(), chemin)
            for chemin, ops in DOCUMENT["paths"].items() for methode, op in ops.items()}


OPERATIONS = _operations()


def _pointeur(document: Any, pointeur: str) -> Any:
    for partie in pointeur.strip("/").split("/"):
        document = document[int(partie)] if isinstance(document, list) else document[partie]
    return document


def _evaluer(expression: Any, chemin: dict[str, str], corps: Any) -> Any:
    """A runtime expression of the link (``$request.path.x``, ``$response.body#/p``), or
    a structure of them (a request body)."""
    if isinstance(expression, dict):
        return {k: _evaluer(v, chemin, corps) for k, v in expression.items()}
    if isinstance(expression, list):
        return [_evaluer(v, chemin, corps) for v in expression]
    if expression.startswith("$request.path."):
        return chemin[expression.removeprefix("$request.path.")]
    assert expression.startswith("$response.body#"), expression
    return _pointeur(corps, expression.removeprefix("$response.body#"))


def _fusion(base: dict[str, Any], ajout: dict[str, Any]) -> dict[str, Any]:
    fusion = dict(base)
    for cle, valeur in ajout.items():
        fusion[cle] = (_fusion(fusion.get(cle, {}), valeur) if isinstance(valeur, dict)
                       else valeur)
    return fusion


def _url(chemin: str, parametres: dict[str, str]) -> str:
    for nom, valeur in parametres.items():
        chemin = chemin.replace(f"{{{nom}}}", str(valeur))
    assert "{" not in chemin, chemin
    return chemin


def _preparer(client: Client) -> dict[str, str]:
    """A poste, a salarié hired on it in 2024, another exited on 2025-06-30, a closed
    2024, a second access: what every producer below needs to answer with content."""
    poste = client.post(f"{API_ADHERENT}/postes", json={"libelle": "Vendeuse"}).json()["id"]
    ids = {"poste_id": poste}
    for nom in ("Martin", "Petit"):
        reponse = client.post(f"{API_ADHERENT}/salaries", json={
            "nom": nom, "prenoms": "Zoé", "date_naissance": "1990-05-04",
            "contrat": {"nature": "01", "debut": "2024-01-01", "poste_id": poste}})
        assert reponse.status_code == 201, reponse.text
        ids[nom] = reponse.json()["id"]
    sortie = client.post(f"{API_ADHERENT}/sorties", headers={"Idempotency-Key": "prep"}, json={
        "salarie_ids": [ids["Petit"]], "le": "2025-06-30", "motif": "059"})
    assert sortie.status_code == 200, sortie.text
    cloture = client.post(f"{API_ADHERENT}/clotures",
                          json={"debut": "2024-01-01", "fin": "2024-12-31", **FACTURATION})
    assert cloture.status_code == 201, cloture.text
    acces = client.post(f"{API_ADHERENT}/acces", json={"email": "compta@boulangerie.fr",
                                                       "roles": ["lecture"]})
    assert acces.status_code == 201, acces.text
    return ids


Producteur = Callable[[Client, dict[str, str]], tuple[dict[str, str], Any]]


def _requete(methode: str, chemin: str, corps: dict[str, Any] | None = None,
             cle: str | None = None) -> Producteur:
    """A producing request: its path parameters (ids named by ``_preparer``) and answer."""
    def produire(client: Client, ids: dict[str, str]) -> tuple[dict[str, str], Any]:
        parametres = {"numero": NUMERO}
        if "{salarie_id}" in chemin:
            parametres["salarie_id"] = ids["Martin"]
        entetes = {"Idempotency-Key": cle} if cle else {}
        corps_ = dict(corps or {})
        if "contrat" in corps_:
            corps_["contrat"] = {**corps_["contrat"], "poste_id": ids["poste_id"]}
        if "salarie_ids" in corps_:
            corps_["salarie_ids"] = [ids[n] for n in corps_["salarie_ids"]]
        reponse = client.request(methode, _url(chemin, parametres), headers=entetes,
                                 json=corps_ if methode != "GET" else None)
        assert 200 <= reponse.status_code < 300, (methode, chemin, reponse.text)
        return parametres, reponse.json()
    return produire


PRODUCTEURS: dict[str, Producteur] = {
    "ListerPostes": _requete("GET", "/api/v1/adherents/{numero}/postes"),
    "AjouterPoste": _requete("POST", "/api/v1/adherents/{numero}/postes",
                             {"libelle": "Boulanger"}),
    "ListerSalaries": _requete("GET", "/api/v1/adherents/{numero}/salaries"),
    "EmbaucherSalarie": _requete("POST", "/api/v1/adherents/{numero}/salaries", {
        "nom": "Nouveau", "prenoms": "Noé", "date_naissance": "1995-01-02",
        "contrat": {"nature": "02", "debut": "2025-02-01", "fin": "2025-12-31"}}),
    "ConsulterSalarie": _requete("GET", "/api/v1/adherents/{numero}/salaries/{salarie_id}"),
    "AjouterContrat": _requete("POST",
                               "/api/v1/adherents/{numero}/salaries/{salarie_id}/contrats",
                               {"contrat": {"nature": "01", "debut": "2025-03-01"}}),
    "SortirDeLEffectif": _requete("POST", "/api/v1/adherents/{numero}/sorties", {
        "salarie_ids": ["Martin"], "le": "2025-10-31", "motif": "059"}, cle="s-1"),
    "ReintegrerDansLEffectif": _requete("POST", "/api/v1/adherents/{numero}/reintegrations", {
        "salarie_ids": ["Petit"], "le": "2025-09-01", "motif": "Retour"}, cle="r-1"),
    "ListerClotures": _requete("GET", "/api/v1/adherents/{numero}/clotures"),
    "CloturerPeriode": _requete("POST", "/api/v1/adherents/{numero}/clotures", {
        "debut": "2025-01-01", "fin": "2025-12-31", **FACTURATION}),
    "ListerAcces": _requete("GET", "/api/v1/adherents/{numero}/acces"),
    "AccorderAcces": _requete("POST", "/api/v1/adherents/{numero}/acces", {
        "email": "paie@boulangerie.fr", "roles": ["declaration"]}),
}


def _liens() -> list[tuple[str, str, dict[str, Any]]]:
    trouves = []
    for ops in DOCUMENT["paths"].values():
        for op in ops.values():
            for reponse in op["responses"].values():
                for nom, lien in reponse.get("links", {}).items():
                    trouves.append((op["operationId"], nom, lien))
    return trouves


LIENS = _liens()


def test_the_document_has_links_and_each_producer_is_exercised_here() -> None:
    assert len(LIENS) >= 30
    assert {producteur for producteur, _, _ in LIENS} == PRODUCTEURS.keys()
    assert {lien["operationId"] for _, _, lien in LIENS} <= OPERATIONS.keys()


@pytest.mark.parametrize(("producteur", "nom", "lien"), LIENS,
                         ids=[f"{p}->{n}" for p, n, _ in LIENS])
def test_each_link_leads_to_what_it_names(client: Client, producteur: str, nom: str,
                                          lien: dict[str, Any]) -> None:
    ids = _preparer(client)
    chemin, corps = PRODUCTEURS[producteur](client, ids)
    parametres = {k: _evaluer(v, chemin, corps) for k, v in lien.get("parameters", {}).items()}
    assert all(isinstance(v, str) and v for v in parametres.values()), parametres
    methode, modele = OPERATIONS[lien["operationId"]]
    envoi = _fusion(CORPS_CIBLES.get(nom, {}), _evaluer(lien.get("requestBody", {}),
                                                        chemin, corps))
    if "contrat" in envoi:  # a contract names a poste; from the link, or the one prepared
        envoi["contrat"] = {"poste_id": ids["poste_id"], **envoi["contrat"]}
    reponse = client.request(methode, _url(modele, parametres),
                             headers={"Idempotency-Key": f"lien-{nom}"},
                             json=envoi if methode in ("POST", "PUT", "PATCH") else None)
    if reponse.status_code >= 300:
        refus = reponse.json()
        codes = ({e["code"] for e in refus["echecs"]} if refus["code"] == "requete.refus_groupe"
                 else {refus["code"]})
        assert codes <= REFUS_DE_REGLE, (methode, modele, envoi, reponse.text)
