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
