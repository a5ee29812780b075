"""A5: the journal in memory, append-only."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from ...domain.journal import EntreeJournal
from ...ports.journal import Journal
from .etat import UniteMemoire


class JournalMemoire(Journal):
    def __init__(self, uow: UniteMemoire) -> None:
        self._uow = uow
        self.en_attente: list[EntreeJournal] = []

    def ajouter(self, entree: EntreeJournal) -> None:
        self.en_attente.append(entree)

    def lister(
        self,
        adherent_id: str,
        *,
        salarie_id: str | None = None,
        depuis: dt.datetime | None = None,
        avant: dt.datetime | None = None,
    ) -> Sequence[EntreeJournal]:
        return tuple(
            e for e in self._uow.etat.journal
            if e.adherent_id == adherent_id
            and (salarie_id is None or e.salarie_id == salarie_id)
            and (depuis is None or e.quand >= depuis)
            and (avant is None or e.quand < avant)
        )


__all__ = ["JournalMemoire"]
