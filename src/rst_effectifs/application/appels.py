"""One call of a front end (an API request, a page, a command-line run) in ONE unit of
work: the adherent it names and the caller's access are resolved there, and its use
cases run there.

Without it a request opened a unit to turn the member number into an id, another for
the caller's access, a third for the use case, which read the adherent again. With it:

    with Appel(ctx, ecriture=True) as appel:
        adherent, acces = appel.entrer(email, numero="101")
        salarie = executer(appel.ctx, acces, EmbaucherSalarie(adherent.id, ...))

``appel.ctx`` is ``ctx`` whose every unit of work is the call's one, so any use case
(and any function of the application taking a context) run with it shares it, and the
adherent read by :meth:`Appel.entrer` is not read again (the SQL unit keeps what its
transaction read: an identity map). The unit opens at the first read and closes with the
call; leaving without commit rolls back.

A use case sees the call's unit as if it were its own: its ``commit`` commits (what
it wrote is stored even if a later step of the call fails, as before); a failure inside
its ``with`` block rolls the unit back, and the next ``with`` (a retry of
``executer(..., tentatives=N)``, the next use case) starts a new transaction on the same
unit; a use case that writes and leaves without committing leaves nothing behind. A
use case that only reads leaves the transaction open, so that the call's later reads see
the same state.

Whether the unit begins as a writer (``ecriture``, what SQLite needs to take its write
lock at once) is the caller's to say: the use case's registration (``ecrit``) for an API
request, the method for a page. A use case that writes, run in a call opened as a
reader, makes the call reopen its unit as a writer (a second unit: the only case).
"""

from __future__ import annotations

import datetime as dt
from types import TracebackType
from typing import Any, Self, cast

from attrs import evolve

from ..domain.adherents import Acces, Adherent
from ..domain.erreurs import adherent_introuvable
from ..domain.identifiants import Email
from ..ports.acces import SessionEtAdherent
from ..ports.unit_of_work import UniteDeTravail
from .acces import adherent_et_acces, adherent_par_numero, numero_possible
from .contexte import Contexte
from .sessions import session_active, session_en_usage, session_et_adherent
from .transactions import annoncer_ecriture, ecriture_annoncee


class UniteDeLAppel:
    """The call's unit of work as each use case sees it (see the module docstring);
    anything else goes to the unit itself."""

    def __init__(self, appel: Appel) -> None:
        self._appel = appel

    def __getattr__(self, nom: str) -> Any:
        return getattr(self._appel.uow, nom)

    def __enter__(self) -> UniteDeLAppel:
        if ecriture_annoncee() and not self._appel.ecriture:
            self._appel.devenir_ecrivain()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, *_exc: object) -> None:
        if exc_type is not None or ecriture_annoncee():
            self.rollback()

    def commit(self) -> None:
        self._appel.uow.commit()
        self._appel.oublier_la_session_lue()

    def rollback(self) -> None:
        self._appel.uow.rollback()
        self._appel.oublier_la_session_lue()


class Appel:
    """One front-end call's unit of work (see the module docstring). Not shared between
    threads at once: a request uses it from one thread at a time."""

    def __init__(self, ctx: Contexte, *, ecriture: bool) -> None:
        self._fabrique = ctx.unite_de_travail
        self.ecriture = ecriture
        self._uow: UniteDeTravail | None = None
        self._lue: tuple[str, SessionEtAdherent] | None = None
        """What :meth:`session` read with a member number, for :meth:`entrer`."""
        self._vue = UniteDeLAppel(self)
        self.ctx: Contexte = evolve(ctx, unite_de_travail=self._ouvrir)
        """The context to run the call's use cases with: its units of work are the call's."""

    def _ouvrir(self) -> UniteDeTravail:
        return cast(UniteDeTravail, self._vue)

    @property
    def uow(self) -> UniteDeTravail:
        """The call's unit, opened on first use."""
        if self._uow is None:
            with annoncer_ecriture(self.ecriture):
                uow = self._fabrique()
            self._uow = uow.__enter__()
        return self._uow

    @property
    def ouverte(self) -> bool:
        """Whether the call has opened its unit yet."""
        return self._uow is not None

    def devenir_ecrivain(self) -> None:
        """A use case that writes, in a call opened as a reader: a new unit, a writer."""
        self.fermer()
        self.ecriture = True

    def session(self, secret: object, duree: dt.timedelta, inactivite: dt.timedelta, *,
                numero: str | None = None) -> Email | None:
        """:func:`~.sessions.session_active` in the call's unit. Given the member number
        the call names, the adherent and the session e-mail's access on it are read in
        the same statement (:func:`~.sessions.session_et_adherent`) and kept, so that
        :meth:`entrer` and :meth:`adherent` for that number read nothing more."""
        if numero is None or not numero_possible(numero):
            return session_active(self.ctx, secret, duree, inactivite)
        lue = session_et_adherent(self.ctx, secret, numero)
        self._lue = None if lue is None else (numero, lue)  # before a use is written down
        email = session_en_usage(self.ctx, None if lue is None else lue.session, duree,
                                 inactivite)  # which ends the transaction, and forgets it
        if email is None:
            self._lue = None
        return email

    def oublier_la_session_lue(self) -> None:
        """The transaction :meth:`session` read in has ended (a commit, a rollback, the
        unit closed): what it read is read again if asked for."""
        self._lue = None

    def _deja_lue(self, numero: str | None) -> SessionEtAdherent | None:
        if numero is None or self._lue is None or self._lue[0] != numero:
            return None
        return self._lue[1]

    def entrer(
        self, email: Email | str, *, numero: str | None = None, adherent_id: str | None = None
    ) -> tuple[Adherent, Acces]:
        """The adherent the request names and the caller's access on it, read in the
        call's unit (:func:`~.acces.adherent_et_acces`), or already read with the
        session (:meth:`session`)."""
        lue = self._deja_lue(numero)
        if lue is not None and adherent_id is None and isinstance(email, Email) \
                and lue.session.email == email:
            if lue.adherent is None or lue.acces is None:
                raise adherent_introuvable()
            return lue.adherent, lue.acces
        return adherent_et_acces(self._ouvrir(), email, numero=numero,
                                 adherent_id=adherent_id)

    def adherent(self, numero: str) -> Adherent:
        """The adherent of a member number, for RST staff, who need no access
        (:func:`~.acces.adherent_par_numero`), or already read with the session."""
        lue = self._deja_lue(numero)
        if lue is not None:
            if lue.adherent is None:
                raise adherent_introuvable()
            return lue.adherent
        return adherent_par_numero(self._ouvrir(), numero)

    def fermer(self) -> None:
        """Roll back what was not committed and give the connection back."""
        uow, self._uow = self._uow, None
        self.oublier_la_session_lue()
        if uow is not None:
            uow.__exit__(None, None, None)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.fermer()


__all__ = ["Appel", "UniteDeLAppel"]
