"""Shared fixtures: databases for the SQL adapter and contexts on every storage.

- ``url_sqlite``: a fresh SQLite file in the test's tmp_path.
- ``url_postgresql``: the database of ``RST_EFFECTIFS_TEST_POSTGRESQL_URL`` with an empty
  ``public`` schema. Without the variable the test skips and says how to enable it, unless
  ``RST_EFFECTIFS_REQUIRE_POSTGRESQL=1`` (CI), where it fails: CI never skips them.
- ``url_sql``: each SQL engine in turn (sqlite, postgresql).
- ``fabrique_contexte``: each storage in turn (memoire, sqlite, postgresql); calling it
  gives a ``Contexte`` on the test's one store (calls share it).
- ``contexte``: the same with a fixed clock and sequential ids (``id-000001``, …), so that
  runs on different storages can be compared value for value.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Protocol

import pytest
from sqlalchemy import create_engine

import rst_effectifs as rst
from rst_effectifs.adapters.memory import EtatMemoire
from rst_effectifs.adapters.sql import FabriqueSql
from rst_effectifs.ports.horloges import Horloge

VARIABLE_POSTGRESQL = "RST_EFFECTIFS_TEST_POSTGRESQL_URL"
VARIABLE_OBLIGATOIRE = "RST_EFFECTIFS_REQUIRE_POSTGRESQL"
STOCKAGES = (
    "memoire",
    "sqlite",
    pytest.param("postgresql", marks=pytest.mark.postgresql),
)
MOTEURS_SQL = ("sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql))


def pytest_configure(config: pytest.Config) -> None:
    """Under pytest-xdist each worker gets its own PostgreSQL database (``<base>_gw0``…,
    created if missing), since the fixtures below empty the schema of the one they use."""
    travailleur = os.environ.get("PYTEST_XDIST_WORKER")
    url = os.environ.get(VARIABLE_POSTGRESQL)
    if not travailleur or not url:
        return
    from sqlalchemy.engine import make_url

    adresse = make_url(url)
    base = f"{adresse.database}_{travailleur}"
    moteur = create_engine(adresse, isolation_level="AUTOCOMMIT")
    try:
        with moteur.connect() as connection:
            existe = connection.exec_driver_sql(
                "SELECT 1 FROM pg_database WHERE datname = %(base)s", {"base": base}).scalar()
            if not existe:
                connection.exec_driver_sql(f'CREATE DATABASE "{base}"')
    finally:
        moteur.dispose()
    os.environ[VARIABLE_POSTGRESQL] = adresse.set(database=base).render_as_string(
        hide_password=False)


@pytest.fixture
def url_sqlite(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'rst_effectifs.db'}"


def _vider_schema(url: str) -> None:
    moteur = create_engine(url)
    try:
        with moteur.begin() as connection:
            connection.exec_driver_sql("DROP SCHEMA IF EXISTS public CASCADE")
            connection.exec_driver_sql("CREATE SCHEMA public")
    finally:
        moteur.dispose()


@pytest.fixture
def url_postgresql() -> str:
    url = os.environ.get(VARIABLE_POSTGRESQL)
    if not url:
        message = (f"set {VARIABLE_POSTGRESQL} (source .ci/postgres.sh) "
                   "to run the PostgreSQL tests")
        if os.environ.get(VARIABLE_OBLIGATOIRE) == "1":
            pytest.fail(f"{VARIABLE_OBLIGATOIRE}=1 but {message}")
        pytest.skip(message)
    _vider_schema(url)
    return url


def url_du_moteur(request: pytest.FixtureRequest, moteur: str) -> str:
    """The fresh database URL of one engine, through the fixtures above."""
    nom = {"sqlite": "url_sqlite", "postgresql": "url_postgresql"}[moteur]
    url = request.getfixturevalue(nom)
    assert isinstance(url, str)
    return url


@pytest.fixture(params=MOTEURS_SQL)
def url_sql(request: pytest.FixtureRequest) -> str:
    return url_du_moteur(request, request.param)


class FabriqueContexte(Protocol):
    stockage: str

    def __call__(
        self, horloge: Horloge | None = None, nouvel_id: Callable[[], str] | None = None
    ) -> rst.Contexte: ...


class _Fabrique:
    """Contexts on one store per test: one EtatMemoire, or one migrated database."""

    def __init__(self, stockage: str, url: str | None) -> None:
        self.stockage = stockage
        self.url = url
        self.etat = EtatMemoire()
        self.fabriques_sql: list[FabriqueSql] = []
        self._migree = False

    def __call__(
        self, horloge: Horloge | None = None, nouvel_id: Callable[[], str] | None = None
    ) -> rst.Contexte:
        if self.url is None:
            return rst.en_memoire(horloge=horloge, nouvel_id=nouvel_id, etat=self.etat)
        ctx = rst.depuis_url(self.url, horloge=horloge, nouvel_id=nouvel_id,
                             migrer=not self._migree)
        self._migree = True
        assert isinstance(ctx.unite_de_travail, FabriqueSql)
        self.fabriques_sql.append(ctx.unite_de_travail)
        return ctx

    def fermer(self) -> None:
        for fabrique in self.fabriques_sql:
            fabrique.fermer()


@pytest.fixture(params=STOCKAGES)
def fabrique_contexte(request: pytest.FixtureRequest) -> Iterator[FabriqueContexte]:
    stockage: str = request.param
    url = None if stockage == "memoire" else url_du_moteur(request, stockage)
    fabrique = _Fabrique(stockage, url)
    yield fabrique
    fabrique.fermer()


def ids_sequentiels(prefixe: str = "id-") -> Callable[[], str]:
    compteur = itertools.count(1)
    return lambda: f"{prefixe}{next(compteur):06d}"


@pytest.fixture
def contexte(fabrique_contexte: FabriqueContexte) -> rst.Contexte:
    return fabrique_contexte(horloge=rst.HorlogeFixe(), nouvel_id=ids_sequentiels())
