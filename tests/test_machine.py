"""Model-based test: random use-case sequences on memory and on SQL must agree step by step.

Each example starts from an empty database: a copy of a migrated SQLite file, or the
PostgreSQL tables emptied (migrated once per test).
"""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis.stateful import run_state_machine_as_test
from sqlalchemy import text

import rst_effectifs as rst
from rst_effectifs.adapters.sql import FabriqueSql, creer_moteur, metadata, upgrade
from rst_effectifs.ports.horloges import Horloge
from rst_effectifs.testing.machine import machine_comparative, memoire

REGLAGES = settings(
    max_examples=12,
    stateful_step_count=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def _contexte(url: str, horloge: Horloge, nouvel_id: Callable[[], str]) -> Iterator[rst.Contexte]:
    ctx = rst.depuis_url(url, horloge=horloge, nouvel_id=nouvel_id, migrer=False)
    assert isinstance(ctx.unite_de_travail, FabriqueSql)
    try:
        yield ctx
    finally:
        ctx.unite_de_travail.fermer()


def test_memory_and_sqlite_agree_on_every_step(tmp_path: Path) -> None:
    modele = tmp_path / "modele.db"
    moteur = creer_moteur(f"sqlite:///{modele}")
    upgrade(moteur)
    moteur.dispose()
    exemples = iter(range(1_000_000))

    @contextlib.contextmanager
    def sqlite(horloge: Horloge, nouvel_id: Callable[[], str]) -> Iterator[rst.Contexte]:
        fichier = tmp_path / f"exemple-{next(exemples)}.db"
        shutil.copyfile(modele, fichier)
        try:
            yield from _contexte(f"sqlite:///{fichier}", horloge, nouvel_id)
        finally:
            fichier.unlink()

    run_state_machine_as_test(machine_comparative(memoire, sqlite), settings=REGLAGES)


IMMUABLES = ("journal", "factures")


@pytest.mark.postgresql
def test_memory_and_postgresql_agree_on_every_step(url_postgresql: str) -> None:
    moteur = creer_moteur(url_postgresql)
    upgrade(moteur)
    vider = text("TRUNCATE " + ", ".join(t.name for t in metadata.sorted_tables))

    @contextlib.contextmanager
    def postgresql(horloge: Horloge, nouvel_id: Callable[[], str]) -> Iterator[rst.Contexte]:
        # the journal (A5) and the invoices (F8) refuse TRUNCATE: lift that for the test
        with moteur.begin() as connection:
            for table in IMMUABLES:
                connection.execute(text(f"ALTER TABLE {table} DISABLE TRIGGER USER"))
            connection.execute(vider)
            for table in IMMUABLES:
                connection.execute(text(f"ALTER TABLE {table} ENABLE TRIGGER USER"))
        yield from _contexte(url_postgresql, horloge, nouvel_id)

    try:
        run_state_machine_as_test(machine_comparative(memoire, postgresql), settings=REGLAGES)
    finally:
        moteur.dispose()
