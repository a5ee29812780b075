"""The salariés port: files of one adherent, scoped by adherent (A4), and their listing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Protocol

from attrs import frozen

from ..domain.salaries import Identite, Salarie


@frozen
class FiltreSalaries:
    """``nom``: prefix of the family name, ignoring case and accents; ``present_le`` /
    ``absent_le``: present (E4) / not present on that date (out of the headcount, or not
    yet entered)."""

    nom: str | None = None
    poste_id: str | None = None
    present_le: dt.date | None = None
    absent_le: dt.date | None = None
    inclure_annules: bool = False


@frozen
class PageSalaries:
    """Salariés ordered by (normalised name, given names, id); ``suivant`` is the cursor
    (the last id) to pass as ``apres`` for the next page, ``None`` at the end."""

    salaries: tuple[Salarie, ...]
    suivant: str | None


class DepotSalaries(Protocol):
    def obtenir(self, adherent_id: str, salarie_id: str) -> Salarie:
        """Raises ``Introuvable`` for an unknown id or one of another adherent."""
        ...

    def ajouter(self, salarie: Salarie) -> Salarie: ...

    def ajouter_tous(self, salaries: Sequence[Salarie]) -> list[Salarie]:
        """Stage many new salariés at once, as ``ajouter`` does each (an import applies
        thousands: a bulk write, not one round trip per file). An id already stored or
        given twice fails with ``id.existant``."""
        ...

    def enregistrer(self, salarie: Salarie) -> Salarie: ...

    def doublons(
        self, adherent_id: str, identite: Identite, sauf: str | None = None
    ) -> Sequence[str]:
        """S2: ids of non-cancelled files of the same person (same NIR, or same names and
        birth date where either side has no NIR). Indexed, never a scan."""
        ...

    def groupes_de_doublons(self, adherent_id: str) -> Sequence[tuple[str, ...]]:
        """F6: the non-cancelled files of one adherent that share a NIR, an NTT or an S2 key
        (names in comparison form and birth date), grouped transitively, as
        ``domain.verifications.groupes_de_doublons`` groups them. Set-based: the
        storage finds the candidates in one query, never by loading every file."""
        ...

    def lister(
        self, adherent_id: str, filtre: FiltreSalaries, apres: str | None, limite: int
    ) -> PageSalaries: ...

    def tous(self, adherent_id: str) -> Sequence[Salarie]:
        """Every file of one adherent (reports and reference computations)."""
        ...


__all__ = ["DepotSalaries", "FiltreSalaries", "PageSalaries"]
