"""Every example of the documentation runs, as written, in CI.

- Each ``python`` block of README.md and docs/*.md runs, page by page, in the page's
  order with one namespace per page (what a reader pasting the blocks into one session
  gets); each page defines what it uses.
- Each command line of docs/cli.md's ``sh`` blocks runs in the page's order, in-process,
  on a fresh SQLite database in an empty folder. A line may keep what a command prints
  in a shell variable (``NAME=$(rst-effectifs …)``) for later lines (``$NAME``), set one
  with ``export``, or end with a comment ``# exit N`` for the exit code it expects (else
  0). A ``text`` block right after a ``sh`` block is the end of its last command's output.
"""

from __future__ import annotations

import os
import re
import shlex
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from rst_effectifs.entrypoints.cli import cli

RACINE = Path(__file__).resolve().parents[1]
PAGES = [RACINE / "README.md", *sorted((RACINE / "docs").glob("*.md"))]
BLOC = re.compile(r"^```([a-z]*)[^\n]*\n(.*?)^```\s*$", re.M | re.S)


def blocs(page: Path) -> list[tuple[str, str]]:
    """The page's fenced blocks, in order: (language, text)."""
    return [(m.group(1), m.group(2)) for m in BLOC.finditer(page.read_text(encoding="utf-8"))]


@pytest.fixture
def dossier_vide(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty current folder and data folder; no RST_EFFECTIFS_* setting inherited."""
    for nom in list(os.environ):
        if nom.startswith("RST_EFFECTIFS_") and nom != "RST_EFFECTIFS_TEST_POSTGRESQL_URL":
            monkeypatch.delenv(nom)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "donnees"))
    monkeypatch.chdir(tmp_path)
    return tmp_path


# -- Python blocks -----------------------------------------------------------------
PAGES_PYTHON = [p for p in PAGES if any(langue == "python" for langue, _ in blocs(p))]


@pytest.mark.parametrize("page", PAGES_PYTHON, ids=lambda p: p.name)
def test_every_python_block_of_the_page_runs_in_order(page: Path, dossier_vide: Path) -> None:
    espace: dict[str, object] = {"__name__": "__main__"}
    for numero, (langue, texte) in enumerate(blocs(page), 1):
        if langue == "python":
            code = compile(texte, f"{page.name}, bloc {numero}", "exec")
            exec(code, espace)  # the documentation's own examples
    for nom, test in list(espace.items()):  # a page's example tests run too, as pytest would
        if nom.startswith("test_") and callable(test):
            test()


def test_the_pages_import_only_public_names() -> None:
    """Every name a page imports comes from ``rst_effectifs`` or a submodule the README
    lists as public."""
    publics = ("rst_effectifs", "rst_effectifs.adapters.", "rst_effectifs.testing.",
               "rst_effectifs.exemples", "rst_effectifs.domain.facturation")
    for page in PAGES_PYTHON:
        for langue, texte in blocs(page):
            if langue != "python":
                continue
            for module in re.findall(r"^\s*(?:from|import) (rst_effectifs[\w.]*)", texte, re.M):
                assert module == "rst_effectifs" or module.startswith(publics), (page, module)
            assert "rst_effectifs.application" not in texte, page


# -- docs/cli.md -----------------------------------------------------------------------
def lignes_de_commande(texte: str) -> Iterator[str]:
    """Logical lines of a ``sh`` block (``\\`` continues a line)."""
    courante = ""
    for ligne in texte.splitlines():
        if ligne.rstrip().endswith("\\"):
            courante += ligne.rstrip()[:-1] + " "
            continue
        courante += ligne
        if courante.strip():
            yield courante.strip()
        courante = ""


def etapes() -> list[tuple[str, str | None]]:
    """(command line, output shown after it or None), in the page's order."""
    resultat: list[tuple[str, str | None]] = []
    suite = blocs(RACINE / "docs" / "cli.md")
    for rang, (langue, texte) in enumerate(suite):
        if langue != "sh":
            continue
        lignes = list(lignes_de_commande(texte))
        suivant = suite[rang + 1] if rang + 1 < len(suite) else None
        montre = suivant[1] if suivant is not None and suivant[0] == "text" else None
        resultat += [(ligne, montre if i == len(lignes) - 1 else None)
                     for i, ligne in enumerate(lignes)]
    return resultat


VARIABLE = re.compile(r"^([A-Z_]+)=\$\((.*)\)$")
EVAL = re.compile(r'^eval "\$\(([A-Z_]+)=(\w+) rst-effectifs\)"$')


class Shell:
    """Just enough of a shell for the page: variables, ``export``, ``$(…)`` around one
    ``rst-effectifs`` command, and ``eval "$(VAR=… rst-effectifs)"`` for completion."""

    def __init__(self) -> None:
        self.variables: dict[str, str] = {}
        self.env: dict[str, str | None] = {}

    def lancer(self, ligne: str) -> tuple[int, str]:
        attendu = re.search(r"#\s*exit (\d)", ligne)
        code_attendu = int(attendu.group(1)) if attendu else 0
        ligne = re.sub(r"\$([A-Z_]+)", lambda m: self.variables[m.group(1)], ligne)
        if ligne.startswith("export "):
            nom, valeur = ligne.removeprefix("export ").split("=", 1)
            self.env[nom] = valeur
            return 0, ""
        complete = EVAL.match(ligne)
        if complete:
            sortie = self.rst([], {complete.group(1): complete.group(2)}, 0)
            assert "complete" in sortie and "rst-effectifs" in sortie
            return 0, sortie
        capture = VARIABLE.match(ligne)
        mots = shlex.split(capture.group(2) if capture else ligne, comments=True)
        assert mots[0] == "rst-effectifs", ligne
        sortie = self.rst(mots[1:], {}, code_attendu, stdout_seul=capture is not None)
        if capture:
            self.variables[capture.group(1)] = sortie.strip()
            assert self.variables[capture.group(1)], ligne
        return code_attendu, sortie

    def rst(self, args: list[str], env: dict[str, str], code: int,
            stdout_seul: bool = False) -> str:
        fait = CliRunner().invoke(cli, args, env={**self.env, **env}, prog_name="rst-effectifs",
                                  catch_exceptions=False)
        assert fait.exit_code == code, (args, fait.output)
        return fait.stdout if stdout_seul else fait.output


def _fin(texte: str) -> list[str]:
    return [ligne.rstrip() for ligne in texte.rstrip().splitlines()]


def test_docs_cli_md_is_one_session_a_new_user_can_paste(dossier_vide: Path) -> None:
    shell = Shell()
    faites = etapes()
    assert len(faites) >= 60
    for ligne, montre in faites:
        _code, sortie = shell.lancer(ligne)
        if montre is not None:
            attendu = _fin(montre)
            assert _fin(sortie)[-len(attendu):] == attendu, (ligne, sortie)
    assert (dossier_vide / "premiers-pas.db").is_file()
    assert (dossier_vide / "assiette-2024.csv").read_text(encoding="utf-8").startswith(
        "salarie_id;nom;prenoms;type_de_suivi;motif")


def test_the_bareme_file_shown_is_the_shipped_sample() -> None:
    from rst_effectifs.exemples import chemin_exemple

    montre = [texte for langue, texte in blocs(RACINE / "docs" / "cli.md") if langue == "toml"]
    livre = chemin_exemple("bareme-2027.toml").read_text(encoding="utf-8")
    assert montre and montre[0] in livre
