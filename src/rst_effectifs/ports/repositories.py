"""Repositories: every method is scoped by adherent (A4)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Protocol

from attrs import frozen

from ..domain.adherents import Adherent
from ..domain.journal import EntreeJournal
from ..domain.salaries import Identite, Salarie


@frozen
class FiltreSalaries:
    """``nom``: prefix of the family name, ignoring case and accents."""

    nom: str | None = None
    poste_id: str | None = None
    present_le: dt.date | None = None
    inclure_annules: bool = False


@frozen
class PageSalaries:
    """Salariés ordered by (normalised name, given names, id); ``suivant`` is the cursor
    (the last id) to pass as ``apres`` for the next page, ``None`` at the end."""

    salaries: tuple[Salarie, ...]
    suivant: str | None


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

    def ids(self, limite: int | None = None) -> list[str]:
        """Every adherent's id in id order (at most ``limite``): runs over every member."""
        ...


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
        """F6: the non-cancelled files of one adherent that share a NIR or an S2 key
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


@frozen
class RequeteTraitee:
    """E5: a grouped request already applied, kept so a resend changes nothing."""

    adherent_id: str
    requete_id: str
    empreinte: str
    mouvements: tuple[tuple[str, str], ...]


class DepotRequetes(Protocol):
    def obtenir(self, adherent_id: str, requete_id: str) -> RequeteTraitee | None: ...

    def ajouter(self, requete: RequeteTraitee) -> None: ...


class Journal(Protocol):
    """A5: append-only; no method changes or removes an entry."""

    def ajouter(self, entree: EntreeJournal) -> None: ...

    def lister(
        self,
        adherent_id: str,
        *,
        salarie_id: str | None = None,
        depuis: dt.datetime | None = None,
        avant: dt.datetime | None = None,
    ) -> Sequence[EntreeJournal]:
        """One adherent's committed entries in the order written; optionally only those
        about one salarié, and made at or after ``depuis`` and before ``avant``."""
        ...
