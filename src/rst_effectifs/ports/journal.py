"""The journal port (A5): append-only, scoped by adherent."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Protocol

from ..domain.journal import EntreeJournal


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


__all__ = ["Journal"]
