"""The law as dated data (domain/droit.py): each fact on each side of the day it takes
effect — the risk catalogue of 1 October 2025 (P2b), the legal band and the national
costs of 2025 and 2026 (F3), private employers and the national service (F9)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import pytest
from portail_regles import D, Portail

import rst_effectifs as rst
from rst_effectifs.domain.droit import COUTS_MOYENS_NATIONAUX, en_vigueur
from rst_effectifs.domain.facturation import verifier_bande

Risque = rst.Risque
TypeDeSuivi = rst.TypeDeSuivi
VEILLE, JOUR = D(2025, 9, 30), D(2025, 10, 1)
LIVRE = Path(__file__).resolve().parents[2] / "docs" / "rules.md"


# -- the facts themselves -------------------------------------------------------------------
def test_every_fact_has_its_text_and_the_day_it_takes_effect() -> None:
    assert len(rst.FAITS) >= 5
    for fait in rst.FAITS:
        assert fait.nom and fait.reference.texte and isinstance(fait.depuis, dt.date)
        assert re.search(r"(décret|arrêté|loi) ", fait.reference.texte, re.IGNORECASE), fait


def test_the_rule_book_lists_every_fact_with_its_reference_and_date() -> None:
    """docs/rules.md holds one table row per fact: its name, its text and its date."""
    texte = LIVRE.read_text(encoding="utf-8")
    for fait in rst.FAITS:
        ligne = next((ligne for ligne in texte.splitlines()
                      if ligne.startswith("|") and fait.nom in ligne), None)
        assert ligne is not None, f"docs/rules.md does not list « {fait.nom} »"
        assert fait.reference.texte in ligne and f"{fait.depuis:%d/%m/%Y}" in ligne, ligne


def test_the_fact_in_force_is_the_latest_that_applies_that_day() -> None:
    assert en_vigueur(rst.CATALOGUES_DES_RISQUES, VEILLE) is rst.CATALOGUES_DES_RISQUES[0]
    assert en_vigueur(rst.CATALOGUES_DES_RISQUES, JOUR) is rst.CATALOGUES_DES_RISQUES[1]
    assert en_vigueur(rst.COUTS_MOYENS, D(2024, 12, 31)) is None
    assert en_vigueur(rst.COUTS_MOYENS, D(2026, 1, 1)).valeur.montant == Decimal("116.00")


# -- P2b: the risk catalogue of 1 October 2025 ------------------------------------------------
@pytest.mark.parametrize("risque", [Risque.HABILITATION_ELECTRIQUE, Risque.AUTORISATION_CONDUITE])
def test_p2b_clearance_or_driving_alone_is_sir_until_30_september_2025_then_sig(
    portail: Portail, risque: rst.Risque
) -> None:
    poste = portail.poste("Poste", [risque])
    assert poste.type_de_suivi_le(VEILLE) is TypeDeSuivi.SIR
    assert poste.type_de_suivi_le(JOUR) is TypeDeSuivi.SIG
    assert rst.catalogue_le(JOUR).type_du_risque(risque, TypeDeSuivi.SIG) is TypeDeSuivi.SIG


@pytest.mark.parametrize("risque", [Risque.HABILITATION_ELECTRIQUE, Risque.AUTORISATION_CONDUITE])
def test_p2b_a_service_may_choose_sia_for_simple_follow_up(
    portail: Portail, risque: rst.Risque
) -> None:
    poste = portail.poste("Poste", [risque])
    assert poste.type_de_suivi_le(VEILLE, TypeDeSuivi.SIA) is TypeDeSuivi.SIR
    assert poste.type_de_suivi_le(JOUR, TypeDeSuivi.SIA) is TypeDeSuivi.SIA
    assert portail.poste("Vendeur").type_de_suivi_le(JOUR, TypeDeSuivi.SIA) is TypeDeSuivi.SIG


def test_p2b_other_risks_still_decide(portail: Portail) -> None:
    nuit = portail.poste("Électricien de nuit",
                         [Risque.HABILITATION_ELECTRIQUE, Risque.TRAVAIL_DE_NUIT])
    amiante = portail.poste("Désamianteur", [Risque.AUTORISATION_CONDUITE, Risque.AMIANTE])
    employeur = portail.poste("Grutier", [Risque.AUTORISATION_CONDUITE],
                              justification_sir="Grue à tour en site isolé")
    assert (nuit.type_de_suivi_le(VEILLE), nuit.type_de_suivi_le(JOUR)) == (
        TypeDeSuivi.SIR, TypeDeSuivi.SIA)
    assert amiante.type_de_suivi_le(JOUR) is employeur.type_de_suivi_le(JOUR) is TypeDeSuivi.SIR


def test_p2b_the_service_choice_is_sig_or_sia_only() -> None:
    assert rst.en_memoire(suivi_simple="sia").suivi_simple is TypeDeSuivi.SIA
    for mauvais in ("SIR", "", None, TypeDeSuivi.SIR, 1):
        with pytest.raises(rst.DonneeInvalide) as refus:
            rst.en_memoire(suivi_simple=mauvais)  # type: ignore[arg-type]
        assert (refus.value.code, refus.value.regle) == ("suivi.reglage_invalide", "P2b")


def test_p2b_headcount_on_30_september_and_1_october_2025_differ(portail: Portail) -> None:
    elec = portail.poste("Électricien", [Risque.HABILITATION_ELECTRIQUE])
    lea = portail.embaucher(debut=D(2024, 1, 8), poste_id=elec.id)
    avant, apres = portail.effectif(VEILLE), portail.effectif(JOUR)
    assert avant.lignes[0].salarie_id == apres.lignes[0].salarie_id == lea.id
    assert (avant.par_type[TypeDeSuivi.SIR], apres.par_type[TypeDeSuivi.SIR]) == (1, 0)
    assert apres.par_type[TypeDeSuivi.SIG] == 1
    # over a period, the last day present decides (E4)
    assert portail.effectif(D(2025, 1, 1), VEILLE).lignes[0].type_de_suivi is TypeDeSuivi.SIR
    assert portail.effectif(D(2025, 1, 1), JOUR).lignes[0].type_de_suivi is TypeDeSuivi.SIG


def test_p2b_billing_uses_the_type_on_the_rule_reference_day(portail: Portail) -> None:
    elec = portail.poste("Électricien", [Risque.HABILITATION_ELECTRIQUE])
    portail.embaucher(debut=D(2024, 1, 8), poste_id=elec.id)
    parti = portail.embaucher(nom="Martin", prenoms="Paul", debut=D(2024, 1, 8),
                              poste_id=elec.id)
    portail.sortir(parti.id, le=VEILLE)

    def types(regle: str) -> dict[str, rst.TypeDeSuivi]:
        assiette = rst.calculer_assiette(portail.ctx, portail.moi, rst.CalculerAssiette(
            portail.adherent_id, D(2025, 1, 1), D(2025, 12, 31), regle))
        return {ligne.prenoms: ligne.type_de_suivi for ligne in assiette.lignes}

    # present on 1 January 2025: that day's catalogue (SIR) for both
    assert types("present_au_1er_janvier") == {"Léa": TypeDeSuivi.SIR, "Paul": TypeDeSuivi.SIR}
    # present in the year: the last day present (31/12/2025: SIG; 30/09/2025: SIR)
    assert types("present_dans_l_annee") == {"Léa": TypeDeSuivi.SIG, "Paul": TypeDeSuivi.SIR}


def test_p2b_the_service_choice_reaches_headcount_and_billing() -> None:
    ctx = rst.en_memoire(suivi_simple="SIA")
    agent = rst.AgentRst(rst.Email.parse("agent@rst.fr"))
    adherent = rst.creer_adherent(ctx, agent, rst.CreerAdherent(
        numero="000042", siret="73282932000074", raison_sociale="Élec",
        email_connexion="contact@elec.fr"))
    elec = rst.ajouter_poste(ctx, agent, rst.AjouterPoste(
        adherent.id, "Électricien", frozenset({Risque.HABILITATION_ELECTRIQUE})))
    rst.embaucher(ctx, agent, rst.EmbaucherSalarie(
        adherent.id, "Durand", "Léa", D(1990, 5, 4),
        rst.NouveauContrat(rst.NatureContrat.CDI, D(2024, 1, 8), elec.id)))
    assert rst.consulter_effectif(ctx, agent, rst.ConsulterEffectif(
        adherent.id, JOUR)).par_type[TypeDeSuivi.SIA] == 1
    assiette = rst.calculer_assiette(ctx, agent, rst.CalculerAssiette(
        adherent.id, D(2025, 1, 1), D(2025, 12, 31), "present_dans_l_annee"))
    assert assiette.lignes[0].type_de_suivi is TypeDeSuivi.SIA
    cloture = rst.cloturer_periode(ctx, agent, rst.CloturerPeriode(
        adherent.id, D(2025, 1, 1), D(2025, 12, 31), "present_dans_l_annee"))
    assert cloture.suivi_simple is TypeDeSuivi.SIA


def test_p2b_the_law_changes_no_poste_and_history_stays_true(portail: Portail) -> None:
    elec = portail.poste("Électricien", [Risque.HABILITATION_ELECTRIQUE])
    (relu,) = rst.lister_postes(portail.ctx, portail.moi, rst.ListerPostes(portail.adherent_id))
    assert relu == elec and relu.risques == frozenset({Risque.HABILITATION_ELECTRIQUE})
    assert relu.type_de_suivi_le(D(2024, 6, 1)) is TypeDeSuivi.SIR  # what was true then stays true


def test_p2b_the_changes_of_the_law_are_listed_per_poste(portail: Portail) -> None:
    elec = portail.poste("Électricien", [Risque.HABILITATION_ELECTRIQUE])
    nuit = portail.poste("Électricien de nuit",
                         [Risque.HABILITATION_ELECTRIQUE, Risque.TRAVAIL_DE_NUIT])
    vente = portail.poste("Vendeur")
    amiante = portail.poste("Désamianteur", [Risque.AMIANTE, Risque.AUTORISATION_CONDUITE])
    changements = rst.changements_de_suivi([elec, nuit, vente, amiante])
    assert [(c.poste.id, c.avant, c.apres) for c in changements] == [
        (elec.id, TypeDeSuivi.SIR, TypeDeSuivi.SIG), (nuit.id, TypeDeSuivi.SIR, TypeDeSuivi.SIA)]
    assert {c.le for c in changements} == {JOUR} and changements[0].veille == VEILLE
    assert changements[0].reference.texte == "Décret n° 2025-355 du 18 avril 2025"
    assert [c.apres for c in rst.changements_de_suivi([elec], TypeDeSuivi.SIA)] == [TypeDeSuivi.SIA]


# -- F3: the band of each year, at the cent ---------------------------------------------------
def _bareme(prix: str) -> rst.Bareme:
    return rst.Bareme("bareme_teste", prix_sig=prix, prix_sia="115", prix_sir="115")


def _assiette(portail: Portail, an: int, prix: str) -> rst.Assiette:
    return rst.calculer_assiette(portail.ctx, portail.moi, rst.CalculerAssiette(
        portail.adherent_id, D(an, 1, 1), D(an, 12, 31), "present_dans_l_annee",
        bareme_sur_mesure=_bareme(prix)))


@pytest.mark.parametrize(("an", "dedans", "dehors"), [
    (2025, ("92.40", "138.60"), ("92.39", "138.61")),
    (2026, ("92.80", "139.20"), ("92.79", "139.21")),
])
def test_f3_the_band_of_each_year_holds_at_the_cent(
    portail: Portail, an: int, dedans: tuple[str, str], dehors: tuple[str, str]
) -> None:
    for prix in dedans:
        assert _assiette(portail, an, prix).bareme == "bareme_teste"
    for prix in dehors:
        erreur = portail.refuse(rst.RegleMetier, "bareme.hors_bande", "F3",
                                lambda prix=prix: _assiette(portail, an, prix))
        assert erreur.details["SIG"] == prix


def test_f3_the_costs_of_2025_and_2026_are_known_with_their_arretes() -> None:
    assert {a: c.montant for a, c in COUTS_MOYENS_NATIONAUX.items()} == {
        2025: Decimal("115.50"), 2026: Decimal("116.00")}
    assert rst.cout_moyen_en_vigueur(2026).maximum == Decimal("139.20")
    assert rst.cout_moyen_en_vigueur(2027) is None
    assert rst.COUTS_MOYENS[1].reference.texte == "Arrêté du 26 septembre 2025"


def test_f3_the_band_starts_in_2025(portail: Portail) -> None:
    assert _assiette(portail, 2024, "10").bareme == "bareme_teste"  # before: no band
    portail.refuse(rst.RegleMetier, "bareme.hors_bande", "F3",
                   lambda: _assiette(portail, 2025, "10"))
    assert rst.BANDE_LEGALE.depuis == D(2025, 1, 1)


def test_f3_a_year_the_library_does_not_know_is_refused_without_naming_any_option(
    portail: Portail
) -> None:
    erreur = portail.refuse(rst.RegleMetier, "bareme.cout_inconnu", "F3",
                            lambda: _assiette(portail, 2027, "115"))
    assert "2027" in erreur.message and "--" not in erreur.message
    assert "F3" not in erreur.message and "cout_moyen" not in erreur.message
    assert erreur.details["champs"] == ["cout_moyen", "sans_controle_bande"]


def test_f3_the_sample_bareme_is_legal_for_every_year_it_names() -> None:
    echantillon = rst.BAREMES_PREDEFINIS["bareme_exemple"]
    assert echantillon.annees == frozenset({2025, 2026})
    for bareme in rst.BAREMES_PREDEFINIS.values():
        assert bareme.annees, f"{bareme.nom} says no year"
        for an in sorted(bareme.annees):
            cout = rst.cout_moyen_en_vigueur(an)
            assert cout is not None, f"{bareme.nom}: no national cost known for {an}"
            verifier_bande(bareme, cout)
    assert rst.bareme_en_vigueur(2026) == rst.bareme_en_vigueur(2025) == echantillon
    assert rst.bareme_en_vigueur(2024) is None and rst.bareme_en_vigueur(2027) is None


def test_f3_a_bareme_is_refused_for_a_year_it_does_not_price(portail: Portail) -> None:
    def en_2024() -> rst.Assiette:
        return rst.calculer_assiette(portail.ctx, portail.moi, rst.CalculerAssiette(
            portail.adherent_id, D(2024, 1, 1), D(2024, 12, 31), "present_dans_l_annee",
            "bareme_exemple"))

    erreur = portail.refuse(rst.RegleMetier, "bareme.annee_non_couverte", "F3", en_2024)
    assert erreur.message == ("Le barème « bareme_exemple » vaut pour 2025 et 2026 : il ne "
                              "chiffre pas 2024.")


def test_f3_the_current_year_is_priced_with_nothing_configured(portail: Portail) -> None:
    portail.embaucher(debut=D(2024, 1, 8))
    assiette = rst.calculer_assiette(portail.ctx, portail.moi, rst.CalculerAssiette(
        portail.adherent_id, D(2026, 1, 1), D(2026, 12, 31), "present_dans_l_annee",
        "bareme_exemple"))
    assert assiette.montants is not None and assiette.montants.total_ttc == Decimal("162.00")


# -- F9: private employers --------------------------------------------------------------------
def _creer(portail: Portail, le: dt.date, particulier: bool = True) -> rst.Adherent:
    portail.horloge.instant = dt.datetime.combine(le, dt.time(9), tzinfo=dt.UTC)
    return rst.creer_adherent(portail.ctx, portail.agent, rst.CreerAdherent(
        numero="009999", siret="73282932000074", raison_sociale="M. et Mme Durand",
        email_connexion="durand@exemple.fr", particulier_employeur=particulier))


def test_f9_a_private_employer_is_refused_from_2_january_2025(portail: Portail) -> None:
    erreur = portail.refuse(rst.RegleMetier, "adherent.particulier_employeur", "F9",
                            lambda: _creer(portail, D(2025, 1, 2)))
    assert "service de prévention et de santé au travail national (SPSTN)" in erreur.message
    assert "F9" not in erreur.message and "--" not in erreur.message
    assert erreur.chemin == "particulier_employeur"


def test_f9_before_2_january_2025_nothing_changed(portail: Portail) -> None:
    assert _creer(portail, D(2025, 1, 1)).numero.valeur == "009999"


def test_f9_an_employer_that_is_not_a_private_one_is_created(portail: Portail) -> None:
    assert _creer(portail, D(2026, 12, 7), particulier=False).raison_sociale == \
        "M. et Mme Durand"
