"""Counting rules (F2): who counts in a period, as configuration, and the named presets
of real services (DOMAIN.md, Facturation). ``domain/facturation.py`` applies them."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from types import MappingProxyType

from attrs import field, frozen

from .catalogues import nom_de_preset, predefini
from .contrats import NatureContrat
from .erreurs import DonneeInvalide

DUREE_MAX_JOURS = 3660


class ModeDeComptage(enum.Enum):
    """Who counts in a period (normally a calendar year)."""

    PRESENT_AU_1ER_JANVIER = "present_au_1er_janvier"
    """Countable on the period's first day (1 January for a year)."""
    PRESENT_DANS_L_ANNEE = "present_dans_l_annee"
    """Countable on at least one day of the period, not prorated."""


def _mode(valeur: object) -> ModeDeComptage:
    if isinstance(valeur, ModeDeComptage):
        return valeur
    raise DonneeInvalide(
        "Le mode de comptage est « present_au_1er_janvier » ou « present_dans_l_annee ».",
        code="regle.mode_inconnu", regle="F2", chemin="mode",
    )


def _duree(valeur: object) -> int | None:
    if valeur is None:
        return None
    if isinstance(valeur, int) and not isinstance(valeur, bool) and (
        0 <= valeur <= DUREE_MAX_JOURS
    ):
        return valeur
    raise DonneeInvalide(
        f"La durée minimale d'embauche est un nombre de jours de 0 à {DUREE_MAX_JOURS}.",
        code="regle.duree_invalide", regle="F2", chemin="duree_min_embauche_jours",
    )


def _natures(valeur: object) -> frozenset[NatureContrat]:
    if isinstance(valeur, frozenset | set | tuple | list) and all(
        isinstance(n, NatureContrat) for n in valeur
    ):
        return frozenset(valeur)
    raise DonneeInvalide(
        "Les natures exclues sont des natures de contrat DSN (S21.G00.40.007).",
        code="regle.nature_inconnue", regle="F2", chemin="natures_exclues",
    )


@frozen
class RegleDeComptage:
    """Who counts in a period, as configuration (see the module docstring).

    ``duree_min_embauche_jours``: a chain of contracts lasting that many days or fewer
    never counts ("hires counted only when the contract lasts more than N days"); a
    contract without an end date lasts forever. ``natures_exclues``: days governed by a
    contract of these natures never count (temporary-agency missions, 03).
    Suspended contracts are not modelled: a suspended contract is in force, so it counts.
    """

    nom: str = field(converter=nom_de_preset)
    mode: ModeDeComptage = field(converter=_mode)
    duree_min_embauche_jours: int | None = field(default=None, converter=_duree)
    natures_exclues: frozenset[NatureContrat] = field(factory=frozenset, converter=_natures)

    @property
    def compte_tous_les_contrats(self) -> bool:
        """No nature excluded and no minimum length (or 0): every contract's days count,
        whatever the chains."""
        return not self.natures_exclues and not self.duree_min_embauche_jours


MISSIONS_INTERIM = frozenset({NatureContrat.MISSION_INTERIM})

REGLES_PREDEFINIES: Mapping[str, RegleDeComptage] = MappingProxyType({
    r.nom: r for r in (
        RegleDeComptage("present_au_1er_janvier", ModeDeComptage.PRESENT_AU_1ER_JANVIER),
        RegleDeComptage("present_dans_l_annee", ModeDeComptage.PRESENT_DANS_L_ANNEE),
        RegleDeComptage("embauches_plus_de_31_jours", ModeDeComptage.PRESENT_DANS_L_ANNEE,
                        duree_min_embauche_jours=31, natures_exclues=MISSIONS_INTERIM),
        RegleDeComptage("embauches_plus_de_60_jours", ModeDeComptage.PRESENT_DANS_L_ANNEE,
                        duree_min_embauche_jours=60, natures_exclues=MISSIONS_INTERIM),
    )
})
"""The counting schemes of real services (DOMAIN.md, Facturation), by name."""


def regle_predefinie(nom: str) -> RegleDeComptage:
    return predefini(REGLES_PREDEFINIES, nom, inconnu="Cette règle de comptage est inconnue.",
                     disponibles="Règles disponibles", code="regle.inconnue", chemin="regle")


__all__ = [
    "DUREE_MAX_JOURS",
    "MISSIONS_INTERIM",
    "REGLES_PREDEFINIES",
    "ModeDeComptage",
    "RegleDeComptage",
    "regle_predefinie",
]
