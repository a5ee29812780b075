"""The README's quick start is the example file, and prints what the README says."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

RACINE = Path(__file__).resolve().parents[1]


def _blocs(langage: str) -> list[str]:
    texte = (RACINE / "README.md").read_text(encoding="utf-8")
    return re.findall(rf"```{langage}\n(.*?)```", texte, flags=re.DOTALL)


def test_readme_quick_start_is_the_example_file() -> None:
    exemple = (RACINE / "examples" / "demarrage.py").read_text(encoding="utf-8")
    assert exemple in _blocs("python")


def test_quick_start_prints_what_the_readme_shows() -> None:
    sortie = subprocess.run(
        [sys.executable, str(RACINE / "examples" / "demarrage.py")],
        capture_output=True, text=True, check=True, cwd=RACINE,
    ).stdout
    attendu = _blocs("text")[0]
    assert sortie == attendu


def _copie_du_depot(cible: Path) -> None:
    """The project's files as a fresh clone would have them (no venv, no caches)."""
    import shutil

    ignorer = shutil.ignore_patterns(".venv", ".git", "__pycache__", ".hypothesis",
                                     "*.egg-info", ".mypy_cache", ".ruff_cache", "build")
    shutil.copytree(RACINE, cible, ignore=ignorer)


def test_readme_first_command_installs_and_runs_the_main_job(tmp_path: Path) -> None:
    """The README's first command, verbatim, in a fresh copy with an empty home."""
    import os

    premiere = _blocs("sh")[0].strip()
    assert "rst-effectifs demo" in premiere
    depot = tmp_path / "depot"
    _copie_du_depot(depot)
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("RST_EFFECTIFS_", "PYTHONPATH", "VIRTUAL_ENV"))}
    env["HOME"] = str(tmp_path / "maison")
    env.pop("XDG_DATA_HOME", None)
    fait = subprocess.run(["bash", "-c", premiere], cwd=depot, env=env, capture_output=True,
                          text=True, timeout=600, check=False)
    assert fait.returncode == 0, fait.stderr[-3000:]
    assert "Total TTC" in fait.stdout
    assert (tmp_path / "maison" / ".local" / "share" / "rst_effectifs" / "demo.db").is_file()
