"""Schemathesis against the application's own OpenAPI document, in process (ASGI),
signed in as the adherent's administrator: no server error, no answer outside its
documented statuses, content types and schemas. Fixed seed, bounded examples."""

from __future__ import annotations

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

EXEMPLES = 25
_ctx = rst.en_memoire()
peupler(_ctx)
schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", application(_ctx))


@schema.parametrize()
@seed(20261204)
@settings(max_examples=EXEMPLES, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
def test_the_api_holds_against_its_own_document(case: Any) -> None:
    if "numero" in case.path_parameters:
        case.path_parameters["numero"] = NUMERO  # the signed-in caller's adherent
    case.call_and_validate(headers={EN_TETE_TEST: EMAIL_ADMIN}, checks=[
        not_a_server_error, status_code_conformance, content_type_conformance,
        response_schema_conformance])
