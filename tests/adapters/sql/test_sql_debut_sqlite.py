"""SQLite transactions begun by the library's dialect (``DialecteSqlite``), not by a
``begin`` event: a reader's unit reads one snapshot, a writer's holds the write lock
from its first statement, and no connection event is listened to (SQLAlchemy would
look its listeners up around every statement)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from rst_effectifs.adapters.sql import FabriqueSql, creer_moteur, upgrade
from rst_effectifs.adapters.sql.moteur import PILOTE_SQLITE, DialecteSqlite


@pytest.fixture
def fichier(tmp_path: Path) -> Path:
    chemin = tmp_path / "debut.db"
    upgrade(f"sqlite:///{chemin}")
    return chemin


@pytest.mark.parametrize("pilote", ["sqlite", "sqlite+pysqlite"])
def test_sqlite_urls_get_the_library_s_dialect_and_no_connection_event(
        fichier: Path, pilote: str) -> None:
    moteur = creer_moteur(f"{pilote}:///{fichier}")
    assert isinstance(moteur.dialect, DialecteSqlite)
    assert moteur.url.drivername == PILOTE_SQLITE
    assert (moteur.dialect.name, moteur.dialect.driver) == ("sqlite", "pysqlite")
    assert not moteur._has_events  # no listener to look up around each statement
    moteur.dispose()


def test_a_reader_s_unit_reads_one_snapshot(fichier: Path) -> None:
    fabrique = FabriqueSql(creer_moteur(f"sqlite:///{fichier}"))
    autre = sqlite3.connect(fichier, isolation_level=None)
    with fabrique() as uow:
        connexion = uow.connection()  # type: ignore[attr-defined]
        avant = connexion.execute(text("SELECT count(*) FROM quotas")).scalar_one()
        assert connexion.connection.driver_connection.in_transaction  # BEGIN was sent
        autre.execute("INSERT INTO quotas (cle, quand) VALUES ('x', '2026-01-01 00:00:00')")
        assert connexion.execute(text("SELECT count(*) FROM quotas")).scalar_one() == avant
    autre.close()
    fabrique.fermer()


def test_a_writer_s_unit_holds_the_write_lock_from_its_first_statement(
        fichier: Path) -> None:
    fabrique = FabriqueSql(creer_moteur(f"sqlite:///{fichier}"))
    autre = sqlite3.connect(fichier, isolation_level=None, timeout=0.05)
    with fabrique(ecriture=True) as uow:
        uow.connection()  # type: ignore[attr-defined]
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            autre.execute("BEGIN IMMEDIATE")
    autre.execute("BEGIN IMMEDIATE")  # released when the unit ended
    autre.execute("ROLLBACK")
    with fabrique() as uow:  # a reader's unit after it begins deferred again
        uow.connection()  # type: ignore[attr-defined]
        autre.execute("BEGIN IMMEDIATE")
        autre.execute("ROLLBACK")
    autre.close()
    fabrique.fermer()
