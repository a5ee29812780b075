"""The pages' Jinja2 environment: templates shipped in the package, autoescaped, strict
about missing names (a typo is an error in the tests, not a blank on a page), with the
portal's French formats: dates JJ/MM/AAAA, amounts in euros, numbers with spaces."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from ....domain.dates import date_fr
from ..statiques import STATIQUES
from .conseils import BONNES_PRATIQUES
from .libelles import LIBELLES_NATURES, libelle_dispositif, libelle_motif

ESPACE_FINE = "\u202f"
"""French thousands separator (narrow no-break space), also before ``€``."""


def nombre(valeur: int | Decimal | float, decimales: int = 0) -> str:
    """``12345.5`` → ``12 345,50`` (two decimals) or ``12 346`` (none)."""
    quantum = Decimal(1).scaleb(-decimales)
    arrondi = Decimal(str(valeur)).quantize(quantum, rounding=ROUND_HALF_UP)
    signe = "-" if arrondi < 0 else ""
    entier, _, fraction = f"{abs(arrondi):f}".partition(".")
    groupes: list[str] = []
    while entier:
        groupes.insert(0, entier[-3:])
        entier = entier[:-3]
    texte = ESPACE_FINE.join(groupes) or "0"
    return f"{signe}{texte},{fraction}" if fraction else f"{signe}{texte}"


def _euros(valeur: int | Decimal | float | None) -> str:
    """``1234.5`` → ``1 234,50 €``."""
    return "" if valeur is None else f"{nombre(valeur, 2)}{ESPACE_FINE}€"


def identifiant_de_champ(nom: str) -> str:
    """A form field's name → its HTML id (``contrat.debut`` → ``champ-contrat-debut``)."""
    return "champ-" + "".join(c if c.isalnum() else "-" for c in nom)


LIBELLES_ROLES = {"administrateur": "Administrateur", "declaration": "Déclaration",
                  "facturation": "Facturation", "lecture": "Lecture seule"}


def libelle_roles(roles: Iterable[Any]) -> str:
    """A set of roles → ``Administrateur, Déclaration`` (stable order)."""
    valeurs = sorted(getattr(r, "value", r) for r in roles)
    return ", ".join(LIBELLES_ROLES.get(v, v) for v in valeurs)


def _environnement() -> Environment:
    env = Environment(loader=PackageLoader("rst_effectifs.entrypoints.web", "gabarits"),
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters.update(date_fr=date_fr, euros=_euros, nombre=nombre,
                       id_champ=identifiant_de_champ,
                       roles=libelle_roles, dispositif=libelle_dispositif,
                       motif=libelle_motif)
    env.globals.update(statique=STATIQUES.url, bonnes_pratiques=BONNES_PRATIQUES,
                       libelles_natures=LIBELLES_NATURES)
    return env


ENVIRONNEMENT = _environnement()

__all__ = ["ENVIRONNEMENT", "date_fr", "identifiant_de_champ", "libelle_roles",
           "nombre"]
