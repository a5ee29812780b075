"""The dated risk catalogue (P2b) through the read-side ports: every storage computes a
line's type under the catalogue of its day, and the service's choice for simple
follow-up, exactly as the domain does (F5)."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

import pytest

from ...application.contexte import Contexte
from ...domain.adherents import Adherent
from ...domain.contrats import NatureContrat
from ...domain.effectif import calculer_effectif
from ...domain.facturation import (
    REGLES_PREDEFINIES,
    ModeDeComptage,
    RegleDeComptage,
    annee,
    assiette_de_reference,
)
from ...domain.periodes import Periode
from ...domain.postes import Poste
from ...domain.salaries import Salarie
from ...domain.suivi import Risque, TypeDeSuivi
from ...domain.totaux import TotauxAssiette
from .suite import SuiteConformite, adherent_exemple, fait, salarie_simple

VEILLE, JOUR = dt.date(2025, 9, 30), dt.date(2025, 10, 1)
"""The last day electrical clearance and driving authorisation called for a SIR, and the
first day they no longer did (décret n° 2025-355)."""

POSTES_P2B = (
    Poste(id="d-elec", libelle="Électricien", risques=frozenset({Risque.HABILITATION_ELECTRIQUE})),
    Poste(id="d-cariste", libelle="Cariste", risques=frozenset({Risque.AUTORISATION_CONDUITE})),
    Poste(id="d-nuit", libelle="Électricien de nuit",
          risques=frozenset({Risque.HABILITATION_ELECTRIQUE, Risque.TRAVAIL_DE_NUIT})),
    Poste(id="d-amiante", libelle="Désamianteur",
          risques=frozenset({Risque.AUTORISATION_CONDUITE, Risque.AMIANTE})),
    Poste(id="d-employeur", libelle="Grutier", risques=frozenset({Risque.AUTORISATION_CONDUITE}),
          justification_sir="Grue à tour en site isolé"),
    Poste(id="d-vente", libelle="Vendeuse"),
)
"""Postes whose type the change moves (alone) or not (with another risk, employer SIR)."""

AUTRES_REGLES = (
    RegleDeComptage("sans_cdd_dans_l_annee", ModeDeComptage.PRESENT_DANS_L_ANNEE,
                    natures_exclues=frozenset({NatureContrat.CDD})),
    RegleDeComptage("sans_stage_au_1er_janvier", ModeDeComptage.PRESENT_AU_1ER_JANVIER,
                    natures_exclues=frozenset({NatureContrat.STAGE})),
)
"""Rules whose exclusions no stored chain answers: the storage's general statement."""


class ConformiteSuiviDate(SuiteConformite):
    """P2b on every storage: headcount and billing by the catalogue of the day."""

    PERIODES_P2B: ClassVar[tuple[Periode, ...]] = (
        annee(2025), annee(2026), Periode(dt.date(2025, 1, 1), VEILLE),
        Periode(JOUR, dt.date(2026, 9, 30)), Periode(VEILLE, JOUR))

    @pytest.fixture
    def monde_p2b(self, ctx: Contexte) -> tuple[Adherent, list[Salarie]]:
        """One worker per poste since 2024, a minor on the electrician's poste (SIA once
        it is no longer SIR), and a cariste who leaves on the last day of the SIR."""
        adherent = adherent_exemple("d1", 7, postes=POSTES_P2B)
        salaries = [salarie_simple(f"w-{p.id}", "d1", p.id, nom=f"Nom {p.libelle}")
                    for p in POSTES_P2B]
        salaries.append(salarie_simple("w-mineur", "d1", "d-elec", nom="Petit",
                                       naissance=dt.date(2008, 6, 1)))
        salaries.append(fait(salarie_simple("w-parti", "d1", "d-cariste", nom="Parti")
                             .sortir("w-parti-m1", VEILLE)))
        self.stocker(ctx, adherent, *salaries)
        return adherent, salaries

    @pytest.mark.parametrize("suivi_simple", [TypeDeSuivi.SIG, TypeDeSuivi.SIA])
    def test_headcount_types_change_on_the_day_the_catalogue_does(
        self, ctx: Contexte, monde_p2b: tuple[Adherent, list[Salarie]],
        suivi_simple: TypeDeSuivi,
    ) -> None:
        adherent, salaries = monde_p2b
        postes = adherent.postes_par_id()
        types = {}
        for debut, fin in ((VEILLE, None), (JOUR, None), (dt.date(2025, 1, 1), VEILLE),
                           (VEILLE, JOUR), (dt.date(2025, 1, 1), dt.date(2026, 12, 31))):
            with ctx.unite_de_travail() as uow:
                obtenu = uow.effectif.effectif("d1", debut, fin, suivi_simple=suivi_simple)
            assert obtenu == calculer_effectif("d1", salaries, postes, debut, fin,
                                               suivi_simple), (debut, fin)
            types[(debut, fin)] = {ligne.salarie_id: ligne.type_de_suivi
                                   for ligne in obtenu.lignes}
        veille, jour = types[(VEILLE, None)], types[(JOUR, None)]
        assert veille["w-d-elec"] is veille["w-d-cariste"] is TypeDeSuivi.SIR
        assert jour["w-d-elec"] is jour["w-d-cariste"] is suivi_simple
        assert (veille["w-d-nuit"], jour["w-d-nuit"]) == (TypeDeSuivi.SIR, TypeDeSuivi.SIA)
        assert jour["w-mineur"] is TypeDeSuivi.SIA  # P3: a minor is at least SIA
        for inchange in ("w-d-amiante", "w-d-employeur"):
            assert veille[inchange] is jour[inchange] is TypeDeSuivi.SIR
        assert veille["w-parti"] is TypeDeSuivi.SIR and "w-parti" not in jour

    @pytest.mark.parametrize("suivi_simple", [TypeDeSuivi.SIG, TypeDeSuivi.SIA])
    def test_billing_types_are_those_of_the_rule_reference_day(
        self, ctx: Contexte, monde_p2b: tuple[Adherent, list[Salarie]],
        suivi_simple: TypeDeSuivi,
    ) -> None:
        adherent, salaries = monde_p2b
        for regle in (*REGLES_PREDEFINIES.values(), *AUTRES_REGLES):
            for periode in self.PERIODES_P2B:
                with ctx.unite_de_travail() as uow:
                    obtenue = uow.facturation.assiette("d1", periode, regle,
                                                       suivi_simple=suivi_simple)
                attendue = assiette_de_reference(adherent, salaries, periode, regle,
                                                 suivi_simple=suivi_simple)
                assert obtenue == attendue, (regle.nom, periode)
            with ctx.unite_de_travail() as uow:
                totaux = list(uow.facturation.totaux_de_tous(annee(2025), regle,
                                                             suivi_simple=suivi_simple))
                toutes = list(uow.facturation.assiette_de_tous(annee(2025), regle,
                                                               suivi_simple=suivi_simple))
            assert totaux == [TotauxAssiette.de_l_assiette(a) for a in toutes], regle.nom

        def type_2025(regle: str, salarie_id: str) -> TypeDeSuivi:
            with ctx.unite_de_travail() as uow:
                assiette = uow.facturation.assiette("d1", annee(2025), REGLES_PREDEFINIES[regle],
                                                    suivi_simple=suivi_simple)
            return next(ligne.type_de_suivi for ligne in assiette.lignes
                        if ligne.salarie_id == salarie_id)

        # 1 January 2025 decides under that rule: the SIR of the day; the last day
        # present decides otherwise: 31/12/2025 under the new catalogue, or 30/09/2025.
        assert type_2025("present_au_1er_janvier", "w-d-elec") is TypeDeSuivi.SIR
        assert type_2025("present_dans_l_annee", "w-d-elec") is suivi_simple
        assert type_2025("present_dans_l_annee", "w-parti") is TypeDeSuivi.SIR


__all__ = ["ConformiteSuiviDate"]
