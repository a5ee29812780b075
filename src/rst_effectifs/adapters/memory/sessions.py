"""The portal's sessions (A6) in memory: staged until the commit."""

from __future__ import annotations

import datetime as dt

from attrs import evolve

from ...domain.identifiants import Email
from ...ports.sessions import DepotSessions, SessionPortail
from .etat import UniteMemoire


class SessionsMemoire(DepotSessions):
    """Session id -> session; changes are whole sessions, applied at commit."""

    def __init__(self, uow: UniteMemoire) -> None:
        self._uow = uow
        self.changees: dict[str, SessionPortail] = {}
        self.oubli: dt.datetime | None = None

    def _toutes(self) -> dict[str, SessionPortail]:
        return {**self._uow.etat.sessions, **self.changees}

    def ajouter(self, session: SessionPortail) -> None:
        self.changees[session.session_id] = session

    def obtenir(self, session_id: str) -> SessionPortail | None:
        return self._toutes().get(session_id)

    def toucher(self, session_id: str, quand: dt.datetime) -> None:
        session = self.obtenir(session_id)
        if session is not None:
            self.changees[session_id] = evolve(session, vu=max(session.vu, quand))

    def terminer(self, session_id: str, quand: dt.datetime) -> None:
        session = self.obtenir(session_id)
        if session is not None and session.fin is None:
            self.changees[session_id] = evolve(session, fin=quand)

    def terminer_de(self, email: Email, quand: dt.datetime) -> int:
        ouvertes = [s for s in self._toutes().values()
                    if s.email.cle == email.cle and s.fin is None]
        for session in ouvertes:
            self.changees[session.session_id] = evolve(session, fin=quand)
        return len(ouvertes)

    def oublier(self, avant: dt.datetime) -> None:
        self.oubli = avant if self.oubli is None else max(self.oubli, avant)

    def appliquer(self, store: dict[str, SessionPortail]) -> None:
        for session_id, session in self.changees.items():
            stockee = store.get(session_id)
            if stockee is not None and stockee.fin is not None:  # an end is final
                session = evolve(session, fin=stockee.fin)
            store[session_id] = session
        if self.oubli is not None:
            for session_id in [i for i, s in store.items() if s.vu < self.oubli]:
                del store[session_id]


__all__ = ["SessionsMemoire"]
