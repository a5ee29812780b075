"""The unit of work: one transaction. Commit is explicit; leaving without it rolls back."""

from __future__ import annotations

from collections.abc import Collection
from types import TracebackType
from typing import Protocol, Self

from ..domain.salaries import Identite
from .acces import DepotAcces, DepotTentatives, RequetesComptes
from .envois import BoiteDEnvoi
from .facturation import DepotClotures, RequetesFacturation
from .queries import RequetesEffectif
from .repositories import DepotAdherents, DepotRequetes, DepotSalaries, Journal


class UniteDeTravail(Protocol):
    @property
    def adherents(self) -> DepotAdherents: ...

    @property
    def salaries(self) -> DepotSalaries: ...

    @property
    def requetes(self) -> DepotRequetes: ...

    @property
    def journal(self) -> Journal: ...

    @property
    def effectif(self) -> RequetesEffectif: ...

    @property
    def clotures(self) -> DepotClotures: ...

    @property
    def facturation(self) -> RequetesFacturation: ...

    @property
    def acces(self) -> DepotAcces: ...

    @property
    def comptes(self) -> RequetesComptes: ...

    @property
    def tentatives(self) -> DepotTentatives: ...

    @property
    def envois(self) -> BoiteDEnvoi: ...

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
