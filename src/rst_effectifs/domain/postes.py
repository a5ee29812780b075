"""Postes: an adherent's workstations, their risks and follow-up type (P1, P2, P4)."""

from __future__ import annotations

from attrs import field, frozen

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

    @property
    def type_de_suivi(self) -> TypeDeSuivi:
        return type_des_risques(self.risques, self.justification_sir is not None)

    @property
    def cle_libelle(self) -> str:
        """P1: labels are unique ignoring case and accents."""
        return normaliser(self.libelle)

    @property
    def actif(self) -> bool:
        return not self.archive
