"""Test kit of the web adapter (fixtures in conftest.py): a TEST-ONLY caller named by a
header (``app.state.justificatif`` replaced), so that the API's tests need no sign-in;
nothing of it is reachable in production."""

from __future__ import annotations

import re
import time

import attrs
import requests
from attrs import frozen
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.testclient import TestClient

import rst_effectifs as rst
from rst_effectifs.entrypoints.web import creer_application
from rst_effectifs.entrypoints.web.reglages import Reglages

NUMERO = "101"
EMAIL_ADMIN = "contact@boulangerie.fr"
EN_TETE_TEST = "X-Test-Email"
EMAIL_AGENT = "agent@rst.fr"
"""RST staff in every test application (``Reglages.agents_rst``)."""


@frozen
class AppelantDeTest:
    email: rst.Email
    par_cookie: bool = False

    def verifier(self, _appel: object, _numero: str | None = None) -> AppelantDeTest:
        return self


def justificatif_de_test(request: Request) -> AppelantDeTest | None:
    """The caller named by a test header (never in production: only tests install it)."""
    adresse = request.headers.get(EN_TETE_TEST)
    return AppelantDeTest(rst.Email.parse(adresse)) if adresse else None


def peupler(ctx: rst.Contexte) -> str:
    """One adherent (member number 101) created by an RST agent; returns its id."""
    agent = rst.AgentRst(rst.Email.parse(EMAIL_AGENT))
    adherent = rst.executer(ctx, agent, rst.CreerAdherent(
        NUMERO, "73282932000074", "Boulangerie", EMAIL_ADMIN))
    return str(adherent.id)


class Client(TestClient):
    """A test client signed in as ``email`` (the test header)."""

    def en_tant_que(self, email: str | None) -> Client:
        if email is None:
            self.headers.pop(EN_TETE_TEST, None)
        else:
            self.headers[EN_TETE_TEST] = email
        return self


def code_recu(ctx: rst.Contexte, email: str, apres: int = 0) -> str:
    """The sign-in code of the last message to ``email`` from the outbox's index
    ``apres`` on; mail leaves after the answer (a background task): wait for it."""
    assert isinstance(ctx.notifier, rst.NotifierMemoire)
    limite = time.monotonic() + 10
    while time.monotonic() < limite:
        for message in reversed(ctx.notifier.messages[apres:]):
            trouve = re.search(r"portail RST : (\d{8})", message.corps)
            if message.destinataire.valeur == email and trouve:
                return trouve.group(1)
        time.sleep(0.02)
    raise AssertionError(f"aucun code envoyé à {email}")


def session_signee(ctx: rst.Contexte, base: str, email: str) -> requests.Session:
    """A client of the running portal at ``base`` signed in as ``email`` through the
    real routes (the code from the outbox): its cookie, and the session's CSRF token
    sent with every request."""
    session = requests.Session()
    deja = len(ctx.notifier.messages) if isinstance(ctx.notifier, rst.NotifierMemoire) else 0
    demande = session.post(f"{base}/api/v1/connexion/demande", json={"email": email},
                           timeout=20)
    assert demande.status_code == 202, demande.text
    signe = session.post(f"{base}/api/v1/connexion/code", timeout=20, json={
        "email": email, "code": code_recu(ctx, email, apres=deja)})
    assert signe.status_code == 200, signe.text
    session.headers["X-CSRF-Token"] = signe.json()["csrf"]
    return session


def reglages_de_test() -> Reglages:
    """The settings of the environment, with :data:`EMAIL_AGENT` as RST staff."""
    return attrs.evolve(Reglages.depuis_environnement(),
                        agents_rst=frozenset({rst.Email.parse(EMAIL_AGENT).cle}))


def application(ctx: rst.Contexte) -> Starlette:
    """The portal over ``ctx`` with the TEST-ONLY caller installed."""
    app = creer_application(ctx, reglages_de_test())
    app.state.justificatif = justificatif_de_test
    return app


NUMERO_EXEMPLE = "4242"
EMAIL_EXEMPLE = "rh@emeraude.example"


def adherent_de_l_exemple(ctx: rst.Contexte) -> str:
    """The adherent the bundled ``exemple.dsn`` declares (its SIRET), administered by
    :data:`EMAIL_EXEMPLE`; returns its id."""
    agent = rst.AgentRst(rst.Email.parse(EMAIL_AGENT))
    return str(rst.executer(ctx, agent, rst.CreerAdherent(
        NUMERO_EXEMPLE, "84205317500019", "Bâtiments", EMAIL_EXEMPLE)).id)


def salaries_et_contrats(ctx: rst.Contexte, adherent_id: str) -> tuple[int, int]:
    """What the database holds for the adherent: its salariés, their contracts."""
    with ctx.unite_de_travail() as uow:
        salaries = list(uow.salaries.tous(adherent_id))
    return len(salaries), sum(len(s.contrats) for s in salaries)
