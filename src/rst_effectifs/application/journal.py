"""Menu "Journal": what was changed, by whom and when, on one adherent (A5)."""

from __future__ import annotations

import datetime as dt

from ..domain.adherents import Acteur
from ..domain.journal import EntreeJournal
from .commandes import ConsulterJournal
from .contexte import Besoin, Contexte, cas_d_usage


def _minuit(jour: dt.date) -> dt.datetime:
    return dt.datetime.combine(jour, dt.time(), tzinfo=dt.UTC)


@cas_d_usage(Besoin.ADMINISTRATION, ecrit=False)
def consulter_journal(
    ctx: Contexte, acteur: Acteur, commande: ConsulterJournal
) -> tuple[EntreeJournal, ...]:
    """A5: the adherent's entries in the order written, optionally about one salarié
    and within [debut, fin] (UTC days). Administrators only."""
    depuis = None if commande.debut is None else _minuit(commande.debut)
    avant = None if commande.fin is None else _minuit(commande.fin + dt.timedelta(days=1))
    with ctx.unite_de_travail() as uow:
        adherent = uow.adherents.obtenir(commande.adherent_id)
        return tuple(uow.journal.lister(adherent.id, salarie_id=commande.salarie_id,
                                        depuis=depuis, avant=avant))


__all__ = ["consulter_journal"]
