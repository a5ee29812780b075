"""The memory unit of work: real transactions over an :class:`EtatMemoire`.

Writes are staged in the unit of work and applied at ``commit`` all at once, after
every version check passes; leaving without commit discards them. This adapter is
the reference the SQL one is compared against.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from types import TracebackType
from typing import Self

from ...domain.adherents import Adherent
from ...domain.erreurs import ConflitDeVersion, cloture_deja_faite
from ...domain.salaries import Identite
from ...ports.unit_of_work import UniteDeTravail
from .acces import AccesMemoire, ComptesMemoire, QuotasMemoire
from .adherents import AdherentsMemoire
from .connexions import ConnexionsMemoire
from .effectif import EffectifMemoire
from .envois import EnvoisMemoire
from .etat import EtatMemoire
from .facturation import CloturesMemoire, FacturationMemoire
from .factures import FacturesMemoire
from .idempotence import IdempotenceMemoire
from .journal import JournalMemoire
from .multi_employeurs import MultiEmployeursMemoire
from .salaries import SalariesMemoire
from .sessions import SessionsMemoire

ATTENTE_ECRITURE_S = 30.0
"""How long a unit of work waits for another one's locks (as SQLite waits)."""


class UniteDeTravailMemoire(UniteDeTravail):
    """One transaction over an :class:`EtatMemoire`."""

    adherents: AdherentsMemoire
    salaries: SalariesMemoire
    idempotence: IdempotenceMemoire
    journal: JournalMemoire
    effectif: EffectifMemoire
    clotures: CloturesMemoire
    facturation: FacturationMemoire
    factures: FacturesMemoire
    acces: AccesMemoire
    comptes: ComptesMemoire
    quotas: QuotasMemoire
    envois: EnvoisMemoire
    connexions: ConnexionsMemoire
    multi_employeurs: MultiEmployeursMemoire
    sessions: SessionsMemoire

    def __init__(self, etat: EtatMemoire) -> None:
        self.etat = etat
        self._ecrivain = False
        self._ouvrir()

    def _ouvrir(self) -> None:
        self.adherents = AdherentsMemoire(self)
        self.salaries = SalariesMemoire(self)
        self.idempotence = IdempotenceMemoire(self)
        self.journal = JournalMemoire(self)
        self.effectif = EffectifMemoire(self)
        self.clotures = CloturesMemoire(self)
        self.facturation = FacturationMemoire(self)
        self.factures = FacturesMemoire(self)
        self.acces = AccesMemoire(self)
        self.comptes = ComptesMemoire(self)
        self.quotas = QuotasMemoire(self)
        self.envois = EnvoisMemoire(self)
        self.connexions = ConnexionsMemoire(self)
        self.multi_employeurs = MultiEmployeursMemoire(self)
        self.sessions = SessionsMemoire(self)

    def __enter__(self) -> Self:
        self._ouvrir()
        return self

    def adherents_en_attente(self) -> dict[str, Adherent]:
        return {i: a for i, (_v, a) in self.adherents._modifs.en_attente.items()}

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.rollback()

    def verrouiller_identites(
        self, adherent_id: str, identites: Collection[Identite] | None
    ) -> None:
        self.prendre_l_ecriture()

    def verrouiller_requete(self, adherent_id: str, requete_id: str) -> None:
        self.prendre_l_ecriture()

    def prendre_l_ecriture(self) -> None:
        if not self._ecrivain:
            if not self.etat.ecriture.acquire(timeout=ATTENTE_ECRITURE_S):
                raise ConflitDeVersion()
            self._ecrivain = True

    def _rendre_l_ecriture(self) -> None:
        if self._ecrivain:
            self._ecrivain = False
            self.etat.ecriture.release()

    def commit(self) -> None:
        try:
            self._appliquer()
        finally:
            self._rendre_l_ecriture()

    def _appliquer(self) -> None:
        etat = self.etat
        with etat.verrou:
            self.adherents._modifs.verifier(etat.adherents)
            self.salaries._modifs.verifier(etat.salaries)
            self.envois.verifier(etat.envois)
            self.connexions.verifier(etat)
            self.multi_employeurs.verifier(etat)
            if any(cle in etat.clotures for cle in self.clotures.en_attente):
                raise cloture_deja_faite()
            self.factures.verifier()
            self.adherents._modifs.appliquer(etat.adherents)
            self.salaries._modifs.appliquer(etat.salaries)
            etat.idempotence.update(self.idempotence.en_attente)
            etat.journal.extend(self.journal.en_attente)
            etat.clotures.update(self.clotures.en_attente)
            etat.factures.update({d.facture.numero: d for d in self.factures.en_attente})
            self.acces.appliquer(etat.acces)
            self.quotas.appliquer(etat.quotas)
            self.envois.appliquer(etat.envois)
            self.connexions.appliquer(etat)
            self.multi_employeurs.appliquer(etat)
            self.sessions.appliquer(etat.sessions)
        self._ouvrir()

    def rollback(self) -> None:
        self._rendre_l_ecriture()
        self._ouvrir()


def fabrique_memoire(etat: EtatMemoire | None = None) -> Callable[[], UniteDeTravailMemoire]:
    """A unit-of-work factory over one shared in-memory state."""
    partage = etat if etat is not None else EtatMemoire()
    return lambda: UniteDeTravailMemoire(partage)


__all__ = ["ATTENTE_ECRITURE_S", "UniteDeTravailMemoire", "fabrique_memoire"]
