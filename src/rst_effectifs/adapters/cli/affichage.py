"""What the command prints: rich tables for people, JSON for scripts, French refusals.

JSON goes through the project's one converter with NIRs masked (S1, A5). Every value a
user typed or a file held is printed as plain text, never as rich markup. Refusals go
to standard error: the code, the French message, the rule, and every failed item of a
grouped request (E5) or every bad line of a file; in ``--json`` mode as one JSON object
``{"erreur": …}``.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import json
import sys
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

from cattrs.preconf.json import JsonConverter
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table
from rich.text import Text

from ...application.declarations import FichierInvalide
from ...domain.erreurs import ErreurRstEffectifs, RefusGroupe
from ..serialisation import erreur_en_json, make_converter

__all__ = [
    "LARGEUR_HORS_TERMINAL",
    "afficher_erreur",
    "console",
    "convertisseur",
    "date_fr",
    "ecrire_json",
    "en_json",
    "message",
    "progression",
    "table",
    "texte",
]

LARGEUR_HORS_TERMINAL = 160
"""Width when output is not a terminal (a pipe, a file, a test): no wrapped cells."""


@functools.cache
def convertisseur() -> JsonConverter:
    """The project's converter, NIRs masked: what a script reads never holds a clear NIR."""
    return make_converter(masquer_nir=True)


def console(erreur: bool = False) -> Console:
    """A console on the current standard output (or error), built per call so that a
    redirected stream (tests, pipes) is honoured."""
    flux = sys.stderr if erreur else sys.stdout
    terminal = flux.isatty()
    return Console(file=flux, highlight=False, soft_wrap=False,
                   width=None if terminal else LARGEUR_HORS_TERMINAL,
                   no_color=not terminal)


# -- values as text ---------------------------------------------------------------------------
def date_fr(jour: dt.date | None) -> str:
    return "" if jour is None else f"{jour:%d/%m/%Y}"


def texte(valeur: object) -> str:
    """A cell: dates in French, enums as their code, booleans oui/non, ``None`` empty."""
    if valeur is None:
        return ""
    if isinstance(valeur, bool):
        return "oui" if valeur else "non"
    if isinstance(valeur, dt.datetime):
        return f"{valeur.astimezone():%d/%m/%Y %H:%M}"
    if isinstance(valeur, dt.date):
        return date_fr(valeur)
    if isinstance(valeur, enum.Enum):
        return str(valeur.value)
    if isinstance(valeur, Decimal):
        return f"{valeur:.2f}"
    if isinstance(valeur, frozenset | set):
        return ", ".join(sorted(texte(v) for v in valeur))
    return str(valeur)


def table(titre: str | None, colonnes: Sequence[str], lignes: Iterable[Sequence[object]],
          *, droite: Sequence[str] = ()) -> Table:
    """A rich table of plain-text cells (``droite``: columns aligned right, numbers)."""
    tableau = Table(title=titre, title_justify="left", show_lines=False)
    for nom in colonnes:
        tableau.add_column(nom, justify="right" if nom in droite else "left",
                           overflow="fold")
    for ligne in lignes:
        tableau.add_row(*(Text(texte(v)) for v in ligne))
    return tableau


def fiche(titre: str | None, champs: Iterable[tuple[str, object]]) -> Table:
    """Field / value pairs as a two-column table."""
    tableau = Table(title=titre, title_justify="left", show_header=False)
    tableau.add_column(style="bold")
    tableau.add_column(overflow="fold")
    for nom, valeur in champs:
        tableau.add_row(Text(nom), Text(texte(valeur)))
    return tableau


def message(*lignes: str | Table, erreur: bool = False) -> None:
    """Plain lines (never read as markup) and tables, in order."""
    sortie = console(erreur)
    for ligne in lignes:
        if isinstance(ligne, str):
            sortie.print(Text(ligne), soft_wrap=True)
        else:
            sortie.print(ligne)


# -- JSON -------------------------------------------------------------------------------------
def en_json(objet: Any) -> Any:
    """Any library object (attrs classes, tuples, dicts of them) as JSON-ready data."""
    if isinstance(objet, dict):
        return {str(k): en_json(v) for k, v in objet.items()}
    return convertisseur().unstructure(objet)


def ecrire_json(objet: Any) -> None:
    sys.stdout.write(json.dumps(en_json(objet), ensure_ascii=False, indent=2) + "\n")


# -- refusals -------------------------------------------------------------------------------
def _erreurs_de_fichier(erreur: FichierInvalide) -> list[dict[str, Any]]:
    return [{"ligne": e.chemin, "code": e.code, "regle": e.regle, "message": e.message}
            for e in erreur.erreurs]


def afficher_erreur(erreur: ErreurRstEffectifs, en_json_: bool) -> None:
    """A refusal on standard error, all of it: every failed item, every bad line."""
    if en_json_:
        donnees = erreur_en_json(erreur)
        if isinstance(erreur, FichierInvalide):
            donnees["nombre"] = erreur.nombre
            donnees["lignes_non_lues"] = erreur.lignes_non_lues
            donnees["erreurs"] = _erreurs_de_fichier(erreur)
        sys.stderr.write(json.dumps({"erreur": donnees}, ensure_ascii=False, indent=2) + "\n")
        return
    regle = f", règle {erreur.regle}" if erreur.regle else ""
    lignes: list[str | Table] = [f"Refusé : {erreur.message} [{erreur.code}{regle}]"]
    if isinstance(erreur, RefusGroupe):
        lignes += [f"  - salarié {e.salarie_id} : {e.message} [{e.code}]" for e in erreur.echecs]
    if isinstance(erreur, FichierInvalide):
        lignes += [f"  - {e.message} [{e.code}]" for e in erreur.erreurs]
        if erreur.nombre > len(erreur.erreurs):
            lignes.append(f"  … et {erreur.nombre - len(erreur.erreurs)} autre(s) erreur(s).")
        if erreur.lignes_non_lues:
            lignes.append(f"  Lecture arrêtée après {erreur.nombre} erreurs : "
                          f"{erreur.lignes_non_lues} ligne(s) non lue(s).")
    if erreur.details and not isinstance(erreur, FichierInvalide):
        lignes += [f"  {cle} : {valeur}" for cle, valeur in sorted(erreur.details.items())
                   if cle not in ("cause", "sqlstate")]
    message(*lignes, erreur=True)


# -- progress ----------------------------------------------------------------------------------
def progression_visible(en_json_: bool) -> bool:
    """Progress bars only for a person: on a terminal, and never in ``--json`` mode."""
    return not en_json_ and sys.stdout.isatty()


@contextmanager
def progression(visible: bool) -> Iterator[Progress | None]:
    """A transient rich progress display when ``visible``, else ``None``."""
    if not visible:
        yield None
        return
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                  TaskProgressColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=console(), transient=True) as barre:
        yield barre
