"""The invoice store (F8): documents written once, numbered under a lock, never changed.

No method updates or deletes a document: an issued invoice is corrected by a credit
note, which is a new document. The SQL tables refuse ``UPDATE`` and ``DELETE`` too.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from attrs import frozen

from ..domain.factures import Acheteur, Facture, ResumeCloture
from ..domain.periodes import Periode


@frozen
class FactureEmise:
    """An issued document and its electronic form (CII XML) as issued."""

    facture: Facture
    xml: str


@frozen
class AEmettre:
    """One member to invoice: the buyer as it is now, its closings not yet invoiced up to
    the period asked (oldest first), and the invoices of the earlier periods those
    closings regularise (the documents correcting them name these)."""

    acheteur: Acheteur
    clotures: tuple[ResumeCloture, ...]
    appels: tuple[Facture, ...]


class DepotFactures(Protocol):
    """F8: issued invoices and credit notes, scoped by adherent (A4) for reading."""

    def verrouiller_numerotation(self) -> None:
        """Until this unit ends, no other unit numbers documents: call it before reading
        the last rank and the clock, so that numbers follow the order of issue without
        gap."""
        ...

    def dernier_rang(self, annee: int) -> int:
        """The last rank given in the series of ``annee`` (0 when none), as this unit
        sees it (its own pending documents included)."""
        ...

    def ajouter(self, documents: Sequence[FactureEmise]) -> None:
        """Stage new documents. Their ranks must continue the series of their year
        without gap (``facture.numerotation``, a programming error otherwise); a
        document of a closing, period and nature already issued fails with
        ``RegleMetier`` ``facture.deja_emise`` at the latest on commit."""
        ...

    def obtenir(self, adherent_id: str, numero: str) -> FactureEmise:
        """One document as issued; ``Introuvable`` (``facture.introuvable``) for an unknown
        number or another adherent's."""
        ...

    def lister(self, adherent_id: str) -> Sequence[Facture]:
        """Every document of one adherent, in the order of issue."""
        ...

    def de_la_cloture(self, adherent_id: str, cloture: Periode) -> Sequence[Facture]:
        """The documents issued from one closing, in the order of issue (empty when it was
        not invoiced)."""
        ...

    def appel(self, adherent_id: str, periode: Periode) -> Facture | None:
        """The invoice calling the fees of a closed period, if issued."""
        ...

    def a_emettre(self, periode: Periode, adherent_ids: Sequence[str]) -> Sequence[AEmettre]:
        """What issuing needs of each of ``adherent_ids`` whose closing of exactly
        ``periode`` is not yet invoiced (the others are left out), in the order given:
        a few statements for the whole batch."""
        ...

    def a_facturer(self, periode: Periode, apres: str | None, limite: int) -> Sequence[str]:
        """Ids of adherents with a closing of exactly ``periode`` not yet invoiced, after
        ``apres`` in id order, at most ``limite``."""
        ...

    def compter_a_facturer(self, periode: Periode) -> int:
        """How many adherents :meth:`a_facturer` would give in all."""
        ...

    def rangs(self, annee: int) -> Sequence[int]:
        """Every rank of the series of ``annee``, sorted (to check there is no gap)."""
        ...


__all__ = ["AEmettre", "DepotFactures", "FactureEmise"]
