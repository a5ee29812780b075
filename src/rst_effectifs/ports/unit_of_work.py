"""The unit of work: one transaction. Commit is explicit; leaving without it rolls back."""

from __future__ import annotations

from collections.abc import Collection
from types import TracebackType
from typing import Protocol, Self

from ..domain.salaries import Identite
from .acces import DepotAcces, DepotQuotas, LecturesComptes
from .adherents import DepotAdherents
from .connexions import DepotConnexions
from .effectif import LecturesEffectif
from .envois import BoiteDEnvoi
from .facturation import DepotClotures, LecturesFacturation
from .factures import DepotFactures
from .idempotence import DepotIdempotence
from .journal import Journal
from .multi_employeurs import DepotMultiEmployeurs
from .salaries import DepotSalaries
from .sessions import DepotSessions


class UniteDeTravail(Protocol):
    """Each store is an attribute: adapters subclass this Protocol and set them when a
    unit opens (``_ouvrir``)."""

    adherents: DepotAdherents
    salaries: DepotSalaries
    idempotence: DepotIdempotence
    journal: Journal
    effectif: LecturesEffectif
    clotures: DepotClotures
    facturation: LecturesFacturation
    factures: DepotFactures
    acces: DepotAcces
    comptes: LecturesComptes
    quotas: DepotQuotas
    envois: BoiteDEnvoi
    connexions: DepotConnexions
    multi_employeurs: DepotMultiEmployeurs
    sessions: DepotSessions

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    def verrouiller_identites(
        self, adherent_id: str, identites: Collection[Identite] | None
    ) -> None:
        """S2 whatever runs at the same time: until this unit ends, no other unit that
        locks one of these identities of this adherent (``None``: all of them, what an
        import takes) goes on. Call it first, before reading what S2 is checked on."""
        ...

    def verrouiller_requete(self, adherent_id: str, requete_id: str) -> None:
        """E5 whatever runs at the same time: until this unit ends, no other unit that
        locks this request id goes on, so a resend reads the first one's result."""
        ...

    def commit(self) -> None:
        """Apply every change or none; raises ConflitDeVersion on a stale save."""
        ...

    def rollback(self) -> None: ...


__all__ = ["UniteDeTravail"]
