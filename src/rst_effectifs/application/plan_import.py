"""The plan of a DSN or CSV import (:class:`PlanImport`): what importing a file changes
for one adherent, line by line, as :func:`.imports.importer_declaration` returns it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Protocol, TypeVar

from attrs import frozen

from ..domain.contrats import NatureContrat
from .declarations import IndividuEcarte, Remarque


@frozen
class ContratPrevu:
    """A contract the import adds, with the poste it was matched to."""

    ligne: int
    nature: NatureContrat
    debut: dt.date
    fin: dt.date | None
    poste_id: str
    poste: str
    numero: str | None = None
    dispositif: str | None = None


@frozen
class Embauche:
    """A new file (E1) with its contracts. ``salarie_id`` is set once applied."""

    ligne: int
    nom: str
    prenoms: str
    nir_masque: str | None
    salarie_id: str | None
    contrats: tuple[ContratPrevu, ...]


@frozen
class ChangementDeContrat:
    """C3: a new contract on an existing file (the open one closes the day before)."""

    ligne: int
    salarie_id: str
    nom: str
    prenoms: str
    contrat: ContratPrevu


@frozen
class SortiePrevue:
    """E2/E3: an exit from a declared end of contract; ``le`` is the last day present."""

    ligne: int
    salarie_id: str | None
    nom: str
    prenoms: str
    le: dt.date
    motif: str | None


@frozen
class NirComplete:
    """S4: a file found by names and birth date that gets the declared NIR."""

    ligne: int
    salarie_id: str
    nom: str
    prenoms: str
    nir_masque: str


@frozen
class Inchange:
    """A declared person whose file already holds everything declared."""

    ligne: int
    salarie_id: str
    nom: str
    prenoms: str


@frozen
class PosteNonTrouve:
    """P5: no active poste of the adherent matches this code or label; the people
    concerned are left out until the poste exists (good practice 1)."""

    code_pcs: str | None
    libelle: str | None
    lignes: tuple[int, ...]
    personnes: tuple[str, ...]


@frozen
class PosteCree:
    """A poste the import creates (``creer_postes``) for a job no active poste matched;
    ``poste_id`` is set once applied. Its risks are to be filled in (P2)."""

    poste_id: str | None
    libelle: str
    code_pcs: str | None


@frozen
class Rejet:
    """A declared person the domain refuses (overlap, exit order…): left out, with why."""

    ligne: int
    nom: str
    prenoms: str
    code: str
    regle: str
    message: str


@frozen
class PlanImport:
    """What importing a file changes for one adherent; ``applique`` says whether it was
    saved. People under ``ecartes`` (unusable records), ``postes_non_trouves`` or
    ``rejets`` are left untouched; ``remarques`` is what the reader noticed without
    refusing; ``encodage`` how the file was decoded."""

    adherent_id: str
    applique: bool
    embauches: tuple[Embauche, ...] = ()
    changements: tuple[ChangementDeContrat, ...] = ()
    sorties: tuple[SortiePrevue, ...] = ()
    nirs_completes: tuple[NirComplete, ...] = ()
    inchanges: tuple[Inchange, ...] = ()
    postes_crees: tuple[PosteCree, ...] = ()
    postes_non_trouves: tuple[PosteNonTrouve, ...] = ()
    rejets: tuple[Rejet, ...] = ()
    etablissements_ignores: tuple[str, ...] = ()
    ecartes: tuple[IndividuEcarte, ...] = ()
    remarques: tuple[Remarque, ...] = ()
    encodage: str | None = None

    @property
    def personnes_ecartees(self) -> tuple[str, ...]:
        """Who the plan leaves aside, each with its line (I2): unusable records, people
        whose poste was not found, the domain's refusals."""
        noms = [_nommer(e.nom, e.prenoms, e.ligne) for e in self.ecartes]
        noms += [_nommer(r.nom, r.prenoms, r.ligne) for r in self.rejets]
        noms += [f"{p} (poste non trouvé)" for m in self.postes_non_trouves
                 for p in m.personnes]
        return tuple(noms)

    @property
    def nombre_de_changements(self) -> int:
        return (len(self.embauches) + len(self.changements) + len(self.sorties)
                + len(self.nirs_completes) + len(self.postes_crees))

    @property
    def vide(self) -> bool:
        """Nothing would be written (what a second import of the same file plans)."""
        return self.nombre_de_changements == 0


def _nommer(nom: str, prenoms: str, ligne: int) -> str:
    if nom or prenoms:
        return f"{nom} {prenoms} (ligne {ligne})".replace("  ", " ")
    return f"personne de la ligne {ligne}"


class _AUneLigne(Protocol):
    @property
    def ligne(self) -> int: ...


_L = TypeVar("_L", bound=_AUneLigne)


def par_ligne(lignes: Iterable[_L]) -> tuple[_L, ...]:
    """Plan lines in file order."""
    return tuple(sorted(lignes, key=lambda x: x.ligne))


__all__ = [
    "ChangementDeContrat",
    "ContratPrevu",
    "Embauche",
    "Inchange",
    "NirComplete",
    "PlanImport",
    "PosteCree",
    "PosteNonTrouve",
    "Rejet",
    "SortiePrevue",
    "par_ligne",
]
