"""Many writers of different things at once: none refused, none lost.

Processes (``multiprocessing``, spawn) or threads, lined up on a barrier, each run a lot
of commands through ``executer`` one after the other; the database is then read back:

- :func:`embauches`: hires of different people: every hire succeeds and every file is
  stored (a writer waits for the write lock instead of failing);
- :func:`changements`: one contract change per salarié, salariés distinct: every change
  succeeds and is stored;
- :func:`sur_un_salarie`: every writer adds contracts to ONE salarié (distinct fixed-term
  periods, valid in any order): every refusal is a plain ``ConflitDeVersion``, and the
  salarié holds exactly the successful contracts, each process's in its order.

``bench/ecrivains.py`` runs them at size and times them (docs/performance.md); the test
suite runs them small (``tests/concurrence/test_ecrivains.py``).
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import secrets
import threading
import time
from collections.abc import Callable, Sequence
from typing import Any

from attrs import frozen

from ..application.commandes import (
    AjouterContrat,
    AjouterPoste,
    Commande,
    CreerAdherent,
    EmbaucherSalarie,
    NouveauContrat,
)
from ..application.contexte import Contexte, executer
from ..domain.adherents import AgentRst
from ..domain.contrats import NatureContrat
from ..domain.erreurs import ErreurDomaine, ErreurRstEffectifs
from ..domain.identifiants import Email
from ..domain.salaries import Salarie
from .concurrence import _lettres

__all__ = [
    "Bilan",
    "Monde",
    "changements",
    "embauches",
    "lancer",
    "lancer_en_fils",
    "preparer",
    "sur_un_salarie",
    "verifier_changements",
    "verifier_embauches",
    "verifier_un_salarie",
]

AGENT = AgentRst(Email("agent.ecrivains@rst.test"))
NAISSANCE = dt.date(1988, 3, 9)
DEBUT = dt.date(2024, 1, 2)
FIN_CDD = dt.date(2024, 3, 1)
CHANGEMENT = dt.date(2024, 3, 2)
ATTENTE_S = 600.0
OK = "ok"


@frozen
class Monde:
    """A fresh member and its poste (already used once, so that no hire saves the
    member: the writers race on their own rows only)."""

    adherent_id: str
    poste_id: str


@frozen
class Bilan:
    """One writer's outcomes, one per command of its lot: ``ok``, ``refus:<code>`` (a
    library refusal) or ``inattendu:<class>`` (anything else); and its time."""

    issues: tuple[str, ...]
    duree_s: float


def preparer(ctx: Contexte) -> Monde:
    numero = f"{secrets.randbelow(10**12):012d}"
    adherent = executer(ctx, AGENT, CreerAdherent(
        numero=numero, siret="73282932000074", raison_sociale="Ecrivains",
        email_connexion=f"admin.{numero}@ecrivains.test"))
    poste = executer(ctx, AGENT, AjouterPoste(adherent_id=adherent.id, libelle="Vendeur"))
    monde = Monde(adherent.id, poste.id)
    executer(ctx, AGENT, _embauche(monde, "Temoin", "Paul"))
    return monde


def _embauche(monde: Monde, nom: str, prenoms: str) -> EmbaucherSalarie:
    return EmbaucherSalarie(
        adherent_id=monde.adherent_id, nom=nom, prenoms=prenoms, date_naissance=NAISSANCE,
        contrat=NouveauContrat(nature=NatureContrat.CDD, debut=DEBUT, fin=FIN_CDD,
                               poste_id=monde.poste_id))


def embauches(monde: Monde, ecrivains: int, par_ecrivain: int) -> list[list[Commande]]:
    """One lot per writer: hires of people no other command names."""
    return [[_embauche(monde, f"Ecrivain{_lettres(e)}", f"Lea{_lettres(i).lower()}")
             for i in range(par_ecrivain)] for e in range(ecrivains)]


def changements(monde: Monde, salarie_ids: Sequence[str], ecrivains: int
                ) -> list[list[Commande]]:
    """One contract change per salarié (a CDI after the CDD), dealt round-robin."""
    lots: list[list[Commande]] = [[] for _ in range(ecrivains)]
    for n, salarie_id in enumerate(sorted(salarie_ids)):
        lots[n % ecrivains].append(AjouterContrat(
            adherent_id=monde.adherent_id, salarie_id=salarie_id,
            contrat=NouveauContrat(nature=NatureContrat.CDI, debut=CHANGEMENT,
                                   poste_id=monde.poste_id)))
    return lots


def sur_un_salarie(monde: Monde, salarie_id: str, ecrivains: int, par_ecrivain: int
                   ) -> list[list[Commande]]:
    """Every writer adds fixed-term contracts to one salarié, each on its own week of
    2025 (so that any order of them is valid)."""
    def semaine(n: int) -> NouveauContrat:
        debut = dt.date(2025, 1, 6) + dt.timedelta(weeks=n)
        return NouveauContrat(nature=NatureContrat.CDD, debut=debut,
                              fin=debut + dt.timedelta(days=4), poste_id=monde.poste_id)
    return [[AjouterContrat(adherent_id=monde.adherent_id, salarie_id=salarie_id,
                            contrat=semaine(e * par_ecrivain + i))
             for i in range(par_ecrivain)] for e in range(ecrivains)]


# -- running the lots ------------------------------------------------------------------------
def _issue(ctx: Contexte, commande: Commande, tentatives: int) -> str:
    try:
        executer(ctx, AGENT, commande, tentatives=tentatives)
    except ErreurDomaine as erreur:
        return f"refus:{erreur.code}"
    except ErreurRstEffectifs as erreur:
        return f"inattendu:{type(erreur).__name__}:{erreur.code}"
    except Exception as erreur:  # the violation this kit looks for
        return f"inattendu:{type(erreur).__name__}"
    return OK


def _jouer(ctx: Contexte, lot: Sequence[Commande], tentatives: int,
           barriere: Any) -> Bilan:
    barriere.wait(timeout=ATTENTE_S)
    debut = time.perf_counter()
    issues = tuple(_issue(ctx, c, tentatives) for c in lot)
    return Bilan(issues, time.perf_counter() - debut)


def _processus(ouvrir: Callable[[], Contexte], lot: Sequence[Commande], tentatives: int,
               barriere: Any, sortie: Any, rang: int) -> None:
    try:
        ctx = ouvrir()
        try:
            sortie.put((rang, _jouer(ctx, lot, tentatives, barriere)))
        finally:
            fermer = getattr(ctx.unite_de_travail, "fermer", None)
            if fermer is not None:
                fermer()
    except Exception as erreur:  # reported, and the others released from the barrier
        barriere.abort()
        sortie.put((rang, Bilan((f"inattendu:{type(erreur).__name__}",) * len(lot), 0.0)))


def lancer(ouvrir: Callable[[], Contexte], lots: Sequence[Sequence[Commande]], *,
           tentatives: int = 1, methode: str = "spawn") -> list[Bilan]:
    """One process per lot (``ouvrir``: picklable, opens the shared storage), all
    started at once; their bilans in lot order."""
    mp: Any = multiprocessing.get_context(methode)
    barriere = mp.Barrier(len(lots))
    sortie = mp.Queue()
    processus = [mp.Process(target=_processus, daemon=True,
                            args=(ouvrir, list(lot), tentatives, barriere, sortie, rang))
                 for rang, lot in enumerate(lots)]
    for p in processus:
        p.start()
    bilans = dict(sortie.get(timeout=ATTENTE_S) for _ in processus)
    for p in processus:
        p.join(timeout=60)
    return [bilans[rang] for rang in range(len(lots))]


def lancer_en_fils(ctx: Contexte, lots: Sequence[Sequence[Commande]], *,
                   tentatives: int = 1) -> list[Bilan]:
    """The same with one thread per lot, all on ``ctx``."""
    barriere = threading.Barrier(len(lots))
    bilans: dict[int, Bilan] = {}

    def fil(rang: int, lot: Sequence[Commande]) -> None:
        bilans[rang] = _jouer(ctx, lot, tentatives, barriere)

    fils = [threading.Thread(target=fil, args=(r, lot)) for r, lot in enumerate(lots)]
    for f in fils:
        f.start()
    for f in fils:
        f.join(timeout=ATTENTE_S)
    return [bilans[rang] for rang in range(len(lots))]


# -- reading the database back ---------------------------------------------------------------
def _fiches(ctx: Contexte, monde: Monde) -> list[Salarie]:
    with ctx.unite_de_travail() as uow:
        return [s for s in uow.salaries.tous(monde.adherent_id)
                if not s.annule and s.identite.nom != "Temoin"]


def _autres_que_ok(bilans: Sequence[Bilan]) -> list[str]:
    return [i for b in bilans for i in b.issues if i != OK]


def verifier_embauches(ctx: Contexte, monde: Monde, lots: Sequence[Sequence[Commande]],
                       bilans: Sequence[Bilan]) -> list[str]:
    """What went wrong: any outcome but success, or a hire not stored."""
    violations = [f"issue : {i}" for i in _autres_que_ok(bilans)]
    stockees = {(s.identite.nom, s.identite.prenoms) for s in _fiches(ctx, monde)}
    voulues = {(c.nom, c.prenoms) for lot in lots for c in lot
               if isinstance(c, EmbaucherSalarie)}
    if stockees != voulues:
        violations.append(f"{len(voulues - stockees)} embauches perdues, "
                          f"{len(stockees - voulues)} fiches en trop")
    return violations


def verifier_changements(ctx: Contexte, monde: Monde, bilans: Sequence[Bilan],
                         salaries: int) -> list[str]:
    """Any outcome but success, or a salarié without its new contract."""
    violations = [f"issue : {i}" for i in _autres_que_ok(bilans)]
    fiches = _fiches(ctx, monde)
    changes = [s for s in fiches
               if sorted(c.debut for c in s.contrats if not c.annule) == [DEBUT, CHANGEMENT]]
    if len(changes) != salaries:
        violations.append(f"{len(changes)} salariés changés sur {salaries}")
    return violations


def verifier_un_salarie(ctx: Contexte, monde: Monde, salarie_id: str,
                        lots: Sequence[Sequence[Commande]], bilans: Sequence[Bilan]
                        ) -> list[str]:
    """Every refusal a plain version conflict; the salarié holds exactly the successful
    contracts, its version counts them, and the journal lists each writer's successes in
    the order that writer made them."""
    violations = [f"refus autre qu'un conflit de version : {i}"
                  for i in _autres_que_ok(bilans) if i != "refus:concurrence.conflit_de_version"]
    reussis = [[c.contrat.debut for c, i in zip(lot, b.issues, strict=True)
                if i == OK and isinstance(c, AjouterContrat)]
               for lot, b in zip(lots, bilans, strict=True)]
    with ctx.unite_de_travail() as uow:
        salarie = uow.salaries.obtenir(monde.adherent_id, salarie_id)
        journal = [dict(e.donnees)["debut"]
                   for e in uow.journal.lister(monde.adherent_id, salarie_id=salarie_id)
                   if e.quoi == "contrat.ajoute"]
    stockes = sorted(c.debut for c in salarie.contrats if c.debut != DEBUT)
    if stockes != sorted(d for r in reussis for d in r):
        violations.append(f"{len(stockes)} contrats stockés pour "
                          f"{sum(map(len, reussis))} ajouts réussis")
    if salarie.version != 1 + sum(map(len, reussis)):
        violations.append(f"version {salarie.version} après {sum(map(len, reussis))} ajouts")
    for ecrivain in reussis:
        dans_le_journal = [d for d in journal if d in {x.isoformat() for x in ecrivain}]
        if dans_le_journal != [d.isoformat() for d in ecrivain]:
            violations.append("le journal ne suit pas l'ordre des écritures d'un processus")
    return violations
