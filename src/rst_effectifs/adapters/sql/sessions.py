"""The portal's sessions on SQL (A6): the ``sessions_portail`` table. Like sign-in codes
it belongs to no member (a documented exception to "adherent_id leads every key"): a
session authenticates an e-mail, kept case-folded in ``email_cle``; the id is the
digest of the cookie's secret, never the secret."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Column, Index, Table, bindparam, delete, func, insert, select, update
from sqlalchemy.engine import RowMapping

from ...domain.identifiants import Email
from ...ports.sessions import DepotSessions, SessionPortail
from .rangees import UniteSql, cle_valide
from .tables import ID_MAX, InstantUtc, metadata, texte

sessions_portail = Table(
    "sessions_portail",
    metadata,
    Column("session_id", texte(ID_MAX), primary_key=True),
    Column("email_cle", texte(254), nullable=False),
    Column("email", texte(254), nullable=False),
    Column("cree", InstantUtc(), nullable=False),
    Column("vu", InstantUtc(), nullable=False),
    Column("fin", InstantUtc(), nullable=True),
    Index("ix_sessions_portail_email_cle", "email_cle"),
)
"""A6: one row per signed-in session; ``fin`` set when it was ended."""


_OBTENIR = select(sessions_portail).where(
    sessions_portail.c.session_id == bindparam("session_id"))
"""Built once: every request of a signed-in member runs it."""


COLONNES_SESSION = [c.label(f"session_{c.name}") for c in sessions_portail.c]
"""A session's columns named ``session_…``, to read it joined to other tables."""


def _session(rangee: RowMapping, prefixe: str = "") -> SessionPortail:
    return SessionPortail(rangee[f"{prefixe}session_id"], Email(rangee[f"{prefixe}email"]),
                          rangee[f"{prefixe}cree"], rangee[f"{prefixe}vu"],
                          rangee[f"{prefixe}fin"])


def session_depuis_rangee(rangee: RowMapping) -> SessionPortail:
    """The session of a row read with :data:`COLONNES_SESSION`."""
    return _session(rangee, "session_")


class SessionsSql(DepotSessions):
    """Writes run at once inside the unit's transaction; an ended session stays ended
    (every ``UPDATE`` of ``fin`` requires it unset)."""

    def __init__(self, uow: UniteSql) -> None:
        self._uow = uow

    def ajouter(self, session: SessionPortail) -> None:
        self._uow.ecrire_rangees(insert(sessions_portail), {
            "session_id": session.session_id, "email_cle": session.email.cle,
            "email": session.email.valeur, "cree": session.cree, "vu": session.vu,
            "fin": session.fin,
        })

    def obtenir(self, session_id: str) -> SessionPortail | None:
        if not cle_valide(session_id):
            return None
        rangee = self._uow.rangee(_OBTENIR, {"session_id": session_id})
        return None if rangee is None else _session(rangee)

    def toucher(self, session_id: str, quand: dt.datetime) -> None:
        s = sessions_portail.c
        self._uow.ecrire_rangees(update(sessions_portail).where(
            s.session_id == session_id, s.vu < quand).values(vu=quand))

    def terminer(self, session_id: str, quand: dt.datetime) -> None:
        s = sessions_portail.c
        self._uow.ecrire_rangees(update(sessions_portail).where(
            s.session_id == session_id, s.fin.is_(None)).values(fin=quand))

    def terminer_de(self, email: Email, quand: dt.datetime) -> int:
        s = sessions_portail.c
        return self._uow.ecrire_rangees(update(sessions_portail).where(
            s.email_cle == email.cle, s.fin.is_(None)).values(fin=quand))

    def oublier(self, avant: dt.datetime) -> None:
        self._uow.ecrire_rangees(delete(sessions_portail).where(sessions_portail.c.vu < avant))

    def compter(self) -> int:
        """Sessions stored (tests, benches)."""
        rangee = self._uow.rangee(select(func.count().label("n")).select_from(sessions_portail))
        return 0 if rangee is None else int(rangee["n"])


__all__ = ["COLONNES_SESSION", "SessionsSql", "session_depuis_rangee", "sessions_portail"]
