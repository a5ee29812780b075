"""Follow-up types and the closed catalogue of risks that decide them (P2)."""

from __future__ import annotations

import enum


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
    """Risks a poste may carry; the value is the stable code stored and sent as JSON."""

    # Code du travail R4624-23 I: particular risks -> SIR
    AMIANTE = "amiante"
    PLOMB = "plomb"
    AGENTS_CMR = "agents_cmr"
    AGENTS_BIOLOGIQUES_3_4 = "agents_biologiques_3_4"
    RAYONNEMENTS_IONISANTS = "rayonnements_ionisants"
    MILIEU_HYPERBARE = "milieu_hyperbare"
    MONTAGE_ECHAFAUDAGES = "montage_echafaudages"
    # R4624-23 II: work needing a specific fitness check -> SIR
    HABILITATION_ELECTRIQUE = "habilitation_electrique"
    AUTORISATION_CONDUITE = "autorisation_conduite"
    MANUTENTION_PLUS_55_KG = "manutention_plus_55_kg"
    JEUNES_TRAVAUX_REGLEMENTES = "jeunes_travaux_reglementes"
    # Adapted follow-up -> SIA
    TRAVAIL_DE_NUIT = "travail_de_nuit"
    CHAMPS_ELECTROMAGNETIQUES = "champs_electromagnetiques"
    AGENTS_BIOLOGIQUES_2 = "agents_biologiques_2"

    @property
    def type_de_suivi(self) -> TypeDeSuivi:
        return TypeDeSuivi.SIA if self in _RISQUES_SIA else TypeDeSuivi.SIR


_RISQUES_SIA = frozenset(
    {Risque.TRAVAIL_DE_NUIT, Risque.CHAMPS_ELECTROMAGNETIQUES, Risque.AGENTS_BIOLOGIQUES_2}
)


def type_des_risques(risques: frozenset[Risque], sir_employeur: bool) -> TypeDeSuivi:
    """P2: SIR if any SIR risk or an employer SIR (R4624-23 III), else SIA if any, else SIG."""
    if sir_employeur:
        return TypeDeSuivi.SIR
    return max((r.type_de_suivi for r in risques), default=TypeDeSuivi.SIG, key=lambda t: t.rang)
