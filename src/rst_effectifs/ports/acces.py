"""Account and access ports (A1–A3): stored accesses, account lookups across members,
and the attempts counter of the declarant-number recovery (A2)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Protocol

from attrs import frozen

from ..domain.adherents import Acces, Adherent, Role
from ..domain.comptes import Compte
from ..domain.identifiants import Email
from .sessions import SessionPortail


@frozen
class AdherentAccessible:
    """One adherent an e-mail may act on, with what a front end shows to choose it."""

    adherent_id: str
    numero: str
    raison_sociale: str
    roles: frozenset[Role]


@frozen
class SessionEtAdherent:
    """A6 and A4 in one read, what a signed-in request needs first: the stored
    ``session`` (not checked yet: ended, too old, idle), the ``adherent`` of the member
    number the request names (``None``: no such number) and the ``acces`` the session's
    e-mail holds on it (``None``: none)."""

    session: SessionPortail
    adherent: Adherent | None
    acces: Acces | None


class DepotAcces(Protocol):
    """A3: one access per (adherent, e-mail), e-mails compared ignoring case. Writes are
    part of the unit of work; reads see its own pending writes."""

    def obtenir(self, adherent_id: str, email: Email) -> Acces | None:
        """That e-mail's access on that adherent, ``None`` if it has none (or the id is
        not one the store could hold)."""
        ...

    def lister(self, adherent_id: str) -> Sequence[Acces]:
        """Every access on one adherent, by e-mail (case-folded)."""
        ...

    def ajouter(self, acces: Acces) -> None:
        """Stage a new access (the caller checked there is none for that e-mail)."""
        ...

    def modifier(self, acces: Acces) -> None:
        """Stage new roles for an existing access."""
        ...

    def retirer(self, adherent_id: str, email: Email) -> None:
        """Stage the removal of an access."""
        ...

    def de_l_email(self, email: Email) -> Sequence[Acces]:
        """Every access of one e-mail, on any adherent, by adherent id."""
        ...


class LecturesComptes(Protocol):
    """Account lookups that cross members: uniqueness (A1), recovery (A2), the list of
    adherents an e-mail may act on (A3)."""

    def teledeclarant_attribue(self, numero: str, sauf: str | None = None) -> bool:
        """Whether an adherent other than ``sauf`` holds that declarant number."""
        ...

    def comptes_de_connexion(self, email: Email) -> Sequence[Compte]:
        """The accounts whose login e-mail is ``email`` (ignoring case), by adherent id."""
        ...

    def accessibles(self, email: Email) -> Sequence[AdherentAccessible]:
        """The adherents ``email`` holds an access on, by adherent id."""
        ...

    def adherent_et_acces(self, numero: str, email: Email) -> tuple[Adherent, Acces | None] | None:
        """A4 in one lookup, what a request names and who sends it: the adherent of a
        member number (``None``: no such number) with the access ``email`` holds on it
        (``None``: none); the adherent as ``DepotAdherents.obtenir`` gives it."""
        ...

    def session_et_adherent(self, session_id: str, numero: str) -> SessionEtAdherent | None:
        """A signed-in request's first read: the session ``session_id`` (``None``: no
        such session), with what :meth:`adherent_et_acces` gives for its e-mail and
        ``numero`` (on SQL, one statement for the three)."""
        ...


class DepotQuotas(Protocol):
    """The rate limits' counted requests: declarant-number recoveries (A2), sign-in
    requests and code checks (A6), each recorded at its instant under a key. ``cle`` is
    an opaque digest (of the address, or of the address and the client), never the
    address itself."""

    def compter(self, cle: str, depuis: dt.datetime) -> int:
        """Requests recorded for ``cle`` at or after ``depuis``."""
        ...

    def ajouter(self, cle: str, quand: dt.datetime) -> None: ...

    def oublier(self, avant: dt.datetime) -> None:
        """Drop every request recorded before ``avant`` (any key)."""
        ...


__all__ = ["AdherentAccessible", "DepotAcces", "DepotQuotas", "LecturesComptes",
           "SessionEtAdherent"]
