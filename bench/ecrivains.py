"""Concurrent writers of different things, and of one salarié.

    python bench/ecrivains.py sqlite:////tmp/ecrivains.db --processus 8 --par-processus 50
    python bench/ecrivains.py postgresql+psycopg://u:pw@127.0.0.1/db --processus 8

The database is migrated first; every phase works on a fresh member. Phases:

1. one process hires ``--par-processus`` people, then changes their contracts (the pace
   of one writer);
2. ``--processus`` processes each hire ``--par-processus`` different people, then each
   change the contracts of as many distinct salariés: refusals, writes lost (the
   database read back), throughput against phase 1;
3. ``--processus`` processes each add ``--sur-un`` contracts to ONE salarié, once with
   one attempt and once with ``--tentatives``: every refusal must be a plain version
   conflict, the salarié must hold exactly the successful writes, in order.

Times run from the moment every process is ready (a barrier), process start excluded.
Exits with status 1 if any check fails.
"""

from __future__ import annotations

import argparse
import collections
import functools
import sys
from collections.abc import Callable, Sequence

import rst_effectifs as rst
from rst_effectifs.adapters.sql import upgrade
from rst_effectifs.testing import concurrence_ecrivains as ecr


def _debit(commandes: int, bilans: Sequence[ecr.Bilan]) -> float:
    return commandes / max(b.duree_s for b in bilans)


def _issues(bilans: Sequence[ecr.Bilan]) -> dict[str, int]:
    return dict(sorted(collections.Counter(i for b in bilans for i in b.issues).items()))


def _phase(nom: str, ctx: rst.Contexte, ouvrir: Callable[[], rst.Contexte],
           processus: int, par_processus: int) -> tuple[list[str], float, float]:
    monde = ecr.preparer(ctx)
    lots = ecr.embauches(monde, processus, par_processus)
    bilans = ecr.lancer(ouvrir, lots)
    violations = ecr.verifier_embauches(ctx, monde, lots, bilans)
    embauches = _debit(processus * par_processus, bilans)
    print(f"{nom} embauches  {processus} x {par_processus} : {_issues(bilans)} ; "
          f"{embauches:.1f} /s ; {len(violations)} violations", flush=True)
    with ctx.unite_de_travail() as uow:
        ids = [s.id for s in uow.salaries.tous(monde.adherent_id)
               if s.identite.nom != "Temoin"]
    bilans = ecr.lancer(ouvrir, ecr.changements(monde, ids, processus))
    erreurs = ecr.verifier_changements(ctx, monde, bilans, len(ids))
    changements = _debit(len(ids), bilans)
    print(f"{nom} contrats   {processus} x {par_processus} : {_issues(bilans)} ; "
          f"{changements:.1f} /s ; {len(erreurs)} violations", flush=True)
    for texte in (violations + erreurs)[:5]:
        print(f"    {texte}", flush=True)
    return violations + erreurs, embauches, changements


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("--processus", type=int, default=8)
    parser.add_argument("--par-processus", type=int, default=50)
    parser.add_argument("--sur-un", type=int, default=10)
    parser.add_argument("--tentatives", type=int, default=8)
    args = parser.parse_args()
    upgrade(args.url)
    ouvrir = functools.partial(rst.depuis_url, args.url, migrer=False)
    ctx = ouvrir()
    violations, seul_e, seul_c = _phase("1 processus", ctx, ouvrir, 1, args.par_processus)
    autres, tous_e, tous_c = _phase(f"{args.processus} processus", ctx, ouvrir,
                                    args.processus, args.par_processus)
    violations += autres
    print(f"débit {args.processus} processus / 1 : embauches x{tous_e / seul_e:.2f}, "
          f"changements de contrat x{tous_c / seul_c:.2f}", flush=True)
    for tentatives in (1, args.tentatives):
        monde = ecr.preparer(ctx)
        cible = rst.executer(ctx, ecr.AGENT, ecr.embauches(monde, 1, 1)[0][0]).id
        lots = ecr.sur_un_salarie(monde, cible, args.processus, args.sur_un)
        bilans = ecr.lancer(ouvrir, lots, tentatives=tentatives)
        erreurs = ecr.verifier_un_salarie(ctx, monde, cible, lots, bilans)
        print(f"un salarié, {args.processus} x {args.sur_un}, tentatives={tentatives} : "
              f"{_issues(bilans)} ; {_debit(args.processus * args.sur_un, bilans):.1f} /s ; "
              f"{len(erreurs)} violations", flush=True)
        for texte in erreurs[:5]:
            print(f"    {texte}", flush=True)
        violations += erreurs
    return 1 if violations else 0


if __name__ == "__main__":
    sys.exit(main())
