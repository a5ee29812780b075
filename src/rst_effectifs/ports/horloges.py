"""The clock port: the domain never reads the time itself (clocks: ``adapters.horloges``)."""

from __future__ import annotations

import datetime as dt
from typing import Protocol


class Horloge(Protocol):
    def maintenant(self) -> dt.datetime:
        """An aware UTC datetime."""
        ...

__all__ = ["Horloge"]
