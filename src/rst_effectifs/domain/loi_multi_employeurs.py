"""F7's rules of law: who is a multi-employer worker, which day counts, by when members
declare. The dated fact itself (its text, the first year shared) is
``droit.PARTAGE_MULTI_EMPLOYEURS``, beside every other legal fact.

Code du travail, articles D4624-59 to D4624-65 (décret n° 2023-547 du 30 juin 2023):
a worker with at least two simultaneous CDI/CDD with different employers, in the same
socio-professional category (PCS-ESE) and with the same follow-up type, is followed by
the service of the principal employer (the oldest contract); the service recovers the
annual fee from each employer in equal shares (D4624-65), on the situation of 31 January
of the year, which it may ask its members to send before 28 February. The cost sharing
applies since 1 January 2024 (décret n° 2023-547, art. 3 I).
"""

from __future__ import annotations

import datetime as dt

from .contrats import NatureContrat
from .droit import PARTAGE_MULTI_EMPLOYEURS

NATURES_MULTI_EMPLOYEUR = frozenset({
    NatureContrat.CDI, NatureContrat.CDD, NatureContrat.CDI_INTERMITTENT,
    NatureContrat.CDI_INTERIMAIRE, NatureContrat.CDI_DROIT_PUBLIC,
    NatureContrat.CDD_DROIT_PUBLIC, NatureContrat.CDI_CHANTIER,
})
"""D4624-59 1°: contracts of employment of fixed or open term. Not a temp mission (03,
followed through the agency), an internship (29) or civic service (89), which are not
such contracts, nor "other" (90)."""


def jour_de_situation(annee: int) -> dt.date:
    """D4624-65: the situation on 31 January of the year counts."""
    return dt.date(annee, 1, 31)


def date_limite_de_declaration(annee: int) -> dt.date:
    """D4624-65: members send their list before 28 February (inclusive here)."""
    return dt.date(annee, 2, 28)


def partage_en_vigueur(annee: int) -> bool:
    """F7: fees of ``annee`` are shared (since 2024)."""
    return dt.date(annee, 1, 1) >= PARTAGE_MULTI_EMPLOYEURS.depuis


__all__ = [
    "NATURES_MULTI_EMPLOYEUR",
    "PARTAGE_MULTI_EMPLOYEURS",
    "date_limite_de_declaration",
    "jour_de_situation",
    "partage_en_vigueur",
]
