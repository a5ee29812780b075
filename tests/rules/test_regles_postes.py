"""Rules P1–P5 of DOMAIN.md: postes, their follow-up type, archiving, contracts on them."""

from __future__ import annotations

import pytest
from portail_regles import D, Portail

import rst_effectifs as rst
from rst_effectifs.domain.postes import Poste

Risque = rst.Risque
SIR_R4624_23 = [
    Risque.AMIANTE, Risque.PLOMB, Risque.AGENTS_CMR, Risque.AGENTS_BIOLOGIQUES_3_4,
    Risque.RAYONNEMENTS_IONISANTS,
    Risque.MILIEU_HYPERBARE, Risque.MONTAGE_ECHAFAUDAGES, Risque.HABILITATION_ELECTRIQUE,
    Risque.AUTORISATION_CONDUITE, Risque.MANUTENTION_PLUS_55_KG, Risque.JEUNES_TRAVAUX_REGLEMENTES,
]
SIA = [Risque.TRAVAIL_DE_NUIT, Risque.CHAMPS_ELECTROMAGNETIQUES, Risque.AGENTS_BIOLOGIQUES_2]
LE = D(2025, 9, 30)
"""P2's catalogue as DOMAIN.md states it held until 30 September 2025 (P2b: the change of
1 October 2025 is tested in test_regles_droit.py)."""


# -- P1 ------------------------------------------------------------------------------
def test_p1_label_unique_ignoring_case_and_accents(portail: Portail) -> None:
    premier = portail.poste("Préparateur de commandes")
    erreur = portail.refuse(rst.RegleMetier, "poste.libelle_existant", "P1",
                            lambda: portail.poste("PREPARATEUR  de   Commandes"))
    assert erreur.details == {"poste_id": premier.id}
    assert erreur.chemin == "libelle"


def test_p1_renaming_onto_an_active_label_refused(portail: Portail) -> None:
    portail.poste("Cariste")
    autre = portail.poste("Magasinier")
    portail.refuse(
        rst.RegleMetier, "poste.libelle_existant", "P1",
        lambda: rst.renommer_poste(portail.ctx, portail.moi,
                                   rst.RenommerPoste(portail.adherent_id, autre.id, "cariste")),
    )


def test_p1_archived_poste_does_not_block_its_label(portail: Portail) -> None:
    ancien = portail.poste("Cariste")
    rst.archiver_poste(portail.ctx, portail.moi, rst.ArchiverPoste(portail.adherent_id, ancien.id))
    nouveau = portail.poste("Cariste")
    assert nouveau.id != ancien.id
    actifs = rst.lister_postes(portail.ctx, portail.moi, rst.ListerPostes(portail.adherent_id))
    assert [p.id for p in actifs] == [nouveau.id]


def test_p1_same_label_allowed_at_another_adherent(portail: Portail) -> None:
    portail.poste("Cariste")
    autre = portail.nouvel_adherent()
    assert portail.poste("Cariste", adherent_id=autre).libelle == "Cariste"


@pytest.mark.parametrize("libelle", ["", "   ", "x" * 121, "Caissier\x00"])
def test_p1_label_required_and_at_most_120_characters(portail: Portail, libelle: str) -> None:
    portail.refuse(rst.DonneeInvalide, "poste.libelle_invalide", "P1",
                   lambda: portail.poste(libelle))


def test_p1_label_of_120_characters_accepted(portail: Portail) -> None:
    assert len(portail.poste("x" * 120).libelle) == 120


# -- P2 ------------------------------------------------------------------------------
def test_p2_no_risk_means_general_follow_up(portail: Portail) -> None:
    assert portail.poste("Vendeur").type_de_suivi_le(LE) is rst.TypeDeSuivi.SIG


@pytest.mark.parametrize("risque", SIA)
def test_p2_sia_risk_means_adapted_follow_up(portail: Portail, risque: rst.Risque) -> None:
    assert portail.poste("Poste", [risque]).type_de_suivi_le(LE) is rst.TypeDeSuivi.SIA


@pytest.mark.parametrize("risque", SIR_R4624_23)
def test_p2_r4624_23_risk_means_reinforced_follow_up(portail: Portail,
                                                     risque: rst.Risque) -> None:
    assert portail.poste("Poste", [risque, Risque.TRAVAIL_DE_NUIT]).type_de_suivi_le(LE) is \
        rst.TypeDeSuivi.SIR


def test_p2_employer_sir_needs_a_written_justification(portail: Portail) -> None:
    justifie = portail.poste("Travail isolé", justification_sir="Travail seul en chambre froide")
    assert justifie.type_de_suivi_le(LE) is rst.TypeDeSuivi.SIR
    # A blank justification is no justification: no employer SIR.
    assert portail.poste("Agent d'accueil", justification_sir="  ").type_de_suivi_le(LE) is \
        rst.TypeDeSuivi.SIG
    portail.refuse(rst.DonneeInvalide, "poste.justification_invalide", "P2",
                   lambda: portail.poste("Agent", justification_sir="x" * 2001))


def test_p2_changing_risks_changes_the_follow_up_type(portail: Portail) -> None:
    poste = portail.poste("Peintre", [Risque.TRAVAIL_DE_NUIT])
    change = rst.modifier_risques(
        portail.ctx, portail.moi,
        rst.ModifierRisques(portail.adherent_id, poste.id, frozenset({Risque.PLOMB})),
    )
    assert (poste.type_de_suivi_le(LE), change.type_de_suivi_le(LE)) == (
        rst.TypeDeSuivi.SIA, rst.TypeDeSuivi.SIR)
    assert "poste.risques_modifies" in portail.journal()


def test_p2_risk_outside_the_catalogue_refused() -> None:
    with pytest.raises(rst.DonneeInvalide) as info:
        Poste(id="p", libelle="Soudeur", risques=frozenset({"amiante"}))  # type: ignore[arg-type]
    assert (info.value.code, info.value.regle) == ("poste.risque_inconnu", "P2")


# -- P3 ------------------------------------------------------------------------------
def test_p3_minor_counts_at_least_sia_until_eighteen(portail: Portail) -> None:
    vente = portail.poste("Vendeur")
    tom = portail.embaucher(nom="Petit", prenoms="Tom", naissance=D(2008, 2, 11),
                            debut=D(2025, 3, 1), poste_id=vente.id)

    def type_le(jour: D) -> rst.TypeDeSuivi:
        (ligne,) = portail.effectif(jour).lignes
        assert ligne.salarie_id == tom.id
        return ligne.type_de_suivi

    assert type_le(D(2026, 2, 10)) is rst.TypeDeSuivi.SIA
    assert type_le(D(2026, 2, 11)) is rst.TypeDeSuivi.SIG


def test_p3_minor_on_a_sir_poste_stays_sir(portail: Portail) -> None:
    chantier = portail.poste("Couvreur", [Risque.MONTAGE_ECHAFAUDAGES])
    portail.embaucher(nom="Petit", prenoms="Tom", naissance=D(2008, 2, 11),
                      debut=D(2025, 3, 1), poste_id=chantier.id)
    assert portail.effectif(D(2025, 6, 1)).par_type[rst.TypeDeSuivi.SIR] == 1


def test_p3_type_follows_the_current_poste(portail: Portail) -> None:
    vente = portail.poste("Vendeur")
    fournil = portail.poste("Boulanger de nuit", [Risque.TRAVAIL_DE_NUIT])
    lea = portail.embaucher(debut=D(2025, 1, 6), poste_id=vente.id)
    portail.ajouter_contrat(lea.id, D(2025, 7, 1), poste_id=fournil.id)
    assert portail.effectif(D(2025, 6, 30)).lignes[0].type_de_suivi is rst.TypeDeSuivi.SIG
    assert portail.effectif(D(2025, 7, 1)).lignes[0].type_de_suivi is rst.TypeDeSuivi.SIA


# -- P4 ------------------------------------------------------------------------------
def test_p4_used_poste_is_archived_not_deleted(portail: Portail) -> None:
    poste = portail.poste("Cariste", [Risque.AUTORISATION_CONDUITE])
    lea = portail.embaucher(poste_id=poste.id)
    portail.refuse(
        rst.RegleMetier, "poste.utilise", "P4",
        lambda: rst.supprimer_poste(portail.ctx, portail.moi,
                                    rst.SupprimerPoste(portail.adherent_id, poste.id)),
    )
    archive = rst.archiver_poste(portail.ctx, portail.moi,
                                 rst.ArchiverPoste(portail.adherent_id, poste.id))
    assert archive.archive
    # Still readable in history: listed with the archives, named by the contract, and
    # still deciding the follow-up type.
    tous = rst.lister_postes(portail.ctx, portail.moi,
                             rst.ListerPostes(portail.adherent_id, inclure_archives=True))
    assert poste.id in {p.id for p in tous}
    assert portail.salarie(lea.id).contrats[0].poste_id == poste.id
    assert portail.effectif(D(2025, 6, 1)).par_type[rst.TypeDeSuivi.SIR] == 1


def test_p4_poste_of_a_cancelled_contract_still_cannot_be_deleted(portail: Portail) -> None:
    poste = portail.poste("Cariste")
    lea = portail.embaucher(poste_id=poste.id)
    rst.annuler_salarie(portail.ctx, portail.moi,
                        rst.AnnulerSalarie(portail.adherent_id, lea.id))
    portail.refuse(
        rst.RegleMetier, "poste.utilise", "P4",
        lambda: rst.supprimer_poste(portail.ctx, portail.moi,
                                    rst.SupprimerPoste(portail.adherent_id, poste.id)),
    )


def test_p4_poste_nobody_used_can_be_deleted(portail: Portail) -> None:
    poste = portail.poste("Erreur de saisie")
    rst.supprimer_poste(portail.ctx, portail.moi,
                        rst.SupprimerPoste(portail.adherent_id, poste.id))
    tous = rst.lister_postes(portail.ctx, portail.moi,
                             rst.ListerPostes(portail.adherent_id, inclure_archives=True))
    assert poste.id not in {p.id for p in tous}
    assert "poste.supprime" in portail.journal()


def test_p4_archiving_twice_refused(portail: Portail) -> None:
    poste = portail.poste("Cariste")
    commande = rst.ArchiverPoste(portail.adherent_id, poste.id)
    rst.archiver_poste(portail.ctx, portail.moi, commande)
    portail.refuse(rst.RegleMetier, "poste.deja_archive", "P4",
                   lambda: rst.archiver_poste(portail.ctx, portail.moi, commande))


# -- P5 ------------------------------------------------------------------------------
def test_p5_archived_poste_takes_no_new_contract(portail: Portail) -> None:
    poste = portail.poste("Cariste")
    actif = portail.poste("Magasinier")
    lea = portail.embaucher(poste_id=actif.id)
    rst.archiver_poste(portail.ctx, portail.moi, rst.ArchiverPoste(portail.adherent_id, poste.id))
    portail.refuse(rst.RegleMetier, "poste.archive", "P5",
                   lambda: portail.embaucher(nom="Martin", poste_id=poste.id))
    portail.refuse(rst.RegleMetier, "poste.archive", "P5",
                   lambda: portail.ajouter_contrat(lea.id, D(2025, 9, 1), poste_id=poste.id))


def test_p5_poste_of_another_adherent_answers_as_unknown(portail: Portail) -> None:
    autre = portail.nouvel_adherent()
    etranger = portail.poste("Cariste", adherent_id=autre)
    portail.poste("Vendeur")
    erreur = portail.refuse(rst.Introuvable, "poste.introuvable", "A4",
                            lambda: portail.embaucher(poste_id=etranger.id))
    inconnu = portail.refuse(rst.Introuvable, "poste.introuvable", "A4",
                             lambda: portail.embaucher(poste_id="poste-inconnu"))
    assert erreur.message == inconnu.message
