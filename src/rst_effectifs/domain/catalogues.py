"""Named presets (counting rules, barèmes): the name every preset carries and the one
look-up by name that refuses an unknown name by listing the known ones."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

from .erreurs import Introuvable
from .textes import texte_requis

T = TypeVar("T")


def nom_de_preset(valeur: object) -> str:
    """The name of a counting rule or a barème (F2)."""
    return texte_requis(valeur, champ="nom", code="facturation.nom_invalide", regle="F2",
                        maximum=100, libelle="Le nom")


def predefini(
    catalogue: Mapping[str, T], nom: object, *, inconnu: str, disponibles: str,
    code: str, chemin: str,
) -> T:
    """The preset called ``nom``, or :class:`Introuvable` (F2) naming the available ones:
    ``inconnu`` says what is unknown, ``disponibles`` introduces the list."""
    # ``get``, not ``[]``: a chained KeyError would keep the name asked for (A5).
    trouve = catalogue.get(nom) if isinstance(nom, str) else None
    if trouve is None:
        raise Introuvable(
            f"{inconnu} {disponibles} : " + ", ".join(sorted(catalogue)) + ".",
            code=code, regle="F2", chemin=chemin,
        )
    return trouve


__all__ = ["nom_de_preset", "predefini"]
