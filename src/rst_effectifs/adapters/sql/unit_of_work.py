"""The SQL unit of work: one connection and one transaction; commit is explicit.

Every statement of the adapter runs through :meth:`UniteDeTravailSql.rangees` /
:meth:`UniteDeTravailSql.ecrire_rangees`, and every driver error is translated in one place,
:func:`~.traduction.appeler` (``traduction.py``).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Collection, Mapping, Sequence
from contextlib import suppress
from types import TracebackType
from typing import Any, Generic, Self, TypeVar, overload

from sqlalchemy import BigInteger, Engine, Executable, Select, bindparam, func, select, text
from sqlalchemy.engine import Connection, Row, RowMapping

from ...application.transactions import ecriture_annoncee, lecture_annoncee
from ...domain.adherents import Adherent
from ...domain.erreurs import (
    ErreurTechnique,
)
from ...domain.salaries import Identite
from ...ports.unit_of_work import UniteDeTravail
from .acces import AccesSql, ComptesSql, QuotasSql
from .adherents import AdherentsSql
from .connexions import ConnexionsSql
from .effectif import EffectifSql
from .envois import EnvoisSql
from .facturation import CloturesSql, FacturationSql
from .factures import FacturesSql
from .idempotence import IdempotenceSql
from .journal import JournalSql
from .moteur import IMMEDIAT
from .multi_employeurs import MultiEmployeursSql
from .salaries import SalariesSql
from .sessions import SessionsSql
from .traduction import appeler
from .verrous import TOUTES, cle_requete, cles_identites, numero_de_verrou

T = TypeVar("T")


_VERROUS_MAX = 100
"""Exclusive locks per statement: many identities at once take them in several
statements, in the same order (PostgreSQL caps a select list at 1,664 columns)."""


@functools.cache
def _verrous(partages: int, exclusifs: int) -> Select[Any]:
    """One statement taking ``partages`` shared then ``exclusifs`` exclusive advisory
    locks (``p0``…, ``e0``…), in that order: one round trip for a hire's two locks."""
    return select(
        *(func.pg_advisory_xact_lock_shared(bindparam(f"p{i}", type_=BigInteger()))
          .label(f"p{i}") for i in range(partages)),
        *(func.pg_advisory_xact_lock(bindparam(f"e{i}", type_=BigInteger())).label(f"e{i}")
          for i in range(exclusifs)))


# -- the unit of work -------------------------------------------------------------------
D = TypeVar("D")


class _Depot(Generic[D]):
    """A repository of the unit, made on first use in each transaction (most requests
    touch two or three of the fifteen): the instance's attribute until ``_ouvrir``."""

    def __init__(self, classe: Callable[[Any], D]) -> None:
        self.classe = classe
        self.nom = ""

    def __set_name__(self, _proprietaire: type, nom: str) -> None:
        self.nom = nom
        _DEPOTS.append(nom)

    @overload
    def __get__(self, uow: None, _proprietaire: type) -> _Depot[D]: ...
    @overload
    def __get__(self, uow: object, _proprietaire: type | None = None) -> D: ...
    def __get__(self, uow: object, _proprietaire: type | None = None) -> D | _Depot[D]:
        if uow is None:
            return self
        depot = self.classe(uow)
        uow.__dict__[self.nom] = depot
        return depot


_DEPOTS: list[str] = []
"""The names of :class:`UniteDeTravailSql`'s repositories."""


class UniteDeTravailSql(UniteDeTravail):
    """One transaction on one connection of ``moteur``.

    Statements run as soon as a repository is called, inside the transaction; a stale
    save fails at once with ``ConflitDeVersion``. ``commit`` writes the journal and
    commits; leaving the ``with`` block without it rolls everything back. After an
    error the transaction may be unusable (PostgreSQL): roll back and start again.
    """

    adherents: _Depot[AdherentsSql] = _Depot(AdherentsSql)
    salaries: _Depot[SalariesSql] = _Depot(SalariesSql)
    idempotence: _Depot[IdempotenceSql] = _Depot(IdempotenceSql)
    journal: _Depot[JournalSql] = _Depot(JournalSql)
    effectif: _Depot[EffectifSql] = _Depot(EffectifSql)
    clotures: _Depot[CloturesSql] = _Depot(CloturesSql)
    facturation: _Depot[FacturationSql] = _Depot(FacturationSql)
    factures: _Depot[FacturesSql] = _Depot(FacturesSql)
    acces: _Depot[AccesSql] = _Depot(AccesSql)
    comptes: _Depot[ComptesSql] = _Depot(ComptesSql)
    quotas: _Depot[QuotasSql] = _Depot(QuotasSql)
    envois: _Depot[EnvoisSql] = _Depot(EnvoisSql)
    connexions: _Depot[ConnexionsSql] = _Depot(ConnexionsSql)
    multi_employeurs: _Depot[MultiEmployeursSql] = _Depot(MultiEmployeursSql)
    sessions: _Depot[SessionsSql] = _Depot(SessionsSql)

    def __init__(self, moteur: Engine, ecriture: bool = False) -> None:
        self.moteur = moteur
        self._connection: Connection | None = None
        self._ecriture = ecriture and moteur.dialect.name == "sqlite"

    def _ouvrir(self) -> None:
        """Forget the repositories (and what they hold: identity maps, pending journal
        entries): the next transaction makes new ones on first use."""
        for nom in _DEPOTS:
            self.__dict__.pop(nom, None)

    # -- statements ------------------------------------------------------------
    def connection(self) -> Connection:
        """The unit's connection, in a transaction: a writer's on SQLite begins with the
        write lock (``BEGIN IMMEDIATE``, waiting up to the busy timeout for the current
        writer), so that what it reads is what it writes over: another writer cannot
        commit in between, and no save fails on a snapshot gone stale. A reader begins
        deferred and runs while a writer writes (WAL)."""
        if self._connection is None:
            self._connection = appeler(self.moteur.connect)
        if self._ecriture and not self._connection.in_transaction():
            self._commencer_en_ecrivain(self._connection)
        return self._connection

    @staticmethod
    def _commencer_en_ecrivain(connection: Connection) -> None:
        connection.info[IMMEDIAT] = True
        try:
            appeler(connection.begin)
        finally:
            connection.info.pop(IMMEDIAT, None)

    def rangees(
        self, instruction: Executable, parametres: Mapping[str, Any] | None = None
    ) -> list[RowMapping]:
        """Run a query and fetch every row (so no driver error can surface later)."""
        connection = self.connection()
        return appeler(lambda: list(connection.execute(instruction, parametres).mappings().all()))

    def rangees_par_position(
        self, instruction: Executable, parametres: Mapping[str, Any] | None = None
    ) -> list[Row[Any]]:
        """Like :meth:`rangees`, each row read by position: what a hot decoder takes (a
        page of the list reads some 40 rows of 16 columns; no lookup by name)."""
        connection = self.connection()
        return appeler(lambda: list(connection.execute(instruction, parametres).all()))

    def rangee(
        self, instruction: Executable, parametres: Mapping[str, Any] | None = None
    ) -> RowMapping | None:
        resultat = self.rangees(instruction, parametres)
        return resultat[0] if resultat else None

    def ecrire_rangees(
        self,
        instruction: Executable,
        parametres: Mapping[str, Any] | Sequence[Mapping[str, Any]] | None = None,
    ) -> int:
        """Run a write; returns the number of rows it touched."""
        if isinstance(parametres, Sequence) and not parametres:
            return 0
        connection = self.connection()
        return appeler(lambda: int(connection.execute(instruction, parametres).rowcount))

    # -- locks (S2, E5 under concurrency) -----------------------------------------
    def verrouiller_identites(
        self, adherent_id: str, identites: Collection[Identite] | None
    ) -> None:
        """PostgreSQL: transaction-scoped advisory locks, the member's key shared (or
        exclusive for ``None``) then each S2 key; SQLite: the database write lock."""
        if identites is None:
            self._verrouiller([], [numero_de_verrou(adherent_id, TOUTES)])
        else:
            self._verrouiller([numero_de_verrou(adherent_id, TOUTES)],
                              [numero_de_verrou(adherent_id, c)
                               for c in cles_identites(identites)])

    def verrouiller_requete(self, adherent_id: str, requete_id: str) -> None:
        self._verrouiller([], [numero_de_verrou(adherent_id, cle_requete(requete_id))])

    def verrouiller_exclusif(self, numero: int) -> None:
        """An exclusive lock held until the unit ends (the write lock on SQLite)."""
        self._verrouiller([], [numero])

    def _verrouiller(self, partages: list[int], exclusifs: list[int]) -> None:
        """Locks held until commit or rollback. Taken before anything is read, so that on
        PostgreSQL (read committed) the reads that follow see what the previous holder
        committed, and on SQLite the unit's snapshot is taken under the write lock."""
        connection = self.connection()
        dialecte = self.moteur.dialect.name
        if dialecte == "sqlite":
            if self._ecriture:
                return  # began as the writer (connection)
            if connection.in_transaction():
                # Already reading: become the writer now (a stale snapshot answers
                # EchecTransitoire, as any write would).
                self.ecrire_rangees(text("UPDATE adherents SET version = version WHERE 0 = 1"))
                return
            self._commencer_en_ecrivain(connection)
        elif dialecte == "postgresql":
            exclusifs = sorted(set(exclusifs))
            if not partages and not exclusifs:
                return
            lots = [exclusifs[i:i + _VERROUS_MAX]
                    for i in range(0, len(exclusifs), _VERROUS_MAX)] or [[]]
            for n, lot in enumerate(lots):
                avec = partages if n == 0 else []  # the shared ones first, once
                self.rangees(_verrous(len(avec), len(lot)), {
                    **{f"p{i}": n for i, n in enumerate(avec)},
                    **{f"e{i}": n for i, n in enumerate(lot)}})
            # Read committed: what the map holds was read before the lock waited for the
            # previous holder, whose commit the reads from now on see.
            self.adherents.lus.clear()

    def adherent_connu(self, adherent_id: str) -> bool:
        """Whether this transaction read or wrote the adherent (its identity map): then it
        exists, and a read-side query need not check again."""
        return adherent_id in self.adherents.lus

    def retenir_adherent(self, adherent: Adherent) -> None:
        self.adherents.lus[adherent.id] = adherent

    # -- transaction -------------------------------------------------------------
    def __enter__(self) -> Self:
        self._ouvrir()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            self.rollback()
        except ErreurTechnique:
            if exc is None:
                raise
        finally:
            self._fermer()

    def commit(self) -> None:
        """Write the journal, then commit; on any failure nothing of the unit is kept."""
        self.journal.ecrire()
        if self._connection is not None:
            appeler(self._connection.commit, validation=True)
        self._ouvrir()

    def rollback(self) -> None:
        self._ouvrir()
        if self._connection is not None:
            try:
                appeler(self._connection.rollback)
            except ErreurTechnique:
                self._fermer()
                raise

    def _fermer(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            with suppress(ErreurTechnique):  # already gone: the pool drops it
                appeler(connection.close)


class FabriqueSql:
    """The ``unite_de_travail`` factory of a :class:`Contexte` on a SQL database; keeps
    the engine (``moteur``) for those who need it (tests, fault injection), and the
    engine of a standby (``lecture``) that serves the use cases declared as only reading,
    if one is given."""

    def __init__(self, moteur: Engine, lecture: Engine | None = None) -> None:
        self.moteur = moteur
        self.lecture = lecture

    def __call__(self, ecriture: bool | None = None) -> UniteDeTravailSql:
        """A new unit of work; a writer if ``ecriture``, or by default if the use case
        opening it writes (:func:`ecriture_annoncee`). A unit of a use case that only
        reads (:func:`lecture_annoncee`) goes to the standby when there is one."""
        if ecriture is None and self.lecture is not None and lecture_annoncee():
            return UniteDeTravailSql(self.lecture, False)
        return UniteDeTravailSql(
            self.moteur, ecriture_annoncee() if ecriture is None else ecriture)

    def fermer(self) -> None:
        """Close every pooled connection (end of the application, or of a test)."""
        self.moteur.dispose()
        if self.lecture is not None:
            self.lecture.dispose()


__all__ = ["FabriqueSql", "UniteDeTravailSql"]
