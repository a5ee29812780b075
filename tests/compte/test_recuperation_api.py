"""A2 over the API, end to end: ``POST /api/v1/numero-teledeclarant/recuperation`` on
the running portal (its settings name a mail server, the context none) answers 202 and
the message reaches a real SMTP server on loopback, on SQLite and PostgreSQL."""

from __future__ import annotations

import time

import httpx
import pytest
from serveur_smtp import serveur_smtp

import rst_effectifs as rst
from rst_effectifs import bootstrap
from rst_effectifs.entrypoints.web import creer_application
from rst_effectifs.entrypoints.web.reglages import Reglages
from rst_effectifs.testing.serveur import serveur_local

AGENT = rst.AgentRst(rst.Email.parse("agent@rst.fr"))
EMAIL = "compta@recuperation.fr"


@pytest.mark.parametrize("url_sql", ["sqlite", pytest.param(
    "postgresql", marks=pytest.mark.postgresql)], indirect=True)
def test_the_recovery_route_mails_the_number_through_the_settings_server(
        url_sql: str) -> None:
    ctx = bootstrap.depuis_url(url_sql, migrer=True)  # no notifier of its own
    try:
        rst.executer(ctx, AGENT, rst.CreerAdherent(
            "5005", "73282932000074", "Récupération", EMAIL, numero_teledeclarant="T123456"))
        with serveur_smtp() as (port, boite):
            reglages = Reglages("r" * 32, smtp=rst.NotifierSmtp(
                "127.0.0.1", port, rst.Email.parse("portail@rst.fr"), "aucune"))
            with serveur_local(creer_application(ctx, reglages)) as base:
                reponses = [httpx.post(f"{base}/api/v1/numero-teledeclarant/recuperation",
                                       json={"email": email}, timeout=30)
                            for email in (EMAIL, "personne@nulle-part.fr")]
                limite = time.monotonic() + 20
                while not boite.recus and time.monotonic() < limite:
                    time.sleep(0.05)
        assert [r.status_code for r in reponses] == [202, 202]
        assert reponses[0].json() == reponses[1].json()
        (recu,) = boite.recus
        assert recu.destinataires == (EMAIL,)
        assert "T123456" in recu.message().get_content()
    finally:
        bootstrap.fermer(ctx)
