"""Files in and out of the command line: input files opened with a French refusal when
they cannot be read, lines counted for the progress bar, and the ``exporter`` group
(its ``effectif`` and ``assiette`` commands live with their menus) writing CSV or JSON
to a file or standard output."""

from __future__ import annotations

import errno
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, TypeVar

import click

from ...domain.erreurs import DonneeInvalide
from . import affichage
from .parametres import GroupeRst, TypeChoix
from .racine import _session, cli, option_json

__all__ = ["LignesLues", "ecrire_export", "exporter", "fichier_illisible", "options_export",
           "ouvrir_fichier", "total_de_lignes"]

F = TypeVar("F", bound=Callable[..., Any])


# -- reading ------------------------------------------------------------------------------------
@contextmanager
def ouvrir_fichier(chemin: str) -> Iterator[IO[bytes]]:
    """Open an input file; a missing or unreadable one is a French refusal."""
    try:
        flux = open(chemin, "rb")  # noqa: SIM115 - closed below
    except OSError as erreur:
        raise fichier_illisible(erreur) from None
    with flux:
        yield flux


_RAISONS = {errno.ENOENT: "ce fichier n'existe pas", errno.EACCES: "accès refusé",
            errno.EISDIR: "c'est un dossier"}


def fichier_illisible(erreur: OSError) -> DonneeInvalide:
    raison = _RAISONS.get(erreur.errno or 0, "lecture ou écriture impossible")
    return DonneeInvalide(f"Fichier « {erreur.filename} » : {raison}.",
                          code="fichier.inaccessible", chemin="fichier")


class LignesLues:
    """A binary file that advances a progress task by the lines read (the readers
    iterate over lines or read chunks; both are counted)."""

    def __init__(self, flux: IO[bytes], avancer: Callable[[int], None]) -> None:
        self._flux = flux
        self._avancer = avancer

    def read(self, taille: int = -1) -> bytes:
        morceau = self._flux.read(taille)
        self._avancer(morceau.count(b"\n"))
        return morceau

    def read1(self, taille: int = -1) -> bytes:
        return self.read(taille)

    def readline(self, taille: int = -1) -> bytes:
        ligne = self._flux.readline(taille)
        self._avancer(ligne.count(b"\n"))
        return ligne

    def __iter__(self) -> Iterator[bytes]:
        return self

    def __next__(self) -> bytes:
        ligne = self.readline()
        if not ligne:
            raise StopIteration
        return ligne

    def __getattr__(self, nom: str) -> Any:
        return getattr(self._flux, nom)


def total_de_lignes(flux: IO[bytes]) -> int:
    """The file's lines, for the progress bar's total (one fast pass, then rewound)."""
    total = sum(morceau.count(b"\n") for morceau in iter(lambda: flux.read(1 << 20), b""))
    flux.seek(0)
    return total


# -- writing -----------------------------------------------------------------------------------
FORMAT_EXPORT = TypeChoix("format", lambda: {"csv": "csv", "json": "json"}, "Format")


def ecrire_export(contenu: str, sortie: str | None, format_: str,
                  rangees: Sequence[object]) -> None:
    """The export to ``sortie`` or standard output. With ``--json`` the answer is the
    envelope, as for every command: the file written and its row count, or (no file)
    the rows themselves."""
    json_ = _session().json
    if sortie is None:
        if json_:
            affichage.ecrire_json({"format": format_, "nombre": len(rangees), "lignes": rangees})
        else:
            sys.stdout.write(contenu)
        return
    try:
        Path(sortie).write_text(contenu, encoding="utf-8", newline="")
    except OSError as erreur:
        raise fichier_illisible(erreur) from None
    if json_:
        affichage.ecrire_json({"format": format_, "nombre": len(rangees), "fichier": sortie})
    else:
        affichage.message(f"Écrit dans {sortie}.", erreur=True)


@cli.group(cls=GroupeRst)
def exporter() -> None:
    """Exporter l'effectif ou une assiette en CSV (séparateur ;) ou JSON."""


def options_export(f: F) -> F:
    f = click.option("--sortie", metavar="FICHIER", help="Fichier à écrire (par défaut la "
                                                         "sortie standard).")(f)
    f = click.option("--format", "format_", type=FORMAT_EXPORT, default="csv",
                     show_default=True, help="csv ou json.")(f)
    return option_json(f)
