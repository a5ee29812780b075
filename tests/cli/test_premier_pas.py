"""The README's first command, as a newcomer runs it: ``rst-effectifs demo`` in an empty
folder with an empty home, twice.

Proposed README line (install, then the library's main job on the embedded default)::

    python3 -m venv .venv && .venv/bin/pip install -q . && .venv/bin/rst-effectifs demo

The test runs the installed ``rst-effectifs`` script of the running interpreter's
environment when there is one (CI installs the package), else
``python -m rst_effectifs.entrypoints.cli`` on this source tree.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import rst_effectifs

SCRIPT = Path(sys.executable).parent / "rst-effectifs"


def _commande() -> list[str]:
    if SCRIPT.is_file():
        return [str(SCRIPT)]
    return [sys.executable, "-m", "rst_effectifs.entrypoints.cli"]


def _lancer(dossier: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RST_EFFECTIFS_")}
    env.update(HOME=str(dossier / "maison"), XDG_DATA_HOME=str(dossier / "maison" / "donnees"),
               PYTHONPATH=str(Path(rst_effectifs.__file__).resolve().parents[1]),
               COLUMNS="200")
    return subprocess.run([*_commande(), *args], cwd=dossier, env=env, capture_output=True,
                          text=True, timeout=120, check=False)


def test_demo_imports_the_sample_and_prints_effectif_and_assiette(tmp_path: Path) -> None:
    premier = _lancer(tmp_path, "demo")
    assert premier.returncode == 0, premier.stderr
    assert "Traceback" not in premier.stderr
    sortie = premier.stdout
    assert "Adhérent 4242" in sortie and ": créé" in sortie
    assert "Import enregistré." in sortie
    assert "Effectif au 31/03/2024 : 5 salariés" in sortie
    assert "Comptés par tête : 5 (SIG 5, SIA 0, SIR 0) ; droits d'entrée : 0." in sortie
    assert "642.00" in sortie  # total TTC of the 2026 assiette (P2b: no SIR left)
    base = tmp_path / "maison" / "donnees" / "rst_effectifs" / "demo.db"
    assert base.is_file()

    second = _lancer(tmp_path, "demo")
    assert second.returncode == 0, second.stderr
    assert "déjà présent" in second.stdout and "ce fichier est déjà importé" in second.stdout
    assert "Effectif au 31/03/2024 : 5 salariés" in second.stdout

    effectif = _lancer(tmp_path, "--db", f"sqlite:///{base}", "effectif", "--le",
                       "2024-03-31", "--json")
    assert effectif.returncode == 0, effectif.stderr
    assert json.loads(effectif.stdout)["resultat"]["nombre"] == 5


def test_demo_in_json_is_one_document(tmp_path: Path) -> None:
    resultat = _lancer(tmp_path, "demo", "--json", "--fichier", str(tmp_path / "d.db"))
    assert resultat.returncode == 0, resultat.stderr
    donnees = json.loads(resultat.stdout)["resultat"]
    assert donnees["adherent_cree"] is True
    assert donnees["assiette"]["montants"]["total_ttc"] == "642.00"
    assert all("*" in e["nir_masque"] for e in donnees["import"]["embauches"])
