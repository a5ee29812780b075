"""Counting what a front end asks of the storage per request: units of work opened, and
on a SQL storage connections checked out and statements run (those reading the
adherents table apart), so that a test can prove "one unit of work per request, the
member read once" for any front end:

    ctx, compte = avec_compteur(ctx)
    app = creer_application(ctx)
    ...
    with compte.releve() as releve:
        client.get("/api/v1/adherents/101/salaries")
    assert releve.unites == 1
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from attrs import define, evolve, field

from ..application.contexte import Contexte
from ..ports.unit_of_work import UniteDeTravail

_LIT_ADHERENTS = re.compile(
    r"^\s*SELECT\b.*\b(?:FROM|JOIN) adherents\b.*\badherents\.(?:numero|adherent_id) = (?:\?|%\()",
    re.IGNORECASE | re.DOTALL)
"""A statement reading one adherent, by its number or id (bound), alone or joined (the
session's first read joins it); not the menu's list of an e-mail's adherents."""


@define
class Releve:
    """What one stretch of work asked of the storage."""

    unites: int = 0
    connections: int = 0
    """SQL only: connections checked out of the pool."""
    instructions: list[str] = field(factory=list)
    """SQL only: every statement run, in order (BEGIN/COMMIT by the driver excluded)."""

    @property
    def lectures_adherent(self) -> int:
        """SQL only: statements reading one adherent (the member itself)."""
        return sum(1 for sql in self.instructions if _LIT_ADHERENTS.match(sql))


class CompteurDUnites:
    """A unit-of-work factory counting the units it opens into the current
    :class:`Releve`; anything else (``moteur``, ``fermer``) goes to the factory it wraps."""

    def __init__(self, fabrique: Callable[..., UniteDeTravail]) -> None:
        self._fabrique = fabrique
        self._releve: Releve | None = None
        moteur = getattr(fabrique, "moteur", None)
        if moteur is not None:
            from sqlalchemy import event

            event.listen(moteur, "checkout", self._connection)
            event.listen(moteur, "before_cursor_execute", self._instruction)

    def __call__(self, *args: Any, **kwargs: Any) -> UniteDeTravail:
        if self._releve is not None:
            self._releve.unites += 1
        return self._fabrique(*args, **kwargs)

    def __getattr__(self, nom: str) -> Any:
        return getattr(self._fabrique, nom)

    def _connection(self, *_args: Any) -> None:
        if self._releve is not None:
            self._releve.connections += 1

    def _instruction(self, _connection: Any, _curseur: Any, instruction: str,
                     *_args: Any) -> None:
        if self._releve is not None:
            self._releve.instructions.append(instruction)

    @contextmanager
    def releve(self) -> Iterator[Releve]:
        """Count what the block asks (one block at a time)."""
        self._releve = Releve()
        try:
            yield self._releve
        finally:
            self._releve = None


def avec_compteur(ctx: Contexte) -> tuple[Contexte, CompteurDUnites]:
    """``ctx`` opening its units of work through a :class:`CompteurDUnites`."""
    compteur = CompteurDUnites(ctx.unite_de_travail)
    return evolve(ctx, unite_de_travail=compteur), compteur


__all__ = ["CompteurDUnites", "Releve", "avec_compteur"]
