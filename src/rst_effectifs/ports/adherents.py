"""The adherents port: members and their postes, scoped by adherent (A4)."""

from __future__ import annotations

from typing import Protocol

from ..domain.adherents import Adherent


class DepotAdherents(Protocol):
    def obtenir(self, adherent_id: str) -> Adherent:
        """Raises ``Introuvable`` for an unknown id."""
        ...

    def ajouter(self, adherent: Adherent) -> Adherent:
        """Stage a new adherent; returns it as it will be stored (version 1)."""
        ...

    def enregistrer(self, adherent: Adherent) -> Adherent:
        """Stage a save of a loaded adherent; returns it with its next version. A stale
        ``version`` fails with ConflitDeVersion, at the latest on commit."""
        ...

    def numero_existe(self, numero: str) -> bool: ...

    def id_par_numero(self, numero: str) -> str | None:
        """The id of the adherent with that member number, ``None`` when there is none."""
        ...

    def par_numero(self, numero: str) -> Adherent | None:
        """The adherent with that member number (as :meth:`obtenir` gives it), ``None``
        when there is none: what a front end's request names the adherent by."""
        ...

    def ids(self, limite: int | None = None) -> list[str]:
        """Every adherent's id in id order (at most ``limite``): runs over every member."""
        ...


__all__ = ["DepotAdherents"]
