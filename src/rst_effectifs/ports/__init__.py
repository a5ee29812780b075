"""Interfaces the application needs; adapters implement them."""

from .acces import AdherentAccessible, DepotAcces, DepotTentatives, RequetesComptes
from .clock import Horloge
from .envois import BoiteDEnvoi, EnvoiEnAttente
from .facturation import DepotClotures, RequetesFacturation
from .notification import Notifier
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
    "AdherentAccessible",
    "BoiteDEnvoi",
    "DepotAcces",
    "DepotAdherents",
    "DepotClotures",
    "DepotRequetes",
    "DepotSalaries",
    "DepotTentatives",
    "EnvoiEnAttente",
    "FiltreSalaries",
    "Horloge",
    "Journal",
    "Notifier",
    "PageSalaries",
    "RequeteTraitee",
    "RequetesComptes",
    "RequetesEffectif",
    "RequetesFacturation",
    "UniteDeTravail",
]
