"""The lifecycle to the cent (docs/invoices.md): headcount → closing → invoice → credit
note, and idempotency, on every storage; what is refused (decided by the use case, not
the store) in memory and on SQLite."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pytest
from banc_factures import AGENT, AN_2025, AN_2026, BAREME, D, Membre, contexte

import rst_effectifs as rst
from rst_effectifs import bootstrap


@pytest.fixture
def ctx(url_stockage: tuple[str, str | None]) -> Iterator[rst.Contexte]:
    stockage, url = url_stockage
    ctx = contexte(stockage, url)
    yield ctx
    bootstrap.fermer(ctx)


def test_a_closing_is_invoiced_to_the_cent_and_a_late_exit_becomes_a_credit_note(
    ctx: rst.Contexte,
) -> None:
    m = Membre(ctx)
    alice = m.embaucher("Alice", D(2020, 3, 1))
    m.embaucher("Bruno", D(2019, 6, 1), poste=m.nuit)
    m.embaucher("Chloe", D(2025, 4, 1))
    m.cloturer(AN_2025)
    (facture,) = m.emettre(AN_2025)
    # SIG 1 (Alice) × 100, SIA 1 (Bruno) × 110, 1 entry fee (Chloe) × 66, fixed fee 35.
    assert [(ligne.code, ligne.quantite, ligne.prix_unitaire_ht, ligne.montant_ht)
            for ligne in facture.lignes] == [
        ("SIG", 1, Decimal("100.00"), Decimal("100.00")),
        ("SIA", 1, Decimal("110.00"), Decimal("110.00")),
        ("droit_entree", 1, Decimal("66.00"), Decimal("66.00")),
        ("forfait_etablissement", 1, Decimal("35.00"), Decimal("35.00"))]
    assert (facture.total_ht, facture.tva, facture.total_ttc) == (
        Decimal("311.00"), Decimal("62.20"), Decimal("373.20"))
    assert facture.numero == "FA-2027-000001" and facture.nature is rst.NatureDocument.FACTURE
    assert facture.numero_adherent == "004217"
    assert facture.echeance == D(2027, 3, 3)
    # Alice left on 31/12/2024, recorded after the 2025 closing: the 2026 closing carries
    # −1 SIG for 2025, which is a credit note naming the 2025 invoice.
    m.sortir(alice, D(2024, 12, 31))
    m.cloturer(AN_2026)
    documents = m.emettre(AN_2026)
    assert [(d.numero, d.nature, d.periode.debut.year) for d in documents] == [
        ("FA-2027-000002", rst.NatureDocument.FACTURE, 2026),
        ("FA-2027-000003", rst.NatureDocument.AVOIR, 2025)]
    avoir = documents[1]
    assert avoir.corrige == facture.numero
    assert [(ligne.code, ligne.quantite, ligne.montant_ht) for ligne in avoir.lignes] == [
        ("SIG", 1, Decimal("100.00"))]
    assert (avoir.total_ht, avoir.tva, avoir.total_ttc) == (
        Decimal("100.00"), Decimal("20.00"), Decimal("120.00"))


def test_issuing_the_same_closing_twice_gives_the_same_documents(ctx: rst.Contexte) -> None:
    m = Membre(ctx)
    m.embaucher("Alice", D(2020, 3, 1))
    m.cloturer(AN_2025)
    premiers = m.emettre(AN_2025)
    assert m.emettre(AN_2025) == premiers
    assert rst.executer(ctx, AGENT, rst.ListerFactures(m.id)) == premiers


@pytest.fixture(params=("memoire", "sqlite"))
def ctx_sans_pg(request: pytest.FixtureRequest) -> Iterator[rst.Contexte]:
    url = None if request.param == "memoire" else request.getfixturevalue("url_sqlite")
    ctx = contexte(request.param, url)
    yield ctx
    bootstrap.fermer(ctx)


def test_a_closing_without_barème_is_priced_by_the_issuing_command(
    ctx_sans_pg: rst.Contexte,
) -> None:
    ctx = ctx_sans_pg
    m = Membre(ctx)
    m.embaucher("Alice", D(2020, 3, 1))
    m.cloturer(AN_2025, bareme=False)
    with pytest.raises(rst.RegleMetier) as refus:
        m.emettre(AN_2025)
    assert refus.value.code == "facture.bareme_requis"
    with pytest.raises(rst.RegleMetier) as hors_bande:
        m.emettre(AN_2025, bareme_sur_mesure=rst.Bareme(
            "bareme_2024", prix_sig="89", prix_sia="129", prix_sir="152"))
    assert hors_bande.value.code == "bareme.hors_bande"
    (facture,) = m.emettre(AN_2025, bareme_sur_mesure=BAREME)
    assert facture.total_ht == Decimal("135.00") and facture.bareme == BAREME


def test_a_member_without_an_address_is_not_invoiced_until_it_gives_one(
    ctx_sans_pg: rst.Contexte,
) -> None:
    ctx = ctx_sans_pg
    m = Membre(ctx, adresse=None)
    m.embaucher("Alice", D(2020, 3, 1))
    m.cloturer(AN_2025)
    with pytest.raises(rst.RegleMetier) as refus:
        m.emettre(AN_2025)
    assert refus.value.code == "facture.adresse_manquante" and refus.value.regle == "F8"
    rst.executer(ctx, AGENT, rst.ModifierCompte(m.id, adresse=rst.Adresse(
        ("1 rue Neuve",), "13001", "Marseille")))
    (facture,) = m.emettre(AN_2025)
    assert facture.acheteur.adresse is not None and facture.acheteur.adresse.ville == "Marseille"
    assert facture.rang == 1
