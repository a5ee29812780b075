"""Schemathesis against the application's own OpenAPI document, in process (ASGI),
signed in as the adherent's administrator: no server error, no answer outside its
documented statuses, content types and schemas, nothing of another member. Fixed
seed, bounded examples (``RST_EFFECTIFS_FUZZ_EXEMPLES`` per operation, 20 by default
to stay under a minute; the issue's 100 takes about four)."""

from __future__ import annotations

import datetime as dt
import os
from typing import Any

import schemathesis
from banc_web import EMAIL_ADMIN, EN_TETE_TEST, NUMERO, application, peupler
from hypothesis import HealthCheck, seed, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

import rst_effectifs as rst

EXEMPLES = int(os.environ.get("RST_EFFECTIFS_FUZZ_EXEMPLES", "20"))
ETRANGER = "Etrangerissime"
_ctx = rst.en_memoire()
peupler(_ctx)


def _autre_membre(ctx: rst.Contexte) -> str:
    """Another member with a salarié whose name must never show up in an answer."""
    agent = rst.AgentRst(rst.Email.parse("agent@rst.fr"))
    autre = rst.executer(ctx, agent, rst.CreerAdherent(
        "202", "44306184100047", "Garage", "garage@exemple.fr"))
    acces = rst.resoudre_acces(ctx, "garage@exemple.fr", autre.id)
    poste = rst.executer(ctx, acces, rst.AjouterPoste(autre.id, "Mécanicien"))
    rst.executer(ctx, acces, rst.EmbaucherSalarie(
        autre.id, ETRANGER, "Lou", dt.date(1990, 1, 1),
        rst.NouveauContrat(rst.NatureContrat("01"), dt.date(2024, 1, 1), poste.id)))
    return str(autre.id)


_AUTRE_ID = _autre_membre(_ctx)
schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", application(_ctx))


@schema.parametrize()
@seed(20261204)
@settings(max_examples=EXEMPLES, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
def test_the_api_holds_against_its_own_document(case: Any) -> None:
    if "numero" in case.path_parameters:
        case.path_parameters["numero"] = NUMERO  # the signed-in caller's adherent
    reponse = case.call_and_validate(headers={EN_TETE_TEST: EMAIL_ADMIN}, checks=[
        not_a_server_error, status_code_conformance, content_type_conformance,
        response_schema_conformance])
    assert ETRANGER not in reponse.text and _AUTRE_ID not in reponse.text
