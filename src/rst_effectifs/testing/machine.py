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

import datetime as dt
import functools
from collections.abc import Callable

from hypothesis import strategies as st
from hypothesis.stateful import invariant, precondition, rule

from ..application.commandes import (
    AnnulerMouvement,
    CalculerAssiette,
    ConsulterAdherent,
    ConsulterEffectif,
    EffectifSurPeriode,
    ListerSalaries,
    ReintegrerDansLEffectif,
    SortirDeLEffectif,
)
from ..application.contexte import Contexte, executer
from ..domain.adherents import Acteur
from ..domain.facturation import REGLES_PREDEFINIES
from .machine_deux_cotes import FabriqueContexte, compteur, memoire
from .machine_dossiers import ReglesDesDossiers
from .machine_tirages import (
    ACTEURS,
    ADHERENTS,
    ASSIETTES_CONTROLE,
    CHOIX,
    DATES,
    DATES_CONTROLE,
    PERIODES_CONTROLE,
    REQUETES,
    plus,
)

__all__ = [
    "FabriqueContexte",
    "MachineComparative",
    "compteur",
    "machine_comparative",
    "memoire",
]


class MachineComparative(ReglesDesDossiers):
    """Every rule (those of :class:`~.machine_dossiers.ReglesDesDossiers`, the effectif's
    and the checks after every step); :func:`machine_comparative` binds the two
    builders."""

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
                 lambda: EffectifSurPeriode(adherent_id, debut, plus(debut, duree)))

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
