"""INSEE's PCS-ESE 2017 nomenclature, the list a DSN's S21.G00.40.004 and a poste's code
are drawn from: its 429 professions (``632a``) and 29 categories (``63``) with their
French labels. Package data (``nomenclatures/pcs-ese-2017.json``) written by
``bench/extraire_pcs_ese.py``, which says where it was read."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

__all__ = ["NOMENCLATURE_PCS", "categorie_pcs", "libelle_pcs", "professions_pcs"]

NOMENCLATURE_PCS = "PCS-ESE 2017"


@cache
def _donnees() -> dict[str, dict[str, str]]:
    texte = resources.files(__package__).joinpath(
        "nomenclatures/pcs-ese-2017.json").read_text(encoding="utf-8")
    donnees = json.loads(texte)
    return {"professions": donnees["professions"], "categories": donnees["categories"]}


def professions_pcs() -> dict[str, str]:
    """Every profession code (lower case) with its label."""
    return dict(_donnees()["professions"])


def libelle_pcs(code: str) -> str | None:
    """The label of a profession code (``632a`` or ``632A``), ``None`` if INSEE's list
    does not hold it."""
    return _donnees()["professions"].get(code.lower())


def categorie_pcs(code: str) -> str | None:
    """The label of the socio-professional category (first two digits) of a code."""
    return _donnees()["categories"].get(code[:2])
