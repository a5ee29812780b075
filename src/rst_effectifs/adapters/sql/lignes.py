"""What every SQL store shares: the row types and the check that a key is one the
database can hold."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ...domain.erreurs import DonneeInvalide
from .tables import ID_MAX

Ligne = dict[str, Any]
LigneLue = Mapping[Any, Any]
"""A row as read (SQLAlchemy's RowMapping)."""


def id_existant() -> DonneeInvalide:
    """As the memory adapter says it (checked first, so that the answer does not depend
    on which constraint an engine happens to check first)."""
    return DonneeInvalide("Cet identifiant existe déjà.", code="id.existant")


def texte_stockable(valeur: str) -> bool:
    """Text every engine can take as a parameter: UTF-8 encodable, no NUL."""
    try:
        valeur.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return "\x00" not in valeur


def cle_valide(valeur: object) -> bool:
    """An id the database can hold; any other is simply unknown (A4), as in memory."""
    return isinstance(valeur, str) and 0 < len(valeur) <= ID_MAX and texte_stockable(valeur)


__all__ = ["Ligne", "LigneLue", "cle_valide", "id_existant", "texte_stockable"]
