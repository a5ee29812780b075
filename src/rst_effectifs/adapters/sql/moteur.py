"""Engines: SQLite (the embedded default, a file) and PostgreSQL through psycopg 3.

SQLite needs three things on every connection: ``PRAGMA foreign_keys=ON`` (off by
default), real transactions, and write-ahead logging (WAL). The ``sqlite3`` module
begins a transaction only before a write, so the reads of one unit of work would not be
isolated; we take over and emit ``BEGIN`` ourselves (SQLAlchemy's documented recipe).
In WAL mode readers never block the writer: a unit of work reads a stable snapshot.
A unit of work that will write (its use case says so) begins with ``BEGIN IMMEDIATE``
instead: it takes the write lock first, waiting up to :data:`ATTENTE_VERROU_S` for the
current writer, so that it never reads a snapshot another writer commits over (which
SQLite would answer with SQLITE_BUSY_SNAPSHOT at its first write). Readers stay
deferred and run while a writer writes.

Every engine made here tags the errors it raises with where the database is
(:data:`LIEU`: the file, or host, port and database name; never the user nor the
password), so that the unit of work can say which file or server failed.

A PostgreSQL connection taken from the pool is checked with a ping only when it sat
there :data:`PING_APRES_S` or more (:func:`_verifier_si_reposee`), not on every
checkout as ``pool_pre_ping`` does: a request of a busy portal would pay one more
round trip for a connection it used a moment ago. A connection the server dropped while
in use since fails its first statement; that failure is transient (the use case is
retried in a new unit of work) and invalidates the whole pool, so no stale connection is
handed out again.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.dialects import registry
from sqlalchemy.dialects.sqlite.pysqlite import SQLiteDialect_pysqlite
from sqlalchemy.engine import URL, Connection, ExceptionContext, make_url
from sqlalchemy.exc import ArgumentError, DisconnectionError
from sqlalchemy.pool import ConnectionPoolEntry, PoolProxiedConnection, StaticPool

from ...domain.erreurs import Detail, ErreurTechnique

VARIABLE_URL = "RST_EFFECTIFS_DB"
"""Environment variable that names the database when the caller names none."""

NOM_FICHIER = "rst_effectifs.db"
ATTENTE_VERROU_S = 30.0
"""How long a SQLite writer waits for another one to finish before failing."""
ATTENTE_CONNECTION_S = 10
"""How long a PostgreSQL connection attempt waits for the server (libpq connect_timeout)."""
PING_APRES_S = 10.0
"""A pooled PostgreSQL connection idle this long is pinged before it is handed out."""
_RENDUE = "rst_effectifs_rendue"
"""Set in a pooled connection's ``info`` when it returns to the pool (monotonic time)."""
LIEU = "rst_effectifs_lieu"
"""Attribute set on every SQLAlchemy error of our engines: :func:`lieu` of the database,
plus ``ouverture`` (true when the error came while opening a connection)."""
PILOTE_SQLITE = "sqlite+rst_effectifs"
"""The driver name of :class:`DialecteSqlite`: what ``sqlite://`` means here."""
IMMEDIAT = "rst_effectifs_begin_immediate"
"""Set in a SQLite connection's ``info`` just before it begins: ``BEGIN IMMEDIATE``, the
database write lock taken at once (a unit of work that may create a file, S2)."""


def dossier_donnees() -> Path:
    """The user's data folder for this library (XDG), created if missing."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    dossier = Path(base) / "rst_effectifs"
    dossier.mkdir(parents=True, exist_ok=True)
    return dossier


def url_par_defaut() -> str:
    """``$RST_EFFECTIFS_DB`` if set, else a SQLite file in the user's data folder."""
    choisie = os.environ.get(VARIABLE_URL)
    if choisie:
        return choisie
    return URL.create("sqlite", database=str(dossier_donnees() / NOM_FICHIER)).render_as_string()


def _analyser(url: str | URL) -> URL:
    try:
        return make_url(url)
    except (ArgumentError, ValueError):
        pass  # SQLAlchemy's message quotes the URL, password included: never chained
    raise ErreurTechnique(
        "L'adresse de la base de données est invalide.", code="technique.url_invalide"
    )


def lieu(adresse: URL) -> dict[str, Detail]:
    """Where the database at ``adresse`` is, safe to show: ``fichier`` for SQLite
    (absent in memory), else ``hote``, ``port`` and ``base``. Never the user nor the
    password."""
    if adresse.get_backend_name() == "sqlite":
        fichier = adresse.database
        return {"fichier": fichier} if fichier not in (None, "", ":memory:") else {}
    hote = adresse.host or adresse.query.get("host") or "localhost"  # ?host=/socket/dir
    if not isinstance(hote, str):  # ?host=a:5432&host=b:5432: a primary and its standbys
        return {"hote": ",".join(hote), "base": adresse.database or ""}
    return {"hote": hote, "port": adresse.port or 5432, "base": adresse.database or ""}


def _situer(moteur: Engine, adresse: URL) -> None:
    ici = lieu(adresse)

    @event.listens_for(moteur, "handle_error")
    def _a_l_erreur(contexte: ExceptionContext) -> None:
        if contexte.sqlalchemy_exception is not None:
            setattr(contexte.sqlalchemy_exception, LIEU,
                    {**ici, "ouverture": contexte.connection is None})


def _preparer_sqlite(moteur: Engine, fichier: bool) -> None:
    @event.listens_for(moteur, "connect")
    def _sur_connect(connection_dbapi: Any, _enregistrement: Any) -> None:
        # Let us emit BEGIN ourselves; PRAGMAs must run outside any transaction.
        connection_dbapi.isolation_level = None
        curseur = connection_dbapi.cursor()
        try:
            curseur.execute("PRAGMA foreign_keys=ON")
            if fichier:
                curseur.execute("PRAGMA journal_mode=WAL")
        finally:
            curseur.close()

    if not isinstance(moteur.dialect, DialecteSqlite):  # another SQLite driver: the recipe
        @event.listens_for(moteur, "begin")
        def _au_debut(connection: Connection) -> None:
            _commencer(connection.connection)


def _commencer(connection: Any) -> None:
    """``BEGIN``, or ``BEGIN IMMEDIATE`` when the unit said it will write
    (:data:`IMMEDIAT`); ``connection`` the pool's proxy of the driver's connection."""
    curseur = connection.cursor()
    try:
        curseur.execute("BEGIN IMMEDIATE" if connection.info.pop(IMMEDIAT, False)
                        else "BEGIN")
    finally:
        curseur.close()


class DialecteSqlite(SQLiteDialect_pysqlite):
    """pysqlite whose transactions the dialect begins (:func:`_commencer`).
    SQLAlchemy's documented recipe emits ``BEGIN`` from a ``begin`` event instead; but
    with any connection event listened to, SQLAlchemy looks its listeners up around
    every statement, which cost a SQLite unit of work some 30 µs of the process's CPU
    per statement read or written (``bench/cout_par_requete.py``, docs/performance.md)."""

    supports_statement_cache = True

    def do_begin(self, dbapi_connection: Any) -> None:
        _commencer(dbapi_connection)


registry.register(PILOTE_SQLITE.replace("+", "."), __name__, "DialecteSqlite")


def _verifier_si_reposee(moteur: Engine, apres_s: float) -> None:
    """Ping a pooled connection before handing it out only if it rested ``apres_s`` or
    more; a failed ping discards it and the pool hands out another (SQLAlchemy's
    documented "disconnect handling, pessimistic" recipe, with a rest threshold)."""

    @event.listens_for(moteur, "checkin")
    def _rendue(_connection_dbapi: Any, entree: ConnectionPoolEntry) -> None:
        entree.info[_RENDUE] = time.monotonic()

    @event.listens_for(moteur, "checkout")
    def _sortie(connection_dbapi: Any, entree: ConnectionPoolEntry,
                _mandataire: PoolProxiedConnection) -> None:
        rendue = entree.info.pop(_RENDUE, None)
        if rendue is None or time.monotonic() - rendue < apres_s:
            return  # just opened, or used a moment ago
        try:
            moteur.dialect.do_ping(connection_dbapi)
        except moteur.dialect.loaded_dbapi.Error as erreur:
            raise DisconnectionError("connexion perdue pendant son repos") from erreur


def creer_moteur(url: str | URL | None = None, **options: Any) -> Engine:
    """An engine for ``url`` (``None``: :func:`url_par_defaut`), set up for this library.

    ``sqlite:///path.db`` or ``sqlite://`` (in memory, one shared connection), or
    ``postgresql+psycopg://user:password@host:port/db`` (install the ``postgresql``
    extra; a plain ``postgresql://`` URL means psycopg 3 too). ``options`` go to
    :func:`sqlalchemy.create_engine` and win over ours.
    """
    adresse = _analyser(url if url is not None else url_par_defaut())
    if adresse.drivername == "postgresql":
        adresse = adresse.set(drivername="postgresql+psycopg")  # psycopg 3, our extra
    elif adresse.drivername in ("sqlite", "sqlite+pysqlite"):
        adresse = adresse.set(drivername=PILOTE_SQLITE)  # pysqlite, begun by the dialect
    # SQL parameters hold NIRs: never in a log line nor a driver message (S1, A5).
    reglages: dict[str, Any] = {"hide_parameters": True}
    backend = adresse.get_backend_name()
    fichier = adresse.database not in (None, "", ":memory:")
    if backend == "sqlite":
        reglages["connect_args"] = {"timeout": ATTENTE_VERROU_S, "check_same_thread": False}
        if not fichier:
            reglages["poolclass"] = StaticPool
    elif backend == "postgresql":
        reglages.update(pool_size=5, max_overflow=10, pool_recycle=1800,
                        connect_args={"connect_timeout": ATTENTE_CONNECTION_S})
    reglages.update(options)
    try:
        moteur = create_engine(adresse, **reglages)
    except (ArgumentError, ImportError) as erreur:
        raise ErreurTechnique(
            f"Impossible d'utiliser la base « {backend} » : pilote manquant ou adresse invalide.",
            code="technique.url_invalide",
        ) from erreur
    _situer(moteur, adresse)
    if backend == "postgresql" and not reglages.get("pool_pre_ping"):
        _verifier_si_reposee(moteur, PING_APRES_S)
    if backend == "sqlite":
        _preparer_sqlite(moteur, fichier)
    return moteur


__all__ = [
    "IMMEDIAT",
    "LIEU",
    "PING_APRES_S",
    "VARIABLE_URL",
    "creer_moteur",
    "dossier_donnees",
    "lieu",
    "url_par_defaut",
]
