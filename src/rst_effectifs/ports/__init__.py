"""Interfaces the application needs; adapters implement them."""

from .clock import Horloge, HorlogeFixe, HorlogeSysteme
from .facturation import DepotClotures, RequetesFacturation
from .queries import RequetesEffectif
from .repositories import (
    DepotAdherents,
    DepotRequetes,
    DepotSalaries,
    FiltreSalaries,
    Journal,
    PageSalaries,
    RequeteTraitee,
)
from .unit_of_work import UniteDeTravail

__all__ = [
    "DepotAdherents",
    "DepotClotures",
    "DepotRequetes",
    "DepotSalaries",
    "FiltreSalaries",
    "Horloge",
    "HorlogeFixe",
    "HorlogeSysteme",
    "Journal",
    "PageSalaries",
    "RequeteTraitee",
    "RequetesEffectif",
    "RequetesFacturation",
    "UniteDeTravail",
]
