"""The kit's amount checks with multi-employer shares (F7): the oracle's shares and invoice
by hand on a worked example, then the invariants on any assiette with shares drawn by
Hypothesis, priced by the library, and each failing when a share is priced wrong.

Fixed seed (``derandomize``), as in ``test_invariants_kit.py``: the mutation run of
docs/testing-kit.md replays the same examples."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from attrs import evolve
from banc_kit import ADHERENT, ADHERENT_ID, KIT, POSTE_IDS
from hypothesis import given
from hypothesis import strategies as st

import rst_effectifs as rst
from rst_effectifs.adapters.memory import EtatMemoire
from rst_effectifs.domain.multi_employeurs import appliquer_parts
from rst_effectifs.testing.invariants import verifier_assiette, verifier_montants
from rst_effectifs.testing.oracle import LigneAttendue
from rst_effectifs.testing.oracle_montants import (
    BaremeBrut,
    LigneFactureeAttendue,
    facture_attendue,
    parts_egales,
)

D = dt.date
DANS_L_ANNEE = rst.REGLES_PREDEFINIES["present_dans_l_annee"]
Part = tuple[int, int]


def _fiche(salarie_id: str, poste: str, debut: D, sortie: D | None = None) -> rst.Salarie:
    contrat = rst.Contrat(id=f"{salarie_id}-c", nature=rst.NatureContrat.CDI, debut=debut,
                          poste_id=poste)
    fiche, _ = rst.Salarie.embaucher(salarie_id, ADHERENT_ID, rst.Identite(
        salarie_id.title(), "Camille", D(1990, 5, 4)), contrat)
    return fiche if sortie is None else fiche.sortir(f"{salarie_id}-s", sortie)[0]


def _assiette(fiches: list[rst.Salarie], debut: D, fin: D, regle: rst.RegleDeComptage,
              bareme: rst.Bareme, parts: dict[str, Part]) -> rst.Assiette:
    """The storage's assiette with ``parts`` applied as the billing use cases apply the
    shares RST recorded (``appliquer_parts``)."""
    ctx = rst.en_memoire(etat=EtatMemoire())
    with ctx.unite_de_travail() as uow:
        uow.adherents.ajouter(ADHERENT)
        for fiche in fiches:
            uow.salaries.ajouter(fiche)
        uow.commit()
    with ctx.unite_de_travail() as uow:
        assiette = uow.facturation.assiette(ADHERENT_ID, rst.Periode(debut, fin), regle,
                                            bareme)
    return appliquer_parts(assiette, {s: rst.PartMultiEmployeur(*p) for s, p in parts.items()},
                           bareme)


def _verifier(assiette: rst.Assiette, fiches: list[rst.Salarie], regle: rst.RegleDeComptage,
              bareme: rst.Bareme) -> None:
    """The kit's invariants on the assiette, and on the assiette the library's one
    constructor builds from its lines (F5: the same lines, shares included, give the same
    assiette)."""
    verifier_assiette(assiette, ADHERENT, fiches, regle, bareme)
    refaite = rst.Assiette.depuis_lignes(ADHERENT_ID, assiette.periode, regle,
                                         assiette.lignes, bareme)
    verifier_montants(refaite, bareme)
    assert refaite == assiette, "F5: the same lines give another assiette"


# -- the worked example, by hand ------------------------------------------------------------------
EXEMPLE = [_fiche("ana", "vente", D(2024, 3, 1)), _fiche("bea", "vente", D(2024, 3, 1)),
           _fiche("cid", "vente", D(2025, 2, 1)), _fiche("dan", "nuit", D(2023, 1, 1)),
           _fiche("eve", "chantier", D(2025, 6, 1), sortie=D(2025, 9, 30))]
BAREME = rst.Bareme("b", prix_sig="100.01", prix_sia="2", prix_sir="120",
                    droit_entree="66", forfait_etablissement="0")
PARTS: dict[str, Part] = {"ana": (3, 3), "bea": (1, 3), "dan": (1, 2), "eve": (2, 7)}


def test_the_oracle_shares_fees_as_the_billing_page_says() -> None:
    """billing.md: 100.01 € between three employers is 33.34 + 33.34 + 33.33."""
    assert parts_egales(Decimal("100.01"), 3) == (Decimal("33.34"), Decimal("33.34"),
                                                  Decimal("33.33"))
    assert parts_egales(Decimal("120"), 7) == (*[Decimal("17.15")] * 2,
                                               *[Decimal("17.14")] * 5)
    assert parts_egales(Decimal("0.01"), 2) == (Decimal("0.01"), Decimal("0.00"))


def test_the_oracle_prices_the_worked_example_of_shares_by_hand() -> None:
    """2025, present_dans_l_annee: ana and bea share SIG by three (ranks 3 and 1), cid pays
    it whole and is a new hire, dan's SIA of 2 € is shared by two, eve's SIR by seven
    (rank 2) and she is a new hire; no fixed fee."""
    tarifs = {"SIG": Decimal("100.01"), "SIA": Decimal(2), "SIR": Decimal(120),
              "droit_entree": Decimal(66), "forfait_etablissement": Decimal(0)}

    def ligne(type_: str, part: Part | None, nouveau: bool = False) -> LigneAttendue:
        return LigneAttendue(True, nouveau, type_, "present_dans_l_annee", D(2025, 1, 1),
                             D(2025, 12, 31), part)

    facture = facture_attendue([ligne("SIG", (3, 3)), ligne("SIG", (1, 3)),
                                ligne("SIG", None, True), ligne("SIA", (1, 2)),
                                ligne("SIR", (2, 7), True)],
                               BaremeBrut(tarifs, Decimal("0.20")), forfait=False)
    part = " — salarié multi-employeur, part 1/"
    sig = "Cotisation SIG (suivi individuel général)"
    assert facture.lignes == (
        LigneFactureeAttendue("SIG", 1, Decimal("100.01"), Decimal("100.01"), sig),
        LigneFactureeAttendue("SIG", 1, Decimal("33.34"), Decimal("33.34"), f"{sig}{part}3", 3),
        LigneFactureeAttendue("SIG", 1, Decimal("33.33"), Decimal("33.33"), f"{sig}{part}3", 3),
        LigneFactureeAttendue("SIA", 1, Decimal("1.00"), Decimal("1.00"),
                              f"Cotisation SIA (suivi individuel adapté){part}2", 2),
        LigneFactureeAttendue("SIR", 1, Decimal("17.15"), Decimal("17.15"),
                              f"Cotisation SIR (suivi individuel renforcé){part}7", 7),
        LigneFactureeAttendue("droit_entree", 2, Decimal("66.00"), Decimal("132.00"),
                              "Droit d'entrée (nouvel embauché)"))
    assert (facture.total_ht, facture.tva, facture.total_ttc) == (
        Decimal("316.83"), Decimal("63.37"), Decimal("380.20"))


def test_the_invariants_hold_on_the_worked_example_of_shares() -> None:
    assiette = _assiette(EXEMPLE, D(2025, 1, 1), D(2025, 12, 31), DANS_L_ANNEE, BAREME, PARTS)
    assert [ligne.montant_ht for ligne in assiette.lignes] == [
        Decimal("33.33"), Decimal("33.34"), Decimal("166.01"), Decimal("1.00"),
        Decimal("83.15")]
    _verifier(assiette, EXEMPLE, DANS_L_ANNEE, BAREME)


def test_a_year_with_nobody_billed_and_no_fixed_fee_is_an_invoice_of_zero_euros() -> None:
    assiette = _assiette(EXEMPLE, D(2022, 1, 1), D(2022, 12, 31), DANS_L_ANNEE, BAREME, {})
    assert assiette.montants is not None and assiette.montants.lignes == ()
    _verifier(assiette, EXEMPLE, DANS_L_ANNEE, BAREME)


def test_a_share_billed_as_the_whole_fee_or_dropped_from_the_invoice_is_caught() -> None:
    assiette = _assiette(EXEMPLE, D(2025, 1, 1), D(2025, 12, 31), DANS_L_ANNEE, BAREME, PARTS)
    assert assiette.montants is not None
    entiere = evolve(assiette, lignes=tuple(evolve(li, montant_ht=Decimal("100.01"))
                                            if li.salarie_id == "ana" else li
                                            for li in assiette.lignes))
    with pytest.raises(AssertionError, match=r"F2: line of ana is 100\.01 €, expected 33\.33"):
        verifier_montants(entiere, BAREME)
    sans_part = evolve(assiette, montants=evolve(assiette.montants, lignes=tuple(
        f for f in assiette.montants.lignes if f.employeurs != 7)))
    with pytest.raises(AssertionError, match="F2: invoice lines"):
        verifier_montants(sans_part, BAREME)
    mal_libellee = evolve(assiette, montants=evolve(assiette.montants, lignes=tuple(
        evolve(f, libelle="Cotisation") for f in assiette.montants.lignes)))
    with pytest.raises(AssertionError, match="F2: invoice lines"):
        verifier_montants(mal_libellee, BAREME)


# -- any assiette with shares ---------------------------------------------------------------------
prix = st.sampled_from(["0", "0.01", "2", "3.01", "100.01", "89.125"]).map(Decimal) | (
    st.decimals(Decimal(0), Decimal(200), places=3))
baremes = st.builds(
    rst.Bareme, nom=st.just("aleatoire"), prix_sig=prix, prix_sia=prix, prix_sir=prix,
    droit_entree=prix, forfait_etablissement=prix,
    taux_tva=st.sampled_from([Decimal(0), Decimal("0.055"), Decimal("0.20")]))
fiches = st.lists(st.builds(
    lambda i, poste, debut, duree: _fiche(f"s{i:02d}", poste, debut, None if duree is None
                                          else debut + dt.timedelta(days=duree)),
    st.integers(0, 99), st.sampled_from(POSTE_IDS),
    st.dates(D(2023, 1, 1), D(2025, 12, 31)), st.none() | st.integers(0, 400)),
    min_size=2, max_size=8, unique_by=lambda f: f.id)
parts = st.sampled_from([2, 2, 3, 3, 4, 7]).flatmap(
    lambda n: st.tuples(st.integers(1, n), st.just(n)))


@KIT
@given(fiches=fiches, regle=st.sampled_from(sorted(rst.REGLES_PREDEFINIES.values(),
                                                    key=lambda r: r.nom)),
       annee=st.integers(2022, 2026), bareme=baremes,
       tirees=st.lists(st.one_of(parts, parts, st.none()), min_size=8, max_size=8))
def test_any_assiette_with_shares_holds_the_kit_invariants(
    fiches: list[rst.Salarie], regle: rst.RegleDeComptage, annee: int, bareme: rst.Bareme,
    tirees: list[Part | None],
) -> None:
    """Shares drawn for the people the storage bills per capita, in line order."""
    debut, fin = D(annee, 1, 1), D(annee, 12, 31)
    sans = _assiette(fiches, debut, fin, regle, bareme, {})
    a_partager = [li.salarie_id for li in sans.lignes if li.cotisation]
    parts_ = {s: p for s, p in zip(a_partager, tirees, strict=False) if p is not None}
    _verifier(_assiette(fiches, debut, fin, regle, bareme, parts_), fiches, regle, bareme)
