"""Fixtures of the web tests: the portal over memory and SQLite, signed in as the
adherent's administrator (helpers in ``banc_web``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from banc_web import EMAIL_ADMIN, Client, application, peupler

import rst_effectifs as rst
from rst_effectifs import bootstrap


@pytest.fixture(params=["memoire", "sqlite"])
def ctx(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[rst.Contexte]:
    """The in-process tests run on memory and SQLite; PostgreSQL gets a few
    (test_moteurs, test_serveur)."""
    contexte_ = (rst.en_memoire() if request.param == "memoire"
                 else bootstrap.depuis_url(f"sqlite:///{tmp_path / 'portail.db'}", migrer=True))
    yield contexte_
    bootstrap.fermer(contexte_)


@pytest.fixture
def client(ctx: rst.Contexte) -> Iterator[Client]:
    peupler(ctx)
    with Client(application(ctx), raise_server_exceptions=False) as client_:
        yield client_.en_tant_que(EMAIL_ADMIN)
