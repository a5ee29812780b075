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
