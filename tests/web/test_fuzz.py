"""Schemathesis against the RUNNING portal (uvicorn on a loopback port, over a SQLite
file, the embedded default), from the OpenAPI document the server itself serves, with
a session signed in through the real sign-in routes (the code read from the outbox, the
cookie and its CSRF token sent back): no server error, no answer outside its documented
statuses, content types and schemas, nothing of another member.

Fixed seed, derandomized, ``RST_EFFECTIFS_FUZZ_EXEMPLES`` examples per operation (100
by default, the least we accept; about a minute and a half here)."""

from __future__ import annotations

import collections
import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
import schemathesis
from banc_web import EMAIL_ADMIN, NUMERO, peupler, reglages_de_test, session_signee
from hypothesis import HealthCheck, seed, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

import rst_effectifs as rst
from rst_effectifs import bootstrap
from rst_effectifs.entrypoints.web import creer_application
from rst_effectifs.entrypoints.web.openapi import document_openapi
from rst_effectifs.testing.serveur import serveur_local

EXEMPLES = int(os.environ.get("RST_EFFECTIFS_FUZZ_EXEMPLES", "100"))
ETRANGER = "Etrangerissime"
VERIFICATIONS = [not_a_server_error, status_code_conformance, content_type_conformance,
                 response_schema_conformance]


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


def en_session(case: Any, numero: str) -> None:
    """The case on the signed-in administrator's adherent."""
    if "numero" in (case.path_parameters or {}):
        case.path_parameters["numero"] = numero


class Portail:
    """The running server, its signed-in session, and what the fuzz saw."""

    def __init__(self, ctx: rst.Contexte, base: str, session: requests.Session,
                 autre_id: str) -> None:
        self.ctx = ctx
        self.base = base
        self.session = session
        self.autre_id = autre_id
        self.statuts: dict[str, collections.Counter[int]] = collections.defaultdict(
            collections.Counter)


@pytest.fixture(scope="module")
def portail(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Portail]:
    dossier: Path = tmp_path_factory.mktemp("fuzz")
    ctx = bootstrap.depuis_url(f"sqlite:///{dossier / 'portail.db'}", migrer=True,
                               notifier=rst.NotifierMemoire())
    try:
        peupler(ctx)
        autre_id = _autre_membre(ctx)
        with serveur_local(creer_application(ctx, reglages_de_test())) as base:
            yield Portail(ctx, base, session_signee(ctx, base, EMAIL_ADMIN), autre_id)
    finally:
        bootstrap.fermer(ctx)


DOCUMENT = document_openapi()
NON_FUZZE = ("Deconnexion", "DeconnexionPartout")
"""Signing out would end the session every other case runs in (tested in tests/web and
the attack suite)."""
schema = schemathesis.openapi.from_dict(DOCUMENT).exclude(operation_id=NON_FUZZE[0]) \
    .exclude(operation_id=NON_FUZZE[1])
# The session's own cookie signs every case in: no random bearer token or cookie drawn
# from the document's security schemes (most cases would be 401; tests/web tests those).
schema.config.generation.update(with_security_parameters=False)
"""Built at collection from the route table; the first test checks that the running
server serves this very document. (Schemathesis' fixture-loaded schemas read a pytest
attribute that pytest 9.2 removed.)"""


def test_the_server_serves_the_fuzzed_document(portail: Portail) -> None:
    servi = portail.session.get(f"{portail.base}/api/v1/openapi.json", timeout=20)
    assert servi.status_code == 200 and servi.json() == DOCUMENT


@schema.parametrize()
@seed(20261204)
@settings(max_examples=EXEMPLES, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
def test_the_running_api_holds_against_its_own_document(case: Any, portail: Portail) -> None:
    en_session(case, NUMERO)
    reponse = case.call_and_validate(base_url=portail.base, session=portail.session,
                                     checks=VERIFICATIONS)
    portail.statuts[case.operation.label][reponse.status_code] += 1
    assert ETRANGER not in reponse.text and portail.autre_id not in reponse.text


def test_the_fuzz_ran_signed_in_and_reached_every_operation(portail: Portail) -> None:
    """Runs after the fuzz (same module): the session is still the administrator's, and
    every operation answered; reads succeeded, so the fuzz was not only refused at the
    door (401/403)."""
    if not portail.statuts:
        pytest.fail("the fuzz did not run before this test (run the whole module)")
    qui = portail.session.get(f"{portail.base}/api/v1/session", timeout=20)
    assert qui.status_code == 200 and qui.json()["email"] == EMAIL_ADMIN
    operations = {f"{methode.upper()} {chemin}" for chemin, ops in DOCUMENT["paths"].items()
                  for methode, op in ops.items() if op["operationId"] not in NON_FUZZE}
    assert set(portail.statuts) == operations
    for operation, statuts in portail.statuts.items():
        if operation.startswith("GET ") and "{" not in operation.split("{numero}")[-1]:
            assert any(200 <= s < 300 for s in statuts), (operation, statuts)


ENCHAINEMENTS = int(os.environ.get("RST_EFFECTIFS_FUZZ_ENCHAINEMENTS", "60"))


def test_linked_operations_hold_one_after_another(portail: Portail) -> None:
    """Schemathesis' stateful mode: sequences that follow the document's links (a poste
    created, then renamed or hired on; a hire, then its file read, corrected, exited…),
    the same checks at every step. Each sequence acts on a new adherent of the signed-in
    administrator, so that the same steps meet the same state (Hypothesis replays them)."""
    vus: collections.Counter[tuple[str, int]] = collections.Counter()
    agent = rst.AgentRst(rst.Email.parse("agent@rst.fr"))
    numeros = iter(range(9001, 99999))

    class Parcours(schema.as_state_machine()):  # type: ignore[misc]
        def setup(self) -> None:
            self.numero = str(next(numeros))
            rst.executer(portail.ctx, agent, rst.CreerAdherent(
                self.numero, "73282932000074", "Parcours", EMAIL_ADMIN))

        def before_call(self, case: Any) -> None:
            en_session(case, self.numero)

        def get_call_kwargs(self, case: Any) -> dict[str, Any]:
            return {"base_url": portail.base, "session": portail.session}

        def validate_response(self, response: Any, case: Any, **kwargs: Any) -> None:
            vus[(case.operation.label, response.status_code)] += 1
            case.validate_response(response, checks=VERIFICATIONS)
            assert ETRANGER not in response.text and portail.autre_id not in response.text

    Parcours.run(settings=settings(max_examples=ENCHAINEMENTS, stateful_step_count=8,
                                   deadline=None, derandomize=True,
                                   suppress_health_check=list(HealthCheck)))
    # Every step passed the checks above; the machine did walk (several steps a sequence,
    # over many operations), not stop at its first rule.
    assert sum(vus.values()) > ENCHAINEMENTS
    assert len({operation for operation, _ in vus}) >= 10, vus
