"""The memory adapter's committed state, its staged saves, and what its stores need
of the unit of work."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Mapping
from typing import Generic, Protocol, TypeVar

from attrs import define, evolve, field

from ...domain.adherents import Acces, Adherent
from ...domain.clotures import Cloture
from ...domain.erreurs import ConflitDeVersion, DonneeInvalide
from ...domain.journal import EntreeJournal
from ...domain.multi_employeurs import DeclarationMultiEmployeur, MultiEmployeur
from ...domain.periodes import Periode
from ...domain.salaries import Salarie
from ...ports.acces import DepotAcces
from ...ports.connexions import CodeDeConnexion, JetonDAcces
from ...ports.envois import EnvoiEnAttente
from ...ports.factures import FactureEmise
from ...ports.idempotence import RequeteTraitee
from ...ports.sessions import DepotSessions, SessionPortail

K = TypeVar("K")
V = TypeVar("V", Adherent, Salarie)


@define
class EtatMemoire:
    """The committed state: what a database would hold."""

    adherents: dict[str, Adherent] = field(factory=dict)
    salaries: dict[tuple[str, str], Salarie] = field(factory=dict)
    idempotence: dict[tuple[str, str], RequeteTraitee] = field(factory=dict)
    journal: list[EntreeJournal] = field(factory=list)
    clotures: dict[tuple[str, Periode], Cloture] = field(factory=dict)
    factures: dict[str, FactureEmise] = field(factory=dict)
    """F8: issued documents by number, in the order of issue."""
    acces: dict[tuple[str, str], Acces] = field(factory=dict)
    """A3: (adherent id, case-folded e-mail) -> access."""
    quotas: dict[str, tuple[dt.datetime, ...]] = field(factory=dict)
    """A2: recovery requests by address digest."""
    envois: dict[str, EnvoiEnAttente] = field(factory=dict)
    """A2: the outbox, entry id -> entry waiting for the sender."""
    connexions: dict[str, CodeDeConnexion] = field(factory=dict)
    """A6: sign-in codes by id (digests only)."""
    jetons: dict[str, JetonDAcces] = field(factory=dict)
    """A7: bearer tokens by id (digests only)."""
    multi_employeurs: dict[tuple[int, str], MultiEmployeur] = field(factory=dict)
    """F7: RST's records by (year, NIR): across members, like the SQL table."""
    declarations_multi_employeur: dict[tuple[str, int, str], DeclarationMultiEmployeur] = (
        field(factory=dict))
    """F7: members' declarations by (adherent id, year, salarié id)."""
    sessions: dict[str, SessionPortail] = field(factory=dict)
    """A6: the portal's sessions by id (digests of their secrets)."""
    verrou: threading.Lock = field(factory=threading.Lock)
    ecriture: threading.Lock = field(factory=threading.Lock)
    """Held by a unit of work that locked identities or a request, until it ends: the
    memory adapter serialises those units (S2, E5) as SQLite does with its write lock."""


class Modifications(Generic[K, V]):
    """Staged saves: key -> (version expected in the store, or None for a new one; value)."""

    def __init__(self) -> None:
        self.en_attente: dict[K, tuple[int | None, V]] = {}

    def ajouter(self, cle: K, valeur: V, existe: bool) -> V:
        if existe or cle in self.en_attente:
            raise DonneeInvalide("Cet identifiant existe déjà.", code="id.existant")
        nouveau = evolve(valeur, version=1)
        self.en_attente[cle] = (None, nouveau)
        return nouveau

    def enregistrer(self, cle: K, valeur: V) -> V:
        attendu: int | None = valeur.version
        if cle in self.en_attente:
            precedent_attendu, precedent = self.en_attente[cle]
            if precedent.version != valeur.version:
                raise ConflitDeVersion()
            attendu = precedent_attendu
        nouveau = evolve(valeur, version=valeur.version + 1)
        self.en_attente[cle] = (attendu, nouveau)
        return nouveau

    def verifier(self, store: dict[K, V]) -> None:
        for cle, (attendu, _valeur) in self.en_attente.items():
            actuel = store.get(cle)
            if attendu is None and actuel is not None:
                raise ConflitDeVersion()
            if attendu is not None and (actuel is None or actuel.version != attendu):
                raise ConflitDeVersion()

    def appliquer(self, store: dict[K, V]) -> None:
        for cle, (_attendu, valeur) in self.en_attente.items():
            store[cle] = valeur


class UniteMemoire(Protocol):
    """What the stores need of the memory unit of work (``unit_of_work.py`` imports the
    stores, never the other way)."""

    @property
    def etat(self) -> EtatMemoire: ...
    @property
    def acces(self) -> DepotAcces: ...
    @property
    def sessions(self) -> DepotSessions: ...
    def adherents_en_attente(self) -> Mapping[str, Adherent]:
        """The adherents this unit added or saved, not yet committed."""
        ...
    def prendre_l_ecriture(self) -> None:
        """Hold the state's write lock until this unit ends (as the S2 and E5 locks)."""
        ...


__all__ = ["EtatMemoire", "Modifications", "UniteMemoire"]
