"""The concurrency kit (``rst_effectifs.testing.concurrence``) on a SQLite file and on
PostgreSQL: real processes racing on S2 and E5, a few rounds each (the long run is
``bench/concurrence.py``, docs/testing-kit.md)."""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import create_engine

import rst_effectifs as rst
from rst_effectifs.adapters.sql import upgrade
from rst_effectifs.testing.concurrence import ConformiteConcurrence

VARIABLE_POSTGRESQL = "RST_EFFECTIFS_TEST_POSTGRESQL_URL"


def _url_postgresql() -> str:
    url = os.environ.get(VARIABLE_POSTGRESQL)
    if not url:
        message = f"set {VARIABLE_POSTGRESQL} to run the PostgreSQL tests"
        if os.environ.get("RST_EFFECTIFS_REQUIRE_POSTGRESQL") == "1":
            pytest.fail(message)
        pytest.skip(message)
    moteur = create_engine(url)
    try:
        with moteur.begin() as connexion:
            connexion.exec_driver_sql("DROP SCHEMA IF EXISTS public CASCADE")
            connexion.exec_driver_sql("CREATE SCHEMA public")
    finally:
        moteur.dispose()
    return url


class _SurUneBase(ConformiteConcurrence):
    url: str = ""

    @classmethod
    def ouvreur(cls) -> Callable[[], rst.Contexte]:
        return functools.partial(rst.depuis_url, cls.url, migrer=False)


class TestConcurrenceSqlite(_SurUneBase):
    @pytest.fixture(scope="class", autouse=True)
    @classmethod
    def _base(cls, tmp_path_factory: pytest.TempPathFactory) -> None:
        fichier: Path = tmp_path_factory.mktemp("concurrence") / "rst.db"
        cls.url = f"sqlite:///{fichier}"
        upgrade(cls.url)


@pytest.mark.postgresql
class TestConcurrencePostgresql(_SurUneBase):
    @pytest.fixture(scope="class", autouse=True)
    @classmethod
    def _base(cls) -> None:
        cls.url = _url_postgresql()
        upgrade(cls.url)
