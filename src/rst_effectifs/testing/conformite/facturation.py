"""The contracts of ``LecturesFacturation`` and ``DepotClotures`` (ports/facturation.py)."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

import pytest
from attrs import evolve

from ...application.contexte import Contexte
from ...domain.adherents import Adherent
from ...domain.clotures import Cloture, cloturer
from ...domain.erreurs import Introuvable, RegleMetier
from ...domain.facturation import (
    BAREMES_PREDEFINIS,
    REGLES_PREDEFINIES,
    annee,
    assiette_de_reference,
)
from ...domain.periodes import Periode
from ...domain.salaries import Salarie
from ...domain.totaux import TotauxAssiette
from .suite import SuiteConformite, adherent_exemple


class ConformiteFacturation(SuiteConformite):
    """LecturesFacturation: the assiette agrees with ``assiette_de_reference`` (F1, F2, F5)."""

    PERIODES_FACTUREES: ClassVar[tuple[Periode, ...]] = (
        annee(2024), annee(2025), Periode(dt.date(2024, 6, 1), dt.date(2025, 5, 31)))

    def test_assiette_agrees_with_the_domain_for_every_preset_rule(
        self, ctx: Contexte, scenario: tuple[Adherent, list[Salarie]]
    ) -> None:
        adherent, salaries = scenario
        for regle in REGLES_PREDEFINIES.values():
            for periode in self.PERIODES_FACTUREES:
                for bareme in (None, *BAREMES_PREDEFINIS.values()):
                    with ctx.unite_de_travail() as uow:
                        obtenue = uow.facturation.assiette("a1", periode, regle, bareme)
                    attendue = assiette_de_reference(adherent, salaries, periode, regle, bareme)
                    assert obtenue == attendue, (regle.nom, periode, bareme)
        assert attendue.nombre > 0

    def test_assiette_of_every_adherent_in_id_order(
        self, ctx: Contexte, scenario: tuple[Adherent, list[Salarie]]
    ) -> None:
        adherent, salaries = scenario
        vide = adherent_exemple("a0", 3)
        self.stocker(ctx, vide)
        with ctx.unite_de_travail() as uow:
            autre = uow.adherents.obtenir("a2")
            autres = list(uow.salaries.tous("a2"))
        regle = REGLES_PREDEFINIES["present_dans_l_annee"]
        bareme = next(iter(BAREMES_PREDEFINIS.values()))
        with ctx.unite_de_travail() as uow:
            toutes = list(uow.facturation.assiette_de_tous(annee(2024), regle, bareme))
        assert toutes == [
            assiette_de_reference(vide, [], annee(2024), regle, bareme),
            assiette_de_reference(adherent, salaries, annee(2024), regle, bareme),
            assiette_de_reference(autre, autres, annee(2024), regle, bareme),
        ]
        assert toutes[0].lignes == () and toutes[2].nombre == 1

    def test_totals_without_lines_equal_the_totals_of_the_assiettes(
        self, ctx: Contexte, scenario: tuple[Adherent, list[Salarie]]
    ) -> None:
        for regle in REGLES_PREDEFINIES.values():
            for bareme in (None, *BAREMES_PREDEFINIS.values()):
                with ctx.unite_de_travail() as uow:
                    totaux = list(uow.facturation.totaux_de_tous(annee(2025), regle, bareme))
                    toutes = list(uow.facturation.assiette_de_tous(annee(2025), regle, bareme))
                assert totaux == [TotauxAssiette.de_l_assiette(a) for a in toutes], regle.nom
        assert any(t.nombre for t in totaux)

    def test_assiette_of_an_unknown_adherent_is_introuvable(self, ctx: Contexte) -> None:
        regle = REGLES_PREDEFINIES["present_dans_l_annee"]
        with ctx.unite_de_travail() as uow:
            self.refuse(lambda: uow.facturation.assiette("a9", annee(2024), regle),
                        Introuvable)


class ConformiteClotures(SuiteConformite):
    """DepotClotures: closings written once, read back as they were (F4), per adherent."""

    @pytest.fixture
    def clotures(
        self, ctx: Contexte, scenario: tuple[Adherent, list[Salarie]]
    ) -> tuple[Cloture, Cloture]:
        """2024 closed, then 2025 closed carrying 2024's regularisation (one salarié
        fewer than billed), both priced."""
        adherent, salaries = scenario
        regle = REGLES_PREDEFINIES["embauches_plus_de_31_jours"]
        bareme = next(iter(BAREMES_PREDEFINIS.values()))
        quand = dt.datetime(2025, 1, 15, 10, 30, 5, 42, tzinfo=dt.UTC)
        a2024 = assiette_de_reference(adherent, salaries, annee(2024), regle, bareme)
        adherent, premiere, _ = cloturer(adherent, a2024, regle, bareme, [], [], quand,
                                         "agent@rst.fr")
        recalculee = assiette_de_reference(adherent, salaries[1:], annee(2024), regle, bareme)
        a2025 = assiette_de_reference(adherent, salaries, annee(2025), regle, bareme)
        _, seconde, _ = cloturer(adherent, a2025, regle, bareme, [premiere], [recalculee],
                                 quand + dt.timedelta(days=365), "agent@rst.fr")
        assert seconde.regularisations and premiere.assiette.montants is not None
        return premiere, seconde

    def test_closings_round_trip_oldest_period_first(
        self, ctx: Contexte, clotures: tuple[Cloture, Cloture]
    ) -> None:
        premiere, seconde = clotures
        with ctx.unite_de_travail() as uow:
            uow.clotures.ajouter(seconde)
            uow.clotures.ajouter(premiere)
            uow.commit()
        with ctx.unite_de_travail() as uow:
            assert uow.clotures.obtenir("a1", annee(2024)) == premiere
            assert uow.clotures.obtenir("a1", annee(2025)) == seconde
            assert list(uow.clotures.lister("a1")) == [premiere, seconde]

    def test_closings_are_scoped_by_adherent(
        self, ctx: Contexte, clotures: tuple[Cloture, Cloture]
    ) -> None:
        premiere, _ = clotures
        with ctx.unite_de_travail() as uow:
            uow.clotures.ajouter(premiere)
            uow.commit()
        with ctx.unite_de_travail() as uow:
            erreur = self.refuse(lambda: uow.clotures.obtenir("a2", annee(2024)), Introuvable)
            assert list(uow.clotures.lister("a2")) == []
            autre = self.refuse(lambda: uow.clotures.obtenir("a1", annee(2023)), Introuvable)
        assert erreur.code == autre.code == "cloture.introuvable"

    def test_a_period_is_closed_once_and_the_first_closing_stays(
        self, ctx: Contexte, clotures: tuple[Cloture, Cloture]
    ) -> None:
        premiere, seconde = clotures
        with ctx.unite_de_travail() as uow:
            uow.clotures.ajouter(premiere)
            uow.commit()

        def encore() -> None:
            with ctx.unite_de_travail() as uow:
                uow.clotures.ajouter(evolve(seconde, periode=premiere.periode))
                uow.commit()

        erreur = self.refuse(encore, RegleMetier)
        assert erreur.code == "cloture.deja_faite"
        with ctx.unite_de_travail() as uow:
            assert list(uow.clotures.lister("a1")) == [premiere]

    def test_a_closing_without_commit_is_not_stored(
        self, ctx: Contexte, clotures: tuple[Cloture, Cloture]
    ) -> None:
        with ctx.unite_de_travail() as uow:
            uow.clotures.ajouter(clotures[0])
        with ctx.unite_de_travail() as uow:
            assert list(uow.clotures.lister("a1")) == []


__all__ = ["ConformiteClotures", "ConformiteFacturation"]
