"""The contract of ``DepotFactures`` (ports/factures.py)."""

from __future__ import annotations

import datetime as dt
import functools

import pytest
from attrs import evolve

from ...application.contexte import Contexte
from ...domain.adherents import Adherent
from ...domain.adresses import Adresse
from ...domain.clotures import Cloture, cloturer
from ...domain.emetteur import Emetteur
from ...domain.erreurs import ErreurTechnique, Introuvable, RegleMetier
from ...domain.facturation import (
    BAREMES_PREDEFINIS,
    REGLES_PREDEFINIES,
    annee,
    assiette_de_reference,
)
from ...domain.facture_electronique import xml_cii
from ...domain.factures import (
    Acheteur,
    Facture,
    ResumeCloture,
    documents_de_cloture,
    numeroter,
)
from ...domain.identifiants import Siret
from ...domain.periodes import Periode
from ...domain.salaries import Salarie
from ...ports.factures import FactureEmise
from .suite import SuiteConformite

EMETTEUR = Emetteur("RST exemple", Adresse(("1 rue de la Paix",), "75002", "Paris"),
                    Siret("39925440800004"), "FR58399254408")
QUAND = dt.datetime(2026, 2, 1, 9, 30, tzinfo=dt.UTC)


class ConformiteFactures(SuiteConformite):
    """DepotFactures (F8): documents staged until commit, read back as issued, numbered
    without gap, issued once per closing, period and nature, scoped by adherent."""

    @pytest.fixture
    def documents(self, ctx: Contexte, scenario: tuple[Adherent, list[Salarie]]
                  ) -> list[FactureEmise]:
        """2024's invoice (FA-2026-000001), then 2025's and the credit note of 2024's
        regularisation (000002, 000003), with both closings stored."""
        adherent, salaries = scenario
        adherent = evolve(adherent, adresse=Adresse(("2 rue Neuve",), "69001", "Lyon"))
        regle = REGLES_PREDEFINIES["embauches_plus_de_31_jours"]
        bareme = next(iter(BAREMES_PREDEFINIS.values()))
        a2024 = assiette_de_reference(adherent, salaries, annee(2024), regle, bareme)
        adherent, premiere, _ = cloturer(adherent, a2024, regle, bareme, [], [], QUAND, "rst")
        recalculee = assiette_de_reference(adherent, salaries[1:], annee(2024), regle, bareme)
        a2025 = assiette_de_reference(adherent, salaries, annee(2025), regle, bareme)
        _, seconde, _ = cloturer(adherent, a2025, regle, bareme, [premiere], [recalculee],
                                 QUAND, "rst")
        with ctx.unite_de_travail() as uow:
            uow.clotures.ajouter(premiere)
            uow.clotures.ajouter(seconde)
            uow.commit()
        acheteur = Acheteur.de(adherent)
        factures: list[Facture] = []
        for cloture in (premiere, seconde):
            factures += numeroter(self._brouillons(cloture, acheteur, factures), EMETTEUR,
                                  2026, len(factures) + 1, QUAND, "rst")
        assert [f.rang for f in factures] == [1, 2, 3]
        return [FactureEmise(f, xml_cii(f)) for f in factures]

    @staticmethod
    def _brouillons(cloture: Cloture, acheteur: Acheteur, factures: list[Facture]
                    ) -> list:  # type: ignore[type-arg]
        assert cloture.bareme is not None
        appels = {f.periode: f for f in factures}
        return documents_de_cloture(ResumeCloture.de(cloture), acheteur, cloture.bareme,
                                    appels.get)

    def test_documents_read_back_as_issued_once_committed(
        self, ctx: Contexte, documents: list[FactureEmise]
    ) -> None:
        with ctx.unite_de_travail() as uow:
            uow.factures.verrouiller_numerotation()
            assert uow.factures.dernier_rang(2026) == 0
            uow.factures.ajouter(documents)
            assert uow.factures.dernier_rang(2026) == 3
        with ctx.unite_de_travail() as uow:
            assert uow.factures.dernier_rang(2026) == 0  # rolled back
            uow.factures.ajouter(documents[:1])
            uow.factures.ajouter(documents[1:])
            uow.commit()
        with ctx.unite_de_travail() as uow:
            assert [uow.factures.obtenir("a1", d.facture.numero) for d in documents] == documents
            assert list(uow.factures.lister("a1")) == [d.facture for d in documents]
            assert list(uow.factures.de_la_cloture("a1", annee(2025))) == [
                d.facture for d in documents[1:]]
            assert uow.factures.appel("a1", annee(2024)) == documents[0].facture
            assert uow.factures.appel("a1", annee(2023)) is None
            assert list(uow.factures.rangs(2026)) == [1, 2, 3]
            assert uow.factures.dernier_rang(2026) == 3 and uow.factures.dernier_rang(2027) == 0

    def test_ranks_follow_on_without_gap_and_a_document_is_issued_once(
        self, ctx: Contexte, documents: list[FactureEmise]
    ) -> None:
        with ctx.unite_de_travail() as uow:
            erreur = self.refuse(lambda: uow.factures.ajouter(documents[1:]), ErreurTechnique)  # type: ignore[arg-type]
            assert erreur.code == "facture.numerotation"
            uow.factures.ajouter(documents[:1])
            uow.commit()
        with ctx.unite_de_travail() as uow:
            encore = evolve(documents[0].facture, rang=2, numero="FA-2026-000002")
            erreur = self.refuse(lambda: uow.factures.ajouter(
                [FactureEmise(encore, xml_cii(encore))]), RegleMetier)
            assert erreur.code == "facture.deja_emise"

    def test_another_adherents_documents_are_not_found(
        self, ctx: Contexte, documents: list[FactureEmise]
    ) -> None:
        with ctx.unite_de_travail() as uow:
            uow.factures.ajouter(documents)
            uow.commit()
        with ctx.unite_de_travail() as uow:
            for adherent_id, numero in (("a2", documents[0].facture.numero), ("a1", "FA-0"),
                                        ("a1", ""), ("x" * 500, "FA-2026-000001")):
                erreur = self.refuse(functools.partial(uow.factures.obtenir, adherent_id, numero),
                                     Introuvable)
                assert erreur.code == "facture.introuvable"
            assert list(uow.factures.lister("a2")) == []

    def test_closings_not_yet_invoiced_are_listed_in_id_order(
        self, ctx: Contexte, documents: list[FactureEmise]
    ) -> None:
        p2024, p2025 = annee(2024), annee(2025)
        with ctx.unite_de_travail() as uow:
            assert list(uow.factures.a_facturer(p2024, None, 10)) == ["a1"]
            assert list(uow.factures.a_facturer(p2024, "a1", 10)) == []
            assert uow.factures.compter_a_facturer(p2025) == 1
            assert uow.factures.compter_a_facturer(Periode(dt.date(2030, 1, 1),
                                                           dt.date(2030, 12, 31))) == 0
            uow.factures.ajouter(documents[:1])
            uow.commit()
        with ctx.unite_de_travail() as uow:
            assert list(uow.factures.a_facturer(p2024, None, 10)) == []
            assert list(uow.factures.a_facturer(p2025, None, 10)) == ["a1"]


__all__ = ["ConformiteFactures"]
