"""The read side: headcount questions answered without loading aggregates one by one."""

from __future__ import annotations

import datetime as dt
from typing import Protocol

from ..domain.effectif import Effectif
from ..domain.suivi import TypeDeSuivi


class LecturesEffectif(Protocol):
    def effectif(self, adherent_id: str, debut: dt.date, fin: dt.date | None = None, *,
                 suivi_simple: TypeDeSuivi = TypeDeSuivi.SIG) -> Effectif:
        """E4: present on ``debut`` (no ``fin``) or on at least one day of [debut, fin];
        each line's type under the risk catalogue of its day (P2b), ``suivi_simple``
        being the service's choice for simple follow-up."""
        ...


__all__ = ["LecturesEffectif"]
