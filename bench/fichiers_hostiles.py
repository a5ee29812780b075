"""Hostile import files: peak memory of reading them.

    python bench/fichiers_hostiles.py                 # every case, files in a temp dir
    python bench/fichiers_hostiles.py --cas dsn_lignes_malformees

Each case generates its file in a temporary directory, then reads it in a child process
(``lire_dsn`` / ``lire_csv``, the library's defaults) and reports the child's peak RSS
(``VmHWM`` from ``/proc/self/status``, which starts afresh at exec, see
``bench/facturation.py``), its time, and what the refusal said: errors counted, errors
listed, lines not read. ``import`` is the child doing nothing but importing the
library: the floor every case pays. Target: every case under 150 MB.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from facturation import pic_memoire_mo

MO = 1024 * 1024
CIBLE_MO = 150


def _dsn_lignes_malformees(chemin: Path) -> None:
    """1,000,000 lines of 13 characters that are not DSN rubrics (14 MB)."""
    with chemin.open("wb") as f:
        for _ in range(100):
            f.write(b"ceci-est-nul\n" * 10_000)


def _dsn_une_ligne(chemin: Path) -> None:
    """One 50 MB line that starts like a rubric."""
    with chemin.open("wb") as f:
        f.write(b"S21.G00.30.002,'")
        for _ in range(50):
            f.write(b"A" * MO)
        f.write(b"'\n")


def _dsn_blocs(chemin: Path) -> None:
    """A company, then 1,000,000 one-line establishments with a bad NIC (24 MB): lines
    of the right shape, so the block tree is built before the values are checked."""
    with chemin.open("wb") as f:
        f.write(b"S21.G00.06.001,'842053175'\n")
        for _ in range(100):
            f.write(b"S21.G00.11.001,'1'\n" * 10_000)


def _csv_une_ligne(chemin: Path) -> None:
    """A header, then one 50 MB row."""
    with chemin.open("wb") as f:
        f.write(b"nom;prenoms;date_naissance;nature;debut;poste\n")
        for _ in range(50):
            f.write(b"A" * MO)
        f.write(b"\n")


def _csv_lignes_malformees(chemin: Path) -> None:
    """A header, then 1,000,000 rows with a wrong number of fields (15 MB)."""
    with chemin.open("wb") as f:
        f.write(b"nom;prenoms;date_naissance;nature;debut;poste\n")
        for _ in range(100):
            f.write(b"Dupont;Jean;x\n" * 10_000)


CAS: dict[str, tuple[str, Callable[[Path], None]]] = {
    "dsn_lignes_malformees": ("dsn", _dsn_lignes_malformees),
    "dsn_une_ligne_50_mo": ("dsn", _dsn_une_ligne),
    "dsn_blocs_malformes": ("dsn", _dsn_blocs),
    "csv_lignes_malformees": ("csv", _csv_lignes_malformees),
    "csv_une_ligne_50_mo": ("csv", _csv_une_ligne),
}


def _enfant(genre: str, chemin: str) -> None:
    """Read one file; print seconds, what the refusal says, peak RSS (MB)."""
    from rst_effectifs.formats.csv_io import lire_csv
    from rst_effectifs.formats.dsn import lire_dsn
    from rst_effectifs.application.declarations import FichierInvalide

    resultat: dict[str, object] = {}
    debut = time.perf_counter()
    if genre != "import":
        try:
            (lire_dsn if genre == "dsn" else lire_csv)(chemin)
            resultat["refus"] = None
        except FichierInvalide as refus:
            resultat.update(code=refus.code, nombre=refus.nombre, listees=len(refus.erreurs),
                            lignes_non_lues=refus.lignes_non_lues,
                            premiere=refus.erreurs[0].code if refus.erreurs else None)
    resultat["secondes"] = round(time.perf_counter() - debut, 2)
    resultat["pic_mo"] = round(pic_memoire_mo(), 1)
    print(json.dumps(resultat))


def mesurer(genre: str, chemin: Path | None) -> dict[str, object]:
    sortie = subprocess.run(
        [sys.executable, __file__, "--enfant", genre, str(chemin or "-")],
        check=True, capture_output=True, text=True)
    resultat: dict[str, object] = json.loads(sortie.stdout.strip().splitlines()[-1])
    return resultat


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cas", choices=sorted(CAS), action="append")
    parser.add_argument("--enfant", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.enfant:
        _enfant(*args.enfant)
        return
    print("| case | file | peak RSS | time | errors counted | listed | lines not read |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    base = mesurer("import", None)
    print(f"| import only | – | {base['pic_mo']} MB | – | – | – | – |")
    depasse = False
    with tempfile.TemporaryDirectory(prefix="rst_hostiles_") as dossier:
        for nom in args.cas or list(CAS):
            genre, generer = CAS[nom]
            chemin = Path(dossier) / f"{nom}.{genre}"
            generer(chemin)
            r = mesurer(genre, chemin)
            taille = chemin.stat().st_size / MO
            chemin.unlink()
            depasse |= float(str(r["pic_mo"])) >= CIBLE_MO
            print(f"| {nom} | {taille:.0f} MB | {r['pic_mo']} MB | {r['secondes']} s "
                  f"| {r.get('nombre')} | {r.get('listees')} | {r.get('lignes_non_lues')} |")
    if depasse:
        sys.exit(f"peak RSS at or over {CIBLE_MO} MB")


if __name__ == "__main__":
    main()
