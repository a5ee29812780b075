"""Factories that wire the use cases to a storage: the composition root."""

from __future__ import annotations

from collections.abc import Callable

from .adapters.memory import EtatMemoire, fabrique_memoire
from .application.contexte import Contexte
from .ports.clock import Horloge, HorlogeSysteme


def en_memoire(
    horloge: Horloge | None = None,
    nouvel_id: Callable[[], str] | None = None,
    etat: EtatMemoire | None = None,
) -> Contexte:
    """A context over a fresh in-memory store: tests, examples, prototypes."""
    fabrique = fabrique_memoire(etat)
    if nouvel_id is None:
        return Contexte(fabrique, horloge or HorlogeSysteme())
    return Contexte(fabrique, horloge or HorlogeSysteme(), nouvel_id)


def depuis_url(
    url: str | None = None,
    *,
    horloge: Horloge | None = None,
    nouvel_id: Callable[[], str] | None = None,
    migrer: bool = True,
) -> Contexte:
    """A context on a SQL database: ``sqlite:///path.db`` or ``postgresql+psycopg://…``;
    ``None`` means ``$RST_EFFECTIFS_DB``, else a SQLite file in the user's data folder.
    With ``migrer`` the schema is first brought up to date (Alembic, idempotent)."""
    from .adapters.sql import FabriqueSql, creer_moteur, upgrade

    moteur = creer_moteur(url)
    if migrer:
        upgrade(moteur)
    fabrique = FabriqueSql(moteur)
    if nouvel_id is None:
        return Contexte(fabrique, horloge or HorlogeSysteme())
    return Contexte(fabrique, horloge or HorlogeSysteme(), nouvel_id)
