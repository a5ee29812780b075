"""Sample import files shipped with the package, for the README, the CLI and tests.

Fictitious people with valid NIRs, written as the DSN norm writes them (13 characters,
without the key). ``exemple.dsn``: a March 2024 DSN (Latin-1) of two
establishments of SIREN 842 053 175 (SIRET 842 053 175 00019 and 00027);
``malformee.dsn``: a DSN with one mistake of each kind; ``salaries.csv``: the CSV
import layout (``docs/import.md``); ``bareme-2027.toml``: a custom barème;
``couts-moyens.toml``: national average costs by year (``docs/billing.md``, F3);
``emetteur.toml``: a fictitious RST as seller of invoices (``docs/invoices.md``, F8).
"""

from __future__ import annotations

import pathlib
from importlib.resources import files

from ..domain.erreurs import ErreurTechnique, Introuvable

__all__ = ["EXEMPLES", "chemin_exemple"]

EXEMPLES = ("exemple.dsn", "malformee.dsn", "salaries.csv", "bareme-2027.toml",
            "couts-moyens.toml", "emetteur.toml")


def chemin_exemple(nom: str) -> pathlib.Path:
    """The path of a shipped sample file, by name (one of :data:`EXEMPLES`)."""
    if nom not in EXEMPLES:
        raise Introuvable(
            f"Cet exemple n'existe pas ; exemples fournis : {', '.join(EXEMPLES)}.",
            code="exemple.introuvable", regle="", chemin="nom",
        )
    chemin = files(__name__).joinpath(nom)
    if not isinstance(chemin, pathlib.Path):
        raise ErreurTechnique("Les exemples ne sont pas disponibles comme fichiers sur ce "
                              "poste (paquet compressé).")
    return chemin
