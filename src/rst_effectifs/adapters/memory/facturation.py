"""Billing in memory: closings written once (F4) and the assiette read side (F2, F5)
computed by the pure domain."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from ...domain.clotures import Cloture
from ...domain.erreurs import adherent_introuvable, cloture_deja_faite, cloture_introuvable
from ...domain.facturation import Assiette, Bareme, RegleDeComptage, assiette_de_reference
from ...domain.periodes import Periode
from ...domain.suivi import TypeDeSuivi
from ...domain.totaux import TotauxAssiette
from ...ports.facturation import DepotClotures, LecturesFacturation
from .etat import UniteMemoire


class CloturesMemoire(DepotClotures):
    """F4: closings written once; staged until commit like every other write."""

    def __init__(self, uow: UniteMemoire) -> None:
        self._uow = uow
        self.en_attente: dict[tuple[str, Periode], Cloture] = {}

    def ajouter(self, cloture: Cloture) -> None:
        cle = (cloture.adherent_id, cloture.periode)
        if cle in self.en_attente or cle in self._uow.etat.clotures:
            raise cloture_deja_faite()
        self.en_attente[cle] = cloture

    def obtenir(self, adherent_id: str, periode: Periode) -> Cloture:
        cle = (adherent_id, periode)
        cloture = self.en_attente.get(cle) or self._uow.etat.clotures.get(cle)
        if cloture is None:
            raise cloture_introuvable()
        return cloture

    def lister(self, adherent_id: str) -> Sequence[Cloture]:
        toutes = {**self._uow.etat.clotures, **self.en_attente}
        return sorted((c for (a, _p), c in toutes.items() if a == adherent_id),
                      key=lambda c: c.periode.debut)


class FacturationMemoire(LecturesFacturation):
    """The billing read side computed by the pure domain, over committed data (F5)."""

    def __init__(self, uow: UniteMemoire) -> None:
        self._uow = uow

    def assiette(
        self, adherent_id: str, periode: Periode, regle: RegleDeComptage,
        bareme: Bareme | None = None, *, suivi_simple: TypeDeSuivi = TypeDeSuivi.SIG,
    ) -> Assiette:
        etat = self._uow.etat
        adherent = etat.adherents.get(adherent_id)
        if adherent is None:
            raise adherent_introuvable()
        salaries = [s for (a, _i), s in etat.salaries.items() if a == adherent_id]
        return assiette_de_reference(adherent, salaries, periode, regle, bareme,
                                     suivi_simple=suivi_simple)

    def assiette_de_tous(
        self, periode: Periode, regle: RegleDeComptage, bareme: Bareme | None = None, *,
        suivi_simple: TypeDeSuivi = TypeDeSuivi.SIG,
    ) -> Iterator[Assiette]:
        for adherent_id in sorted(self._uow.etat.adherents):
            yield self.assiette(adherent_id, periode, regle, bareme, suivi_simple=suivi_simple)

    def totaux_de_tous(
        self, periode: Periode, regle: RegleDeComptage, bareme: Bareme | None = None, *,
        suivi_simple: TypeDeSuivi = TypeDeSuivi.SIG,
    ) -> Iterator[TotauxAssiette]:
        for assiette in self.assiette_de_tous(periode, regle, bareme,
                                              suivi_simple=suivi_simple):
            yield TotauxAssiette.de_l_assiette(assiette)


__all__ = ["CloturesMemoire", "FacturationMemoire"]
