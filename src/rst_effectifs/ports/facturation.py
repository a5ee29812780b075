"""Billing ports: frozen closings (F4) and the assiette read side (F2, F5).

The SQL adapter implements :class:`LecturesFacturation` set-based (a few queries,
streamed); ``domain.facturation.assiette_de_reference`` is the reference it must agree
with, and ``Assiette.depuis_lignes`` the constructor it builds results with.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Protocol

from ..domain.clotures import Cloture
from ..domain.facturation import Assiette, Bareme, RegleDeComptage
from ..domain.periodes import Periode
from ..domain.suivi import TypeDeSuivi
from ..domain.totaux import TotauxAssiette


class DepotClotures(Protocol):
    """F4: closings are written once and never changed; scoped by adherent (A4)."""

    def ajouter(self, cloture: Cloture) -> None:
        """Stage a new closing. One already stored (or staged) for the same adherent and
        period fails with ``RegleMetier`` code ``cloture.deja_faite`` (F4), at the latest
        on commit."""
        ...

    def obtenir(self, adherent_id: str, periode: Periode) -> Cloture:
        """The closing stored as it was; ``Introuvable`` (code ``cloture.introuvable``)
        when that adherent has no closing of exactly that period."""
        ...

    def lister(self, adherent_id: str) -> Sequence[Cloture]:
        """Every closing of one adherent, oldest period first."""
        ...


class LecturesFacturation(Protocol):
    """The assiette over committed data, without loading aggregates one by one. Each
    line's type is the one on the rule's reference day, under that day's risk catalogue
    (P2b); ``suivi_simple`` is the service's choice for simple follow-up (SIG or SIA)."""

    def assiette(
        self, adherent_id: str, periode: Periode, regle: RegleDeComptage,
        bareme: Bareme | None = None, *, suivi_simple: TypeDeSuivi = TypeDeSuivi.SIG,
    ) -> Assiette:
        """F2: one adherent's assiette; ``Introuvable`` for an unknown adherent. Does not
        check F3 (the use case does)."""
        ...

    def assiette_de_tous(
        self, periode: Periode, regle: RegleDeComptage, bareme: Bareme | None = None, *,
        suivi_simple: TypeDeSuivi = TypeDeSuivi.SIG,
    ) -> Iterator[Assiette]:
        """F2: every adherent's assiette (adherents with nobody counted included),
        ordered by adherent id, streamed."""
        ...

    def totaux_de_tous(
        self, periode: Periode, regle: RegleDeComptage, bareme: Bareme | None = None, *,
        suivi_simple: TypeDeSuivi = TypeDeSuivi.SIG,
    ) -> Iterator[TotauxAssiette]:
        """F2 without lines: every adherent's totals and amounts, ordered by adherent id,
        streamed; each equals ``TotauxAssiette.de_l_assiette`` of ``assiette_de_tous``."""
        ...


__all__ = ["DepotClotures", "LecturesFacturation"]
