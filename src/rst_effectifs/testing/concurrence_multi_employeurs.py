"""F7 under real concurrency: RST agents recording the same multi-employer worker for the
same year at the same instant leave ONE record.

As in :mod:`rst_effectifs.testing.concurrence`, the processes are real
(``multiprocessing``, spawn context), lined up on a barrier, each with its own
connections; they name the worker's files in different orders and run the use case with
retries (``executer(..., tentatives=5)``: a process that meets the first one's record
on commit runs again and finds it). The outcome is read back from the storage: one
record with both files ranked, one share per member, one journal entry per member::

    from rst_effectifs.testing.concurrence_multi_employeurs import course_au_multi_employeur
    assert course_au_multi_employeur(functools.partial(rst.depuis_url, URL, migrer=False)) == []
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import secrets
from collections.abc import Callable
from typing import Any

from ..application.commandes import (
    AjouterPoste,
    ConsulterJournal,
    CreerAdherent,
    EmbaucherSalarie,
    EnregistrerMultiEmployeur,
    FicheDesignee,
    NouveauContrat,
)
from ..application.contexte import Contexte, executer
from ..domain.adherents import AgentRst
from ..domain.contrats import NatureContrat
from ..domain.erreurs import ErreurDomaine, ErreurRstEffectifs
from ..domain.identifiants import Email, Nir
from ..domain.partage import PartMultiEmployeur
from .concurrence_versions import lancer_et_recueillir
from .conformite import nir_pour

__all__ = ["ANNEE", "course_au_multi_employeur"]

AGENTS = tuple(AgentRst(Email(f"agent{n}.multi@rst.test")) for n in range(8))
ANNEE = 2025
NAISSANCE = dt.date(1979, 10, 2)
ATTENTE_S = 120.0
REFUS_PERMIS = {"concurrence.conflit_de_version", "technique.transitoire"}


def _enregistrer(ouvrir: Callable[[], Contexte], barriere: Any, issues: Any, rang: int,
                 fiches: tuple[tuple[str, str], ...]) -> None:
    """One process: open the storage, wait for the others, record the worker."""
    ctx = ouvrir()
    ordre = fiches if rang % 2 == 0 else tuple(reversed(fiches))
    commande = EnregistrerMultiEmployeur(ANNEE, tuple(FicheDesignee(a, s) for a, s in ordre))
    barriere.wait(timeout=ATTENTE_S)
    try:
        executer(ctx, AGENTS[rang % len(AGENTS)], commande, tentatives=5)
    except ErreurRstEffectifs as erreur:
        genre = "refus" if isinstance(erreur, ErreurDomaine) or erreur.code in REFUS_PERMIS \
            else "inattendu"
        issues.put((rang, genre, erreur.code))
    except Exception as erreur:  # the violation this checks for
        issues.put((rang, "inattendu", type(erreur).__name__))
    else:
        issues.put((rang, "ok", ""))


def _personne(ctx: Contexte) -> tuple[Nir, tuple[tuple[str, str], ...]]:
    """A fresh person employed by two new members (the older one since 2018)."""
    nir = nir_pour(NAISSANCE, ordre=1 + secrets.randbelow(998))
    fiches = []
    for debut in (dt.date(2018, 3, 1), dt.date(2023, 9, 4)):
        numero = f"{secrets.randbelow(10**12):012d}"
        adherent = executer(ctx, AGENTS[0], CreerAdherent(
            numero, "73282932000074", "Multi", f"rh.{numero}@multi.test"))
        poste = executer(ctx, AGENTS[0], AjouterPoste(adherent.id, "Agent d'accueil"))
        salarie = executer(ctx, AGENTS[0], EmbaucherSalarie(
            adherent.id, "Concurrence", "Sam", NAISSANCE,
            NouveauContrat(NatureContrat.CDI, debut, poste.id), nir=nir.valeur))
        fiches.append((adherent.id, salarie.id))
    return nir, tuple(fiches)


def course_au_multi_employeur(ouvrir: Callable[[], Contexte], processus: int = 3,
                              tours: int = 2, methode: str = "spawn") -> list[str]:
    """``tours`` rounds of ``processus`` agents recording one fresh worker at once; the
    violations seen (none when the storage is right). ``ouvrir`` is picklable and opens
    the shared, already migrated storage."""
    mp: Any = multiprocessing.get_context(methode)
    ctx = ouvrir()
    violations: list[str] = []
    for _ in range(tours):
        nir, fiches = _personne(ctx)
        barriere, issues = mp.Barrier(processus), mp.Queue()
        travailleurs = [mp.Process(target=_enregistrer, daemon=True, args=(
            ouvrir, barriere, issues, rang, fiches)) for rang in range(processus)]
        resultats = lancer_et_recueillir(travailleurs, issues, violations)
        violations += [f"issue inattendue : {r[2]}" for r in resultats
                       if r[1] == "inattendu" or (r[1] == "refus" and r[2] not in REFUS_PERMIS)]
        if not any(r[1] == "ok" for r in resultats):
            violations.append("aucun agent n'a pu enregistrer")
        violations += _verifier(ctx, nir, fiches)
    return violations


def _verifier(ctx: Contexte, nir: Nir, fiches: tuple[tuple[str, str], ...]) -> list[str]:
    """What the storage holds: one record, both files ranked by seniority, one share each,
    one journal entry per member."""
    fautes = []
    with ctx.unite_de_travail() as uow:
        multi = uow.multi_employeurs.obtenir(ANNEE, nir)
        parts = [dict(uow.multi_employeurs.parts(a, ANNEE)) for a, _s in fiches]
    if multi is None:
        return ["aucun enregistrement"]
    if [(f.adherent_id, f.salarie_id, f.rang) for f in multi.fiches] != [
            (a, s, rang) for rang, (a, s) in enumerate(fiches, start=1)]:
        fautes.append(f"fiches enregistrées : {multi.fiches}")
    if multi.version != 1:
        fautes.append(f"enregistrement réécrit : version {multi.version}")
    for rang, ((_a, s), lues) in enumerate(zip(fiches, parts, strict=True), start=1):
        if lues != {s: PartMultiEmployeur(rang, len(fiches))}:
            fautes.append(f"parts lues : {lues}")
    for adherent_id, salarie_id in fiches:
        entrees = [e for e in executer(ctx, AGENTS[0], ConsulterJournal(adherent_id, salarie_id))
                   if e.quoi == "facturation.multi_employeur"]
        if len(entrees) != 1:
            fautes.append(f"{len(entrees)} entrées de journal au lieu d'une")
    return fautes
