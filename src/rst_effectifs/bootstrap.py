"""Factories that wire the use cases to a storage: the composition root."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .adapters.horloges import HorlogeSysteme
from .adapters.memory import EtatMemoire, fabrique_memoire
from .adapters.notification import NotifierMemoire
from .application.contexte import Contexte
from .domain.comptes import LimiteDemandes
from .domain.emetteur import Emetteur
from .domain.suivi import TypeDeSuivi
from .ports.horloges import Horloge
from .ports.notification import Notifier
from .ports.unit_of_work import UniteDeTravail

VARIABLE_URL_LECTURE = "RST_EFFECTIFS_DB_LECTURE"
"""Environment variable naming the database that serves read-only use cases (a standby)."""
VARIABLE_SUIVI_SIMPLE = "RST_EFFECTIFS_SUIVI_SIMPLE"
"""The environment variable :func:`depuis_url` reads for the service's choice of simple
follow-up (P2b): ``SIG`` (the default) or ``SIA``."""

if TYPE_CHECKING:
    from .adapters.sql.doublons import FichesEnDouble
    from .adapters.sql.migrations import EtatDuSchema as EtatDuSchema


def en_memoire(
    horloge: Horloge | None = None,
    nouvel_id: Callable[[], str] | None = None,
    etat: EtatMemoire | None = None,
    *,
    notifier: Notifier | None = None,
    limite_recuperation: LimiteDemandes | None = None,
    couts_moyens: Mapping[int, object] | None = None,
    emetteur: Emetteur | None = None,
    suivi_simple: TypeDeSuivi | str = TypeDeSuivi.SIG,
) -> Contexte:
    """A context over a fresh in-memory store: tests, examples, prototypes. Messages go
    to ``notifier``, by default a fresh :class:`NotifierMemoire` (``ctx.notifier``)."""
    fabrique = fabrique_memoire(etat)
    return _contexte(fabrique, horloge, nouvel_id, notifier or NotifierMemoire(),
                     limite_recuperation, couts_moyens, emetteur, suivi_simple)


def _contexte(
    fabrique: Callable[[], UniteDeTravail],
    horloge: Horloge | None,
    nouvel_id: Callable[[], str] | None,
    notifier: Notifier | None,
    limite_recuperation: LimiteDemandes | None,
    couts_moyens: Mapping[int, object] | None = None,
    emetteur: Emetteur | None = None,
    suivi_simple: TypeDeSuivi | str = TypeDeSuivi.SIG,
) -> Contexte:
    options: dict[str, Any] = {"notifier": notifier, "couts_moyens": couts_moyens,
                               "emetteur": emetteur, "suivi_simple": suivi_simple}
    if nouvel_id is not None:
        options["nouvel_id"] = nouvel_id
    if limite_recuperation is not None:
        options["limite_recuperation"] = limite_recuperation
    return Contexte(fabrique, horloge or HorlogeSysteme(), **options)


def depuis_url(
    url: str | None = None,
    *,
    horloge: Horloge | None = None,
    nouvel_id: Callable[[], str] | None = None,
    migrer: bool | None = None,
    notifier: Notifier | None = None,
    limite_recuperation: LimiteDemandes | None = None,
    couts_moyens: Mapping[int, object] | None = None,
    url_lecture: str | None = None,
    emetteur: Emetteur | None = None,
    suivi_simple: TypeDeSuivi | str | None = None,
) -> Contexte:
    """A context on a SQL database: ``sqlite:///path.db`` or ``postgresql+psycopg://…``;
    ``None`` means ``$RST_EFFECTIFS_DB``, else a SQLite file in the user's data folder.
    ``migrer``: ``True`` first brings the schema up to date (Alembic, idempotent);
    ``None`` (the default) does so for SQLite, while on PostgreSQL, whose schema is
    migrated on purpose with its owner's role (:func:`migrer`, ``rst-effectifs base
    migrer``), a schema that is not current is refused (``technique.schema_perime``);
    ``False`` neither migrates nor checks. ``notifier`` (e.g. ``NotifierSmtp``) sends
    recovered declarant numbers (A2); without one, recovery requests fail with
    ``technique.envoi_non_configure``. ``couts_moyens`` (year → amount) adds or replaces
    national average costs (F3); ``emetteur`` is the RST as seller of its invoices (F8).
    ``suivi_simple`` (P2b, ``"SIG"`` or ``"SIA"``): the service's choice for simple
    follow-up; ``None`` means ``$RST_EFFECTIFS_SUIVI_SIMPLE``, else SIG.

    A primary with standbys (PostgreSQL streaming replication): list every server in
    ``url`` (``?host=a:5432&host=b:5432&target_session_attrs=read-write``) and the
    library follows the primary after a failover (docs/persistence.md). ``url_lecture``
    (default ``$RST_EFFECTIFS_DB_LECTURE``), e.g. the same hosts with
    ``target_session_attrs=prefer-standby``, serves the use cases that only read."""
    from .adapters.sql import FabriqueSql, creer_moteur, upgrade
    from .adapters.sql.migrations import exiger_a_jour

    url_lecture = url_lecture or os.environ.get(VARIABLE_URL_LECTURE) or None
    moteur = creer_moteur(url)
    lecture = None
    try:
        if migrer or (migrer is None and moteur.dialect.name == "sqlite"):
            upgrade(moteur)
        elif migrer is None:
            exiger_a_jour(moteur)
        lecture = creer_moteur(url_lecture) if url_lecture else None
    except BaseException:
        moteur.dispose()
        raise
    if suivi_simple is None:
        suivi_simple = os.environ.get(VARIABLE_SUIVI_SIMPLE, "").strip() or TypeDeSuivi.SIG
    return _contexte(FabriqueSql(moteur, lecture), horloge, nouvel_id, notifier,
                     limite_recuperation, couts_moyens, emetteur, suivi_simple)


def migrer(url: str | None = None) -> EtatDuSchema:
    """Bring the schema of the database at ``url`` (same default as :func:`depuis_url`)
    to this library's revision, in one transaction; run it with the role that owns the
    schema. Returns the state before: ``a_appliquer`` lists what was applied."""
    from .adapters.sql.migrations import etat, upgrade

    avant = etat(url)
    upgrade(url)
    return avant


def etat_du_schema(url: str | None = None) -> EtatDuSchema:
    """Where the schema of the database at ``url`` stands (its revision, the one this
    library expects, what :func:`migrer` would apply), read without changing it."""
    from .adapters.sql.migrations import etat

    return etat(url)


def schema_du_contexte(ctx: Contexte) -> EtatDuSchema | None:
    """Where the schema of ``ctx``'s database stands, read without changing it; ``None``
    for a storage that has no schema (memory). What a health check asks."""
    from .adapters.sql import FabriqueSql
    from .adapters.sql.migrations import etat

    fabrique = ctx.unite_de_travail
    return etat(fabrique.moteur) if isinstance(fabrique, FabriqueSql) else None


def stockage_en_processus(ctx: Contexte) -> bool:
    """Whether ``ctx``'s storage runs inside this process (SQLite, memory): its units of
    work are then the process's own work, with no wait on a server. What a front end
    asks to size its worker threads."""
    from .adapters.sql import FabriqueSql

    fabrique = ctx.unite_de_travail
    return not isinstance(fabrique, FabriqueSql) or fabrique.moteur.dialect.name == "sqlite"


def verifier_schema(url: str | None = None) -> EtatDuSchema:
    """The schema's state if it is current and its tables are the library's; else
    ``technique.schema_perime`` (older: run :func:`migrer`), ``technique.schema_inconnu``
    (newer) or ``technique.schema_different`` (altered by hand)."""
    from .adapters.sql.migrations import verifier

    return verifier(url)


def fermer(ctx: Contexte) -> None:
    """Release what the context's storage holds (a SQL engine's pooled connections);
    nothing to do in memory."""
    fermer_stockage = getattr(ctx.unite_de_travail, "fermer", None)
    if callable(fermer_stockage):
        fermer_stockage()


def doublons_bloquants(url: str | None = None) -> list[FichesEnDouble]:
    """The files held twice that stop revision 0005 (S2) on the database at ``url``
    (same default as :func:`depuis_url`), read without upgrading it."""
    from .adapters.sql import creer_moteur
    from .adapters.sql.doublons import doublons_bloquants as lister

    moteur = creer_moteur(url)
    try:
        return lister(moteur)
    finally:
        moteur.dispose()


def dossier_donnees() -> Path:
    """The user's data folder for this library (XDG), created if missing."""
    from .adapters.sql import dossier_donnees as dossier

    return dossier()


def url_sqlite(chemin: Path) -> str:
    """The URL of the SQLite file at ``chemin``, for :func:`depuis_url`."""
    from sqlalchemy.engine import URL

    return URL.create("sqlite", database=str(chemin)).render_as_string()
