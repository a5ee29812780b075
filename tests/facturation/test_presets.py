"""Each preset's worked example (docs/billing.md), computed by hand in the comments, then
by the library: through the use case on memory and by the pure reference function."""

from __future__ import annotations

from decimal import Decimal

import pytest
from banc_facturation import (
    AN_2024,
    AN_2025,
    BAREME_PUBLIE_AVANT_2025,
    Banc,
    D,
    distribution,
    resume,
)

import rst_effectifs as rst
from rst_effectifs.domain.facturation import (
    BAREMES_PREDEFINIS,
    REGLES_PREDEFINIES,
    annee,
    assiette_de_reference,
)
from rst_effectifs.testing.invariants import verifier_assiette


@pytest.fixture
def banc() -> Banc:
    return Banc()


@pytest.fixture
def ids(banc: Banc) -> dict[str, str]:
    return distribution(banc)


def _par_type(assiette: rst.Assiette) -> tuple[int, int, int]:
    t = assiette.par_type
    return t[rst.TypeDeSuivi.SIG], t[rst.TypeDeSuivi.SIA], t[rst.TypeDeSuivi.SIR]


def test_present_on_1_january_counts_the_1_january_photo_and_charges_entry_fees_to_hires(
    banc: Banc, ids: dict[str, str]
) -> None:
    # 2025, present_au_1er_janvier. Who is present and countable on 01/01/2025?
    #   Alice (CDI since 2020, vente)        yes  SIG
    #   Bruno (CDI since 2019, nuit)         yes  SIA  (leaves 31/03, after the photo)
    #   Emma  (mission from 01/01/2025)      yes  SIG  (no exclusion in this preset), and
    #                                               her first countable day is in 2025:
    #                                               entry fee too
    #   Gaelle (since 09/2024, aged 16)      yes  SIA  (minor, P3)
    #   Hugo  (left 31/12/2024)              no
    # Hired later in 2025, entry fee only: Chloe, David, Farid, Ines.
    # Totals: SIG 2 (Alice, Emma), SIA 2 (Bruno, Gaelle), SIR 0; entry fees 5.
    assiette = banc.assiette(AN_2025, "present_au_1er_janvier")
    assert resume(assiette, ids) == {
        "Alice": ("SIG", True, False), "Bruno": ("SIA", True, False),
        "Emma": ("SIG", True, True), "Gaelle": ("SIA", True, False),
        "Chloe": ("SIG", False, True), "David": ("SIR", False, True),
        "Farid": ("SIA", False, True), "Ines": ("SIG", False, True),
    }
    assert _par_type(assiette) == (2, 2, 0)
    assert assiette.nombre == 4
    assert assiette.droits_entree == 5
    motifs = {ligne.motif for ligne in assiette.lignes if not ligne.cotisation}
    assert motifs == {rst.MotifDeComptage.EMBAUCHE_DANS_LA_PERIODE}


def test_present_one_day_of_the_year_counts_everyone_once_without_proration(
    banc: Banc, ids: dict[str, str]
) -> None:
    # 2025, present_dans_l_annee: everyone present at least one day, type on their last
    # countable day of 2025:
    #   Alice SIG; Bruno SIA (until 31/03); Chloe SIG (20 days); David SIR; Emma SIG
    #   (mission, not excluded here); Farid SIA; Gaelle SIA (17 on 31/12/2025, still a
    #   minor); Ines SIG; Hugo left in 2024: not counted.
    # Totals: SIG 4 (Alice, Chloe, Emma, Ines), SIA 3 (Bruno, Farid, Gaelle), SIR 1
    # (David) = 8 people. New hires (first countable day in 2025): Chloe, David, Emma,
    # Farid, Ines = 5 entry fees.
    assiette = banc.assiette(AN_2025, "present_dans_l_annee")
    assert resume(assiette, ids) == {
        "Alice": ("SIG", True, False), "Bruno": ("SIA", True, False),
        "Chloe": ("SIG", True, True), "David": ("SIR", True, True),
        "Emma": ("SIG", True, True), "Farid": ("SIA", True, True),
        "Gaelle": ("SIA", True, False), "Ines": ("SIG", True, True),
    }
    assert _par_type(assiette) == (4, 3, 1)
    assert assiette.droits_entree == 5
    bruno = next(ligne for ligne in assiette.lignes if ligne.salarie_id == ids["Bruno"])
    assert (bruno.du, bruno.au) == (D(2025, 1, 1), D(2025, 3, 31))


def test_hires_over_31_days_leave_out_short_contracts_and_agency_missions(
    banc: Banc, ids: dict[str, str]
) -> None:
    # 2025, embauches_plus_de_31_jours (present in the year, chains > 31 days, 03 out):
    #   Chloe: one 20-day CDD                      20 <= 31  -> not counted, no entry fee
    #   David: 01/05–15/06 = 31 + 15 = 46 days     46 > 31   -> SIR, entry fee
    #   Emma : agency mission (03)                 excluded  -> not counted
    #   Ines : 20 days + 41 days chained = 61 days 61 > 31   -> SIG, entry fee
    #   Alice, Bruno (exit closed his CDI on 31/03: 2019–2025, long), Gaelle (CDD of two
    #   years), Farid (CDI, no end: long)          -> counted as before
    # Totals: SIG 2 (Alice, Ines), SIA 3 (Bruno, Farid, Gaelle), SIR 1 (David) = 6;
    # entry fees: David, Farid, Ines = 3.
    assiette = banc.assiette(AN_2025, "embauches_plus_de_31_jours")
    assert resume(assiette, ids) == {
        "Alice": ("SIG", True, False), "Bruno": ("SIA", True, False),
        "David": ("SIR", True, True), "Farid": ("SIA", True, True),
        "Gaelle": ("SIA", True, False), "Ines": ("SIG", True, True),
    }
    assert _par_type(assiette) == (2, 3, 1)
    assert assiette.droits_entree == 3


def test_hires_over_60_days_count_a_chain_of_renewed_contracts_as_one_hire(
    banc: Banc, ids: dict[str, str]
) -> None:
    # 2025, embauches_plus_de_60_jours: as above but the threshold is 60 days:
    #   David 46 <= 60 -> out.
    #   Ines: neither contract alone passes (20 and 41 days) but they are chained
    #   (21/10 follows 20/10), 61 > 60 -> counted, SIG, entry fee.
    # Totals: SIG 2 (Alice, Ines), SIA 3 (Bruno, Farid, Gaelle), SIR 0 = 5;
    # entry fees: Farid, Ines = 2.
    assiette = banc.assiette(AN_2025, "embauches_plus_de_60_jours")
    assert resume(assiette, ids) == {
        "Alice": ("SIG", True, False), "Bruno": ("SIA", True, False),
        "Farid": ("SIA", True, True), "Gaelle": ("SIA", True, False),
        "Ines": ("SIG", True, True),
    }
    assert _par_type(assiette) == (2, 3, 0)
    assert assiette.droits_entree == 2


def test_a_contract_of_exactly_n_days_does_not_count(banc: Banc, ids: dict[str, str]) -> None:
    # 2024, embauches_plus_de_31_jours: Hugo's CDD 01/12–31/12/2024 lasts 31 days, not
    # MORE than 31 -> not counted. Alice SIG, Bruno SIA, Gaelle SIA (hired 01/09/2024 on
    # a two-year CDD: entry fee). SIG 1, SIA 2; entry fees 1.
    assiette = banc.assiette(AN_2024, "embauches_plus_de_31_jours")
    assert resume(assiette, ids) == {
        "Alice": ("SIG", True, False), "Bruno": ("SIA", True, False),
        "Gaelle": ("SIA", True, True),
    }


def test_published_bareme_prices_a_year_by_hand(banc: Banc, ids: dict[str, str]) -> None:
    # 2024 (no national cost configured, so F3 does not apply), present_dans_l_annee:
    #   Alice SIG, Hugo SIG (new), Bruno SIA, Gaelle SIA (new).
    #   SIG 2 x 89.00 = 178.00
    #   SIA 2 x 129.00 = 258.00
    #   entry fees 2 x 66.00 = 132.00
    #   fixed fee 1 x 35.00 = 35.00
    #   HT = 178 + 258 + 132 + 35 = 603.00 ; VAT 20 % = 120.60 ; TTC = 723.60
    assiette = banc.assiette(AN_2024, "present_dans_l_annee",
                             bareme_sur_mesure=BAREME_PUBLIE_AVANT_2025)
    montants = assiette.montants
    assert montants is not None
    assert [(f.code, f.quantite, f.montant_ht) for f in montants.lignes] == [
        ("SIG", 2, Decimal("178.00")), ("SIA", 2, Decimal("258.00")),
        ("droit_entree", 2, Decimal("132.00")), ("forfait_etablissement", 1, Decimal("35.00")),
    ]
    assert (montants.total_ht, montants.tva, montants.total_ttc) == (
        Decimal("603.00"), Decimal("120.60"), Decimal("723.60"))
    hugo = next(ligne for ligne in assiette.lignes if ligne.salarie_id == ids["Hugo"])
    assert hugo.montant_ht == Decimal("155.00")  # 89 + 66
    assert assiette.bareme == "bareme_publie"


def test_published_bareme_on_2025_by_the_pure_function(banc: Banc, ids: dict[str, str]) -> None:
    # 2025, present_dans_l_annee (8 people, see above), published barème, no F3 check:
    #   SIG 4 x 89 = 356 ; SIA 3 x 129 = 387 ; SIR 1 x 152 = 152 ; entry 5 x 66 = 330 ;
    #   fixed 35. HT = 1260.00 ; VAT = 252.00 ; TTC = 1512.00
    assiette = assiette_de_reference(banc.adherent(), banc.salaries(), annee(2025),
                                 REGLES_PREDEFINIES["present_dans_l_annee"],
                                 BAREME_PUBLIE_AVANT_2025)
    assert assiette.montants is not None
    assert (assiette.montants.total_ht, assiette.montants.tva, assiette.montants.total_ttc) == (
        Decimal("1260.00"), Decimal("252.00"), Decimal("1512.00"))


@pytest.mark.parametrize("nom", sorted(REGLES_PREDEFINIES))
@pytest.mark.parametrize("an", [2024, 2025, 2026])
def test_use_case_pure_function_and_day_by_day_count_agree(
    banc: Banc, ids: dict[str, str], nom: str, an: int
) -> None:
    regle = REGLES_PREDEFINIES[nom]
    periode = annee(an)
    par_le_cas = banc.assiette((periode.debut, periode.fin or periode.debut), nom)
    pure = assiette_de_reference(banc.adherent(), banc.salaries(), periode, regle)
    assert par_le_cas == pure
    verifier_assiette(pure, banc.adherent(), banc.salaries(), regle)


def test_each_line_explains_why_in_french(banc: Banc, ids: dict[str, str]) -> None:
    lignes = {ligne.salarie_id: ligne for ligne in
              banc.assiette(AN_2025, "present_au_1er_janvier").lignes}
    assert lignes[ids["Alice"]].explication == "Présent le 01/01/2025."
    assert lignes[ids["Emma"]].explication == (
        "Présent le 01/01/2025 ; nouvel embauché le 01/01/2025.")
    assert lignes[ids["Farid"]].explication == (
        "Embauché le 01/09/2025, après le début de la période.")
    lignes = {ligne.salarie_id: ligne for ligne in banc.assiette(AN_2025).lignes}
    assert lignes[ids["Bruno"]].explication == (
        "Présent au moins un jour de la période (du 01/01/2025 au 31/03/2025).")


def test_lines_are_sorted_by_name(banc: Banc, ids: dict[str, str]) -> None:
    noms = [ligne.nom for ligne in banc.assiette(AN_2025).lignes]
    assert noms == sorted(noms)


def test_assiette_of_every_member_streams_one_per_adherent(banc: Banc,
                                                           ids: dict[str, str]) -> None:
    autre = rst.creer_adherent(banc.ctx, banc.agent, rst.CreerAdherent(
        numero="000043", siret="73282932000074", raison_sociale="Vide",
        email_connexion="vide@exemple.fr"))
    regle = REGLES_PREDEFINIES["present_dans_l_annee"]
    bareme = BAREMES_PREDEFINIS["bareme_exemple"]
    with banc.ctx.unite_de_travail() as uow:
        toutes = list(uow.facturation.assiette_de_tous(annee(2025), regle, bareme))
    assert [a.adherent_id for a in toutes] == sorted([banc.adherent_id, autre.id])
    vide = next(a for a in toutes if a.adherent_id == autre.id)
    assert vide.lignes == () and vide.montants is not None
    assert vide.montants.total_ht == Decimal("35.00")  # the fixed fee alone
    assert next(a for a in toutes if a.adherent_id == banc.adherent_id).nombre == 8
