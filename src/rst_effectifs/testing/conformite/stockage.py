"""The whole conformance suite: every area's class, subclassed together."""

from __future__ import annotations

from .acces import ConformiteAcces, ConformiteComptes, ConformiteQuotas
from .adherents import ConformiteAdherents
from .connexions import ConformiteConnexions
from .effectif import ConformiteEffectif
from .envois import ConformiteEnvois
from .facturation import ConformiteClotures, ConformiteFacturation
from .factures import ConformiteFactures
from .idempotence import ConformiteIdempotence
from .journal import ConformiteJournal
from .multi_employeurs import ConformiteMultiEmployeurs
from .salaries import ConformiteDoublons, ConformitePagination, ConformiteSalaries
from .salaries_dsn import ConformiteIdentitesDsn
from .sessions import ConformiteSessions
from .suivi import ConformiteSuiviDate
from .unit_of_work import ConformiteUniteDeTravail


class ConformiteStockage(
    ConformiteAdherents,
    ConformiteSalaries,
    ConformiteUniteDeTravail,
    ConformitePagination,
    ConformiteEffectif,
    ConformiteSuiviDate,
    ConformiteIdempotence,
    ConformiteJournal,
    ConformiteFacturation,
    ConformiteClotures,
    ConformiteFactures,
    ConformiteDoublons,
    ConformiteIdentitesDsn,
    ConformiteAcces,
    ConformiteComptes,
    ConformiteQuotas,
    ConformiteEnvois,
    ConformiteConnexions,
    ConformiteMultiEmployeurs,
    ConformiteSessions,
):
    """Every port's contract: subclass this one, as ``Test<YourAdapter>``."""


__all__ = ["ConformiteStockage"]
