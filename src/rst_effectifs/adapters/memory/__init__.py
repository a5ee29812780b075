"""The in-memory adapter, the reference the SQL one is compared against: one module per
area, as ``ports/`` and ``adapters/sql/`` (docs/architecture.md)."""

from .acces import AccesMemoire, ComptesMemoire, QuotasMemoire
from .adherents import AdherentsMemoire
from .effectif import EffectifMemoire
from .envois import EnvoisMemoire
from .etat import EtatMemoire
from .facturation import CloturesMemoire, FacturationMemoire
from .factures import FacturesMemoire
from .idempotence import IdempotenceMemoire
from .journal import JournalMemoire
from .multi_employeurs import MultiEmployeursMemoire
from .salaries import SalariesMemoire
from .unit_of_work import UniteDeTravailMemoire, fabrique_memoire

__all__ = [
    "AccesMemoire",
    "AdherentsMemoire",
    "CloturesMemoire",
    "ComptesMemoire",
    "EffectifMemoire",
    "EnvoisMemoire",
    "EtatMemoire",
    "FacturationMemoire",
    "FacturesMemoire",
    "IdempotenceMemoire",
    "JournalMemoire",
    "MultiEmployeursMemoire",
    "QuotasMemoire",
    "SalariesMemoire",
    "UniteDeTravailMemoire",
    "fabrique_memoire",
]
