"""What a member may read names no command-line option and no rule id: the messages of the
library (its refusals and reports, written in the domain, the application and the
readers of files), and the portal's pages. The command line adds its own hints
(``entrypoints/cli/conseils.py``), the API the fields to send (``details``)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

RACINE = Path(__file__).resolve().parents[1] / "src" / "rst_effectifs"
REGLE = re.compile(r"\b[PSCEFADTIV][0-9]{1,2}b?\b(?!\.G00)")
"""A rule id of the rule book (P2b, F3, S5…), not a DSN rubric (S21.G00…)."""
OPTION = re.compile(r"(?<![\w-])--[a-z]")
SOURCES = sorted(p for couche in ("domain", "application", "formats")
                 for p in (RACINE / couche).rglob("*.py")
                 if p.name != "schema.py")  # JSON Schemas document the API, by rule


def _textes(chemin: Path) -> list[tuple[int, str]]:
    """The string literals of a module but its docstrings and bare expressions."""
    arbre = ast.parse(chemin.read_text(encoding="utf-8"))
    muets = {id(n.value) for n in ast.walk(arbre)
             if isinstance(n, ast.Expr) and isinstance(n.value, ast.Constant)}
    return [(n.lineno, n.value) for n in ast.walk(arbre)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in muets
            and " " in n.value  # a message, not a code or a rule id given as ``regle=``
            and not n.value.lstrip().startswith("<")]  # nor XML (unit code C62 is no rule)


@pytest.mark.parametrize("chemin", SOURCES, ids=lambda p: str(p.relative_to(RACINE)))
def test_no_library_message_names_an_option_or_a_rule_id(chemin: Path) -> None:
    fautes = [(ligne, texte) for ligne, texte in _textes(chemin)
              if REGLE.search(texte) or OPTION.search(texte)]
    assert fautes == []


def test_no_page_shows_a_rule_id_or_an_option() -> None:
    fautes = []
    for gabarit in sorted((RACINE / "entrypoints" / "web" / "gabarits").glob("*.html")):
        texte = re.sub(r"\{#.*?#\}", "", gabarit.read_text(encoding="utf-8"), flags=re.S)
        # the support toggle (« Détails pour le support RST ») is where codes belong
        texte = re.sub(r"\{% macro pour_le_support\(.*?\{% endmacro %\}", "", texte, flags=re.S)
        visible = re.sub(r"\{[{%].*?[%}]\}|<[^>]+>", " ", texte, flags=re.S)
        rendu_d_un_refus = re.search(r"\b(erreur|e|r)\.(regle|code)\b", texte)
        if REGLE.search(visible) or OPTION.search(visible) or rendu_d_un_refus:
            fautes.append(gabarit.name)
    assert fautes == []


def test_the_scan_sees_what_it_looks_for() -> None:
    """The patterns catch what a careless message would say."""
    assert REGLE.search("fusion de fiches, règle S5).") and REGLE.search("Bande (F3)")
    assert OPTION.search("en ligne de commande --cout-moyen MONTANT")
    assert not REGLE.search("rubrique S21.G00.40.007") and not OPTION.search("2025–2026")
