"""The multi-employer port (F7): RST's records of workers employed by several members,
the shares they give each member's assiette, the members' declarations, and the
reconciliation of files across members by NIR (RST only, set-based)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol

from ..domain.identifiants import Nir
from ..domain.multi_employeurs import DeclarationMultiEmployeur, MultiEmployeur
from ..domain.partage import PartMultiEmployeur

FicheChezAdherent = tuple[str, str]
"""A member's file: (adherent id, salarié id)."""


class DepotMultiEmployeurs(Protocol):
    """Records are one per person (NIR) and year, across members; shares and
    declarations are read per member (A4)."""

    def obtenir(self, annee: int, nir: Nir) -> MultiEmployeur | None:
        """The record of that person and year, ``None`` when there is none."""
        ...

    def enregistrer(self, multi: MultiEmployeur) -> MultiEmployeur:
        """Stage a new record (``multi.version`` 0) or the replacement of the one read
        (its version); returns it with its next version. A record stored or replaced
        meanwhile by another unit fails with ``ConflitDeVersion``, at the latest on
        commit (the use case then runs again and reads it)."""
        ...

    def parts(self, adherent_id: str, annee: int) -> Mapping[str, PartMultiEmployeur]:
        """F7: the shares of one member's files in ``annee``, by salarié id."""
        ...

    def parts_du_salarie(
        self, adherent_id: str, salarie_id: str
    ) -> Sequence[tuple[int, PartMultiEmployeur]]:
        """The shares of one file, by year (oldest first)."""
        ...

    def adherents_avec_parts(self, annee: int) -> Sequence[str]:
        """The members with at least one share in ``annee``, by id."""
        ...

    def declarer(self, declaration: DeclarationMultiEmployeur) -> None:
        """Stage a member's declaration, replacing its earlier one for that file and
        year."""
        ...

    def declarations_du_salarie(
        self, adherent_id: str, salarie_id: str
    ) -> Sequence[DeclarationMultiEmployeur]:
        """One file's declarations, by year (oldest first)."""
        ...

    def declaration(
        self, adherent_id: str, salarie_id: str, annee: int
    ) -> DeclarationMultiEmployeur | None: ...

    def rapprochements(self, annee: int, decalage: int, limite: int
                       ) -> Sequence[tuple[FicheChezAdherent, ...]]:
        """F7, for RST: the people to look at for ``annee``, each as its files (sorted):
        every NIR that files not cancelled hold on at least two members, and every file
        its member declared multi-employer for ``annee`` (with the other files of its
        NIR, alone when there are none or it has no NIR). Ordered by NIR, then the
        declared files without NIR by member and id; ``decalage`` people skipped, at
        most ``limite``. Set-based: never by loading files."""
        ...


__all__ = ["DepotMultiEmployeurs", "FicheChezAdherent"]
