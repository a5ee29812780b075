"""The OpenAPI document: valid 3.1, built from the route table, every operation served."""

from __future__ import annotations

import re

from banc_web import NUMERO, Client
from openapi_spec_validator import validate

from rst_effectifs.adapters.web.api_routes import OPERATIONS
from rst_effectifs.adapters.web.openapi import document_openapi


def test_the_document_is_valid_openapi_3_1(client: Client) -> None:
    reponse = client.en_tant_que(None).get("/api/v1/openapi.json")
    assert reponse.status_code == 200
    document = reponse.json()
    assert document["openapi"] == "3.1.0"
    validate(document)
    assert document == document_openapi()


def test_every_operation_of_the_table_is_documented_with_its_statuses() -> None:
    document = document_openapi()
    documentees = {(m.upper(), chemin) for chemin, ops in document["paths"].items()
                   for m in ops}
    assert documentees == {(op.methode, "/api/v1" + op.chemin) for op in OPERATIONS}
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
