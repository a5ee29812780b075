"""The contract of ``LecturesEffectif`` (ports/effectif.py), against the domain's
reference computation."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from ...application.contexte import Contexte
from ...domain.adherents import Adherent
from ...domain.effectif import calculer_effectif
from ...domain.erreurs import Introuvable
from ...domain.salaries import Salarie
from ...domain.suivi import Risque
from .suite import SuiteConformite, adherent_exemple, fait, fait_a


class ConformiteEffectif(SuiteConformite):
    """LecturesEffectif: agrees with the domain's ``calculer_effectif`` (E4, P3, F5)."""

    DATES: ClassVar[tuple[dt.date, ...]] = (
             dt.date(2023, 12, 31), dt.date(2024, 1, 1), dt.date(2024, 3, 15),
             dt.date(2024, 6, 30), dt.date(2024, 7, 1), dt.date(2024, 10, 15),
             dt.date(2024, 10, 16), dt.date(2025, 1, 10), dt.date(2025, 2, 2),
             dt.date(2025, 3, 1), dt.date(2025, 8, 31), dt.date(2026, 2, 28),
             dt.date(2030, 1, 1))
    PERIODES: ClassVar[tuple[tuple[dt.date, dt.date], ...]] = (
                (dt.date(2024, 1, 1), dt.date(2024, 12, 31)),
                (dt.date(2024, 10, 16), dt.date(2025, 1, 9)),
                (dt.date(2025, 2, 2), dt.date(2025, 2, 28)),
                (dt.date(2023, 1, 1), dt.date(2030, 12, 31)),
                (dt.date(2024, 7, 1), dt.date(2024, 7, 1)))

    def test_effectif_on_dates_agrees_with_the_domain(
        self, ctx: Contexte, scenario: tuple[Adherent, list[Salarie]]
    ) -> None:
        adherent, salaries = scenario
        for le in self.DATES:
            with ctx.unite_de_travail() as uow:
                obtenu = uow.effectif.effectif("a1", le)
            assert obtenu == calculer_effectif("a1", salaries, adherent.postes_par_id(), le), le

    def test_effectif_over_periods_agrees_with_the_domain(
        self, ctx: Contexte, scenario: tuple[Adherent, list[Salarie]]
    ) -> None:
        adherent, salaries = scenario
        for debut, fin in self.PERIODES:
            with ctx.unite_de_travail() as uow:
                obtenu = uow.effectif.effectif("a1", debut, fin)
            attendu = calculer_effectif("a1", salaries, adherent.postes_par_id(), debut, fin)
            assert obtenu == attendu, (debut, fin)
        assert attendu.nombre > 0

    def test_effectif_follows_committed_changes(
        self, ctx: Contexte, scenario: object
    ) -> None:
        le = dt.date(2024, 3, 15)
        with ctx.unite_de_travail() as uow:
            s = uow.salaries.obtenir("a1", "s3")
            uow.salaries.enregistrer(fait(s.sortir("s3-m1", dt.date(2024, 3, 14))))
            a = uow.adherents.obtenir("a1")
            a = uow.adherents.enregistrer(fait_a(a.modifier_risques("a1-vente", {Risque.PLOMB})))
            uow.commit()
        with ctx.unite_de_travail() as uow:
            salaries = list(uow.salaries.tous("a1"))
            obtenu = uow.effectif.effectif("a1", le)
        assert "s3" not in obtenu.salarie_ids
        assert obtenu == calculer_effectif("a1", salaries, a.postes_par_id(), le)

    def test_effectif_of_an_unknown_adherent_is_introuvable(self, ctx: Contexte) -> None:
        with ctx.unite_de_travail() as uow:
            self.refuse(lambda: uow.effectif.effectif("a9", dt.date(2024, 1, 1)), Introuvable)

    def test_effectif_of_an_adherent_without_salaries_is_empty(self, ctx: Contexte) -> None:
        self.stocker(ctx, adherent_exemple("a1"))
        with ctx.unite_de_travail() as uow:
            effectif = uow.effectif.effectif("a1", dt.date(2024, 1, 1), dt.date(2024, 12, 31))
        assert effectif.lignes == ()
        assert (effectif.debut, effectif.fin) == (dt.date(2024, 1, 1), dt.date(2024, 12, 31))


__all__ = ["ConformiteEffectif"]
