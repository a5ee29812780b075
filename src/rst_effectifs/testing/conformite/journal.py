"""The contract of ``Journal`` (ports/journal.py)."""

from __future__ import annotations

import datetime as dt

from attrs import evolve

from ...application.contexte import Contexte
from .suite import SuiteConformite, adherent_exemple, entree_journal


class ConformiteJournal(SuiteConformite):
    """Journal: append-only, ordered, scoped by adherent (A5)."""

    def test_entries_round_trip_in_order_per_adherent(self, ctx: Contexte) -> None:
        self.stocker(ctx, adherent_exemple("a1", 1), adherent_exemple("a2", 2))
        premieres = [entree_journal("a1", "poste.ajoute", n) for n in (3, 1, 2)]
        etrangere = entree_journal("a2", "poste.ajoute", 9)
        suivante = entree_journal("a1", "effectif.sortie", 0, salarie_id="s1")
        with ctx.unite_de_travail() as uow:
            uow.journal.ajouter(premieres[0])
            uow.journal.ajouter(etrangere)
            for e in premieres[1:]:
                uow.journal.ajouter(e)
            uow.commit()
        with ctx.unite_de_travail() as uow:
            uow.journal.ajouter(suivante)
            uow.commit()
        with ctx.unite_de_travail() as uow:
            assert list(uow.journal.lister("a1")) == [*premieres, suivante]
            assert list(uow.journal.lister("a2")) == [etrangere]
            assert list(uow.journal.lister("a3")) == []

    def test_journal_entries_roll_back_with_their_change(self, ctx: Contexte) -> None:
        self.stocker(ctx, adherent_exemple("a1"))
        with ctx.unite_de_travail() as uow:
            uow.journal.ajouter(entree_journal("a1", "poste.ajoute", 1))
        with ctx.unite_de_travail() as uow:
            assert list(uow.journal.lister("a1")) == []

    def test_entry_times_keep_their_instant(self, ctx: Contexte) -> None:
        self.stocker(ctx, adherent_exemple("a1"))
        paris = dt.timezone(dt.timedelta(hours=2))
        entree = evolve(entree_journal("a1", "poste.ajoute", 1),
                        quand=dt.datetime(2025, 7, 14, 23, 59, 59, 999999, tzinfo=paris))
        with ctx.unite_de_travail() as uow:
            uow.journal.ajouter(entree)
            uow.commit()
        with ctx.unite_de_travail() as uow:
            [relu] = uow.journal.lister("a1")
        assert relu.quand == entree.quand
        assert relu.quand.utcoffset() is not None
        assert evolve(relu, quand=entree.quand) == entree


__all__ = ["ConformiteJournal"]
