"""Invoice numbering across processes (F8): several processes issuing the same period at
once, and one killed with SIGKILL in the middle of a batch, then the database read back.

- :func:`peupler`: members with an address, a few salariés and a closing priced at a
  barème, all to invoice;
- :func:`emettre_en_parallele`: ``processus`` processes, each issuing the whole period
  (:class:`EmettreFactures`) or each member in turn (:class:`EmettreFacture`), lined up
  on a barrier;
- :func:`tuer_en_plein_lot`: one process issuing in batches, killed with SIGKILL in the
  middle of one: its documents written, its transaction not committed, the numbering
  lock held — at that very moment, not at a moment guessed by polling;
- :func:`tuer_apres`: one process issuing, killed with SIGKILL after a given delay,
  wherever it is (the long randomised runs of ``bench/numerotation.py``);
- :func:`compter`: what the database holds, read with plain SQL-free store calls: the
  ranks of the series, the documents per member, the members still to invoice.

The test modules then assert :func:`~.invariants_factures.verifier_numeros_sans_trou`.

Processes come from a fork server that imported the library once (``forkserver`` where
the platform has it, else ``spawn``): starting eight of them costs milliseconds, not an
interpreter start and the library's import each.
"""

from __future__ import annotations

import datetime as dt
import itertools
import multiprocessing
import os
import signal
import time
from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal
from typing import Any, cast

from attrs import evolve, frozen

from ..application.commandes import (
    AjouterPoste,
    CloturerPeriode,
    CreerAdherent,
    EmbaucherSalarie,
    EmettreFacture,
    EmettreFactures,
    NouveauContrat,
)
from ..application.contexte import Contexte, executer
from ..domain.adherents import AgentRst
from ..domain.adresses import Adresse
from ..domain.contrats import NatureContrat
from ..domain.erreurs import EchecTransitoire, ErreurDomaine
from ..domain.facturation import Bareme
from ..domain.identifiants import Email
from ..domain.periodes import Periode
from ..ports.factures import FactureEmise
from ..ports.unit_of_work import UniteDeTravail

__all__ = ["AGENT", "BAREME", "Comptage", "compter", "emettre_en_parallele",
           "fabrique_de_processus", "peupler", "tuer_apres", "tuer_en_plein_lot"]

AGENT = AgentRst(Email("agent.factures@rst.test"))
BAREME = Bareme("bareme_concurrence", prix_sig=Decimal("100"), prix_sia=Decimal("110"),
                prix_sir=Decimal("120"), droit_entree=Decimal("66"),
                forfait_etablissement=Decimal("35"))
"""Inside the legal band of 2025 and 2026."""
ATTENTE_S = 300.0
PRECHARGES = ["rst_effectifs", "rst_effectifs.adapters.sql", __name__, "psycopg",
              "sqlalchemy.dialects.postgresql.psycopg"]
"""What the fork server imports once for every process it starts."""


def fabrique_de_processus() -> Any:
    """The multiprocessing context of these functions: a fork server that preloaded
    the library (the stores each process opens are its own), or ``spawn``."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    contexte = multiprocessing.get_context("forkserver")
    contexte.set_forkserver_preload(PRECHARGES)
    return contexte


def peupler(ctx: Contexte, membres: int, periode: Periode, prefixe: str = "7") -> list[str]:
    """``membres`` members to invoice for ``periode`` (a year): 1 to 3 salariés each,
    closed under the 1 January rule at :data:`BAREME`. Their ids, sorted."""
    assert periode.fin is not None
    ids = []
    for i in range(membres):
        adherent = executer(ctx, AGENT, CreerAdherent(
            f"{prefixe}{i:06d}", "73282932000074", f"Membre {i}", f"m{prefixe}{i}@rst.test",
            adresse=Adresse((f"{i} rue du Test",), "75001", "Paris")))
        poste = executer(ctx, AGENT, AjouterPoste(adherent.id, "Poste"))
        for j in range(1 + i % 3):
            executer(ctx, AGENT, EmbaucherSalarie(
                adherent.id, f"Nom{j}", "Prénom", dt.date(1980, 1, 1 + j),
                NouveauContrat(NatureContrat.CDI, dt.date(periode.debut.year - 1, 3, 1),
                               poste.id)))
        executer(ctx, AGENT, CloturerPeriode(adherent.id, periode.debut, periode.fin,
                                             regle="present_au_1er_janvier",
                                             bareme_sur_mesure=BAREME))
        ids.append(adherent.id)
    return sorted(ids)


def _processus(ouvrir: Callable[[], Contexte], barriere: Any, periode: Periode,
               un_par_un: Sequence[str] | None, issues: Any) -> None:
    """One process: open the storage, wait for the others, issue; report what happened."""
    ctx = ouvrir()
    barriere.wait(timeout=ATTENTE_S)
    bilan = "ok"
    assert periode.fin is not None
    try:
        if un_par_un is None:
            executer(ctx, AGENT, EmettreFactures(periode.debut, periode.fin), tentatives=5)
        else:
            for adherent_id in un_par_un:
                executer(ctx, AGENT, EmettreFacture(adherent_id, periode.debut, periode.fin),
                         tentatives=5)
    except (ErreurDomaine, EchecTransitoire) as erreur:
        bilan = f"refus {erreur.code}"
    except Exception as erreur:  # the violation looked for
        bilan = f"inattendu {type(erreur).__name__}: {erreur}"
    issues.put(bilan)


def emettre_en_parallele(ouvrir: Callable[[], Contexte], periode: Periode, processus: int = 8,
                         un_par_un: Sequence[Sequence[str] | None] | None = None) -> list[str]:
    """``processus`` processes issuing ``periode`` at once; process ``i`` issues the whole
    period, or the members ``un_par_un[i]`` one by one. Their outcomes."""
    mp = fabrique_de_processus()
    barriere, issues = mp.Barrier(processus), mp.Queue()
    listes = list(un_par_un) if un_par_un is not None else [None] * processus
    tous = [mp.Process(target=_processus, args=(ouvrir, barriere, periode, listes[i], issues),
                       daemon=True) for i in range(processus)]
    for p in tous:
        p.start()
    bilans = [issues.get(timeout=ATTENTE_S) for _ in tous]
    for p in tous:
        p.join(timeout=60)
    return bilans


def _emettre_seul(ouvrir: Callable[[], Contexte], periode: Periode, par_lot: int) -> None:
    ctx = ouvrir()
    assert periode.fin is not None
    executer(ctx, AGENT, EmettreFactures(periode.debut, periode.fin, par_lot=par_lot))


class _ArretEnPleinLot:
    """A unit of work of :func:`_emettre_jusqu_au_lot`: once open, its store's
    ``factures.ajouter`` writes, then in batch ``lot`` sets ``ecrits`` and waits."""

    def __init__(self, unite: UniteDeTravail, lots: Iterator[int], lot: int,
                 ecrits: Any) -> None:
        self._unite, self._lots, self._lot, self._ecrits = unite, lots, lot, ecrits

    def __enter__(self) -> UniteDeTravail:
        uow = self._unite.__enter__()
        ajouter = uow.factures.ajouter

        def ajouter_puis_attendre(documents: Sequence[FactureEmise]) -> None:
            ajouter(documents)
            if next(self._lots) == self._lot:
                self._ecrits.set()
                time.sleep(ATTENTE_S)

        setattr(uow.factures, "ajouter", ajouter_puis_attendre)  # noqa: B010
        return uow

    def __exit__(self, *exception: Any) -> Any:
        return self._unite.__exit__(*exception)


def _emettre_jusqu_au_lot(ouvrir: Callable[[], Contexte], periode: Periode, par_lot: int,
                          lot: int, ecrits: Any) -> None:
    """Issue ``periode`` in batches of ``par_lot``; in batch ``lot``, once its documents
    are written to the store, set ``ecrits`` and wait to be killed."""
    ctx = ouvrir()
    assert periode.fin is not None
    lots = itertools.count(1)
    ouvrir_unite = ctx.unite_de_travail

    def unite() -> UniteDeTravail:
        return cast(UniteDeTravail, _ArretEnPleinLot(ouvrir_unite(), lots, lot, ecrits))

    executer(evolve(ctx, unite_de_travail=unite), AGENT,
             EmettreFactures(periode.debut, periode.fin, par_lot=par_lot))


def _tuer(processus: Any) -> None:
    if processus.is_alive():
        os.kill(processus.pid, signal.SIGKILL)
    processus.join(timeout=60)


def tuer_en_plein_lot(ouvrir: Callable[[], Contexte], periode: Periode, par_lot: int = 2,
                      lot: int = 2) -> bool:
    """Start one process issuing ``periode`` in batches of ``par_lot`` members; kill it
    with SIGKILL in the middle of batch ``lot`` (its documents written and numbered, its
    transaction holding the numbering lock, not committed). False when it ended before
    reaching that batch (too few members)."""
    mp = fabrique_de_processus()
    ecrits = mp.Event()
    emetteur = mp.Process(target=_emettre_jusqu_au_lot,
                          args=(ouvrir, periode, par_lot, lot, ecrits), daemon=True)
    emetteur.start()
    fin = time.monotonic() + ATTENTE_S
    while not ecrits.wait(timeout=0.05):
        if not emetteur.is_alive() or time.monotonic() > fin:
            break
    atteint = bool(ecrits.is_set())
    _tuer(emetteur)
    return atteint


def tuer_apres(ouvrir: Callable[[], Contexte], periode: Periode, delai_s: float,
               par_lot: int = 10) -> bool:
    """Start one process issuing ``periode``, kill it with SIGKILL ``delai_s`` seconds
    later wherever it is. False when it had already ended."""
    emetteur = fabrique_de_processus().Process(
        target=_emettre_seul, args=(ouvrir, periode, par_lot), daemon=True)
    emetteur.start()
    emetteur.join(timeout=delai_s)
    vivant = bool(emetteur.is_alive())
    _tuer(emetteur)
    return vivant


@frozen
class Comptage:
    """The series as the database holds it."""

    rangs: tuple[int, ...]
    documents_par_membre: dict[str, int]
    a_facturer: int


def compter(ctx: Contexte, annee: int, periode: Periode, adherents: Sequence[str]) -> Comptage:
    with ctx.unite_de_travail() as uow:
        return Comptage(tuple(uow.factures.rangs(annee)),
                        {a: len(uow.factures.lister(a)) for a in adherents},
                        uow.factures.compter_a_facturer(periode))
