"""The sessions port (A6): the portal's signed-in sessions, kept on the server so that
signing out, signing out everywhere and removing an access end them for good (a copy
of the cookie is refused after). Like sign-in codes they belong to no member: a
session authenticates an e-mail, which then acts through its accesses (A3)."""

from __future__ import annotations

import datetime as dt
from typing import Protocol

from attrs import field, frozen

from ..domain.identifiants import Email


@frozen
class SessionPortail:
    """One signed-in session of ``email``: ``session_id`` the digest of the secret its
    cookie holds (never the secret), ``vu`` its last request (to the minute), ``fin``
    when it was ended (sign-out, everywhere, access removed)."""

    session_id: str = field(repr=False)
    email: Email
    cree: dt.datetime
    vu: dt.datetime
    fin: dt.datetime | None = None


class DepotSessions(Protocol):
    """Writes are staged in the unit of work; reads see its own pending ones."""

    def ajouter(self, session: SessionPortail) -> None: ...

    def obtenir(self, session_id: str) -> SessionPortail | None: ...

    def toucher(self, session_id: str, quand: dt.datetime) -> None:
        """Its last request was at ``quand``."""
        ...

    def terminer(self, session_id: str, quand: dt.datetime) -> None:
        """End it at ``quand`` (nothing if already ended)."""
        ...

    def terminer_de(self, email: Email, quand: dt.datetime) -> int:
        """End every open session of ``email`` (ignoring case); how many."""
        ...

    def oublier(self, avant: dt.datetime) -> None:
        """Drop every session last seen before ``avant``."""
        ...


__all__ = ["DepotSessions", "SessionPortail"]
