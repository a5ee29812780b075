"""Invoice numbering across processes (F8): several processes issuing the same period at
once, and one killed with SIGKILL in the middle of a batch, then the database read back.

- :func:`peupler`: members with an address, a few salariés and a closing priced at a
  barème, all to invoice;
- :func:`emettre_en_parallele`: ``processus`` spawned processes, each issuing the whole period
  (:class:`EmettreFactures`) or each member in turn (:class:`EmettreFacture`), lined up
  on a barrier;
- :func:`tuer_en_plein_lot`: one process issuing, killed with SIGKILL once the first
  batch is committed (so the kill lands in a later batch's transaction);
- :func:`compter`: what the database holds, read with plain SQL-free store calls: the
  ranks of the series, the documents per member, the members still to invoice.

The test modules then assert :func:`~.invariants_factures.verifier_numeros_sans_trou`.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import signal
import time
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from attrs import frozen

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

__all__ = ["AGENT", "BAREME", "Comptage", "compter", "emettre_en_parallele", "peupler",
           "tuer_en_plein_lot"]

AGENT = AgentRst(Email("agent.factures@rst.test"))
BAREME = Bareme("bareme_concurrence", prix_sig=Decimal("100"), prix_sia=Decimal("110"),
                prix_sir=Decimal("120"), droit_entree=Decimal("66"),
                forfait_etablissement=Decimal("35"))
"""Inside the legal band of 2025 and 2026."""
ATTENTE_S = 300.0


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
    mp: Any = multiprocessing.get_context("spawn")
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


def tuer_en_plein_lot(ouvrir: Callable[[], Contexte], periode: Periode,
                      emis: Callable[[], int], par_lot: int = 10) -> int:
    """Start one process issuing ``periode``; as soon as ``emis()`` (documents in the
    database) is above zero — its first batch committed — kill it with SIGKILL. Returns
    what ``emis()`` read just before the kill."""
    mp: Any = multiprocessing.get_context("spawn")
    processus = mp.Process(target=_emettre_seul, args=(ouvrir, periode, par_lot),
                           daemon=True)
    processus.start()
    fin = time.monotonic() + ATTENTE_S
    vus = 0
    while time.monotonic() < fin and processus.is_alive():
        vus = emis()
        if vus > 0:
            break
        time.sleep(0.02)
    assert processus.pid is not None
    os.kill(processus.pid, signal.SIGKILL)
    processus.join(timeout=60)
    return vus


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
