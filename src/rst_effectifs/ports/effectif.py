"""The read side: headcount questions answered without loading aggregates one by one."""

from __future__ import annotations

import datetime as dt
from typing import Protocol

from ..domain.effectif import Effectif


class RequetesEffectif(Protocol):
    def effectif(self, adherent_id: str, debut: dt.date, fin: dt.date | None = None) -> Effectif:
        """E4: present on ``debut`` (no ``fin``) or on at least one day of [debut, fin]."""
        ...


__all__ = ["RequetesEffectif"]
