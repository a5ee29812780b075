"""Dict-backed repositories and a unit of work with real transactions.

Writes are staged in the unit of work and applied at ``commit`` all at once, after
every version check passes; leaving without commit discards them. This adapter is
the reference the SQL one is compared against.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Collection, Iterator, Sequence
from types import TracebackType
from typing import Generic, Self, TypeVar

from attrs import define, evolve, field

from ..domain.adherents import Acces, Adherent
from ..domain.clotures import Cloture
from ..domain.effectif import Effectif, calculer_effectif
from ..domain.erreurs import (
    ConflitDeVersion,
    DonneeInvalide,
    adherent_introuvable,
    cloture_deja_faite,
    cloture_introuvable,
    salarie_introuvable,
)
from ..domain.facturation import Assiette, Bareme, RegleDeComptage, assiette_de_reference
from ..domain.journal import EntreeJournal
from ..domain.periodes import Periode
from ..domain.salaries import Identite, Salarie
from ..domain.textes import normaliser
from ..domain.totaux import TotauxAssiette
from ..domain.verifications import fiche, groupes_de_doublons
from ..ports.envois import EnvoiEnAttente
from ..ports.repositories import FiltreSalaries, PageSalaries, RequeteTraitee
from .memory_acces import AccesMemoire, ComptesMemoire, EnvoisMemoire, TentativesMemoire

K = TypeVar("K")
ATTENTE_ECRITURE_S = 30.0
"""How long a unit of work waits for another one's locks (as SQLite waits)."""
V = TypeVar("V", Adherent, Salarie)


@define
class EtatMemoire:
    """The committed state: what a database would hold."""

    adherents: dict[str, Adherent] = field(factory=dict)
    salaries: dict[tuple[str, str], Salarie] = field(factory=dict)
    requetes: dict[tuple[str, str], RequeteTraitee] = field(factory=dict)
    journal: list[EntreeJournal] = field(factory=list)
    clotures: dict[tuple[str, Periode], Cloture] = field(factory=dict)
    acces: dict[tuple[str, str], Acces] = field(factory=dict)
    """A3: (adherent id, case-folded e-mail) -> access."""
    tentatives: dict[str, tuple[dt.datetime, ...]] = field(factory=dict)
    """A2: recovery requests by address digest."""
    envois: dict[str, EnvoiEnAttente] = field(factory=dict)
    """A2: the outbox, entry id -> entry waiting for the sender."""
    verrou: threading.Lock = field(factory=threading.Lock)
    ecriture: threading.Lock = field(factory=threading.Lock)
    """Held by a unit of work that locked identities or a request, until it ends: the
    memory adapter serialises those units (S2, E5) as SQLite does with its write lock."""


class _Modifications(Generic[K, V]):
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


class AdherentsMemoire:
    def __init__(self, uow: UniteDeTravailMemoire) -> None:
        self._uow = uow
        self._modifs: _Modifications[str, Adherent] = _Modifications()

    def obtenir(self, adherent_id: str) -> Adherent:
        if adherent_id in self._modifs.en_attente:
            return self._modifs.en_attente[adherent_id][1]
        try:
            return self._uow.etat.adherents[adherent_id]
        except (KeyError, TypeError):
            raise adherent_introuvable() from None

    def ajouter(self, adherent: Adherent) -> Adherent:
        return self._modifs.ajouter(adherent.id, adherent, adherent.id in self._uow.etat.adherents)

    def enregistrer(self, adherent: Adherent) -> Adherent:
        return self._modifs.enregistrer(adherent.id, adherent)

    def numero_existe(self, numero: str) -> bool:
        tous = [*self._uow.etat.adherents.values(),
                *(v for _a, v in self._modifs.en_attente.values())]
        return any(a.numero.valeur == numero for a in tous)

    def _tous(self) -> dict[str, Adherent]:
        return {**self._uow.etat.adherents,
                **{cle: v for cle, (_a, v) in self._modifs.en_attente.items()}}

    def id_par_numero(self, numero: str) -> str | None:
        return next((i for i, a in sorted(self._tous().items()) if a.numero.valeur == numero),
                    None)

    def ids(self, limite: int | None = None) -> list[str]:
        return sorted(self._tous())[:limite]


class SalariesMemoire:
    def __init__(self, uow: UniteDeTravailMemoire) -> None:
        self._uow = uow
        self._modifs: _Modifications[tuple[str, str], Salarie] = _Modifications()

    def obtenir(self, adherent_id: str, salarie_id: str) -> Salarie:
        cle = (adherent_id, salarie_id)
        if cle in self._modifs.en_attente:
            return self._modifs.en_attente[cle][1]
        try:
            return self._uow.etat.salaries[cle]
        except (KeyError, TypeError):
            raise salarie_introuvable() from None

    def ajouter(self, salarie: Salarie) -> Salarie:
        cle = (salarie.adherent_id, salarie.id)
        return self._modifs.ajouter(cle, salarie, cle in self._uow.etat.salaries)

    def ajouter_tous(self, salaries: Sequence[Salarie]) -> list[Salarie]:
        return [self.ajouter(salarie) for salarie in salaries]

    def enregistrer(self, salarie: Salarie) -> Salarie:
        return self._modifs.enregistrer((salarie.adherent_id, salarie.id), salarie)

    def tous(self, adherent_id: str) -> Sequence[Salarie]:
        vus = dict(self._uow.etat.salaries)
        vus.update({k: v for k, (_a, v) in self._modifs.en_attente.items()})
        return [s for (a, _i), s in vus.items() if a == adherent_id]

    def doublons(
        self, adherent_id: str, identite: Identite, sauf: str | None = None
    ) -> Sequence[str]:
        return sorted(
            s.id for s in self.tous(adherent_id)
            if s.id != sauf and not s.annule and meme_personne(s.identite, identite)
        )

    def groupes_de_doublons(self, adherent_id: str) -> Sequence[tuple[str, ...]]:
        return groupes_de_doublons(fiche(s) for s in self.tous(adherent_id) if not s.annule)

    def lister(
        self, adherent_id: str, filtre: FiltreSalaries, apres: str | None, limite: int
    ) -> PageSalaries:
        choisis = sorted(
            (s for s in self.tous(adherent_id) if correspond(s, filtre)), key=cle_de_tri
        )
        if apres is not None:
            repere = self.obtenir(adherent_id, apres)
            choisis = [s for s in choisis if cle_de_tri(s) > cle_de_tri(repere)]
        page = tuple(choisis[:limite])
        suivant = page[-1].id if len(choisis) > limite else None
        return PageSalaries(page, suivant)


def meme_personne(a: Identite, b: Identite) -> bool:
    """S2 as the memory adapter checks it; the SQL adapter runs the same test in SQL."""
    if a.nir is not None and b.nir is not None:
        return a.nir == b.nir
    return a.cle == b.cle


def cle_de_tri(s: Salarie) -> tuple[str, str, str]:
    nom, prenoms, _naissance = s.identite.cle
    return nom, prenoms, s.id


def correspond(s: Salarie, filtre: FiltreSalaries) -> bool:
    if s.annule and not filtre.inclure_annules:
        return False
    if filtre.nom is not None and not s.identite.cle[0].startswith(normaliser(filtre.nom)):
        return False
    if filtre.poste_id is not None and not any(
        c.poste_id == filtre.poste_id for c in s.contrats_actifs
    ):
        return False
    return filtre.present_le is None or s.present_le(filtre.present_le)


class RequetesMemoire:
    def __init__(self, uow: UniteDeTravailMemoire) -> None:
        self._uow = uow
        self.en_attente: dict[tuple[str, str], RequeteTraitee] = {}

    def obtenir(self, adherent_id: str, requete_id: str) -> RequeteTraitee | None:
        cle = (adherent_id, requete_id)
        return self.en_attente.get(cle) or self._uow.etat.requetes.get(cle)

    def ajouter(self, requete: RequeteTraitee) -> None:
        self.en_attente[(requete.adherent_id, requete.requete_id)] = requete


class JournalMemoire:
    def __init__(self, uow: UniteDeTravailMemoire) -> None:
        self._uow = uow
        self.en_attente: list[EntreeJournal] = []

    def ajouter(self, entree: EntreeJournal) -> None:
        self.en_attente.append(entree)

    def lister(
        self,
        adherent_id: str,
        *,
        salarie_id: str | None = None,
        depuis: dt.datetime | None = None,
        avant: dt.datetime | None = None,
    ) -> Sequence[EntreeJournal]:
        return tuple(
            e for e in self._uow.etat.journal
            if e.adherent_id == adherent_id
            and (salarie_id is None or e.salarie_id == salarie_id)
            and (depuis is None or e.quand >= depuis)
            and (avant is None or e.quand < avant)
        )


class EffectifMemoire:
    """The read side computed by the pure domain, over committed data."""

    def __init__(self, uow: UniteDeTravailMemoire) -> None:
        self._uow = uow

    def effectif(self, adherent_id: str, debut: dt.date, fin: dt.date | None = None) -> Effectif:
        etat = self._uow.etat
        adherent = etat.adherents.get(adherent_id)
        if adherent is None:
            raise adherent_introuvable()
        salaries = [s for (a, _i), s in etat.salaries.items() if a == adherent_id]
        return calculer_effectif(adherent_id, salaries, adherent.postes_par_id(), debut, fin)


class CloturesMemoire:
    """F4: closings written once; staged until commit like every other write."""

    def __init__(self, uow: UniteDeTravailMemoire) -> None:
        self._uow = uow
        self.en_attente: dict[tuple[str, Periode], Cloture] = {}

    def ajouter(self, cloture: Cloture) -> None:
        cle = (cloture.adherent_id, cloture.periode)
        if cle in self.en_attente or cle in self._uow.etat.clotures:
            raise cloture_deja_faite()
        self.en_attente[cle] = cloture

    def obtenir(self, adherent_id: str, periode: Periode) -> Cloture:
        cle = (adherent_id, periode)
        cloture = self.en_attente.get(cle) or self._uow.etat.clotures.get(cle)
        if cloture is None:
            raise cloture_introuvable()
        return cloture

    def lister(self, adherent_id: str) -> Sequence[Cloture]:
        toutes = {**self._uow.etat.clotures, **self.en_attente}
        return sorted((c for (a, _p), c in toutes.items() if a == adherent_id),
                      key=lambda c: c.periode.debut)


class FacturationMemoire:
    """The billing read side computed by the pure domain, over committed data (F5)."""

    def __init__(self, uow: UniteDeTravailMemoire) -> None:
        self._uow = uow

    def assiette(
        self, adherent_id: str, periode: Periode, regle: RegleDeComptage,
        bareme: Bareme | None = None,
    ) -> Assiette:
        etat = self._uow.etat
        adherent = etat.adherents.get(adherent_id)
        if adherent is None:
            raise adherent_introuvable()
        salaries = [s for (a, _i), s in etat.salaries.items() if a == adherent_id]
        return assiette_de_reference(adherent, salaries, periode, regle, bareme)

    def assiette_de_tous(
        self, periode: Periode, regle: RegleDeComptage, bareme: Bareme | None = None
    ) -> Iterator[Assiette]:
        for adherent_id in sorted(self._uow.etat.adherents):
            yield self.assiette(adherent_id, periode, regle, bareme)

    def totaux_de_tous(
        self, periode: Periode, regle: RegleDeComptage, bareme: Bareme | None = None
    ) -> Iterator[TotauxAssiette]:
        for assiette in self.assiette_de_tous(periode, regle, bareme):
            yield TotauxAssiette.de_l_assiette(assiette)


class UniteDeTravailMemoire:
    """One transaction over an :class:`EtatMemoire`."""

    def __init__(self, etat: EtatMemoire) -> None:
        self.etat = etat
        self._ecrivain = False
        self._ouvrir()

    def _ouvrir(self) -> None:
        self.adherents = AdherentsMemoire(self)
        self.salaries = SalariesMemoire(self)
        self.requetes = RequetesMemoire(self)
        self.journal = JournalMemoire(self)
        self.effectif = EffectifMemoire(self)
        self.clotures = CloturesMemoire(self)
        self.facturation = FacturationMemoire(self)
        self.acces = AccesMemoire(self)
        self.comptes = ComptesMemoire(self)
        self.tentatives = TentativesMemoire(self)
        self.envois = EnvoisMemoire(self)

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
        self._prendre_l_ecriture()

    def verrouiller_requete(self, adherent_id: str, requete_id: str) -> None:
        self._prendre_l_ecriture()

    def _prendre_l_ecriture(self) -> None:
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
            if any(cle in etat.clotures for cle in self.clotures.en_attente):
                raise cloture_deja_faite()
            self.adherents._modifs.appliquer(etat.adherents)
            self.salaries._modifs.appliquer(etat.salaries)
            etat.requetes.update(self.requetes.en_attente)
            etat.journal.extend(self.journal.en_attente)
            etat.clotures.update(self.clotures.en_attente)
            self.acces.appliquer(etat.acces)
            self.tentatives.appliquer(etat.tentatives)
            self.envois.appliquer(etat.envois)
        self._ouvrir()

    def rollback(self) -> None:
        self._rendre_l_ecriture()
        self._ouvrir()


def fabrique_memoire(etat: EtatMemoire | None = None) -> Callable[[], UniteDeTravailMemoire]:
    """A unit-of-work factory over one shared in-memory state."""
    partage = etat if etat is not None else EtatMemoire()
    return lambda: UniteDeTravailMemoire(partage)
