"""Amounts (F2): Decimal, half-up per line, VAT; the legal band (F3); barème input."""

from __future__ import annotations

from decimal import Decimal

import pytest
from banc_facturation import AN_2024, AN_2025, BAREME_PUBLIE_AVANT_2025, Banc, D

import rst_effectifs as rst
from rst_effectifs.domain.facturation import (
    COUTS_MOYENS_NATIONAUX,
    REGLES_PREDEFINIES,
    CoutMoyenNational,
    annee,
    assiette_de_reference,
    verifier_bande,
)
from rst_effectifs.testing.invariants import verifier_totaux

DANS_L_ANNEE = REGLES_PREDEFINIES["present_dans_l_annee"]


def _bareme(**prix: str) -> rst.Bareme:
    champs = {"prix_sig": "100", "prix_sia": "110", "prix_sir": "120", **prix}
    return rst.Bareme("essai", **champs)


def _trois_sig(banc: Banc) -> None:
    for nom in ("Alpha", "Bravo", "Charlie"):
        banc.embaucher(nom, D(2020, 1, 1))


def test_each_line_is_rounded_half_up_to_the_cent() -> None:
    # SIG at 89.125 €: each person's line is 89.13 (half-up; banker's rounding would give
    # 89.12). Three people: 3 x 89.13 = 267.39 (rounding the total 267.375 would give
    # 267.38). No fixed fee, VAT 20 %: 267.39 x 0.20 = 53.478 -> 53.48; TTC 320.87.
    banc = Banc()
    _trois_sig(banc)
    bareme = _bareme(prix_sig="89.125", forfait_etablissement="0")
    assiette = assiette_de_reference(banc.adherent(), banc.salaries(), annee(2024), DANS_L_ANNEE,
                                 bareme)
    assert [ligne.montant_ht for ligne in assiette.lignes] == [Decimal("89.13")] * 3
    assert assiette.montants is not None
    assert assiette.montants.lignes[0].prix_unitaire == Decimal("89.13")
    assert (assiette.montants.total_ht, assiette.montants.tva, assiette.montants.total_ttc) == (
        Decimal("267.39"), Decimal("53.48"), Decimal("320.87"))
    verifier_totaux(assiette, bareme)


def test_vat_is_computed_on_the_total_and_rounded_half_up() -> None:
    # Three SIG at 89.00 € with VAT 5.5 %: HT 267.00, 267.00 x 0.055 = 14.685 -> 14.69
    # (half-up; half-even would give 14.68); TTC 281.69.
    banc = Banc()
    _trois_sig(banc)
    bareme = _bareme(prix_sig="89", taux_tva="0.055")
    assiette = assiette_de_reference(banc.adherent(), banc.salaries(), annee(2024), DANS_L_ANNEE,
                                 bareme)
    assert assiette.montants is not None
    assert (assiette.montants.total_ht, assiette.montants.tva, assiette.montants.total_ttc) == (
        Decimal("267.00"), Decimal("14.69"), Decimal("281.69"))


def test_amounts_are_decimals_with_two_places() -> None:
    banc = Banc()
    _trois_sig(banc)
    assiette = banc.assiette(AN_2024, bareme_sur_mesure=BAREME_PUBLIE_AVANT_2025)
    assert assiette.montants is not None
    for valeur in (assiette.montants.total_ht, assiette.montants.tva,
                   assiette.montants.total_ttc, *(ligne.montant_ht for ligne in assiette.lignes)):
        assert isinstance(valeur, Decimal)
        assert valeur.as_tuple().exponent == -2


def test_the_2025_band_is_92_40_to_138_60() -> None:
    # 115.50 x 0.80 = 92.40 ; 115.50 x 1.20 = 138.60
    cout = COUTS_MOYENS_NATIONAUX[2025]
    assert cout.montant == Decimal("115.50")
    assert (cout.minimum, cout.maximum) == (Decimal("92.40"), Decimal("138.60"))


@pytest.mark.parametrize("prix", ["92.40", "115.50", "138.60"])
def test_prices_inside_the_band_or_on_its_edges_are_accepted(prix: str) -> None:
    verifier_bande(_bareme(prix_sig=prix, prix_sia=prix, prix_sir=prix),
                   COUTS_MOYENS_NATIONAUX[2025])


@pytest.mark.parametrize(("champ", "prix"), [("prix_sig", "92.39"), ("prix_sia", "138.61"),
                                             ("prix_sir", "0")])
def test_a_price_outside_the_band_is_refused(champ: str, prix: str) -> None:
    with pytest.raises(rst.RegleMetier) as info:
        verifier_bande(_bareme(**{champ: prix}), COUTS_MOYENS_NATIONAUX[2025])
    assert (info.value.code, info.value.regle) == ("bareme.hors_bande", "F3")
    assert "92,40 €" in info.value.message and "138,60 €" in info.value.message
    assert info.value.details["minimum"] == "92.40"


def test_the_published_bareme_is_refused_for_2025_and_says_which_prices() -> None:
    # SIG 89 < 92.40 and SIR 152 > 138.60; SIA 129 is inside.
    banc = Banc()
    erreur = banc.refuse(rst.RegleMetier, "bareme.hors_bande", "F3",
                         lambda: banc.assiette(AN_2025,
                                               bareme_sur_mesure=BAREME_PUBLIE_AVANT_2025))
    assert set(erreur.details) == {"SIG", "SIR", "minimum", "maximum"}
    assert "SIG 89,00 €" in erreur.message and "SIR 152,00 €" in erreur.message
    banc.refuse(rst.RegleMetier, "bareme.hors_bande", "F3",
                lambda: banc.cloturer(AN_2025, bareme_sur_mesure=BAREME_PUBLIE_AVANT_2025))


def test_a_bareme_inside_the_band_prices_2025() -> None:
    banc = Banc()
    _trois_sig(banc)
    assiette = banc.assiette(AN_2025, bareme_sur_mesure=_bareme(forfait_etablissement="35"))
    assert assiette.montants is not None
    # 3 x 100.00 + 35.00 = 335.00 ; VAT 67.00 ; TTC 402.00
    assert assiette.montants.total_ttc == Decimal("402.00")


def test_the_pure_function_checks_the_band_when_given_a_national_cost() -> None:
    banc = Banc()
    with pytest.raises(rst.RegleMetier):
        assiette_de_reference(banc.adherent(), [], annee(2025), DANS_L_ANNEE,
                          BAREME_PUBLIE_AVANT_2025,
                          cout_moyen=CoutMoyenNational(2025, Decimal("115.50")))


@pytest.mark.parametrize("valeur", [89.0, -1, "abc", "NaN", True, None, Decimal("Infinity")])
def test_a_price_must_be_a_positive_decimal_never_a_float(valeur: object) -> None:
    with pytest.raises(rst.DonneeInvalide) as info:
        _bareme(prix_sig=valeur)  # type: ignore[arg-type]
    assert (info.value.code, info.value.chemin) == ("bareme.montant_invalide", "prix_sig")


def test_prices_given_as_text_or_integers_become_decimals() -> None:
    bareme = rst.Bareme("b", prix_sig=89, prix_sia="129.00",
                        prix_sir=Decimal("152"))
    assert bareme.prix(rst.TypeDeSuivi.SIA) == Decimal("129.00")
    assert bareme.droit_entree == 0 and bareme.taux_tva == Decimal("0.20")


def test_a_vat_rate_is_a_fraction() -> None:
    with pytest.raises(rst.DonneeInvalide) as info:
        _bareme(taux_tva="20")
    assert info.value.code == "bareme.taux_invalide"


def test_an_unknown_bareme_name_is_not_found() -> None:
    banc = Banc()
    banc.refuse(rst.Introuvable, "bareme.inconnu", "F2",
                lambda: banc.assiette(AN_2024, bareme="tarif_magique"))
