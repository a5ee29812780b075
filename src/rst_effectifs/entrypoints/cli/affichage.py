"""What the command prints: rich tables for people, JSON for scripts, French refusals.

JSON goes through the project's one converter with NIRs masked (S1, A5). Every value a
user typed or a file held is printed as plain text, never as rich markup. Refusals go
to standard error: the code, the French message, the rule, and every failed item of a
grouped request (E5) or every bad line of a file. In ``--json`` mode every answer —
success, refusal, usage error — is one envelope on standard output,
``{"ok", "code_sortie", "resultat", "erreur"}`` (:func:`.parametres.enveloppe_json`).
``--quiet`` keeps only refusals; ``--verbose`` prints long tables whole.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import sys
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

from cattrs.preconf.json import JsonConverter
from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    ProgressColumn,
    SpinnerColumn,
    Task,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table
from rich.text import Text

from ...application.declarations import FichierInvalide
from ...domain.dates import date_fr
from ...domain.erreurs import ErreurRstEffectifs, RefusGroupe
from ...formats.json import erreur_en_json, make_converter
from .conseils import conseil
from .parametres import enveloppe_json

__all__ = [
    "LARGEUR_HORS_TERMINAL",
    "LIGNES_PAR_DEFAUT",
    "ColonneUnites",
    "Niveau",
    "afficher_erreur",
    "cellule",
    "console",
    "convertisseur",
    "date_fr",
    "ecrire_json",
    "en_json",
    "erreur_json",
    "identifiants",
    "lignes_limitees",
    "message",
    "pluriel",
    "progression",
    "regler",
    "table",
    "table_limitee",
]

LARGEUR_HORS_TERMINAL = 160
"""Width when output is not a terminal (a pipe, a file, a test): no wrapped cells."""
LIGNES_PAR_DEFAUT = 20
"""Rows a long table shows without ``--verbose``; the rest is counted."""


class Niveau:
    """How much the command prints: ``--quiet`` (refusals only), ``--verbose`` (long
    tables whole). Reset by the root command at each run."""

    silencieux = False
    detaille = False


def regler(silencieux: bool | None = None, detaille: bool | None = None) -> None:
    if silencieux is not None:
        Niveau.silencieux = silencieux
    if detaille is not None:
        Niveau.detaille = detaille


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
def pluriel(n: int, mot: str) -> str:
    """``n`` and ``mot``, with an ``s`` from two on (« 1 poste », « 2 postes »)."""
    return f"{n} {mot}{'s' if n > 1 else ''}"


def cellule(valeur: object) -> str:
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
        return ", ".join(sorted(cellule(v) for v in valeur))
    return str(valeur)


def table(titre: str | None, colonnes: Sequence[str], lignes: Iterable[Sequence[object]],
          *, droite: Sequence[str] = ()) -> Table:
    """A rich table of plain-text cells (``droite``: columns aligned right, numbers)."""
    tableau = Table(title=titre, title_justify="left", show_lines=False)
    for nom in colonnes:
        tableau.add_column(nom, justify="right" if nom in droite else "left",
                           overflow="fold")
    for ligne in lignes:
        tableau.add_row(*(Text(cellule(v)) for v in ligne))
    return tableau


def fiche(titre: str | None, champs: Iterable[tuple[str, object]]) -> Table:
    """Field / value pairs as a two-column table."""
    tableau = Table(title=titre, title_justify="left", show_header=False)
    tableau.add_column(style="bold")
    tableau.add_column(overflow="fold")
    for nom, valeur in champs:
        tableau.add_row(Text(nom), Text(cellule(valeur)))
    return tableau


def lignes_limitees(lignes: Sequence[Sequence[object]]) -> tuple[list[Sequence[object]], int]:
    """A long table's first rows without ``--verbose``, and how many were left out."""
    if Niveau.detaille or len(lignes) <= LIGNES_PAR_DEFAUT:
        return list(lignes), 0
    return list(lignes[:LIGNES_PAR_DEFAUT]), len(lignes) - LIGNES_PAR_DEFAUT


def table_limitee(titre: str, colonnes: Sequence[str], lignes: Sequence[Sequence[object]]
                  ) -> list[str | Table]:
    """:func:`table` of at most :data:`LIGNES_PAR_DEFAUT` rows, then a line counting the
    others (``--verbose`` shows them)."""
    montrees, restantes = lignes_limitees(lignes)
    sorties: list[str | Table] = [f"{titre} ({len(lignes)}) :", table(None, colonnes, montrees)]
    if restantes:
        sorties.append(f"… et {restantes} ligne(s) de plus (--verbose pour tout voir).")
    return sorties


def identifiants(*ids: str) -> bool:
    """With ``--quiet``, what a command created is still printed: its id(s), one per line,
    so that a script keeps it (``LEA=$(rst-effectifs -q salaries embaucher …)``). Returns
    whether it printed (the caller then prints nothing else)."""
    if not Niveau.silencieux:
        return False
    sys.stdout.write("".join(f"{i}\n" for i in ids))
    return True


def message(*lignes: str | Table, erreur: bool = False) -> None:
    """Plain lines (never read as markup) and tables, in order; nothing but refusals
    with ``--quiet``."""
    if Niveau.silencieux and not erreur:
        return
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


def ecrire_json(objet: Any, code_sortie: int = 0) -> None:
    """A result in the ``--json`` envelope on standard output."""
    sys.stdout.write(enveloppe_json(code_sortie, resultat=en_json(objet)))


def erreur_json(erreur: ErreurRstEffectifs) -> dict[str, Any]:
    """A refusal as the envelope's ``erreur``: every failed item, every bad line."""
    donnees = erreur_en_json(erreur)
    if isinstance(erreur, FichierInvalide):
        donnees["nombre"] = erreur.nombre
        donnees["lignes_non_lues"] = erreur.lignes_non_lues
        donnees["erreurs"] = _erreurs_de_fichier(erreur)
    return donnees


# -- refusals -------------------------------------------------------------------------------
def _erreurs_de_fichier(erreur: FichierInvalide) -> list[dict[str, Any]]:
    return [{"ligne": e.chemin, "code": e.code, "regle": e.regle, "message": e.message}
            for e in erreur.erreurs]


def afficher_erreur(erreur: ErreurRstEffectifs, en_json_: bool, code_sortie: int = 1) -> None:
    """A refusal on standard error, all of it: every failed item, every bad line; with
    ``--json``, the envelope on standard output."""
    if en_json_:
        sys.stdout.write(enveloppe_json(code_sortie, erreur=erreur_json(erreur)))
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
                   if cle not in ("cause", "sqlstate", "champs")
                   and not _dit(erreur.message, cle, valeur)]
    indice = conseil(erreur.code)
    if indice is not None:
        lignes.append(f"Conseil : {indice}")
    message(*lignes, erreur=True)


def _dit(message: str, cle: str, valeur: object) -> bool:
    """The message already says it (``ligne 2``, ``reçu : un texte``): once is enough."""
    return (isinstance(valeur, str) and valeur in message) or f"{cle} {valeur}" in message


# -- progress ----------------------------------------------------------------------------------
def progression_visible(en_json_: bool) -> bool:
    """Progress bars only for a person: on a terminal, never in ``--json`` or
    ``--quiet`` mode."""
    return not en_json_ and not Niveau.silencieux and sys.stdout.isatty()


class ColonneUnites(ProgressColumn):
    """``1 234/5 000 lignes · 812 lignes/s``: counts in the task's unit (its ``unite``
    field: lignes, personnes, adhérents) and the rate."""

    def render(self, task: Task) -> Text:
        unite = task.fields.get("unite", "")
        fait = f"{task.completed:,.0f}".replace(",", " ")
        total = "?" if task.total is None else f"{task.total:,.0f}".replace(",", " ")
        vitesse = "" if task.speed is None else f" · {task.speed:,.0f} {unite}/s".replace(
            ",", " ")
        return Text(f"{fait}/{total} {unite}{vitesse}")


@contextmanager
def progression(visible: bool) -> Iterator[Progress | None]:
    """A transient rich progress display when ``visible``, else ``None``. Tasks name
    their unit with ``unite=…``."""
    if not visible:
        yield None
        return
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                  TaskProgressColumn(), ColonneUnites(), TimeElapsedColumn(),
                  console=console(), transient=True) as barre:
        yield barre
