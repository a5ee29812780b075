"""Alembic migrations shipped in the package, and :func:`upgrade` to apply them.

No ``alembic.ini`` is needed at run time: the configuration is built in code. An
empty database and an old one are brought to the current schema by the same
migrations. (``alembic.ini`` next to this file serves developers writing a new
revision: ``alembic -c src/rst_effectifs/adapters/sql/migrations/alembic.ini revision
--autogenerate -m "..."``.)
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine
from sqlalchemy.engine import URL

from ..moteur import creer_moteur
from ..unit_of_work import traduire_erreurs

DOSSIER = Path(__file__).resolve().parent


def configuration() -> Config:
    """The Alembic configuration of the shipped migrations (no file needed)."""
    config = Config()
    config.set_main_option("script_location", str(DOSSIER))
    return config


def upgrade(url: str | URL | Engine | None = None, revision: str = "head") -> None:
    """Bring the database at ``url`` (an engine, a URL, or ``None`` for the default
    SQLite file) to ``revision``; a database already there is left as it is."""
    moteur = url if isinstance(url, Engine) else creer_moteur(url)
    try:
        with traduire_erreurs(), moteur.begin() as connexion:
            config = configuration()
            config.attributes["connection"] = connexion
            command.upgrade(config, revision)
    finally:
        if moteur is not url:
            moteur.dispose()


def revision_courante(url: str | URL | Engine) -> str | None:
    """The revision the database is at (``None`` if never migrated)."""
    from alembic.runtime.migration import MigrationContext

    moteur = url if isinstance(url, Engine) else creer_moteur(url)
    try:
        with traduire_erreurs(), moteur.connect() as connexion:
            return MigrationContext.configure(connexion).get_current_revision()
    finally:
        if moteur is not url:
            moteur.dispose()


__all__ = ["configuration", "revision_courante", "upgrade"]
