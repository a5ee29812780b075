"""The mutants of the mutation run (docs/testing-kit.md) not checked yet, whose names
match the patterns given: all of those of ``--tous`` (presence: every one), one in
``--un-sur`` of the others, drawn with a fixed seed. Run in the copy's folder after
mutmut has generated its mutants (``mutants/``).

Usage: ``python echantillon.py --un-sur 4 --tous 'PATTERN' … -- 'PATTERN' …``
"""

from __future__ import annotations

import argparse
import fnmatch
import glob
import json
import random


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--un-sur", type=int, default=1)
    parser.add_argument("--tous", nargs="*", default=[])
    parser.add_argument("motifs", nargs="*")
    args = parser.parse_args()
    codes: dict[str, int | None] = {}
    for meta in glob.glob("mutants/src/**/*.meta", recursive=True):
        with open(meta, encoding="utf-8") as flux:
            codes.update(json.load(flux)["exit_code_by_key"])
    restants = sorted(nom for nom, code in codes.items() if code is None and any(
        fnmatch.fnmatchcase(nom, m) for m in args.tous + args.motifs))
    tous = [n for n in restants if any(fnmatch.fnmatchcase(n, m) for m in args.tous)]
    autres = [n for n in restants if n not in tous]
    tirage = random.Random(29).sample(autres, len(autres) // args.un_sur)
    print("\n".join(sorted(tous + tirage)))


if __name__ == "__main__":
    main()
