"""Follow-up types, the closed list of risks a poste may carry, and how a catalogue of
the law turns a poste's risks into its type (P2, P2b).

The catalogue itself is dated law: the ones in force, each with its text and date, are in
:mod:`.droit`; a poste's type on a date asks :func:`.droit.catalogue_le` for the one of
that day.
"""

from __future__ import annotations

import enum

from attrs import frozen

from .erreurs import DonneeInvalide


class TypeDeSuivi(enum.Enum):
    """General, adapted or reinforced health follow-up, ordered SIG < SIA < SIR."""

    SIG = "SIG"
    SIA = "SIA"
    SIR = "SIR"

    @property
    def rang(self) -> int:
        return _RANGS[self]

    def __lt__(self, autre: object) -> bool:
        if not isinstance(autre, TypeDeSuivi):
            return NotImplemented
        return self.rang < autre.rang

    def __le__(self, autre: object) -> bool:
        if not isinstance(autre, TypeDeSuivi):
            return NotImplemented
        return self.rang <= autre.rang


_RANGS = {TypeDeSuivi.SIG: 0, TypeDeSuivi.SIA: 1, TypeDeSuivi.SIR: 2}


class Risque(enum.Enum):
    """Risks a poste may carry; the value is the stable code stored and sent as JSON.
    Which type each one calls for depends on the date (:class:`CatalogueDesRisques`)."""

    # Code du travail R4624-23 I: particular risks
    AMIANTE = "amiante"
    PLOMB = "plomb"
    AGENTS_CMR = "agents_cmr"
    AGENTS_BIOLOGIQUES_3_4 = "agents_biologiques_3_4"
    RAYONNEMENTS_IONISANTS = "rayonnements_ionisants"
    MILIEU_HYPERBARE = "milieu_hyperbare"
    MONTAGE_ECHAFAUDAGES = "montage_echafaudages"
    # R4624-23 II: work needing a specific fitness check (the first two left the
    # reinforced follow-up on 1 October 2025, P2b)
    HABILITATION_ELECTRIQUE = "habilitation_electrique"
    AUTORISATION_CONDUITE = "autorisation_conduite"
    MANUTENTION_PLUS_55_KG = "manutention_plus_55_kg"
    JEUNES_TRAVAUX_REGLEMENTES = "jeunes_travaux_reglementes"
    # Adapted follow-up
    TRAVAIL_DE_NUIT = "travail_de_nuit"
    CHAMPS_ELECTROMAGNETIQUES = "champs_electromagnetiques"
    AGENTS_BIOLOGIQUES_2 = "agents_biologiques_2"


@frozen
class CatalogueDesRisques:
    """P2: the risks that call for a reinforced (``sir``) or adapted (``sia``) follow-up,
    and those the law leaves to simple follow-up where a service may choose SIA
    (``suivi_simple``, P2b); any other risk calls for SIG."""

    sir: frozenset[Risque]
    sia: frozenset[Risque]
    suivi_simple: frozenset[Risque] = frozenset()

    def type_du_risque(self, risque: Risque, suivi_simple: TypeDeSuivi) -> TypeDeSuivi:
        if risque in self.sir:
            return TypeDeSuivi.SIR
        if risque in self.sia:
            return TypeDeSuivi.SIA
        if risque in self.suivi_simple:
            return suivi_simple
        return TypeDeSuivi.SIG


def type_des_risques(
    risques: frozenset[Risque], sir_employeur: bool, catalogue: CatalogueDesRisques,
    suivi_simple: TypeDeSuivi = TypeDeSuivi.SIG,
) -> TypeDeSuivi:
    """P2: SIR if an employer SIR (R4624-23 III) or any risk the catalogue calls SIR, else
    the highest type its risks call for, SIG without any."""
    if sir_employeur:
        return TypeDeSuivi.SIR
    return max((catalogue.type_du_risque(r, suivi_simple) for r in risques),
               default=TypeDeSuivi.SIG, key=lambda t: t.rang)


def suivi_simple_choisi(valeur: object) -> TypeDeSuivi:
    """P2b: the type a service gives to simple follow-up, SIG (the law's) or SIA (some
    services' choice), as a ``TypeDeSuivi`` or its code."""
    if isinstance(valeur, str) and valeur.strip().upper() in ("SIG", "SIA"):
        return TypeDeSuivi(valeur.strip().upper())
    if valeur in (TypeDeSuivi.SIG, TypeDeSuivi.SIA):
        assert isinstance(valeur, TypeDeSuivi)
        return valeur
    raise DonneeInvalide("Le suivi simple est SIG ou SIA.", code="suivi.reglage_invalide",
                         regle="P2b", chemin="suivi_simple")


__all__ = [
    "CatalogueDesRisques",
    "Risque",
    "TypeDeSuivi",
    "suivi_simple_choisi",
    "type_des_risques",
]
