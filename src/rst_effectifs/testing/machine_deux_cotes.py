"""Both sides of the comparative state machine (:mod:`.machine`): the reference and the
candidate contexts, the step that runs on both and compares their outcomes, and the
choice of ids and actors every rule makes."""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from typing import Any, TypeVar, cast

from hypothesis.stateful import RuleBasedStateMachine

from ..adapters.horloges import HorlogeFixe
from ..application.commandes import (
    Commande,
)
from ..application.contexte import Contexte, executer
from ..bootstrap import en_memoire
from ..domain.adherents import Acces, Acteur, AgentRst, Role
from ..domain.erreurs import ErreurDomaine, RefusGroupe
from ..domain.identifiants import Email
from ..domain.salaries import Salarie
from ..ports.horloges import Horloge
from .machine_tirages import INCONNU

FabriqueContexte = Callable[
    [Horloge, Callable[[], str]], "Contexte | AbstractContextManager[Contexte]"
]
"""Builds a context on an empty store from the shared clock and an id generator."""

T = TypeVar("T")

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


class DeuxCotes(RuleBasedStateMachine):
    """The two sides and one step on both; the rules are in :mod:`.machine_dossiers` and
    :mod:`.machine`, and :func:`~.machine.machine_comparative` binds the two builders."""

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


__all__ = ["DeuxCotes", "FabriqueContexte", "compteur", "memoire"]
