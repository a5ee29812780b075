"""The OpenAPI document: valid 3.1, built from the route table, every operation served."""

from __future__ import annotations

import re
from typing import Any

import attrs
from banc_web import EMAIL_ADMIN, NUMERO, Client, code_recu, peupler, reglages_de_test
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate
from starlette.testclient import TestClient

import rst_effectifs as rst
from rst_effectifs.entrypoints.web import creer_application
from rst_effectifs.entrypoints.web.api_routes import OPERATIONS
from rst_effectifs.entrypoints.web.openapi import document_openapi


def test_the_document_is_valid_openapi_3_1(client: Client) -> None:
    reponse = client.en_tant_que(None).get("/api/v1/openapi.json")
    assert reponse.status_code == 200
    document = reponse.json()
    assert document["openapi"] == "3.1.0"
    validate(document)
    assert document == document_openapi()


CONNEXION = {("POST", "/api/v1/connexion/demande"), ("POST", "/api/v1/connexion/code"),
             ("POST", "/api/v1/deconnexion"), ("POST", "/api/v1/deconnexion/partout"),
             ("GET", "/api/v1/session"),
             ("GET", "/api/v1/jetons"), ("POST", "/api/v1/jetons"),
             ("DELETE", "/api/v1/jetons/{jeton_id}")}
"""The sign-in and token routes, served by their own handlers."""


def test_every_operation_of_the_table_is_documented_with_its_statuses() -> None:
    document = document_openapi()
    documentees = {(m.upper(), chemin) for chemin, ops in document["paths"].items()
                   for m in ops}
    assert documentees == {(op.methode, "/api/v1" + op.chemin) for op in OPERATIONS
                           } | CONNEXION
    for op in OPERATIONS:
        reponses = document["paths"]["/api/v1" + op.chemin][op.methode.lower()]["responses"]
        assert str(op.statut) in reponses
        attendus = {"422", "500", "503"} | (set() if op.public else {"401", "403"})
        assert attendus <= reponses.keys(), op.identifiant
        if op.avec_version:
            assert "412" in reponses
        for statut, reponse in reponses.items():
            if int(statut) >= 400:
                assert reponse["content"]["application/json"]["schema"] == {
                    "$ref": "#/components/schemas/Erreur"}


def test_idempotency_keys_are_documented_where_they_are_read() -> None:
    """Required on grouped movements (their ``requete_id``), optional on imports."""
    chemins = document_openapi()["paths"]
    requis = {}
    for chemin in ("sorties", "reintegrations", "imports"):
        (entete,) = [p for p in chemins[f"/api/v1/adherents/{{numero}}/{chemin}"]["post"][
            "parameters"] if p["in"] == "header"]
        assert entete["name"] == "Idempotency-Key" and entete["schema"]["maxLength"] == 100
        requis[chemin] = entete["required"]
    assert requis == {"sorties": True, "reintegrations": True, "imports": False}


def test_the_rst_routes_are_documented_from_the_library_schemas() -> None:
    document = document_openapi()
    chemins, schemas = document["paths"], document["components"]["schemas"]
    creation = chemins["/api/v1/rst/adherents"]["post"]
    assert creation["operationId"] == "CreerAdherent"
    assert {"201", "401", "403", "409", "422"} <= creation["responses"].keys()
    assert set(schemas["CreerAdherentCorps"]["required"]) == {
        "numero", "siret", "raison_sociale", "email_connexion"}
    totaux = chemins["/api/v1/rst/facturation/totaux"]["post"]
    assert totaux["responses"]["200"]["content"]["application/json"]["schema"]["type"] == (
        "array")
    un = chemins["/api/v1/rst/adherents/{numero}/facturation/assiette"]["post"]
    assert un["operationId"] == "CalculerAssietteRst" and "404" in un["responses"]
    assert "adherent_id" not in schemas["CalculerAssietteRstCorps"]["properties"]
    assert un["responses"]["200"] == chemins["/api/v1/adherents/{numero}/facturation/"
                                             "assiette"]["post"]["responses"]["200"]


def test_schemas_come_from_the_library_not_by_hand() -> None:
    document = document_openapi()
    schemas = document["components"]["schemas"]
    corps = schemas["EmbaucherSalarieCorps"]
    assert "adherent_id" not in corps["properties"] and "contrat" in corps["required"]
    assert corps["additionalProperties"] is False
    lecture = document["paths"]["/api/v1/adherents/{numero}/salaries/{salarie_id}"]["get"]
    assert "ETag" in lecture["responses"]["200"]["headers"]
    assert "headers" not in document["paths"]["/api/v1/adherents/{numero}/effectif"]["get"][
        "responses"]["200"]
    texte = str(document)
    assert "#/$defs/" not in texte  # every reference points into the components
    for ref in re.findall(r"'#/components/schemas/(\w+)'", texte):
        assert ref in schemas


def test_every_documented_operation_is_served(client: Client) -> None:
    """Each operation answers a documented status (no 404/405 of the router)."""
    document = client.get("/api/v1/openapi.json").json()
    for chemin, operations in document["paths"].items():
        for methode, operation in operations.items():
            url = re.sub(r"{(\w+)}", lambda m: NUMERO if m[1] == "numero" else "x", chemin)
            reponse = client.request(methode.upper(), url, headers={"Idempotency-Key": "k"})
            assert str(reponse.status_code) in operation["responses"], (
                methode, chemin, reponse.status_code, reponse.text)
            if reponse.status_code >= 400:
                assert reponse.json()["code"] not in ("http.introuvable",
                                                      "http.methode_interdite")


def _conforme(document: dict[str, Any], methode: str, chemin: str, reponse: Any) -> Any:
    """The answer's body validates against what the document says of its status."""
    schema = document["paths"][chemin][methode.lower()]["responses"][str(
        reponse.status_code)]["content"]["application/json"]["schema"]
    Draft202012Validator({**schema, "components": document["components"]},
                         format_checker=Draft202012Validator.FORMAT_CHECKER).validate(
        reponse.json())
    return reponse.json()


def test_signing_in_and_tokens_answer_as_documented(ctx: rst.Contexte) -> None:
    """The sign-in and token routes through the assembled portal, each answer checked
    against the document: a code asked, a wrong one, the right one, the session, a
    token issued, listed, revoked, then signing out."""
    document = document_openapi()
    ctx_memoire = attrs.evolve(ctx, notifier=rst.NotifierMemoire())
    peupler(ctx_memoire)
    with TestClient(creer_application(ctx_memoire, reglages_de_test())) as client:
        def appel(methode: str, chemin: str, statut: int, **kwargs: Any) -> Any:
            reponse = client.request(methode, chemin.replace("{jeton_id}", jeton_id),
                                     **kwargs)
            assert reponse.status_code == statut, reponse.text
            return _conforme(document, methode, chemin, reponse)

        jeton_id = "-"
        appel("POST", "/api/v1/connexion/demande", 202, json={"email": EMAIL_ADMIN})
        appel("POST", "/api/v1/connexion/code", 401, json={"email": EMAIL_ADMIN,
                                                            "code": "00000000"})
        signe = appel("POST", "/api/v1/connexion/code", 200, json={
            "email": EMAIL_ADMIN, "code": code_recu(ctx_memoire, EMAIL_ADMIN)})
        assert [a["numero"] for a in signe["adherents"]] == [NUMERO]
        csrf = {"X-CSRF-Token": signe["csrf"]}
        assert appel("GET", "/api/v1/session", 200)["par_cookie"] is True
        emis = appel("POST", "/api/v1/jetons", 201, json={"libelle": "Appli RST"},
                     headers=csrf)
        jeton_id = emis["jeton_id"]
        assert [j["jeton_id"] for j in appel("GET", "/api/v1/jetons", 200)] == [jeton_id]
        assert appel("DELETE", "/api/v1/jetons/{jeton_id}", 200, headers=csrf)["revoque"]
        appel("POST", "/api/v1/deconnexion", 403)
        appel("POST", "/api/v1/deconnexion", 200, headers=csrf)
        appel("GET", "/api/v1/session", 401)


def test_changes_say_they_need_the_csrf_token_with_a_cookie() -> None:
    document = document_openapi()
    assert document["components"]["securitySchemes"]["csrf"] == {
        "type": "apiKey", "in": "header", "name": "X-CSRF-Token"}
    for chemin, ops in document["paths"].items():
        for methode, op in ops.items():
            securite = op.get("security", document["security"])
            if securite and methode != "get":
                assert {"session": [], "csrf": []} in securite, (methode, chemin)
                assert {"session": []} not in securite, (methode, chemin)
