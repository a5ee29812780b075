"""Write INSEE's PCS-ESE 2017 nomenclature (code -> French label) as package data
(``src/rst_effectifs/domain/nomenclatures/pcs-ese-2017.json``). A dev-time tool.

    python bench/extraire_pcs_ese.py --liste pcs_labels.json

Source: INSEE publishes the list as ``PCS-ESE_2017_Liste.xls``
(https://www.insee.fr/fr/statistiques/fichier/2912545/PCS-ESE_2017_Liste.xls). It was
not reachable from where this was built; it was read through its transcription
``pcs_labels.json`` of the public repository pyretx/SCB_statistics (built from that very
file by its ``build_pcs_labels.py``, commit 9c2fc15, 2026-07-04: 6 groups, 29 categories,
429 professions), and cross-checked by hand against two other public copies of the
list (an SQL reference table of PCS-ESE codes and a payroll firm's DSN guide, e.g.
``621b``, ``621c``, ``632a``, ``632f``, ``233c``: same codes, same labels). Only the
codes and their labels are taken (facts of a public nomenclature). INSEE's asterisk
after some labels (« Magistrats* ») is a footnote mark, dropped here.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

CIBLE = (Path(__file__).resolve().parents[1] / "src" / "rst_effectifs" / "domain"
         / "nomenclatures" / "pcs-ese-2017.json")
PROFESSION = re.compile(r"[0-9]{3}[A-Za-z]")
CATEGORIE = re.compile(r"[0-9]{2}")


def extraire(libelles: dict[str, dict[str, str]]) -> dict[str, object]:
    def propre(texte: str) -> str:
        return texte.strip().removesuffix("*").strip()

    return {
        "nomenclature": "PCS-ESE 2017",
        "source": "INSEE, PCS-ESE_2017_Liste.xls (https://www.insee.fr/fr/statistiques/"
                  "fichier/2912545/PCS-ESE_2017_Liste.xls), read through the public "
                  "transcription pyretx/SCB_statistics pcs_labels.json (commit 9c2fc15); "
                  "written by bench/extraire_pcs_ese.py",
        "categories": {code: propre(v["fr"]) for code, v in libelles.items()
                       if CATEGORIE.fullmatch(code)},
        "professions": {code.lower(): propre(v["fr"]) for code, v in sorted(
            libelles.items()) if PROFESSION.fullmatch(code)},
    }


def main() -> None:
    parseur = argparse.ArgumentParser(description=__doc__)
    parseur.add_argument("--liste", type=Path, required=True)
    parseur.add_argument("--cible", type=Path, default=CIBLE)
    options = parseur.parse_args()
    libelles = json.loads(options.liste.read_text(encoding="utf-8"))["labels"]
    donnees = extraire(libelles)
    options.cible.write_text(json.dumps(donnees, ensure_ascii=False, indent=1) + "\n",
                             encoding="utf-8")
    print(f"{options.cible}: {len(donnees['professions'])} professions")  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
