"""What every SQL store shares: the row types, the check that a key is one the
database can hold, and what a store needs of the unit of work (``unit_of_work.py``
imports the stores, never the other way)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from sqlalchemy import Engine, Executable
from sqlalchemy.engine import Connection, Row, RowMapping

from ...domain.adherents import Adherent
from ...domain.erreurs import DonneeInvalide
from .tables import ID_MAX

Rangee = dict[str, Any]
RangeeLue = Mapping[Any, Any]
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



class UniteSql(Protocol):
    """The statements of one unit of work (:class:`~.unit_of_work.UniteDeTravailSql`),
    every driver error translated."""

    @property
    def moteur(self) -> Engine: ...
    def connection(self) -> Connection: ...
    def rangees(
        self, instruction: Executable, parametres: Mapping[str, Any] | None = None
    ) -> list[RowMapping]: ...
    def rangee(
        self, instruction: Executable, parametres: Mapping[str, Any] | None = None
    ) -> RowMapping | None: ...
    def rangees_par_position(
        self, instruction: Executable, parametres: Mapping[str, Any] | None = None
    ) -> list[Row[Any]]: ...
    def ecrire_rangees(
        self,
        instruction: Executable,
        parametres: Mapping[str, Any] | Sequence[Mapping[str, Any]] | None = None,
    ) -> int: ...
    def adherent_connu(self, adherent_id: str) -> bool:
        """Whether this transaction already read or wrote that adherent."""
        ...
    def retenir_adherent(self, adherent: Adherent) -> None:
        """Keep an adherent another store read, as if ``adherents`` had (identity map)."""
        ...
    def verrouiller_exclusif(self, numero: int) -> None:
        """Until the unit ends, no other unit taking lock ``numero`` goes on."""
        ...


__all__ = ["Rangee", "RangeeLue", "UniteSql", "cle_valide", "id_existant", "texte_stockable"]
