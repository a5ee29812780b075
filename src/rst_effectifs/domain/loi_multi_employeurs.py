"""F7's dated facts: the texts on multi-employer workers, their references and the dates
they take effect (kept apart so that they can join the module of every dated legal fact).

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

from attrs import frozen

from .contrats import NatureContrat


@frozen
class FaitLegal:
    """A rule of law as data: what it says, its text and the day it takes effect."""

    objet: str
    reference: str
    depuis: dt.date


PARTAGE_MULTI_EMPLOYEURS = FaitLegal(
    "Cotisation d'un salarié multi-employeur répartie à parts égales entre ses employeurs",
    "Décret n° 2023-547 du 30 juin 2023, art. 3 I ; code du travail, art. D4624-59 à "
    "D4624-65", dt.date(2024, 1, 1))
"""F7: the first year whose fees are shared is 2024."""

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
    "FaitLegal",
    "date_limite_de_declaration",
    "jour_de_situation",
    "partage_en_vigueur",
]
