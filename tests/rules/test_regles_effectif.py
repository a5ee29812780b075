"""Rules E1–E6 of DOMAIN.md: entering, leaving and coming back to the headcount."""

from __future__ import annotations

import pytest
from portail_regles import D, Portail

import rst_effectifs as rst

CDD = rst.NatureContrat.CDD


def annuler_mouvement(portail: Portail, salarie_id: str, mouvement_id: str) -> rst.Salarie:
    return rst.annuler_mouvement(
        portail.ctx, portail.moi,
        rst.AnnulerMouvement(portail.adherent_id, salarie_id, mouvement_id))


def seul_echec(echecs: tuple[rst.Echec, ...], salarie_id: str) -> tuple[str, str]:
    (echec,) = echecs
    assert echec.salarie_id == salarie_id and echec.message
    return echec.code, echec.regle


# -- E1 ------------------------------------------------------------------------------
def test_e1_enters_on_the_first_contract_start(portail: Portail) -> None:
    lea = portail.embaucher(debut=D(2025, 3, 10))
    assert lea.id not in portail.presents(D(2025, 3, 9))
    assert lea.id in portail.presents(D(2025, 3, 10))
    assert portail.salarie(lea.id).date_entree == D(2025, 3, 10)


def test_e1_an_earlier_contract_moves_the_entry(portail: Portail) -> None:
    lea = portail.embaucher(debut=D(2025, 3, 10))
    lea = portail.ajouter_contrat(lea.id, D(2025, 1, 6), D(2025, 2, 28), nature=CDD)
    assert lea.date_entree == D(2025, 1, 6)
    assert lea.id in portail.presents(D(2025, 1, 6))


# -- E2 ------------------------------------------------------------------------------
def test_e2_exit_only_while_present(portail: Portail) -> None:
    lea = portail.embaucher()
    portail.sortir(lea.id, le=D(2025, 3, 31))
    echecs = portail.refus_groupe(lambda: portail.sortir(lea.id, le=D(2025, 5, 31)))
    assert seul_echec(echecs, lea.id) == ("sortie.deja_sorti", "E2")


def test_e2_reintegration_only_while_out(portail: Portail) -> None:
    lea = portail.embaucher()
    echecs = portail.refus_groupe(lambda: portail.reintegrer(lea.id, le=D(2025, 5, 1)))
    assert seul_echec(echecs, lea.id) == ("reintegration.deja_present", "E2")


def test_e2_each_movement_dated_strictly_after_the_previous(portail: Portail) -> None:
    lea = portail.embaucher()
    portail.sortir(lea.id, le=D(2025, 3, 31))
    echecs = portail.refus_groupe(lambda: portail.reintegrer(lea.id, le=D(2025, 3, 31)))
    assert seul_echec(echecs, lea.id) == ("mouvement.ordre", "E2")
    echecs = portail.refus_groupe(lambda: portail.reintegrer(lea.id, le=D(2025, 3, 1)))
    assert seul_echec(echecs, lea.id) == ("mouvement.ordre", "E2")
    portail.reintegrer(lea.id, le=D(2025, 4, 1))
    assert lea.id in portail.presents(D(2025, 4, 1))


def test_e2_exit_before_entry_refused(portail: Portail) -> None:
    lea = portail.embaucher(debut=D(2025, 3, 10))
    echecs = portail.refus_groupe(lambda: portail.sortir(lea.id, le=D(2025, 3, 9)))
    assert seul_echec(echecs, lea.id) == ("sortie.avant_entree", "E2")


@pytest.mark.parametrize("motif", ["0311", "abc", "", "3 1", "٣١"])
def test_e2_exit_reason_is_a_dsn_code(portail: Portail, motif: str) -> None:
    lea = portail.embaucher()
    echecs = portail.refus_groupe(lambda: portail.sortir(lea.id, le=D(2025, 3, 31), motif=motif))
    assert seul_echec(echecs, lea.id) == ("sortie.motif_invalide", "E2")


@pytest.mark.parametrize("motif", ["31", "031"])
def test_e2_exit_reason_without_its_leading_zero_is_the_same_code(portail: Portail,
                                                                   motif: str) -> None:
    lea = portail.embaucher()
    portail.sortir(lea.id, le=D(2025, 3, 31), motif=motif)
    assert portail.salarie(lea.id).mouvements[0].motif == "031"


def test_e2_movements_keep_their_reasons(portail: Portail) -> None:
    lea = portail.embaucher()
    portail.sortir(lea.id, le=D(2025, 3, 31), motif="059")
    portail.reintegrer(lea.id, le=D(2025, 9, 1), motif="Retour après disponibilité")
    sortie, retour = portail.salarie(lea.id).mouvements
    assert (sortie.motif, retour.motif) == ("059", "Retour après disponibilité")


# -- E3 ------------------------------------------------------------------------------
def test_e3_exit_date_is_the_last_day_present(portail: Portail) -> None:
    lea = portail.embaucher(debut=D(2025, 1, 6))
    portail.sortir(lea.id, le=D(2025, 3, 31))
    portail.reintegrer(lea.id, le=D(2025, 5, 1))
    presences = {jour: lea.id in portail.presents(jour)
                 for jour in (D(2025, 3, 31), D(2025, 4, 1), D(2025, 4, 30), D(2025, 5, 1))}
    assert presences == {D(2025, 3, 31): True, D(2025, 4, 1): False, D(2025, 4, 30): False,
                         D(2025, 5, 1): True}


def test_e3_exit_closes_the_contract_still_open(portail: Portail) -> None:
    lea = portail.embaucher(debut=D(2025, 1, 6))
    portail.sortir(lea.id, le=D(2025, 3, 31))
    assert portail.salarie(lea.id).contrats[0].fin == D(2025, 3, 31)
    assert portail.journal()[-2:] == ["effectif.sortie", "contrat.clos"]


def test_e3_exit_after_a_contract_ended_keeps_its_end(portail: Portail) -> None:
    lea = portail.embaucher(debut=D(2025, 1, 6), fin=D(2025, 3, 15), nature=CDD)
    portail.sortir(lea.id, le=D(2025, 3, 31), motif="031")
    assert portail.salarie(lea.id).contrats[0].fin == D(2025, 3, 15)


def test_e3_new_contract_while_out_reintegrates_on_its_start(portail: Portail) -> None:
    lea = portail.embaucher(debut=D(2025, 1, 6), fin=D(2025, 3, 31), nature=CDD)
    portail.sortir(lea.id, le=D(2025, 3, 31), motif="031")
    lea = portail.ajouter_contrat(lea.id, D(2025, 6, 2), nature=CDD)
    (retour,) = [m for m in lea.mouvements if isinstance(m, rst.Reintegration)]
    assert (retour.le, retour.contrat_id) == (D(2025, 6, 2), lea.contrats[1].id)
    assert lea.id not in portail.presents(D(2025, 6, 1))
    assert lea.id in portail.presents(D(2025, 6, 2))


def test_e3_exit_refused_when_a_later_contract_exists(portail: Portail) -> None:
    lea = portail.embaucher(debut=D(2025, 1, 6), fin=D(2025, 3, 31), nature=CDD)
    portail.ajouter_contrat(lea.id, D(2025, 5, 1), nature=CDD)
    echecs = portail.refus_groupe(lambda: portail.sortir(lea.id, le=D(2025, 4, 15)))
    assert seul_echec(echecs, lea.id) == ("sortie.contrat_posterieur", "E3")


# -- E4 ------------------------------------------------------------------------------
def test_e4_headcount_on_a_date_and_over_a_period(portail: Portail) -> None:
    toute_l_annee = portail.embaucher(nom="Annee", debut=D(2024, 1, 1)).id
    partie = portail.embaucher(nom="Fevrier", debut=D(2024, 6, 1)).id
    portail.sortir(partie, le=D(2025, 2, 28))
    decembre = portail.embaucher(nom="Decembre", debut=D(2025, 12, 31)).id
    portail.embaucher(nom="Plus tard", debut=D(2026, 1, 1))

    assert portail.presents(D(2025, 6, 1)) == {toute_l_annee}
    assert portail.presents(D(2025, 2, 28)) == {toute_l_annee, partie}
    annee = portail.effectif(D(2025, 1, 1), D(2025, 12, 31))
    assert annee.salarie_ids == {toute_l_annee, partie, decembre}
    assert annee.nombre == 3 and annee.par_type[rst.TypeDeSuivi.SIG] == 3
    # Any past date, the same way every time.
    assert portail.effectif(D(2025, 1, 1), D(2025, 12, 31)) == annee
    assert portail.presents(D(2023, 12, 31)) == frozenset()


def test_e4_period_follow_up_type_is_the_one_on_the_last_day_present(portail: Portail) -> None:
    vente = portail.poste("Vendeur")
    nuit = portail.poste("Boulanger de nuit", [rst.Risque.TRAVAIL_DE_NUIT])
    lea = portail.embaucher(debut=D(2025, 1, 6), poste_id=vente.id)
    portail.ajouter_contrat(lea.id, D(2025, 7, 1), poste_id=nuit.id)
    (premier_semestre,) = portail.effectif(D(2025, 1, 1), D(2025, 6, 30)).lignes
    (annee,) = portail.effectif(D(2025, 1, 1), D(2025, 12, 31)).lignes
    assert premier_semestre.type_de_suivi is rst.TypeDeSuivi.SIG
    assert annee.type_de_suivi is rst.TypeDeSuivi.SIA


def test_e4_period_ending_before_it_starts_refused(portail: Portail) -> None:
    portail.refuse(rst.DonneeInvalide, "periode.invalide", "E4",
                   lambda: portail.effectif(D(2025, 12, 31), D(2025, 1, 1)))


# -- E5 ------------------------------------------------------------------------------
def test_e5_grouped_exit_moves_every_selected_salarie(portail: Portail) -> None:
    ids = [portail.embaucher(nom=nom).id for nom in ("Alpha", "Bravo", "Charlie")]
    resultat = portail.sortir(*ids, le=D(2025, 3, 31), motif="059")
    assert [s for s, _m in resultat.mouvements] == ids
    assert not resultat.deja_traitee
    assert portail.presents(D(2025, 4, 1)) == frozenset()


def test_e5_grouped_exit_is_all_or_nothing_and_lists_every_failure(portail: Portail) -> None:
    bon = portail.embaucher(nom="Bon", debut=D(2025, 1, 6)).id
    sorti = portail.embaucher(nom="Sorti", debut=D(2025, 1, 6)).id
    portail.sortir(sorti, le=D(2025, 2, 28))
    tardif = portail.embaucher(nom="Tardif", debut=D(2025, 4, 1)).id
    echecs = portail.refus_groupe(
        lambda: portail.sortir(bon, sorti, "inconnu", tardif, le=D(2025, 3, 31)))
    assert [(e.salarie_id, e.code, e.regle) for e in echecs] == [
        (sorti, "sortie.deja_sorti", "E2"),
        ("inconnu", "salarie.introuvable", "A4"),
        (tardif, "sortie.avant_entree", "E2"),
    ]
    assert bon in portail.presents(D(2025, 4, 1))


def test_e5_grouped_reintegration_is_all_or_nothing(portail: Portail) -> None:
    dehors = portail.embaucher(nom="Dehors").id
    portail.sortir(dehors, le=D(2025, 2, 28))
    present = portail.embaucher(nom="Present").id
    echecs = portail.refus_groupe(lambda: portail.reintegrer(dehors, present, le=D(2025, 4, 1)))
    assert seul_echec(echecs, present) == ("reintegration.deja_present", "E2")
    assert dehors not in portail.presents(D(2025, 4, 1))


def test_e5_resending_the_same_request_changes_nothing(portail: Portail) -> None:
    lea = portail.embaucher().id
    premier = portail.sortir(lea, le=D(2025, 3, 31), requete_id="req-1")
    avant = portail.instantane()
    renvoi = portail.sortir(lea, le=D(2025, 3, 31), requete_id="req-1")
    assert portail.instantane() == avant
    assert renvoi.deja_traitee
    assert renvoi.mouvements == premier.mouvements


def test_e5_same_request_id_with_other_content_refused(portail: Portail) -> None:
    lea = portail.embaucher().id
    portail.sortir(lea, le=D(2025, 3, 31), requete_id="req-1")
    portail.refuse(rst.RegleMetier, "requete.identifiant_reutilise", "E5",
                   lambda: portail.sortir(lea, le=D(2025, 4, 30), requete_id="req-1"))
    portail.refuse(rst.RegleMetier, "requete.identifiant_reutilise", "E5",
                   lambda: portail.reintegrer(lea, le=D(2025, 3, 31), requete_id="req-1"))


def test_e5_empty_selection_refused(portail: Portail) -> None:
    portail.refuse(rst.DonneeInvalide, "requete.selection_invalide", "E5",
                   lambda: portail.sortir(le=D(2025, 3, 31), requete_id="vide"))


# -- E6 ------------------------------------------------------------------------------
def test_e6_cancelling_an_exit_keeps_it_and_reopens_the_contract(portail: Portail) -> None:
    lea = portail.embaucher(debut=D(2025, 1, 6))
    ((_s, sortie_id),) = portail.sortir(lea.id, le=D(2025, 3, 31)).mouvements
    apres = annuler_mouvement(portail, lea.id, sortie_id)
    (sortie,) = apres.mouvements
    assert sortie.id == sortie_id and sortie.annule
    assert apres.contrats[0].fin is None
    assert lea.id in portail.presents(D(2025, 4, 1))
    assert portail.journal()[-1] == "effectif.mouvement_annule"


def test_e6_only_the_latest_movement_can_be_cancelled(portail: Portail) -> None:
    lea = portail.embaucher()
    ((_s, sortie_id),) = portail.sortir(lea.id, le=D(2025, 3, 31)).mouvements
    ((_s, retour_id),) = portail.reintegrer(lea.id, le=D(2025, 5, 1)).mouvements
    portail.refuse(rst.RegleMetier, "mouvement.pas_le_dernier", "E6",
                   lambda: annuler_mouvement(portail, lea.id, sortie_id))
    annuler_mouvement(portail, lea.id, retour_id)
    annuler_mouvement(portail, lea.id, sortie_id)
    assert lea.id in portail.presents(D(2025, 4, 15))


def test_e6_movement_in_a_frozen_period_cannot_be_cancelled(portail: Portail) -> None:
    lea = portail.embaucher(debut=D(2024, 1, 8))
    ((_s, sortie_id),) = portail.sortir(lea.id, le=D(2024, 11, 30)).mouvements
    portail.cloturer(D(2024, 12, 31))
    portail.refuse(rst.RegleMetier, "periode.gelee", "E6",
                   lambda: annuler_mouvement(portail, lea.id, sortie_id))


def test_e6_reintegration_caused_by_a_contract_is_cancelled_with_it(portail: Portail) -> None:
    lea = portail.embaucher(debut=D(2025, 1, 6))
    portail.sortir(lea.id, le=D(2025, 3, 31))
    retour = portail.ajouter_contrat(lea.id, D(2025, 9, 1)).mouvements[-1]
    portail.refuse(rst.RegleMetier, "mouvement.lie_a_un_contrat", "E6",
                   lambda: annuler_mouvement(portail, lea.id, retour.id))


def test_e6_unknown_movement(portail: Portail) -> None:
    lea = portail.embaucher()
    portail.refuse(rst.Introuvable, "mouvement.introuvable", "A4",
                   lambda: annuler_mouvement(portail, lea.id, "inconnu"))
