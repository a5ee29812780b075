"""Technical failures met for real, each with its own code, a French message naming the
file or the server, the driver's SQLSTATE or errno in ``details``, and never a password
(``adapters/sql/pannes.py``)."""

from __future__ import annotations

import multiprocessing
import os
import sqlite3
import tempfile
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from portail_sql import nouvel_adherent
from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url

import rst_effectifs as rst
from rst_effectifs import bootstrap
from rst_effectifs.adapters.sql import FabriqueSql, UniteDeTravailSql, creer_moteur, upgrade
from rst_effectifs.adapters.sql import moteur as moteur_sql

SECRET = "MotDePasse-Secret-42"


def _rien_de_secret(erreur: rst.ErreurRstEffectifs) -> None:
    """No password anywhere a log or a client could see, and no driver error chained."""
    vues = [erreur.message, str(erreur), repr(erreur), repr(erreur.details),
            "".join(traceback.format_exception(erreur))]
    for vue in vues:
        assert SECRET not in vue
    assert erreur.__cause__ is None and erreur.__context__ is None


def _ouvrir(url: str, **options: object) -> rst.ErreurTechnique:
    """The error of the first read through a unit of work on ``url``."""
    moteur = creer_moteur(url, **options)
    try:
        with pytest.raises(rst.ErreurTechnique) as erreur, UniteDeTravailSql(moteur) as uow:
            uow.adherents.obtenir("a1")
    finally:
        moteur.dispose()
    _rien_de_secret(erreur.value)
    return erreur.value


# -- SQLite -------------------------------------------------------------------------------


def test_a_file_in_a_missing_folder_names_the_folder(tmp_path: Path) -> None:
    fichier = tmp_path / "absent" / "rst.db"
    erreur = _ouvrir(f"sqlite:///{fichier}")
    assert erreur.code == "technique.dossier_absent"
    assert str(tmp_path / "absent") in erreur.message and str(fichier) in erreur.message
    assert erreur.details == {"cause": "OperationalError", "fichier": str(fichier),
                              "dossier": str(tmp_path / "absent"), "errno": 14}


def _ecrire_en_tant_que_nobody(url: str, sortie: multiprocessing.Queue[object]) -> None:
    if os.geteuid() == 0:  # root writes any file: drop to an ordinary user
        os.setgid(65534)
        os.setuid(65534)
    ctx = rst.depuis_url(url, migrer=False)
    try:
        nouvel_adherent(ctx)
    except rst.ErreurTechnique as erreur:
        sortie.put((type(erreur).__name__, erreur.code, erreur.message, erreur.details))
    else:
        sortie.put(None)


@pytest.fixture
def base_en_lecture_seule() -> Iterator[Path]:
    """A migrated SQLite file, then its file and folder made read-only (chmod). A folder
    of its own, readable by all, so that a process turned ``nobody`` can reach it."""
    dossier = Path(tempfile.mkdtemp(prefix="rst-lecture-seule-"))
    fichier = dossier / "rst.db"
    upgrade(f"sqlite:///{fichier}")
    with sqlite3.connect(fichier) as connection:  # fold the WAL in, as a shipped file is
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    fichier.chmod(0o444)
    dossier.chmod(0o555)
    try:
        yield fichier
    finally:
        dossier.chmod(0o755)
        for chemin in dossier.iterdir():
            chemin.unlink()
        dossier.rmdir()


def test_a_read_only_file_says_so_and_names_it(base_en_lecture_seule: Path) -> None:
    """Run in a forked child that, when the tests run as root (who ignores file
    permissions), becomes ``nobody`` first: the permissions are really enforced."""
    contexte = multiprocessing.get_context("fork")
    sortie: multiprocessing.Queue[object] = contexte.Queue()
    enfant = contexte.Process(target=_ecrire_en_tant_que_nobody,
                              args=(f"sqlite:///{base_en_lecture_seule}", sortie))
    enfant.start()
    resultat = sortie.get(timeout=60)
    enfant.join(10)
    assert isinstance(resultat, tuple)
    classe, code, message, details = resultat
    assert (classe, code) == ("ErreurTechnique", "technique.lecture_seule")
    assert str(base_en_lecture_seule) in message
    assert details["fichier"] == str(base_en_lecture_seule)
    assert details["errno"] in (8, 264, 520, 776, 1032)  # SQLITE_READONLY(_*)


def test_a_read_only_uri_is_refused_the_same_way(tmp_path: Path) -> None:
    fichier = tmp_path / "rst.db"
    upgrade(f"sqlite:///{fichier}")
    ctx = rst.depuis_url(f"sqlite:///file:{fichier}?mode=ro&uri=true", migrer=False)
    with pytest.raises(rst.ErreurTechnique) as erreur:
        nouvel_adherent(ctx)
    assert erreur.value.code == "technique.lecture_seule"
    assert erreur.value.details["errno"] == 8
    bootstrap.fermer(ctx)


def test_a_file_locked_past_the_timeout_is_transient_and_named(tmp_path: Path) -> None:
    fichier = tmp_path / "rst.db"
    url = f"sqlite:///{fichier}"
    upgrade(url)
    fabrique = FabriqueSql(creer_moteur(url, connect_args={"timeout": 0.2}))
    ctx = rst.Contexte(fabrique, rst.HorlogeFixe())
    autre = sqlite3.connect(fichier, isolation_level=None)
    autre.execute("BEGIN IMMEDIATE")  # another writer holds the lock and keeps it
    try:
        with pytest.raises(rst.EchecTransitoire) as erreur:
            nouvel_adherent(ctx)
    finally:
        autre.rollback()
        autre.close()
    assert erreur.value.code == "technique.base_verrouillee"
    assert str(fichier) in erreur.value.message
    assert erreur.value.details["errno"] == 5  # SQLITE_BUSY
    nouvel_adherent(ctx)  # the lock gone, the same use case goes through
    fabrique.fermer()


# -- PostgreSQL: connecting ---------------------------------------------------------------


def _avec(url: str, **parties: object) -> str:
    return make_url(url).set(**parties).render_as_string(hide_password=False)


def test_a_closed_port_is_a_refused_connection_naming_host_and_port() -> None:
    erreur = _ouvrir(f"postgresql+psycopg://rst:{SECRET}@127.0.0.1:1/rst")
    assert erreur.code == "technique.connexion_refusee"
    assert "127.0.0.1:1" in erreur.message
    assert erreur.details == {"cause": "OperationalError", "hote": "127.0.0.1", "port": 1,
                              "base": "rst", "errno": 111}


def test_an_unknown_host_is_named() -> None:
    erreur = _ouvrir(f"postgresql+psycopg://rst:{SECRET}@hote-inconnu.invalid:5432/rst")
    assert erreur.code == "technique.hote_inconnu"
    assert "hote-inconnu.invalid" in erreur.message
    assert isinstance(erreur.details["errno"], int)


@pytest.mark.postgresql
def test_a_wrong_password_is_an_authentication_error_that_never_shows_it(
    url_postgresql: str,
) -> None:
    erreur = _ouvrir(_avec(url_postgresql, password=SECRET))
    adresse = make_url(url_postgresql)
    assert erreur.code == "technique.authentification"
    assert f"{adresse.host}:{adresse.port}" in erreur.message
    assert erreur.details["sqlstate"] == "28P01"
    assert erreur.details["base"] == adresse.database


@pytest.mark.postgresql
def test_an_unknown_database_is_named_with_its_server(url_postgresql: str) -> None:
    erreur = _ouvrir(_avec(url_postgresql, database="rst_base_qui_n_existe_pas"))
    assert erreur.code == "technique.base_inconnue"
    assert "rst_base_qui_n_existe_pas" in erreur.message
    assert erreur.details["sqlstate"] == "3D000"
    assert erreur.details["base"] == "rst_base_qui_n_existe_pas"


# -- PostgreSQL: transient failures -------------------------------------------------------


@pytest.mark.postgresql
@pytest.mark.parametrize("sqlstate", ["40001", "40P01"])
def test_serialization_failures_and_deadlocks_are_transient(
    url_postgresql: str, sqlstate: str,
) -> None:
    """The server raises the SQLSTATE itself (as it does for a lost race)."""
    moteur = creer_moteur(url_postgresql)
    instruction = text(f"DO $$ BEGIN RAISE EXCEPTION 'course' USING ERRCODE = '{sqlstate}'; "
                       "END $$")
    with pytest.raises(rst.EchecTransitoire) as erreur, UniteDeTravailSql(moteur) as uow:
        uow.ecrire_rangees(instruction)
    moteur.dispose()
    assert erreur.value.code == "technique.transitoire"
    assert erreur.value.details["sqlstate"] == sqlstate
    _rien_de_secret(erreur.value)


def _pid(uow: UniteDeTravailSql) -> int:
    return int(uow.rangees(text("SELECT pg_backend_pid() AS pid"))[0]["pid"])


def _terminer(url: str, pid: int) -> None:
    """The server ends the connection ``pid`` (from another connection)."""
    moteur = creer_moteur(url)
    with moteur.connect() as autre:
        autre.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    moteur.dispose()


def _tuer(url: str) -> Callable[[UniteDeTravailSql], None]:
    def tuer(uow: UniteDeTravailSql) -> None:
        _terminer(url, _pid(uow))
    return tuer


@pytest.mark.postgresql
def test_a_connection_lost_mid_unit_is_transient_and_the_retry_succeeds(
    url_postgresql: str,
) -> None:
    upgrade(url_postgresql)
    ctx = rst.depuis_url(url_postgresql, migrer=False)
    tuer = _tuer(url_postgresql)
    with pytest.raises(rst.EchecTransitoire) as erreur, ctx.unite_de_travail() as uow:
        assert isinstance(uow, UniteDeTravailSql)
        tuer(uow)
        uow.adherents.obtenir("a1")
    assert erreur.value.code == "technique.connexion_perdue"
    assert erreur.value.details["hote"] == make_url(url_postgresql).host
    _rien_de_secret(erreur.value)
    adherent, _moi = nouvel_adherent(ctx)  # a new unit gets a new connection
    assert adherent.version == 1
    bootstrap.fermer(ctx)


def _tuer_la_connection_au_repos(moteur: Engine, url: str) -> int:
    """Use one pooled connection, give it back, and have the server end it meanwhile."""
    with UniteDeTravailSql(moteur) as uow:
        pid = _pid(uow)
    _terminer(url, pid)
    return pid


@pytest.mark.postgresql
def test_a_rested_connection_the_server_ended_is_replaced_before_use(
    url_postgresql: str, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Rested past the threshold (0 here), a pooled connection is pinged when handed out:
    the one the server ended is discarded and the unit runs on a new one, no error."""
    monkeypatch.setattr(moteur_sql, "PING_APRES_S", 0.0)
    moteur = creer_moteur(url_postgresql)
    try:
        ancien = _tuer_la_connection_au_repos(moteur, url_postgresql)
        with UniteDeTravailSql(moteur) as uow:
            nouveau = _pid(uow)
        assert nouveau != ancien
    finally:
        moteur.dispose()


@pytest.mark.postgresql
def test_a_connection_used_a_moment_ago_is_not_pinged(url_postgresql: str) -> None:
    """Under the threshold no ping is sent (one round trip fewer per request): the
    connection the server ended meanwhile fails its first statement, transiently, and
    the next unit gets a new one."""
    moteur = creer_moteur(url_postgresql)
    try:
        pings: list[object] = []
        ping = moteur.dialect.do_ping
        moteur.dialect.do_ping = lambda c: pings.append(c) or ping(c)  # type: ignore[method-assign]
        with UniteDeTravailSql(moteur) as uow:
            uow.rangees(text("SELECT 1 AS un"))
        with UniteDeTravailSql(moteur) as uow:
            uow.rangees(text("SELECT 1 AS un"))
        assert pings == []
        ancien = _tuer_la_connection_au_repos(moteur, url_postgresql)
        with pytest.raises(rst.EchecTransitoire) as erreur, UniteDeTravailSql(moteur) as uow:
            uow.rangees(text("SELECT 1 AS un"))
        assert erreur.value.code == "technique.connexion_perdue"
        _rien_de_secret(erreur.value)
        with UniteDeTravailSql(moteur) as uow:
            nouveau = _pid(uow)
        assert nouveau != ancien
    finally:
        moteur.dispose()
