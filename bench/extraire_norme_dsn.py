"""Extract the facts the DSN reader uses from the norm's own documents into package data
(``src/rst_effectifs/formats/norme/dsn-<version>.json``). A dev-time tool: openpyxl and
PyYAML are needed here only, never at run time.

    pip install openpyxl pyyaml
    python bench/extraire_norme_dsn.py --classeur dsn-datatypes-CT2024.xlsx \\
        --yaml P25V01=norm-P25V01.yaml --yaml P26V01=norm-P26V01.yaml

Sources:

- ``dsn-datatypes-CT2024.xlsx``: net-entreprises' « dsn-datatypes » workbook of the
  cahier technique 2024 (norm P24V01, revision 20231219), as published in the public
  repository krisk78/DSN2CSV. Its sheets ``Fields`` (rubric -> data type) and
  ``Data Types`` (pattern, lengths, ``code=label;…`` lists) give every fact for P24V01.
- ``norm-P25V01.yaml`` / ``norm-P26V01.yaml``: the norm descriptions of the public
  repository Jikenlabs/open-neodes (Apache-2.0, ``open-neodes-core/src/main/resources``),
  transcribed from the cahiers techniques 2025 and 2026. Their P24V01 file gives exactly
  the workbook's code lists (checked by this tool), so the later ones are read the same
  way; only their code lists are taken (types and lengths come from the workbook: the
  rubrics read did not change).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

RUBRIQUES = (
    "S10.G00.00.006", "S20.G00.05.001", "S21.G00.06.001", "S21.G00.11.001",
    "S21.G00.30.001", "S21.G00.30.002", "S21.G00.30.004", "S21.G00.30.006",
    "S21.G00.30.020", "S21.G00.40.001", "S21.G00.40.004", "S21.G00.40.006",
    "S21.G00.40.007", "S21.G00.40.008", "S21.G00.40.009", "S21.G00.40.010",
    "S21.G00.62.001", "S21.G00.62.002",
)
"""The rubrics the reader reads (docs/import.md)."""

LISTES = ("S20.G00.05.001", "S21.G00.40.007", "S21.G00.40.008", "S21.G00.62.002")
"""The code lists kept with their French labels."""

SORTIE = Path(__file__).resolve().parents[1] / "src/rst_effectifs/formats/norme"


def _texte(valeur: Any) -> str:
    return "" if valeur is None else str(valeur).replace("_x000D_\n", " ").strip()


def lire_classeur(chemin: Path) -> dict[str, Any]:
    import openpyxl

    classeur = openpyxl.load_workbook(chemin, read_only=True)
    standard = {_texte(r[0]): _texte(r[1]) for r in classeur["Standard"].iter_rows(
        values_only=True) if r[0]}
    types: dict[str, tuple[Any, ...]] = {}
    for ligne in classeur["Data Types"].iter_rows(values_only=True, min_row=2):
        if ligne[0]:
            types[_texte(ligne[0])] = ligne
    rubriques: dict[str, Any] = {}
    listes: dict[str, dict[str, str]] = {}
    for ligne in classeur["Fields"].iter_rows(values_only=True, min_row=2):
        cle = f"{_texte(ligne[0])}.{_texte(ligne[1])}"
        if cle not in RUBRIQUES:
            continue
        type_id = _texte(ligne[4])
        _id, _nom, nature, motif, lg_min, lg_max, valeurs = (types[type_id] + (None,) * 7)[:7]
        rubriques[cle] = {"libelle": _texte(ligne[2]), "type": type_id,
                          "nature": _texte(nature), "motif": _texte(motif) or None,
                          "longueur_min": int(lg_min), "longueur_max": int(lg_max)}
        if cle in LISTES:
            listes[cle] = {c.strip(): " ".join(l.split()) for c, _, l in
                           (v.partition("=") for v in _texte(valeurs).split(";")) if c}
    return {"version": standard["Version"], "revision": standard.get("Revision"),
            "rubriques": rubriques, "listes": listes}


def lire_yaml(chemin: Path) -> dict[str, dict[str, str]]:
    import yaml

    norme = yaml.safe_load(chemin.read_text(encoding="utf-8"))
    listes = {}
    for cle in LISTES:
        champ = norme["segments"][cle[:10]]["fields"][cle]
        listes[cle] = {str(c): " ".join(str(l).split()) for c, l in (champ.get("options") or {}).items()}
    return listes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--classeur", type=Path, required=True)
    parser.add_argument("--yaml", action="append", default=[],
                        help="VERSION=path of an open-neodes norm file")
    args = parser.parse_args()
    base = lire_classeur(args.classeur)
    sources = {base["version"]: (base["listes"], "net-entreprises, dsn-datatypes-CT2024.xlsx "
                                 f"(révision {base['revision']}), via krisk78/DSN2CSV")}
    for option in args.yaml:
        version, _, chemin = option.partition("=")
        listes = lire_yaml(Path(chemin))
        if version == base["version"] and listes != base["listes"]:
            raise SystemExit(f"{chemin}: its lists differ from the workbook's")
        sources[version] = (listes, "cahier technique DSN, transcrit par Jikenlabs/open-neodes "
                            f"(Apache-2.0), norm-{version}.yaml")
    for version, (listes, source) in sorted(sources.items()):
        donnees = {"version": version, "source": source,
                   "types_source": "dsn-datatypes-CT2024.xlsx (P24V01)",
                   "rubriques": base["rubriques"], "listes": listes}
        chemin = SORTIE / f"dsn-{version}.json"
        chemin.write_text(json.dumps(donnees, ensure_ascii=False, indent=1, sort_keys=True)
                          + "\n", encoding="utf-8")
        print(chemin, {k: len(v) for k, v in listes.items()})


if __name__ == "__main__":
    main()
