"""The DSN norm's facts the reader uses, per norm version: rubric types and lengths, and
the code lists with their French labels (nature of contract, scheme, end reason, nature
of declaration). They are package data (``formats/norme/dsn-<version>.json``) extracted
from the norm's documents by ``bench/extraire_norme_dsn.py``; each file names its source.

S21.G00.40.004 is drawn from INSEE's PCS-ESE 2017 list, which the norm does not carry:
it is domain data (a poste's code is checked against it), re-exported here as
:func:`libelle_pcs`.

A file names its version in S10.G00.00.006 (``P25V01``); a version this library does not
ship is read with the latest one it ships (:func:`norme` says which it took).
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from attrs import frozen

from ..domain.contrats import NatureContrat
from ..domain.nomenclature_pcs import NOMENCLATURE_PCS, libelle_pcs

__all__ = [
    "DISPOSITIF",
    "MOTIF_RUPTURE",
    "NATURE_CONTRAT",
    "NATURE_DECLARATION",
    "NOMENCLATURE_PCS",
    "VERSIONS",
    "NormeDsn",
    "libelle_code",
    "libelle_nature",
    "libelle_pcs",
    "libelles",
    "norme",
]

NATURE_DECLARATION = "S20.G00.05.001"
NATURE_CONTRAT = "S21.G00.40.007"
DISPOSITIF = "S21.G00.40.008"
MOTIF_RUPTURE = "S21.G00.62.002"


@frozen
class NormeDsn:
    """One norm version's facts: ``listes[rubric] = {code: label}``, ``rubriques[rubric]``
    (type, pattern, lengths), and where they come from."""

    version: str
    source: str
    listes: dict[str, dict[str, str]]
    rubriques: dict[str, dict[str, Any]]

    def connait(self, rubrique: str, code: str) -> bool:
        return code in self.listes[rubrique]

    def codes(self, rubrique: str) -> tuple[str, ...]:
        return tuple(self.listes[rubrique])


def _versions() -> tuple[str, ...]:
    dossier = resources.files(__package__).joinpath("norme")
    return tuple(sorted(f.name.removeprefix("dsn-").removesuffix(".json")
                        for f in dossier.iterdir() if f.name.endswith(".json")))


VERSIONS: tuple[str, ...] = _versions()
"""The norm versions shipped, oldest first (P24V01, P25V01, P26V01)."""


@cache
def _charger(version: str) -> NormeDsn:
    texte = resources.files(__package__).joinpath(f"norme/dsn-{version}.json").read_text(
        encoding="utf-8")
    donnees = json.loads(texte)
    return NormeDsn(donnees["version"], donnees["source"], donnees["listes"],
                    donnees["rubriques"])


def norme(version: str | None = None) -> NormeDsn:
    """The facts of ``version``, or of the latest version shipped when it is unknown."""
    return _charger(version if version in VERSIONS else VERSIONS[-1])


def libelle_code(rubrique: str, code: str) -> str | None:
    """A code's French label in the latest version that knows it, else ``None``."""
    for version in reversed(VERSIONS):
        libelle = _charger(version).listes[rubrique].get(code)
        if libelle is not None:
            return libelle
    return None


def libelles(rubrique: str) -> dict[str, str]:
    """Every code any shipped version knows for ``rubrique``, with the label of the
    latest version that knows it (what a page shows beside a code)."""
    return {code: libelle for version in VERSIONS
            for code, libelle in _charger(version).listes[rubrique].items()}


def libelle_nature(nature: NatureContrat) -> str:
    """The norm's label of a contract nature (every nature has one: a test checks it)."""
    return libelle_code(NATURE_CONTRAT, nature.value) or nature.value
