"""Rules C1–C4 of DOMAIN.md: contracts, never overlapping, never deleted."""

from __future__ import annotations

import pytest
from portail_regles import D, Portail

import rst_effectifs as rst
from rst_effectifs.domain.contrats import Contrat

CDD = rst.NatureContrat.CDD
CDI = rst.NatureContrat.CDI


def annuler_contrat(portail: Portail, salarie_id: str, contrat_id: str) -> rst.Salarie:
    return rst.annuler_contrat(portail.ctx, portail.moi,
                               rst.AnnulerContrat(portail.adherent_id, salarie_id, contrat_id))


def fins(salarie: rst.Salarie) -> list[tuple[D, D | None, bool]]:
    return [(c.debut, c.fin, c.annule) for c in salarie.contrats]


# -- C1 ------------------------------------------------------------------------------
def test_c1_contract_keeps_nature_scheme_dates_poste_and_number(portail: Portail) -> None:
    poste = portail.poste("Apprenti boulanger")
    salarie = rst.embaucher(portail.ctx, portail.moi, rst.EmbaucherSalarie(
        portail.adherent_id, "Petit", "Tom", D(2007, 2, 11),
        rst.NouveauContrat(CDD, D(2025, 9, 1), poste.id, fin=D(2027, 8, 31), dispositif="64",
                           numero="APP-2025-01")))
    (contrat,) = salarie.contrats
    assert (contrat.nature, contrat.dispositif, contrat.debut, contrat.fin, contrat.poste_id,
            contrat.numero) == (CDD, "64", D(2025, 9, 1), D(2027, 8, 31), poste.id,
                                "APP-2025-01")


def test_c1_end_before_start_refused(portail: Portail) -> None:
    portail.poste_par_defaut()
    portail.refuse(rst.DonneeInvalide, "contrat.dates_invalides", "C1",
                   lambda: portail.embaucher(debut=D(2025, 3, 1), fin=D(2025, 2, 28)))
    # One day is a valid contract.
    assert portail.embaucher(debut=D(2025, 3, 1), fin=D(2025, 3, 1)).contrats[0].fin


@pytest.mark.parametrize("dispositif", ["6", "641", "ab", ""])
def test_c1_scheme_is_a_two_digit_dsn_code(portail: Portail, dispositif: str) -> None:
    poste = portail.poste_par_defaut()
    portail.refuse(
        rst.DonneeInvalide, "contrat.dispositif_invalide", "C1",
        lambda: rst.embaucher(portail.ctx, portail.moi, rst.EmbaucherSalarie(
            portail.adherent_id, "Petit", "Tom", D(2007, 2, 11),
            rst.NouveauContrat(CDD, D(2025, 9, 1), poste, dispositif=dispositif))),
    )


def test_c1_contract_number_at_most_20_characters(portail: Portail) -> None:
    poste = portail.poste_par_defaut()
    portail.refuse(
        rst.DonneeInvalide, "contrat.numero_invalide", "C1",
        lambda: rst.embaucher(portail.ctx, portail.moi, rst.EmbaucherSalarie(
            portail.adherent_id, "Petit", "Tom", D(2007, 2, 11),
            rst.NouveauContrat(CDD, D(2025, 9, 1), poste, numero="N" * 21))),
    )


def test_c1_nature_must_be_a_dsn_code() -> None:
    with pytest.raises(rst.DonneeInvalide) as info:
        Contrat(id="c", nature="01", debut=D(2025, 1, 1), poste_id="p")  # type: ignore[arg-type]
    assert (info.value.code, info.value.regle) == ("contrat.nature_inconnue", "C1")
    assert {n.value for n in rst.NatureContrat} >= {"01", "02", "03", "07", "08", "29", "82",
                                                     "89", "90"}


# -- C2 ------------------------------------------------------------------------------
def test_c2_overlapping_contracts_refused(portail: Portail) -> None:
    lea = portail.embaucher(debut=D(2025, 1, 1), fin=D(2025, 6, 30), nature=CDD)
    erreur = portail.refuse(
        rst.RegleMetier, "contrat.chevauchement", "C2",
        lambda: portail.ajouter_contrat(lea.id, D(2025, 6, 30), D(2025, 12, 31), nature=CDD),
    )
    assert erreur.chemin == "debut"


def test_c2_contract_ending_inside_a_later_one_refused(portail: Portail) -> None:
    lea = portail.embaucher(debut=D(2025, 3, 1), fin=D(2025, 6, 30), nature=CDD)
    portail.refuse(
        rst.RegleMetier, "contrat.chevauchement", "C2",
        lambda: portail.ajouter_contrat(lea.id, D(2025, 1, 1), D(2025, 3, 1), nature=CDD),
    )


def test_c2_back_to_back_contracts_accepted(portail: Portail) -> None:
    lea = portail.embaucher(debut=D(2025, 1, 1), fin=D(2025, 6, 30), nature=CDD)
    lea = portail.ajouter_contrat(lea.id, D(2025, 7, 1), D(2025, 12, 31), nature=CDD)
    assert len(lea.contrats) == 2
    lea.verifier_invariants()


# -- C3 ------------------------------------------------------------------------------
def test_c3_contract_change_keeps_one_file(portail: Portail) -> None:
    vente = portail.poste("Vendeuse")
    fournil = portail.poste("Boulangère")
    lea = portail.embaucher(debut=D(2025, 1, 6), poste_id=vente.id, nature=CDD)
    change = portail.ajouter_contrat(lea.id, D(2025, 7, 1), poste_id=fournil.id)
    assert change.id == lea.id
    assert [s.id for s in portail.salaries()] == [lea.id]
    assert fins(change) == [(D(2025, 1, 6), D(2025, 6, 30), False),
                            (D(2025, 7, 1), None, False)]
    assert portail.journal()[-2:] == ["contrat.ajoute", "contrat.clos"]
    # No gap in presence: the change is not an exit.
    assert lea.id in portail.presents(D(2025, 6, 30)) & portail.presents(D(2025, 7, 1))
    assert change.mouvements == ()


def test_c3_open_contract_starting_the_same_day_is_not_closed(portail: Portail) -> None:
    lea = portail.embaucher(debut=D(2025, 1, 6))
    portail.refuse(rst.RegleMetier, "contrat.chevauchement", "C2",
                   lambda: portail.ajouter_contrat(lea.id, D(2025, 1, 6)))


def test_c3_open_contract_starting_later_is_not_closed(portail: Portail) -> None:
    lea = portail.embaucher(debut=D(2025, 7, 1))
    portail.refuse(rst.RegleMetier, "contrat.chevauchement", "C2",
                   lambda: portail.ajouter_contrat(lea.id, D(2025, 1, 6), D(2025, 12, 31)))


def test_c3_contract_with_an_end_date_is_not_shortened(portail: Portail) -> None:
    lea = portail.embaucher(debut=D(2025, 1, 6), fin=D(2025, 12, 31), nature=CDD)
    portail.refuse(rst.RegleMetier, "contrat.chevauchement", "C2",
                   lambda: portail.ajouter_contrat(lea.id, D(2025, 7, 1)))


# -- C4 ------------------------------------------------------------------------------
def test_c4_cancelled_contract_is_kept_flagged_and_journaled(portail: Portail) -> None:
    lea = portail.embaucher(debut=D(2025, 1, 6), fin=D(2025, 3, 31), nature=CDD)
    lea = portail.ajouter_contrat(lea.id, D(2025, 4, 1), D(2025, 4, 30), nature=CDD)
    erreur = lea.contrats[1]
    apres = annuler_contrat(portail, lea.id, erreur.id)
    assert fins(apres) == [(D(2025, 1, 6), D(2025, 3, 31), False),
                           (D(2025, 4, 1), D(2025, 4, 30), True)]
    assert portail.journal()[-1] == "contrat.annule"
    portail.refuse(rst.Introuvable, "contrat.introuvable", "A4",
                   lambda: annuler_contrat(portail, lea.id, erreur.id))


def test_c4_cancelling_a_contract_change_reopens_the_contract_it_closed(portail: Portail) -> None:
    lea = portail.embaucher(debut=D(2025, 1, 6), nature=CDD)
    change = portail.ajouter_contrat(lea.id, D(2025, 7, 1))
    apres = annuler_contrat(portail, lea.id, change.contrats[1].id)
    assert fins(apres) == [(D(2025, 1, 6), None, False), (D(2025, 7, 1), None, True)]


def test_c4_cancelling_a_contract_cancels_the_reintegration_it_caused(portail: Portail) -> None:
    lea = portail.embaucher(debut=D(2025, 1, 6))
    portail.sortir(lea.id, le=D(2025, 3, 31))
    retour = portail.ajouter_contrat(lea.id, D(2025, 9, 1))
    assert lea.id in portail.presents(D(2025, 9, 1))
    annuler_contrat(portail, lea.id, retour.contrats[1].id)
    assert lea.id not in portail.presents(D(2025, 9, 1))


def test_c4_contract_touching_a_frozen_period_cannot_be_cancelled(portail: Portail) -> None:
    lea = portail.embaucher(debut=D(2024, 6, 1))
    portail.cloturer(D(2024, 12, 31))
    portail.refuse(rst.RegleMetier, "periode.gelee", "C4",
                   lambda: annuler_contrat(portail, lea.id, lea.contrats[0].id))


def test_c4_contract_after_the_frozen_period_can_be_cancelled(portail: Portail) -> None:
    lea = portail.embaucher(debut=D(2024, 6, 1), fin=D(2024, 12, 31), nature=CDD)
    lea = portail.ajouter_contrat(lea.id, D(2025, 1, 1), nature=CDD)
    portail.cloturer(D(2024, 12, 31))
    assert annuler_contrat(portail, lea.id, lea.contrats[1].id).contrats[1].annule


def test_c4_cancelling_the_contract_movements_depend_on_refused(portail: Portail) -> None:
    lea = portail.embaucher(debut=D(2025, 1, 6))
    portail.sortir(lea.id, le=D(2025, 3, 31))
    portail.refuse(rst.RegleMetier, "contrat.annulation_impossible", "C4",
                   lambda: annuler_contrat(portail, lea.id, lea.contrats[0].id))
