"""The headcount read side (E4) computed by the pure domain over committed data."""

from __future__ import annotations

import datetime as dt

from ...domain.effectif import Effectif, calculer_effectif
from ...domain.erreurs import adherent_introuvable
from ...domain.suivi import TypeDeSuivi
from ...ports.effectif import LecturesEffectif
from .etat import UniteMemoire


class EffectifMemoire(LecturesEffectif):
    """The read side computed by the pure domain, over committed data."""

    def __init__(self, uow: UniteMemoire) -> None:
        self._uow = uow

    def effectif(self, adherent_id: str, debut: dt.date, fin: dt.date | None = None, *,
                 suivi_simple: TypeDeSuivi = TypeDeSuivi.SIG) -> Effectif:
        etat = self._uow.etat
        adherent = etat.adherents.get(adherent_id)
        if adherent is None:
            raise adherent_introuvable()
        salaries = [s for (a, _i), s in etat.salaries.items() if a == adherent_id]
        return calculer_effectif(adherent_id, salaries, adherent.postes_par_id(), debut, fin,
                                 suivi_simple)


__all__ = ["EffectifMemoire"]
