"""F4: closing freezes a period as it was; later changes inside it become regularisation
lines on the next closing; cancelling inside a frozen period only goes that way."""

from __future__ import annotations

from decimal import Decimal

import pytest
from banc_facturation import AN_2024, AN_2025, AN_2026, Banc, D

import rst_effectifs as rst
from rst_effectifs.testing.invariants import (
    recalculer_clotures,
    verifier_clotures_intactes,
    verifier_regularisations,
    verifier_sans_regularisation,
)

AN_2027 = (D(2027, 1, 1), D(2027, 12, 31))
# Inside the 2025 band (92.40–138.60): SIG 100, SIA 110, SIR 120, entry 66, fixed 35.
BAREME = rst.Bareme("bareme_2025", prix_sig="100", prix_sia="110",
                    prix_sir="120", droit_entree="66", forfait_etablissement="35")


@pytest.fixture
def banc() -> Banc:
    return Banc()


def _cloturer(banc: Banc, periode: tuple[D, D], regle: str = "present_dans_l_annee",
              acteur: rst.Acteur | None = None) -> rst.Cloture:
    return rst.cloturer_periode(banc.ctx, acteur or banc.agent, rst.CloturerPeriode(
        banc.adherent_id, *periode, regle=regle, bareme_sur_mesure=BAREME))


def _lignes(cloture: rst.Cloture) -> list[tuple[str, str, str | None, int, Decimal | None]]:
    return [(ligne.nom, ligne.element.value,
             None if ligne.type_de_suivi is None else ligne.type_de_suivi.value,
             ligne.quantite, ligne.montant_ht)
            for r in cloture.regularisations for ligne in r.lignes]


def _verifier_historique(banc: Banc) -> None:
    clotures = banc.clotures()
    with banc.ctx.unite_de_travail() as uow:
        verifier_regularisations(clotures, recalculer_clotures(uow, clotures))


def test_closing_stores_the_assiette_with_its_rule_bareme_author_and_date(banc: Banc) -> None:
    banc.embaucher("Alice", D(2020, 3, 1))
    cloture = _cloturer(banc, AN_2025)
    assert cloture.assiette == banc.assiette(AN_2025, bareme_sur_mesure=BAREME)
    assert (cloture.regle.nom, cloture.bareme, cloture.par) == (
        "present_dans_l_annee", BAREME, "agent@rst.fr")
    assert cloture.cloturee_le == banc.horloge.instant
    assert cloture.regularisations == ()
    assert banc.adherent().cloture_au == D(2025, 12, 31)
    entree = banc.journal()[-1]
    assert entree.quoi == "facturation.periode_cloturee"
    assert dict(entree.donnees)["salaries_comptes"] == "1"
    assert rst.consulter_cloture(banc.ctx, banc.agent, rst.ConsulterCloture(
        banc.adherent_id, *AN_2025)) == cloture


def test_closing_again_with_no_change_regularises_nothing(banc: Banc) -> None:
    banc.embaucher("Alice", D(2020, 3, 1))
    banc.embaucher("Bruno", D(2025, 6, 1), D(2025, 6, 30), nature=rst.NatureContrat.CDD)
    _cloturer(banc, AN_2025)
    verifier_sans_regularisation(_cloturer(banc, AN_2026))
    _verifier_historique(banc)


def test_a_late_exit_credits_the_frozen_period_at_the_next_closing(banc: Banc) -> None:
    # 2025 closed under present_au_1er_janvier with Alice counted (SIG, 100 €). Later we
    # learn she left on 31/12/2024: on 01/01/2025 she was not there. The 2025 closing is
    # untouched; the 2026 closing carries -1 SIG for 2025, -100.00 € HT, -20.00 € VAT.
    alice = banc.embaucher("Alice", D(2020, 3, 1))
    gelee = _cloturer(banc, AN_2025, "present_au_1er_janvier")
    banc.sortir(alice, D(2024, 12, 31))
    assert banc.clotures() == [gelee]
    cloture = _cloturer(banc, AN_2026, "present_au_1er_janvier")
    assert _lignes(cloture) == [("Alice", "cotisation", "SIG", -1, Decimal("-100.00"))]
    regularisation = cloture.regularisations[0]
    assert regularisation.periode == rst.Periode(*AN_2025)
    assert "Retiré après la clôture" in regularisation.lignes[0].motif
    assert regularisation.montants is not None
    assert (regularisation.montants.total_ht, regularisation.montants.tva,
            regularisation.montants.total_ttc) == (Decimal("-100.00"), Decimal("-20.00"),
                                                    Decimal("-120.00"))
    verifier_clotures_intactes([gelee], banc.clotures())
    _verifier_historique(banc)


def test_a_late_hire_is_billed_with_its_entry_fee_at_the_next_closing(banc: Banc) -> None:
    # A CDD 01/03–30/06/2025 declared after 2025 was closed: +1 SIG (100.00) and +1
    # entry fee (66.00) for 2025 on the 2026 closing.
    banc.embaucher("Alice", D(2020, 3, 1))
    _cloturer(banc, AN_2025)
    banc.embaucher("Zoe", D(2025, 3, 1), D(2025, 6, 30), nature=rst.NatureContrat.CDD)
    cloture = _cloturer(banc, AN_2026)
    assert sorted(_lignes(cloture)) == [
        ("Zoe", "cotisation", "SIG", 1, Decimal("100.00")),
        ("Zoe", "droit_entree", None, 1, Decimal("66.00")),
    ]
    motifs = sorted(ligne.motif for ligne in cloture.regularisations[0].lignes)
    assert motifs[0].startswith("Compté après la clôture : présent au moins un jour")
    assert motifs[1] == "Droit d'entrée ajouté après la clôture : nouvel embauché le 01/03/2025."
    _verifier_historique(banc)


def test_cancelling_an_exit_inside_a_frozen_period_goes_through_regularisation(
    banc: Banc
) -> None:
    # Hugo's exit on 31/03/2025 was a mistake. 2025 is closed (Hugo counted: present in
    # 2025). Cancelling the exit keeps him present in 2026: the plain cancellation is
    # refused (E6), the regularised one is journaled with its reason and the 2026
    # closing counts him for 2026 with no regularisation of 2025 (he counted already).
    hugo = banc.embaucher("Hugo", D(2024, 1, 1))
    sortie = banc.sortir(hugo, D(2025, 3, 31))
    _cloturer(banc, AN_2025)
    banc.refuse(rst.RegleMetier, "periode.gelee", "E6", lambda: rst.annuler_mouvement(
        banc.ctx, banc.agent, rst.AnnulerMouvement(banc.adherent_id, hugo, sortie)))
    salarie = rst.annuler_mouvement_regularise(banc.ctx, banc.agent,
                                               rst.AnnulerMouvementRegularise(
                                                   banc.adherent_id, hugo, sortie,
                                                   "Sortie saisie par erreur"))
    assert salarie.est_dans_l_effectif
    quoi = [e.quoi for e in banc.journal()[-2:]]
    assert quoi == ["effectif.mouvement_annule", "facturation.annulation_a_regulariser"]
    donnees = dict(banc.journal()[-1].donnees)
    assert (donnees["motif"], donnees["objet_id"], donnees["le"]) == (
        "Sortie saisie par erreur", sortie, "2025-03-31")
    cloture = _cloturer(banc, AN_2026)
    assert cloture.regularisations == ()
    assert cloture.assiette.salarie_ids == {hugo}
    _verifier_historique(banc)


def test_a_cancelled_exit_that_changes_a_frozen_count_is_regularised(banc: Banc) -> None:
    # present_au_1er_janvier: Hugo left on 31/12/2024, so 2025 billed nobody. The exit
    # was wrong: cancelled through regularisation, Hugo was there on 01/01/2025: +1 SIG.
    hugo = banc.embaucher("Hugo", D(2024, 1, 1))
    sortie = banc.sortir(hugo, D(2024, 12, 31))
    assert _cloturer(banc, AN_2025, "present_au_1er_janvier").assiette.lignes == ()
    rst.annuler_mouvement_regularise(banc.ctx, banc.agent, rst.AnnulerMouvementRegularise(
        banc.adherent_id, hugo, sortie, "Erreur de saisie"))
    cloture = _cloturer(banc, AN_2026, "present_au_1er_janvier")
    assert _lignes(cloture) == [("Hugo", "cotisation", "SIG", 1, Decimal("100.00"))]
    _verifier_historique(banc)


def test_cancelling_a_contract_of_a_frozen_period_credits_it(banc: Banc) -> None:
    # A hire entered by mistake, billed in 2025 (SIG + entry fee), cancelled after the
    # closing: -100.00 and -66.00 for 2025.
    erreur = banc.embaucher("Erreur", D(2025, 5, 1))
    contrat = banc.salaries()[0].contrats[0].id
    _cloturer(banc, AN_2025)
    banc.refuse(rst.RegleMetier, "periode.gelee", "C4", lambda: rst.annuler_contrat(
        banc.ctx, banc.agent, rst.AnnulerContrat(banc.adherent_id, erreur, contrat)))
    rst.annuler_contrat_regularise(banc.ctx, banc.agent, rst.AnnulerContratRegularise(
        banc.adherent_id, erreur, contrat, "Embauche saisie deux fois"))
    cloture = _cloturer(banc, AN_2026)
    assert sorted(_lignes(cloture)) == [
        ("Erreur", "cotisation", "SIG", -1, Decimal("-100.00")),
        ("Erreur", "droit_entree", None, -1, Decimal("-66.00")),
    ]
    _verifier_historique(banc)


def test_a_changed_follow_up_type_is_regularised_as_minus_old_plus_new(banc: Banc) -> None:
    # The "Vente" poste turns out to need SIR (asbestos): Alice, billed SIG for 2025,
    # becomes SIR: -1 SIG (-100.00) and +1 SIR (+120.00), both saying why.
    banc.embaucher("Alice", D(2020, 3, 1))
    _cloturer(banc, AN_2025)
    rst.modifier_risques(banc.ctx, banc.agent, rst.ModifierRisques(
        banc.adherent_id, banc.vente, frozenset({rst.Risque.AMIANTE})))
    cloture = _cloturer(banc, AN_2026)
    assert sorted(_lignes(cloture)) == [
        ("Alice", "cotisation", "SIG", -1, Decimal("-100.00")),
        ("Alice", "cotisation", "SIR", 1, Decimal("120.00")),
    ]
    assert {ligne.motif for ligne in cloture.regularisations[0].lignes} == {
        "Type de suivi corrigé après la clôture : SIG → SIR."}
    _verifier_historique(banc)


def test_a_regularisation_is_billed_once_not_at_every_closing(banc: Banc) -> None:
    alice = banc.embaucher("Alice", D(2020, 3, 1))
    _cloturer(banc, AN_2025, "present_au_1er_janvier")
    banc.sortir(alice, D(2024, 12, 31))
    assert len(_lignes(_cloturer(banc, AN_2026, "present_au_1er_janvier"))) == 1
    verifier_sans_regularisation(_cloturer(banc, AN_2027, "present_au_1er_janvier"))
    _verifier_historique(banc)


def test_regularisations_reach_back_over_several_frozen_periods(banc: Banc) -> None:
    # Bruno, hired 01/06/2024, is cancelled after 2024 and 2025 were closed: both years
    # are credited on the 2026 closing (2024: SIG + entry fee; 2025: SIG).
    bruno = banc.embaucher("Bruno", D(2024, 6, 1))
    contrat = banc.salaries()[0].contrats[0].id
    _cloturer(banc, AN_2024)
    _cloturer(banc, AN_2025)
    rst.annuler_contrat_regularise(banc.ctx, banc.agent, rst.AnnulerContratRegularise(
        banc.adherent_id, bruno, contrat, "Jamais venu"))
    cloture = _cloturer(banc, AN_2026)
    assert [(r.periode.debut.year, len(r.lignes)) for r in cloture.regularisations] == [
        (2024, 2), (2025, 1)]
    _verifier_historique(banc)


def test_a_period_is_closed_once(banc: Banc) -> None:
    _cloturer(banc, AN_2025)
    banc.refuse(rst.RegleMetier, "cloture.deja_faite", "F4", lambda: _cloturer(banc, AN_2025))
    banc.refuse(rst.RegleMetier, "cloture.deja_faite", "F4",
                lambda: _cloturer(banc, (D(2025, 6, 1), D(2026, 5, 31))))


def test_closings_follow_each_other_without_a_gap(banc: Banc) -> None:
    _cloturer(banc, AN_2024)
    banc.refuse(rst.RegleMetier, "cloture.periode_non_contigue", "F4",
                lambda: _cloturer(banc, AN_2026))


def test_the_memory_store_refuses_a_second_closing_of_a_period_on_commit(banc: Banc) -> None:
    cloture = _cloturer(banc, AN_2025)
    with banc.ctx.unite_de_travail() as uow, pytest.raises(rst.RegleMetier) as info:
        uow.clotures.ajouter(cloture)
    assert info.value.code == "cloture.deja_faite"


@pytest.mark.parametrize("role", [rst.Role.FACTURATION, rst.Role.DECLARATION,
                                  rst.Role.LECTURE])
def test_only_an_administrator_or_rst_closes(banc: Banc, role: rst.Role) -> None:
    banc.refuse(rst.AccesInterdit, "acces.interdit", "A3",
                lambda: _cloturer(banc, AN_2025, acteur=banc.acces(role)))
    cloture = _cloturer(banc, AN_2025, acteur=banc.acces(rst.Role.ADMINISTRATEUR))
    assert cloture.par == "quelquun@elise.fr"


def test_the_billing_role_reads_closings_and_the_declaration_role_does_not(
    banc: Banc
) -> None:
    cloture = _cloturer(banc, AN_2025)
    lecteur = banc.acces(rst.Role.FACTURATION)
    assert rst.lister_clotures(banc.ctx, lecteur, rst.ListerClotures(banc.adherent_id)) == (
        cloture,)
    banc.refuse(rst.AccesInterdit, "acces.interdit", "A3", lambda: rst.consulter_cloture(
        banc.ctx, banc.acces(rst.Role.DECLARATION),
        rst.ConsulterCloture(banc.adherent_id, *AN_2025)))


def test_an_unknown_closing_is_not_found(banc: Banc) -> None:
    banc.refuse(rst.Introuvable, "cloture.introuvable", "A4", lambda: rst.consulter_cloture(
        banc.ctx, banc.agent, rst.ConsulterCloture(banc.adherent_id, *AN_2025)))


def test_regularised_cancellation_is_refused_outside_frozen_periods(banc: Banc) -> None:
    alice = banc.embaucher("Alice", D(2025, 1, 1))
    sortie = banc.sortir(alice, D(2025, 6, 30))
    banc.refuse(rst.RegleMetier, "regularisation.inutile", "F4",
                lambda: rst.annuler_mouvement_regularise(
                    banc.ctx, banc.agent,
                    rst.AnnulerMouvementRegularise(banc.adherent_id, alice, sortie, "motif")))


def test_regularised_cancellation_needs_a_reason_and_an_administrator(banc: Banc) -> None:
    alice = banc.embaucher("Alice", D(2024, 1, 1))
    sortie = banc.sortir(alice, D(2024, 6, 30))
    _cloturer(banc, AN_2024)
    banc.refuse(rst.DonneeInvalide, "regularisation.motif_invalide", "F4",
                lambda: rst.annuler_mouvement_regularise(
                    banc.ctx, banc.agent,
                    rst.AnnulerMouvementRegularise(banc.adherent_id, alice, sortie, "   ")))
    banc.refuse(rst.AccesInterdit, "acces.interdit", "A3",
                lambda: rst.annuler_mouvement_regularise(
                    banc.ctx, banc.acces(rst.Role.DECLARATION),
                    rst.AnnulerMouvementRegularise(banc.adherent_id, alice, sortie, "x")))
    banc.refuse(rst.Introuvable, "mouvement.introuvable", "A4",
                lambda: rst.annuler_mouvement_regularise(
                    banc.ctx, banc.agent,
                    rst.AnnulerMouvementRegularise(banc.adherent_id, alice, "inconnu", "x")))
