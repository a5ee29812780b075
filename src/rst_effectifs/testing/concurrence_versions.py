"""Expected versions (V1) under real concurrency: processes that all read
the same version of one salarié and send their change with it at the same instant.

Exactly one change may win: every other process is refused with ``VersionPerimee`` (it
loaded after the winner committed) or ``ConflitDeVersion`` (it loaded before and its
save met the winner's), and the database holds the winner's change, once, and nothing
of the others. As in :mod:`rst_effectifs.testing.concurrence`, the processes are real
(``multiprocessing``, spawn context), lined up on a barrier, and the outcome is read back
from the storage, never trusted from the return values::

    from rst_effectifs.testing.concurrence_versions import course_aux_versions
    assert course_aux_versions(functools.partial(rst.depuis_url, URL, migrer=False)) == []
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import queue
import secrets
from collections.abc import Callable, Sequence
from typing import Any

from ..application.commandes import (
    AjouterPoste,
    ConsulterJournal,
    ConsulterSalarie,
    CorrigerIdentite,
    CreerAdherent,
    EmbaucherSalarie,
    NouveauContrat,
)
from ..application.contexte import Contexte, executer
from ..domain.adherents import AgentRst
from ..domain.contrats import NatureContrat
from ..domain.erreurs import ConflitDeVersion, ErreurRstEffectifs
from ..domain.identifiants import Email

__all__ = ["course_aux_versions", "lancer_et_recueillir"]

AGENT = AgentRst(Email("agent.versions@rst.test"))
NAISSANCE = dt.date(1985, 6, 15)
ATTENTE_S = 120.0
REFUS_PERMIS = {"concurrence.version_perimee", "concurrence.conflit_de_version"}


def lancer_et_recueillir(travailleurs: Sequence[Any], issues: Any,
                         violations: list[str]) -> list[Any]:
    """Start ``travailleurs`` (processes each putting one outcome on ``issues``), collect
    their outcomes, then stop them; a process that never answers is a violation."""
    for travailleur in travailleurs:
        travailleur.start()
    resultats = []
    try:
        for _ in travailleurs:
            resultats.append(issues.get(timeout=ATTENTE_S))
    except queue.Empty:
        violations.append("blocage : un processus n'a pas répondu")
    for travailleur in travailleurs:
        travailleur.join(timeout=30)
        if travailleur.is_alive():
            travailleur.kill()
    return resultats


def _prenoms(rang: int) -> str:
    return f"Léa {chr(ord('A') + rang)}"


def _corriger(ouvrir: Callable[[], Contexte], barriere: Any, issues: Any, rang: int,
              adherent_id: str, salarie_id: str, version: int) -> None:
    """One process: open the storage, wait for the others, send the change."""
    ctx = ouvrir()
    commande = CorrigerIdentite(adherent_id, salarie_id, "Concurrence", _prenoms(rang),
                                NAISSANCE, version_attendue=version)
    barriere.wait(timeout=ATTENTE_S)
    try:
        executer(ctx, AGENT, commande)
    except ConflitDeVersion as erreur:
        issues.put((rang, "refus", erreur.code, dict(erreur.details)))
    except ErreurRstEffectifs as erreur:
        issues.put((rang, "inattendu", erreur.code, {}))
    except Exception as erreur:  # the violation this checks for
        issues.put((rang, "inattendu", type(erreur).__name__, {}))
    else:
        issues.put((rang, "ok", "", {}))


def _nouveau_salarie(ctx: Contexte) -> tuple[str, str, int]:
    numero = f"{secrets.randbelow(10**12):012d}"
    adherent = executer(ctx, AGENT, CreerAdherent(
        numero, "73282932000074", "Versions", f"admin.{numero}@versions.test"))
    poste = executer(ctx, AGENT, AjouterPoste(adherent.id, "Vendeur"))
    salarie = executer(ctx, AGENT, EmbaucherSalarie(
        adherent.id, "Concurrence", "Léa", NAISSANCE,
        NouveauContrat(NatureContrat.CDI, dt.date(2024, 1, 2), poste.id)))
    return adherent.id, salarie.id, salarie.version


def course_aux_versions(ouvrir: Callable[[], Contexte], processus: int = 2,
                        tours: int = 2, methode: str = "spawn") -> list[str]:
    """``tours`` rounds of ``processus`` processes changing one fresh salarié with the
    same expected version; the violations seen (none when the storage is right).
    ``ouvrir`` is picklable and opens the shared, already migrated storage."""
    mp: Any = multiprocessing.get_context(methode)
    ctx = ouvrir()
    violations: list[str] = []
    for _ in range(tours):
        adherent_id, salarie_id, version = _nouveau_salarie(ctx)
        journal_avant = len(executer(ctx, AGENT, ConsulterJournal(adherent_id, salarie_id)))
        barriere, issues = mp.Barrier(processus), mp.Queue()
        travailleurs = [mp.Process(target=_corriger, daemon=True, args=(
            ouvrir, barriere, issues, rang, adherent_id, salarie_id, version))
            for rang in range(processus)]
        resultats = lancer_et_recueillir(travailleurs, issues, violations)
        gagnants = [r for r in resultats if r[1] == "ok"]
        violations += [f"issue inattendue : {r[2]}" for r in resultats
                       if r[1] == "inattendu" or (r[1] == "refus" and r[2] not in REFUS_PERMIS)]
        violations += [f"détails de la version périmée : {r[3]}" for r in resultats
                       if r[2] == "concurrence.version_perimee"
                       and r[3] != {"version": version + 1, "version_attendue": version}]
        if len(gagnants) != 1:
            violations.append(f"{len(gagnants)} changements acceptés au lieu d'un")
            continue
        lu = executer(ctx, AGENT, ConsulterSalarie(adherent_id, salarie_id))
        if (lu.identite.prenoms, lu.version) != (_prenoms(gagnants[0][0]), version + 1):
            violations.append(f"fiche lue : {lu.identite.prenoms!r} en version {lu.version}")
        journal = len(executer(ctx, AGENT, ConsulterJournal(adherent_id, salarie_id)))
        if journal != journal_avant + 1:
            violations.append(f"{journal - journal_avant} entrées de journal au lieu d'une")
    return violations
