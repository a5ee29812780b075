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
from alembic.runtime.migration import MigrationContext
from alembic.util import CommandError
from sqlalchemy import Engine
from sqlalchemy.engine import URL

from ....domain.erreurs import ErreurRstEffectifs, ErreurTechnique
from ..moteur import creer_moteur
from ..unit_of_work import appeler

DOSSIER = Path(__file__).resolve().parent


def configuration() -> Config:
    """The Alembic configuration of the shipped migrations (no file needed)."""
    config = Config()
    config.set_main_option("script_location", str(DOSSIER))
    return config


def _migrer(moteur: Engine, revision: str) -> None:
    with moteur.begin() as connexion:
        config = configuration()
        config.attributes["connection"] = connexion
        command.upgrade(config, revision)


def upgrade(url: str | URL | Engine | None = None, revision: str = "head") -> None:
    """Bring the database at ``url`` (an engine, a URL, or ``None`` for the default
    SQLite file) to ``revision``; a database already there is left as it is. All of
    it happens in one transaction. Any failure is an ``ErreurTechnique``: code
    ``technique.schema_inconnu`` when the database is at a revision this library does
    not know (written by a newer version), ``technique.migration`` otherwise."""
    moteur = url if isinstance(url, Engine) else creer_moteur(url)
    try:
        appeler(lambda: _migrer(moteur, revision))
    except CommandError:
        raise ErreurTechnique(
            "La base de données a été créée par une version plus récente de la "
            "bibliothèque, ou la révision demandée n'existe pas : mettez la bibliothèque "
            "à jour.", code="technique.schema_inconnu",
        ) from None
    except ErreurTechnique:
        raise
    except ErreurRstEffectifs as erreur:
        raise ErreurTechnique("Le schéma de la base n'a pas pu être mis à jour.",
                              code="technique.migration", details={"cause": erreur.code}
                              ) from None
    finally:
        if moteur is not url:
            moteur.dispose()


def revision_courante(url: str | URL | Engine) -> str | None:
    """The revision the database is at (``None`` if never migrated)."""
    moteur = url if isinstance(url, Engine) else creer_moteur(url)

    def lire() -> str | None:
        with moteur.connect() as connexion:
            return MigrationContext.configure(connexion).get_current_revision()

    try:
        return appeler(lire)
    finally:
        if moteur is not url:
            moteur.dispose()


__all__ = ["configuration", "revision_courante", "upgrade"]
