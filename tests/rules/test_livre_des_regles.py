"""docs/rules.md and tests/rules stay in step: every rule id P, S, C, E, T, D has tests named
for it and a section of the rule book that links to the file holding them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ICI = Path(__file__).resolve().parent
LIVRE = ICI.parents[1] / "docs" / "rules.md"
REGLES = [f"{famille}{n}" for famille, nombre in (("P", 5), ("S", 5), ("C", 4), ("E", 6),
                                                     ("T", 1), ("D", 3))
          for n in range(1, nombre + 1)]


def sections() -> dict[str, str]:
    texte = LIVRE.read_text(encoding="utf-8")
    morceaux = re.split(r"^### ([PSCETD][0-9]) ", texte, flags=re.M)
    return dict(zip(morceaux[1::2], morceaux[2::2], strict=True))


def fichiers_de_tests(regle: str) -> set[str]:
    motif = re.compile(rf"^def test_{regle.lower()}_", re.M)
    return {f.name for f in ICI.glob("test_*.py") if motif.search(f.read_text(encoding="utf-8"))}


@pytest.mark.parametrize("regle", REGLES)
def test_every_rule_has_tests_and_a_section_linking_to_them(regle: str) -> None:
    fichiers = fichiers_de_tests(regle)
    assert fichiers, f"no test_{regle.lower()}_* test"
    section = sections().get(regle)
    assert section is not None, f"docs/rules.md has no '### {regle} ' section"
    liens = set(re.findall(r"\]\(\.\./tests/rules/(test_[a-z_]+\.py)\)", section))
    assert fichiers <= liens


def test_every_link_of_the_rule_book_exists() -> None:
    liens = re.findall(r"\]\((\.\./[^)#]+)\)", LIVRE.read_text(encoding="utf-8"))
    assert liens
    assert [lien for lien in liens if not (LIVRE.parent / lien).exists()] == []
