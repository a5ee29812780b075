"""Postes: an adherent's workstations, their risks and follow-up type on a date (P1, P2,
P2b, P4)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from attrs import field, frozen

from .droit import Reference, catalogue_le, changements_du_catalogue
from .erreurs import DonneeInvalide
from .identifiants import CodePcsEse
from .suivi import Risque, TypeDeSuivi, type_des_risques
from .textes import normaliser, texte_optionnel, texte_requis


def _libelle(valeur: object) -> str:
    return texte_requis(
        valeur,
        champ="libelle",
        code="poste.libelle_invalide",
        regle="P1",
        maximum=120,
        libelle="Le libellé du poste",
    )


def _risques(valeur: object) -> frozenset[Risque]:
    if not isinstance(valeur, frozenset | set | tuple | list) or not all(
        isinstance(r, Risque) for r in valeur
    ):
        raise DonneeInvalide(
            "Les risques doivent être pris dans le catalogue.",
            code="poste.risque_inconnu",
            regle="P2",
            chemin="risques",
        )
    return frozenset(valeur)


def _justification(valeur: object) -> str | None:
    return texte_optionnel(
        valeur,
        champ="justification_sir",
        code="poste.justification_invalide",
        regle="P2",
        maximum=2000,
        libelle="La justification du SIR",
    )


@frozen
class Poste:
    """A workstation. ``justification_sir`` set means an employer SIR (R4624-23 III)."""

    id: str
    libelle: str = field(converter=_libelle)
    risques: frozenset[Risque] = field(factory=frozenset, converter=_risques)
    justification_sir: str | None = field(default=None, converter=_justification)
    code_pcs: CodePcsEse | None = None
    archive: bool = False
    utilise: bool = False
    version: int = 0
    """Moves on every change of this poste (its ETag), not on another's: a client's
    expected version for one poste stays valid while other postes change."""

    def type_de_suivi_le(
        self, le: dt.date, suivi_simple: TypeDeSuivi = TypeDeSuivi.SIG
    ) -> TypeDeSuivi:
        """P2/P2b: the type its risks call for under the catalogue in force on ``le``
        (``suivi_simple``: the service's choice for simple follow-up, SIG or SIA). The
        poste itself never changes when the law does: its history stays true."""
        return type_des_risques(self.risques, self.justification_sir is not None,
                                catalogue_le(le), suivi_simple)

    @property
    def cle_libelle(self) -> str:
        """P1: labels are unique ignoring case and accents."""
        return normaliser(self.libelle)

    @property
    def actif(self) -> bool:
        return not self.archive


@frozen
class ChangementDeSuivi:
    """P2b: a poste whose follow-up type the law changed on ``le`` (``avant`` the day
    before, ``apres`` from that day), what changed (``changement``, in French) and the
    text that changed it."""

    poste: Poste
    le: dt.date
    avant: TypeDeSuivi
    apres: TypeDeSuivi
    changement: str
    reference: Reference

    @property
    def veille(self) -> dt.date:
        """The last day of the former type."""
        return self.le - dt.timedelta(days=1)


def changements_de_suivi(
    postes: Iterable[Poste], suivi_simple: TypeDeSuivi = TypeDeSuivi.SIG
) -> tuple[ChangementDeSuivi, ...]:
    """P2b: what each change of the risk catalogue did to these postes, oldest change
    first; postes it left as they were are not listed."""
    postes = tuple(postes)
    changements: list[ChangementDeSuivi] = []
    for change in changements_du_catalogue():
        veille = change.depuis - dt.timedelta(days=1)
        for poste in postes:
            avant = poste.type_de_suivi_le(veille, suivi_simple)
            apres = poste.type_de_suivi_le(change.depuis, suivi_simple)
            if avant is not apres:
                changements.append(ChangementDeSuivi(poste, change.depuis, avant, apres,
                                                     change.nom, change.reference))
    return tuple(changements)
