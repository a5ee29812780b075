"""Conformance suite for storage adapters: every port's contract as abstract pytest tests,
one module per area as ``ports/`` (docs/architecture.md).

An adapter (memory, SQLite, PostgreSQL, or one you write) passes when a test module
subclasses :class:`ConformiteStockage` under a ``Test`` name and implements the one hook::

    from rst_effectifs.testing.conformite import ConformiteStockage

    class TestMonAdaptateur(ConformiteStockage):
        def make_contexte(self) -> Contexte:
            # on an empty store
            return Contexte(ma_fabrique_d_unites_de_travail(), HorlogeSysteme())

The bases carry no ``Test`` prefix, so pytest only collects them through a subclass.
Each base covers one port (:class:`ConformiteAdherents`, :class:`ConformiteSalaries`, ...)
and can be subclassed alone. Needs the ``test`` extra (pytest).

Where the ports leave the moment open ("at the latest on commit"), the tests accept a
refusal either at the call or at ``commit``.

One optional hook: :class:`ConformiteDoublons` stores files S2 refuses (as a database
written before S2 was enforced holds them); a storage that refuses them itself overrides
``accepter_doublons(ctx)`` (the SQL test modules call :func:`retirer_unicite_des_salaries`).
"""

from .acces import ConformiteAcces, ConformiteComptes, ConformiteQuotas
from .adherents import ConformiteAdherents
from .effectif import ConformiteEffectif
from .envois import ConformiteEnvois
from .facturation import ConformiteClotures, ConformiteFacturation
from .factures import ConformiteFactures
from .idempotence import ConformiteIdempotence
from .journal import ConformiteJournal
from .multi_employeurs import ConformiteMultiEmployeurs
from .salaries import (
    ConformiteDoublons,
    ConformitePagination,
    ConformiteSalaries,
    retirer_unicite_des_salaries,
)
from .salaries_dsn import ConformiteIdentitesDsn
from .stockage import ConformiteStockage
from .suite import SuiteConformite, adherent_exemple, nir_pour, salarie_complet, salarie_simple
from .suivi import ConformiteSuiviDate
from .unit_of_work import ConformiteUniteDeTravail

__all__ = [
    "ConformiteAcces",
    "ConformiteAdherents",
    "ConformiteClotures",
    "ConformiteComptes",
    "ConformiteDoublons",
    "ConformiteEffectif",
    "ConformiteEnvois",
    "ConformiteFacturation",
    "ConformiteFactures",
    "ConformiteIdempotence",
    "ConformiteIdentitesDsn",
    "ConformiteJournal",
    "ConformiteMultiEmployeurs",
    "ConformitePagination",
    "ConformiteQuotas",
    "ConformiteSalaries",
    "ConformiteStockage",
    "ConformiteSuiviDate",
    "ConformiteUniteDeTravail",
    "SuiteConformite",
    "adherent_exemple",
    "nir_pour",
    "retirer_unicite_des_salaries",
    "salarie_complet",
    "salarie_simple",
]
