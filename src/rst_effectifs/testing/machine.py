"""Model-based test: one random sequence of use cases against two storages at once.

:func:`machine_comparative` builds a Hypothesis ``RuleBasedStateMachine`` that runs every
step (create an adherent, manage postes, hire, add or cancel contracts, grouped exits
and reintegrations with resends, cancel movements, correct identities, cancel files,
close periods, list pages, and invalid commands of each kind) on a *reference* storage
(the memory adapter) and on a *candidate* (a SQL adapter, or yours). After every step
both must have accepted or refused alike (same error type, code, rule, path, details
and, for grouped refusals, the same failures), returned equal results, and hold equal
data: adherents, reloaded salariés, effectif on dates and over periods, pages, journal.

Both sides get the same fixed clock and their own id generators yielding the same
sequence, so the same step makes the same ids on both. Use it from a test::

    from hypothesis import settings
    from hypothesis.stateful import run_state_machine_as_test
    from rst_effectifs.testing.machine import machine_comparative, memoire

    def test_my_adapter_agrees_with_memory() -> None:
        run_state_machine_as_test(
            machine_comparative(memoire, lambda horloge, nouvel_id: my_context(...)),
            settings=settings(max_examples=20, stateful_step_count=30, deadline=None),
        )

A builder gets ``(horloge, nouvel_id)`` and returns a :class:`Contexte` on an *empty*
store, or a context manager yielding one (closed when the example ends: drop the
database there). Needs the ``test`` extra (hypothesis).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import itertools
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from typing import Any, TypeVar, cast

from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from ..adapters.horloges import HorlogeFixe
from ..application.commandes import (
    AjouterContrat,
    AjouterPoste,
    AnnulerContrat,
    AnnulerMouvement,
    AnnulerSalarie,
    ArchiverPoste,
    CalculerAssiette,
    CloturerPeriode,
    Commande,
    ConsulterAdherent,
    ConsulterEffectif,
    ConsulterSalarie,
    CorrigerIdentite,
    CreerAdherent,
    EffectifSurPeriode,
    EmbaucherSalarie,
    FusionnerSalaries,
    ListerSalaries,
    ModifierRisques,
    NouveauContrat,
    ReintegrerDansLEffectif,
    RenommerPoste,
    SortirDeLEffectif,
    SupprimerPoste,
    VerifierAvantFacturation,
)
from ..application.contexte import Contexte, executer
from ..bootstrap import en_memoire
from ..domain.adherents import Acces, Acteur, AgentRst, Role
from ..domain.contrats import NatureContrat
from ..domain.dates import DATE_MAX, DATE_MIN
from ..domain.erreurs import ErreurDomaine, RefusGroupe
from ..domain.facturation import REGLES_PREDEFINIES
from ..domain.identifiants import Email
from ..domain.salaries import Salarie
from ..domain.suivi import Risque
from ..ports.horloges import Horloge
from .conformite import nir_pour
from .strategies import copie_en_double

__all__ = [
    "FabriqueContexte",
    "MachineComparative",
    "compteur",
    "machine_comparative",
    "memoire",
]

FabriqueContexte = Callable[
    [Horloge, Callable[[], str]], "Contexte | AbstractContextManager[Contexte]"
]
"""Builds a context on an empty store from the shared clock and an id generator."""

T = TypeVar("T")

DEBUT = dt.date(2024, 1, 1)
JOUR = dt.timedelta(days=1)
INCONNU = "inconnu"

EXTREMES = (DATE_MAX, DATE_MAX + JOUR, DATE_MIN - JOUR, dt.date.max)
"""The last date of the domain, and dates it refuses (D1): drawn now and then, so that
both sides refuse them alike (the commands are built inside the step, their own check
included)."""


def _date(k: int) -> dt.date:
    return DEBUT + 20 * k * JOUR if k <= 30 else EXTREMES[k - 31]


def _plus(jour: dt.date, jours: int) -> dt.date:
    """``jour`` + ``jours`` days, or the last (first) representable date."""
    try:
        return jour + jours * JOUR
    except OverflowError:
        return dt.date.max if jours > 0 else dt.date.min


DATES = st.integers(0, 30 + len(EXTREMES)).map(_date)
DATES_CONTROLE = tuple(DEBUT + k * 200 * JOUR for k in range(3))
PERIODES_CONTROLE = ((DEBUT + 100 * JOUR, DEBUT + 465 * JOUR),)
ASSIETTES_CONTROLE = ((2024, "present_dans_l_annee"), (2025, "present_au_1er_janvier"),
                      (2025, "embauches_plus_de_31_jours"))
"""Checked after every step: these rules read the pieces and chains SQL stores at each
save."""
CHOIX = st.sampled_from([*range(12), -1])
"""An index into what exists (modulo its size); -1 (rarely) means an id nobody has."""
ADHERENTS = st.sampled_from([0, 0, 0, 0, 1, 2, -1])
"""Mostly the first adherent, so that its files grow."""
ACTEURS = st.sampled_from(["admin", "admin", "admin", "admin", "admin", "declaration",
                           "agent", "lecture", "etranger"])
NOMS = st.sampled_from(["Martin", "MARTIN", "Durand", "Lefèvre", "Lefevre", "d'Artagnan",
                        "Da Silva", "  "])
PRENOMS = st.sampled_from(["Léa", "Lea", "Tom", "Jean-Paul"])
NAISSANCES = st.sampled_from([dt.date(1990, 5, 4), dt.date(2007, 3, 15), dt.date(1984, 12, 3),
                              dt.date(2024, 6, 1), dt.date(2100, 1, 1), dt.date(9999, 12, 31)])
"""Mostly adults; born in 2024 (contracts drawn before the birth: D2), in 2100 and in 9999
(D1)."""
NIRS = st.sampled_from([None, None, 1, 2, 0])
"""None: no NIR; 1 or 2: one of two valid NIRs for the birth date; 0: an invalid one."""
LIBELLES = st.sampled_from(["Vendeuse", "VENDEUSE", "Boulanger de nuit", "Cariste",
                            "Plongeur", "", "x" * 121])
RISQUES = st.frozensets(st.sampled_from(list(Risque)), max_size=2)
JUSTIFICATIONS = st.sampled_from([None, None, "Avis du médecin du travail"])
REQUETES = st.sampled_from(["r1", "r2", "r3", "r4"])


def compteur(prefixe: str = "id") -> Callable[[], str]:
    """Deterministic ids: ``id0001``, ``id0002``... (one generator per side)."""
    nombres = itertools.count(1)
    return lambda: f"{prefixe}{next(nombres):04d}"


def memoire(horloge: Horloge, nouvel_id: Callable[[], str]) -> Contexte:
    """The reference builder: a fresh memory adapter."""
    return en_memoire(horloge=horloge, nouvel_id=nouvel_id)


def _signature(erreur: ErreurDomaine) -> tuple[object, ...]:
    echecs = erreur.echecs if isinstance(erreur, RefusGroupe) else ()
    return (type(erreur).__name__, erreur.code, erreur.regle, erreur.chemin,
            tuple(sorted(erreur.details.items())), echecs)


def _issue(appel: Callable[[Contexte], object], ctx: Contexte) -> tuple[bool, object]:
    try:
        return True, appel(ctx)
    except ErreurDomaine as erreur:
        return False, _signature(erreur)


class MachineComparative(RuleBasedStateMachine):
    """The rules; :func:`machine_comparative` binds the two builders."""

    reference: FabriqueContexte = staticmethod(memoire)
    candidat: FabriqueContexte = staticmethod(memoire)

    def __init__(self) -> None:
        super().__init__()
        self._pile = contextlib.ExitStack()
        self.horloge = HorlogeFixe(dt.datetime(2025, 1, 1, 9, 0, tzinfo=dt.UTC))
        self.ref = self._ouvrir(type(self).reference)
        self.cand = self._ouvrir(type(self).candidat)
        self.adherents: list[str] = []
        self.postes: dict[str, list[str]] = {}
        self.salaries: dict[str, list[str]] = {}
        self.derniere_requete: Callable[[Contexte], object] | None = None
        self.doubles = itertools.count(1)
        self.agent = AgentRst(Email.parse("agent@rst.fr"))

    def _ouvrir(self, fabrique: FabriqueContexte) -> Contexte:
        construit = fabrique(self.horloge, compteur())
        if isinstance(construit, Contexte):
            return construit
        return self._pile.enter_context(construit)

    def teardown(self) -> None:
        self._pile.close()

    # -- running one step on both sides ---------------------------------------------------
    def jouer(self, appel: Callable[[Contexte], T]) -> tuple[bool, T | None]:
        """Run ``appel`` on both sides; they must agree. Returns (accepted, result)."""
        attendu = _issue(appel, self.ref)
        obtenu = _issue(appel, self.cand)
        assert obtenu == attendu, f"reference gave {attendu!r}\ncandidate gave {obtenu!r}"
        self.horloge.avancer(dt.timedelta(minutes=1))
        ok, resultat = attendu
        return ok, cast(T, resultat) if ok else None

    def cas(self, acteur: Acteur, commande: Commande | Callable[[], Commande]
            ) -> tuple[bool, Any]:
        """Run a command through ``executer`` on both sides; ``commande`` is a command, or
        a function building it, so that a refusal by the command's own checks (D1) is
        compared too."""
        construire = commande if callable(commande) else lambda: commande
        return self.jouer(lambda ctx: executer(ctx, acteur, construire()))

    # -- choosing ids and actors ------------------------------------------------------------
    @staticmethod
    def choisir(ids: Sequence[str], i: int) -> str:
        return ids[i % len(ids)] if ids and i >= 0 else INCONNU

    def adherent(self, i: int) -> str:
        return self.choisir(self.adherents, i)

    def poste(self, adherent_id: str, i: int) -> str:
        return self.choisir(self.postes.get(adherent_id, []), i)

    def salarie(self, adherent_id: str, i: int) -> str:
        return self.choisir(self.salaries.get(adherent_id, []), i)

    def acteur(self, adherent_id: str, qui: str) -> Acteur:
        if qui == "agent":
            return self.agent
        roles = {"admin": Role.ADMINISTRATEUR, "declaration": Role.DECLARATION,
                 "lecture": Role.LECTURE, "etranger": Role.ADMINISTRATEUR}
        cible = "ailleurs" if qui == "etranger" else adherent_id
        return Acces(Email.parse("gerant@exemple.fr"), cible, frozenset({roles[qui]}))

    def salarie_de_reference(self, adherent_id: str, salarie_id: str) -> Salarie | None:
        try:
            with self.ref.unite_de_travail() as uow:
                return uow.salaries.obtenir(adherent_id, salarie_id)
        except ErreurDomaine:
            return None

    # -- adherents and postes ---------------------------------------------------------------
    @initialize(embauches=st.lists(st.tuples(NOMS, PRENOMS, NAISSANCES, NIRS, DATES),
                                   min_size=1, max_size=6),
                double=st.none() | st.tuples(st.integers(0, 5), st.booleans()))
    def premier_adherent(
        self, embauches: list[tuple[str, str, dt.date, int | None, dt.date]],
        double: tuple[int, bool] | None = None,
    ) -> None:
        """An adherent with two postes and a few hires (duplicates refused), so that most
        steps find something to work on; often one of them doubled past S2 (S5)."""
        self.creer_adherent("000001")
        for libelle, risques in (("Vendeuse", frozenset[Risque]()),
                                 ("Boulanger de nuit", frozenset({Risque.TRAVAIL_DE_NUIT}))):
            self.ajouter_poste(0, "admin", libelle, risques, None, None)
        for n, (nom, prenoms, naissance, nir, debut) in enumerate(embauches):
            self.embaucher(0, "admin", nom, prenoms, naissance, nir, NatureContrat.CDI, debut,
                           n, None, None)
        if double is not None:
            self.doubler(0, *double)

    @precondition(lambda self: len(self.adherents) < 2)
    @rule(numero=st.sampled_from(["000002", "000001", "12a"]))
    def creer_adherent(self, numero: str) -> None:
        commande = CreerAdherent(numero=numero, siret="73282932000074",
                                 raison_sociale=f"Adhérent {numero}",
                                 email_connexion=f"contact{numero}@exemple.fr")
        ok, adherent = self.cas(self.agent, commande)
        if ok:
            self.adherents.append(adherent.id)

    @rule(a=ADHERENTS, qui=ACTEURS, libelle=LIBELLES, risques=RISQUES,
          justification=JUSTIFICATIONS, code_pcs=st.sampled_from([None, "684a", "684A", "12"]))
    def ajouter_poste(self, a: int, qui: str, libelle: str, risques: frozenset[Risque],
                      justification: str | None, code_pcs: str | None) -> None:
        adherent_id = self.adherent(a)
        commande = AjouterPoste(adherent_id, libelle, risques, justification, code_pcs)
        ok, poste = self.cas(self.acteur(adherent_id, qui),
                             commande)
        if ok:
            self.postes.setdefault(adherent_id, []).append(poste.id)

    @rule(a=ADHERENTS, qui=ACTEURS, p=CHOIX, libelle=LIBELLES)
    def renommer_poste(self, a: int, qui: str, p: int, libelle: str) -> None:
        adherent_id = self.adherent(a)
        commande = RenommerPoste(adherent_id, self.poste(adherent_id, p), libelle)
        self.cas(self.acteur(adherent_id, qui), commande)

    @rule(a=ADHERENTS, qui=ACTEURS, p=CHOIX, risques=RISQUES, justification=JUSTIFICATIONS)
    def modifier_risques(self, a: int, qui: str, p: int, risques: frozenset[Risque],
                         justification: str | None) -> None:
        adherent_id = self.adherent(a)
        commande = ModifierRisques(adherent_id, self.poste(adherent_id, p), risques,
                                   justification)
        self.cas(self.acteur(adherent_id, qui), commande)

    @rule(a=ADHERENTS, qui=ACTEURS, p=CHOIX)
    def archiver_poste(self, a: int, qui: str, p: int) -> None:
        adherent_id = self.adherent(a)
        commande = ArchiverPoste(adherent_id, self.poste(adherent_id, p))
        self.cas(self.acteur(adherent_id, qui), commande)

    @rule(a=ADHERENTS, qui=ACTEURS, p=CHOIX)
    def supprimer_poste(self, a: int, qui: str, p: int) -> None:
        adherent_id = self.adherent(a)
        commande = SupprimerPoste(adherent_id, self.poste(adherent_id, p))
        self.cas(self.acteur(adherent_id, qui), commande)

    @rule(a=ADHERENTS, le=DATES.filter(lambda d: d != DATE_MAX))
    def cloturer(self, a: int, le: dt.date) -> None:
        """F4: freeze a period (no use case yet: straight through the repositories)."""
        adherent_id = self.adherent(a)

        def cloturer(ctx: Contexte) -> object:
            with ctx.unite_de_travail() as uow:
                adherent = uow.adherents.enregistrer(
                    uow.adherents.obtenir(adherent_id).cloturer_jusqu_au(le))
                uow.commit()
            return adherent

        self.jouer(cloturer)

    @rule(a=ADHERENTS, qui=ACTEURS, debut=DATES.filter(lambda d: d != DATE_MAX),
          suite=st.booleans(), duree=st.sampled_from([0, 30, 364, 365, 366, 800, -1]))
    def cloturer_periode(self, a: int, qui: str, debut: dt.date, suite: bool,
                         duree: int) -> None:
        """F4 through the use case: mostly right after the last closing; a year at most
        (D3), ending within the domain's dates (D1: ``duree=-1`` ends on 9999-12-31)."""
        adherent_id = self.adherent(a)
        if suite:
            with contextlib.suppress(ErreurDomaine), self.ref.unite_de_travail() as uow:
                cloture_au = uow.adherents.obtenir(adherent_id).cloture_au
                debut = debut if cloture_au is None else _plus(cloture_au, 1)
        fin = dt.date.max if duree < 0 else _plus(debut, duree)
        self.cas(self.acteur(adherent_id, qui),
                 lambda: CloturerPeriode(adherent_id, debut, fin, "present_dans_l_annee"))

    # -- salariés and contracts ---------------------------------------------------------------
    def contrat(self, adherent_id: str, nature: NatureContrat, debut: dt.date, p: int,
                duree: int | None, dispositif: str | None) -> NouveauContrat:
        fin = None if duree is None else _plus(debut, duree * 30)
        return NouveauContrat(nature, debut, self.poste(adherent_id, p), fin=fin,
                              dispositif=dispositif, numero="C-1" if duree == 2 else None)

    @staticmethod
    def nir(naissance: dt.date, n: int | None) -> str | None:
        if n is None:
            return None
        return nir_pour(naissance, ordre=n).valeur if n else "1234"

    @rule(a=ADHERENTS, qui=ACTEURS, nom=NOMS, prenoms=PRENOMS, naissance=NAISSANCES, nir=NIRS,
          nature=st.sampled_from(list(NatureContrat)), debut=DATES, p=CHOIX,
          duree=st.none() | st.integers(-1, 12),
          dispositif=st.sampled_from([None, None, None, "61", "6"]))
    def embaucher(self, a: int, qui: str, nom: str, prenoms: str, naissance: dt.date,
                  nir: int | None, nature: NatureContrat, debut: dt.date, p: int,
                  duree: int | None, dispositif: str | None) -> None:
        adherent_id = self.adherent(a)

        def commande() -> EmbaucherSalarie:
            return EmbaucherSalarie(
                adherent_id, nom, prenoms, naissance,
                self.contrat(adherent_id, nature, debut, p, duree, dispositif),
                nir=self.nir(naissance, nir),
            )

        ok, salarie = self.cas(self.acteur(adherent_id, qui),
                               commande)
        if ok:
            self.salaries.setdefault(adherent_id, []).append(salarie.id)

    @rule(a=ADHERENTS, qui=ACTEURS, s=CHOIX, nature=st.sampled_from(list(NatureContrat)),
          debut=DATES, p=CHOIX, duree=st.none() | st.integers(-1, 12),
          dispositif=st.sampled_from([None, "64"]))
    def ajouter_contrat(self, a: int, qui: str, s: int, nature: NatureContrat, debut: dt.date,
                        p: int, duree: int | None, dispositif: str | None) -> None:
        adherent_id = self.adherent(a)

        def commande() -> AjouterContrat:
            return AjouterContrat(
                adherent_id, self.salarie(adherent_id, s),
                self.contrat(adherent_id, nature, debut, p, duree, dispositif),
            )

        self.cas(self.acteur(adherent_id, qui), commande)

    @rule(a=ADHERENTS, qui=ACTEURS, s=CHOIX, c=CHOIX)
    def annuler_contrat(self, a: int, qui: str, s: int, c: int) -> None:
        adherent_id = self.adherent(a)
        salarie_id = self.salarie(adherent_id, s)
        salarie = self.salarie_de_reference(adherent_id, salarie_id)
        contrats = [k.id for k in salarie.contrats] if salarie else []
        commande = AnnulerContrat(adherent_id, salarie_id, self.choisir(contrats, c))
        self.cas(self.acteur(adherent_id, qui), commande)

    @rule(a=ADHERENTS, qui=ACTEURS, s=CHOIX, nom=NOMS, prenoms=PRENOMS, naissance=NAISSANCES,
          nir=NIRS)
    def corriger_identite(self, a: int, qui: str, s: int, nom: str, prenoms: str,
                          naissance: dt.date, nir: int | None) -> None:
        adherent_id = self.adherent(a)
        salarie_id = self.salarie(adherent_id, s)
        self.cas(self.acteur(adherent_id, qui),
                 lambda: CorrigerIdentite(adherent_id, salarie_id, nom, prenoms, naissance,
                                          self.nir(naissance, nir)))

    @rule(a=ADHERENTS, qui=ACTEURS, s=CHOIX)
    def annuler_salarie(self, a: int, qui: str, s: int) -> None:
        adherent_id = self.adherent(a)
        commande = AnnulerSalarie(adherent_id, self.salarie(adherent_id, s))
        self.cas(self.acteur(adherent_id, qui), commande)

    @rule(a=ADHERENTS, qui=ACTEURS, s=CHOIX)
    def consulter_salarie(self, a: int, qui: str, s: int) -> None:
        adherent_id = self.adherent(a)
        commande = ConsulterSalarie(adherent_id, self.salarie(adherent_id, s))
        self.cas(self.acteur(adherent_id, qui), commande)


    # -- files doubled before S2 was enforced, and their merge (F6, S5) ----------------------
    def groupes(self, adherent_id: str) -> list[tuple[str, ...]]:
        with self.ref.unite_de_travail() as uow:
            return list(uow.salaries.groupes_de_doublons(adherent_id))

    @rule(a=ADHERENTS, s=CHOIX, tout=st.booleans())
    def doubler(self, a: int, s: int, tout: bool) -> None:
        """A second file for a person, stored past S2 as a pre-fix database holds it: the
        same history (or its first contract only), the NIR given on one file only (so
        that no unique index of a fixed database refuses it either)."""
        adherent_id = self.adherent(a)
        ids = self.salaries.get(adherent_id, [])
        en_double = {i for g in self.groupes(adherent_id) for i in g}
        candidats = (self.salarie_de_reference(adherent_id, self.choisir(ids, s + k))
                     for k in range(len(ids)))
        original = next((c for c in candidats if c is not None and not c.annule
                         and c.contrats_actifs and c.id not in en_double), None)
        if original is None:
            return
        n = next(self.doubles)
        double = copie_en_double(original, f"double{n:03d}", tout, 500 + n)

        def ajouter(ctx: Contexte) -> object:
            with ctx.unite_de_travail() as uow:
                stocke = uow.salaries.ajouter(double)
                uow.commit()
            return stocke

        ok, _stocke = self.jouer(ajouter)
        if ok:
            self.salaries.setdefault(adherent_id, []).append(double.id)
        self.rapport(adherent_id)

    @rule(a=ADHERENTS, qui=ACTEURS, g=CHOIX, s=CHOIX, sens=st.booleans())
    def fusionner(self, a: int, qui: str, g: int, s: int, sens: bool) -> None:
        """S5, mostly on a group the report lists; sometimes any two files (refused)."""
        adherent_id = self.adherent(a)
        groupes = self.groupes(adherent_id)
        if groupes and g >= 0 and g % 3:
            groupe = groupes[g % len(groupes)]
            conserve, doublon = groupe[0], groupe[-1]
        else:
            conserve, doublon = self.salarie(adherent_id, g), self.salarie(adherent_id, s)
        if sens:
            conserve, doublon = doublon, conserve
        self.cas(self.acteur(adherent_id, qui),
                 FusionnerSalaries(adherent_id, conserve, doublon))
        self.rapport(adherent_id)

    def rapport(self, adherent_id: str) -> None:
        self.cas(self.agent,
                 VerifierAvantFacturation(adherent_id, DATES_CONTROLE[-1]))

    # -- the effectif -----------------------------------------------------------------------
    def en_groupe(self, commande: Callable[[], SortirDeLEffectif | ReintegrerDansLEffectif],
                  acteur: Acteur) -> None:
        def appel(ctx: Contexte) -> object:
            return executer(ctx, acteur, commande())

        self.jouer(appel)
        self.derniere_requete = appel

    @rule(a=ADHERENTS, qui=ACTEURS, choix=st.lists(CHOIX, min_size=1, max_size=3), le=DATES,
          motif=st.sampled_from([None, None, "031", "059", "31"]), requete=REQUETES)
    def sortir(self, a: int, qui: str, choix: list[int], le: dt.date, motif: str | None,
               requete: str) -> None:
        adherent_id = self.adherent(a)
        ids = tuple(self.salarie(adherent_id, i) for i in choix)
        self.en_groupe(lambda: SortirDeLEffectif(adherent_id, requete, ids, le, motif),
                       self.acteur(adherent_id, qui))

    @rule(a=ADHERENTS, qui=ACTEURS, choix=st.lists(CHOIX, min_size=1, max_size=3), le=DATES,
          motif=st.sampled_from([None, "Retour de congé", ""]), requete=REQUETES)
    def reintegrer(self, a: int, qui: str, choix: list[int], le: dt.date, motif: str | None,
                   requete: str) -> None:
        adherent_id = self.adherent(a)
        ids = tuple(self.salarie(adherent_id, i) for i in choix)
        self.en_groupe(lambda: ReintegrerDansLEffectif(adherent_id, requete, ids, le, motif),
                       self.acteur(adherent_id, qui))

    @precondition(lambda self: self.derniere_requete is not None)
    @rule()
    def renvoyer_la_derniere_requete(self) -> None:
        """E5: the same grouped request again (same id, same content)."""
        assert self.derniere_requete is not None
        self.jouer(self.derniere_requete)

    @rule(a=ADHERENTS, qui=ACTEURS, s=CHOIX, m=CHOIX)
    def annuler_mouvement(self, a: int, qui: str, s: int, m: int) -> None:
        adherent_id = self.adherent(a)
        salarie_id = self.salarie(adherent_id, s)
        salarie = self.salarie_de_reference(adherent_id, salarie_id)
        mouvements = [k.id for k in salarie.mouvements] if salarie else []
        if m >= 0 and mouvements and m % 2 == 0:
            m = len(mouvements) - 1  # mostly the latest one, the one that can be cancelled
        commande = AnnulerMouvement(adherent_id, salarie_id, self.choisir(mouvements, m))
        self.cas(self.acteur(adherent_id, qui), commande)

    @rule(a=ADHERENTS, qui=ACTEURS, le=DATES, debut=DATES, duree=st.integers(-20, 400))
    def consulter_effectif(self, a: int, qui: str, le: dt.date, debut: dt.date,
                           duree: int) -> None:
        adherent_id = self.adherent(a)
        acteur = self.acteur(adherent_id, qui)
        self.cas(acteur,
                 lambda: ConsulterEffectif(adherent_id, le))
        self.cas(acteur,
                 lambda: EffectifSurPeriode(adherent_id, debut, _plus(debut, duree)))

    @rule(a=ADHERENTS, qui=ACTEURS, regle=st.sampled_from(sorted(REGLES_PREDEFINIES)),
          an=st.integers(2023, 2026))
    def calculer_assiette(self, a: int, qui: str, regle: str, an: int) -> None:
        """F2 on both sides after whatever came before: on SQL the presence rules read the
        pieces stored at each save (``morceaux``), so this also checks they kept up."""
        adherent_id = self.adherent(a)
        self.cas(self.acteur(adherent_id, qui),
                 CalculerAssiette(adherent_id, dt.date(an, 1, 1), dt.date(an, 12, 31), regle))

    @rule(a=ADHERENTS, qui=ACTEURS, nom=st.sampled_from([None, "d", "MAR", "lé", "Da S", "%"]),
          p=st.none() | CHOIX, present_le=st.none() | DATES, limite=st.integers(1, 4))
    def lister(self, a: int, qui: str, nom: str | None, p: int | None,
               present_le: dt.date | None, limite: int) -> None:
        adherent_id = self.adherent(a)
        poste_id = None if p is None else self.poste(adherent_id, p)
        self.parcourir(adherent_id, self.acteur(adherent_id, qui), nom, poste_id, present_le,
                       limite)

    def parcourir(self, adherent_id: str, acteur: Acteur, nom: str | None,
                  poste_id: str | None, present_le: dt.date | None, limite: int) -> None:
        """Every page of a listing, compared page by page."""
        apres: str | None = None
        for _ in range(100):
            commande = functools.partial(ListerSalaries, adherent_id, nom, poste_id,
                                         present_le, apres, limite)
            ok, page = self.cas(acteur, commande)
            if not ok or page.suivant is None:
                return
            apres = page.suivant
        raise AssertionError("more than 100 pages: the cursor does not advance")

    # -- after every step ---------------------------------------------------------------------
    @invariant()
    def memes_donnees(self) -> None:
        """Both sides hold the same adherents, files, effectif, assiettes, pages and
        journal."""
        for adherent_id in self.adherents:
            self.cas(self.agent,
                     ConsulterAdherent(adherent_id))
            self.jouer(functools.partial(_dossiers, adherent_id=adherent_id))
            for le in DATES_CONTROLE:
                self.cas(self.agent,
                         ConsulterEffectif(adherent_id, le))
            for debut, fin in PERIODES_CONTROLE:
                self.cas(self.agent,
                         EffectifSurPeriode(adherent_id, debut, fin))
            for an, regle in ASSIETTES_CONTROLE:
                self.cas(self.agent, CalculerAssiette(
                    adherent_id, dt.date(an, 1, 1), dt.date(an, 12, 31), regle))
            self.parcourir(adherent_id, self.agent, None, None, None, 10)


def _dossiers(ctx: Contexte, adherent_id: str) -> tuple[object, ...]:
    """Every file reloaded (checked against the domain's invariants) and the journal."""
    with ctx.unite_de_travail() as uow:
        salaries = sorted(uow.salaries.tous(adherent_id), key=lambda s: s.id)
        journal = tuple(uow.journal.lister(adherent_id))
    for s in salaries:
        s.verifier_invariants()
    return tuple(salaries), journal


def machine_comparative(
    reference: FabriqueContexte, candidat: FabriqueContexte
) -> type[MachineComparative]:
    """A state machine class running every step on ``reference`` and ``candidat``."""
    return type(
        "MachineComparative",
        (MachineComparative,),
        {"reference": staticmethod(reference), "candidat": staticmethod(candidat)},
    )
