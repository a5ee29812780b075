"""Interfaces the application needs; adapters implement them."""

from .clock import Horloge, HorlogeFixe, HorlogeSysteme
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
    "UniteDeTravail",
]
