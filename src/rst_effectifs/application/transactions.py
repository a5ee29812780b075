"""How use cases meet a storage others use at the same time: whether a unit of work will
write (so that SQLite takes the write lock when it begins, instead of failing later),
retries after a failure another attempt may not meet, and several use cases in one
transaction. :mod:`.contexte` wires them into ``cas_d_usage``, ``executer`` and
``Contexte.transaction``.
"""

from __future__ import annotations

import contextlib
import contextvars
import random
import time
from collections.abc import Callable, Iterator
from typing import Any, TypeVar, cast

from ..domain.erreurs import (
    ConflitDeVersion,
    EchecTransitoire,
    ErreurRstEffectifs,
    ErreurTechnique,
)
from ..ports.unit_of_work import UniteDeTravail

R = TypeVar("R")

# -- whether a unit of work writes ------------------------------------------------------
_ECRITURE: contextvars.ContextVar[bool | None] = contextvars.ContextVar(
    "rst_effectifs_ecriture", default=None)


def ecriture_annoncee() -> bool:
    """Whether the unit of work being opened now belongs to a use case that writes (as
    its registration declares, :func:`cas_d_usage`). A storage that must decide how a
    transaction begins reads it when a unit is created: SQLite takes the write lock at
    once for a writer (``BEGIN IMMEDIATE``, waiting for the current writer) and begins
    a reader deferred. Outside any use case (``ctx.unite_de_travail()`` called
    directly) it is ``False``."""
    return _ECRITURE.get() is True


def lecture_annoncee() -> bool:
    """Whether the unit of work being opened now belongs to a use case declared as only
    reading: such a unit may be served by a standby server. Outside any use case it is
    ``False`` (nothing is known, so the primary serves it)."""
    return _ECRITURE.get() is False


@contextlib.contextmanager
def annoncer_ecriture(ecrit: bool = True) -> Iterator[None]:
    """Units of work opened inside this block are announced as writers (or readers)."""
    jeton = _ECRITURE.set(ecrit)
    try:
        yield
    finally:
        _ECRITURE.reset(jeton)


# -- several use cases in one transaction ----------------------------------------------------
class UnitePartagee:
    """The transaction's one unit of work as each use case sees it: entering does not
    start it anew, leaving does not roll it back, and its commit waits for the end of
    the block. Anything else goes to the unit itself."""

    def __init__(self, transaction: Transaction) -> None:
        self._transaction = transaction

    def __getattr__(self, nom: str) -> Any:
        return getattr(self._transaction.uow, nom)

    def __enter__(self) -> UnitePartagee:
        return self

    def __exit__(self, *_exc: object) -> None:
        return None

    def commit(self) -> None:
        """Deferred to the end of the transaction."""

    def rollback(self) -> None:
        """A use case giving up rolls back the whole transaction, at its end."""
        self._transaction.condamner(ErreurTechnique(
            "Une étape de la transaction a été abandonnée : rien n'a été enregistré.",
            code="technique.transaction_abandonnee"))


class Transaction:
    """One open :meth:`Contexte.transaction`: its unit of work and its first failure."""

    def __init__(self, fabrique: Callable[[], UniteDeTravail], uow: UniteDeTravail) -> None:
        self.fabrique = fabrique
        self.uow = uow
        self.vue = cast(UniteDeTravail, UnitePartagee(self))
        self.ouvrir: Callable[[], UniteDeTravail] = lambda: self.vue
        self.echec: BaseException | None = None

    def porte_sur(self, fabrique: Callable[[], UniteDeTravail]) -> bool:
        """Whether a context opening its units of work with ``fabrique`` opens them where
        this transaction was opened."""
        return fabrique is self.fabrique or fabrique is self.ouvrir

    def condamner(self, erreur: BaseException) -> None:
        if self.echec is None:
            self.echec = erreur

    def etape(self, lancer: Callable[[Callable[[], UniteDeTravail]], R]) -> R:
        """One use case inside the transaction: ``lancer`` runs it on a context opening
        the shared unit of work with the factory it is given."""
        if self.echec is not None:
            raise self.echec
        try:
            return lancer(self.ouvrir)
        except BaseException as erreur:
            self.condamner(erreur)
            raise


TRANSACTION: contextvars.ContextVar[Transaction | None] = contextvars.ContextVar(
    "rst_effectifs_transaction", default=None)


ATTENTE_INITIALE_S = 0.02
"""Backoff before the second attempt of :func:`executer`; it doubles at each attempt."""
ATTENTE_MAXIMALE_S = 1.0


def reessayable(erreur: ErreurRstEffectifs) -> bool:
    """Whether running the whole use case again may succeed: after a transient failure
    (:class:`EchecTransitoire`) or a plain :class:`ConflitDeVersion` (someone saved
    first; the next run reads their save). Never after a stale expected version (a
    subclass of ``ConflitDeVersion``: the caller's copy is old, only they can decide),
    a business refusal or another technical error."""
    return isinstance(erreur, EchecTransitoire) or type(erreur) is ConflitDeVersion


def attendre(essai: int) -> None:
    """Exponential backoff with jitter, so that the losers of one race do not meet
    again at the same instant."""
    plafond = min(ATTENTE_MAXIMALE_S, ATTENTE_INITIALE_S * 2 ** (essai - 1))
    time.sleep(plafond / 2 + random.uniform(0, plafond / 2))


__all__ = [
    "ATTENTE_INITIALE_S",
    "ATTENTE_MAXIMALE_S",
    "TRANSACTION",
    "Transaction",
    "UnitePartagee",
    "annoncer_ecriture",
    "attendre",
    "ecriture_annoncee",
    "lecture_annoncee",
    "reessayable",
]
