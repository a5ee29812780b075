"""Interfaces the application needs; adapters implement them.

One module per area, mirrored by ``adapters/memory/<area>.py``, ``adapters/sql/<area>.py``
and ``testing/conformite/<area>.py`` (docs/architecture.md)."""

from .acces import AdherentAccessible, DepotAcces, DepotQuotas, LecturesComptes
from .adherents import DepotAdherents
from .effectif import LecturesEffectif
from .envois import BoiteDEnvoi, EnvoiEnAttente
from .facturation import DepotClotures, LecturesFacturation
from .factures import DepotFactures, FactureEmise
from .horloges import Horloge
from .idempotence import DepotIdempotence, RequeteTraitee
from .journal import Journal
from .multi_employeurs import DepotMultiEmployeurs
from .notification import Notifier
from .salaries import DepotSalaries, FiltreSalaries, PageSalaries
from .unit_of_work import UniteDeTravail

__all__ = [
    "AdherentAccessible",
    "BoiteDEnvoi",
    "DepotAcces",
    "DepotAdherents",
    "DepotClotures",
    "DepotFactures",
    "DepotIdempotence",
    "DepotMultiEmployeurs",
    "DepotQuotas",
    "DepotSalaries",
    "EnvoiEnAttente",
    "FactureEmise",
    "FiltreSalaries",
    "Horloge",
    "Journal",
    "LecturesComptes",
    "LecturesEffectif",
    "LecturesFacturation",
    "Notifier",
    "PageSalaries",
    "RequeteTraitee",
    "UniteDeTravail",
]
