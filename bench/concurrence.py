"""The concurrency kit's scenarios for many rounds.

    python bench/concurrence.py sqlite:////tmp/concurrence.db --tours 200 --processus 8
    python bench/concurrence.py postgresql+psycopg://u:pw@127.0.0.1/db --tours 200

The database is migrated first (rounds create fresh members, so it may hold anything).
Prints, per scenario: rounds, rounds with a violation (two files for one person, an
exit applied twice, a resend refused, no administrator left, an outcome other than a
success or a library refusal), the outcomes counted by kind, and the time taken. Exits
with status 1 if any round broke a rule.
"""

from __future__ import annotations

import argparse
import collections
import functools
import sys
import time

import rst_effectifs as rst
from rst_effectifs.adapters.sql import upgrade
from rst_effectifs.testing.concurrence import SCENARIOS, Banc, jouer


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("--tours", type=int, default=200)
    parser.add_argument("--processus", type=int, default=8)
    parser.add_argument("--methode", default="spawn", choices=["spawn", "forkserver"])
    parser.add_argument("--scenario", action="append", choices=sorted(SCENARIOS))
    args = parser.parse_args()
    upgrade(args.url)
    ouvrir = functools.partial(rst.depuis_url, args.url, migrer=False)
    banc = Banc(ouvrir, args.processus, args.methode)
    ctx = ouvrir()
    casses = 0
    try:
        for scenario in args.scenario or sorted(SCENARIOS):
            debut = time.perf_counter()
            issues: collections.Counter[str] = collections.Counter()
            violations: collections.Counter[str] = collections.Counter()
            tours_casses = 0
            for tour in jouer(banc, ctx, scenario, args.tours):
                tours_casses += bool(tour.violations)
                violations.update(tour.violations)
                issues.update(f"{i.genre}:{i.code or i.classe}" if i.genre != "ok" else "ok"
                              for i in tour.issues)
            casses += tours_casses
            duree = time.perf_counter() - debut
            print(f"{scenario:22} {args.tours} tours x {args.processus} processus : "
                  f"{tours_casses} tours en infraction ; issues {dict(sorted(issues.items()))} "
                  f"; {duree:.1f} s", flush=True)
            for texte, nombre in violations.most_common(5):
                print(f"    {nombre} x {texte}", flush=True)
    finally:
        banc.fermer()
    return 1 if casses else 0


if __name__ == "__main__":
    sys.exit(main())
