"""Reader speed alone: ``lire_dsn`` on the 50,000-individual file of ``import_dsn.py``,
the NIR on 13 characters (the norm) and on 15 (the same file as before the reader
followed the norm), interleaved, median of the runs.

    python bench/lecture_dsn.py [--individus 50000] [--tours 5]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from import_dsn import ecrire_dsn

from rst_effectifs.formats.dsn import lire_dsn


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--individus", type=int, default=50_000)
    parser.add_argument("--tours", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as dossier:
        fichiers = {"NIR 13": Path(dossier) / "13.dsn", "NIR 15": Path(dossier) / "15.dsn"}
        ecrire_dsn(fichiers["NIR 13"], args.individus)
        ecrire_dsn(fichiers["NIR 15"], args.individus, nir_15=True)
        temps: dict[str, list[float]] = {nom: [] for nom in fichiers}
        for _ in range(args.tours):
            for nom, chemin in fichiers.items():
                debut = time.perf_counter()
                lu = lire_dsn(chemin)
                temps[nom].append(time.perf_counter() - debut)
                assert len(lu.individus) == args.individus
        for nom, mesures in temps.items():
            print(f"lire_dsn, {args.individus} individus, {nom}: médiane "
                  f"{statistics.median(mesures):.2f} s ({', '.join(f'{m:.2f}' for m in mesures)})")


if __name__ == "__main__":
    main()
