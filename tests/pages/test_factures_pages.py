"""Mes factures (F8): the list (number, date, period, totals, the credit note naming an
invoice), each document's page with its lines explained (who is billed and why), its PDF
to download; who sees them (administrator and billing roles)."""

from __future__ import annotations

import datetime as dt
import io
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from banc_effectif import accorder, embaucher, lu
from banc_pages import AGENT, Portail, portail_sur
from pypdf import PdfReader

import rst_effectifs as rst

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "factures"))
from banc_factures import ADRESSE, BAREME, COUTS, EMETTEUR

URL = "/adherents/101/factures"
D = dt.date


@pytest.fixture
def portail() -> Iterator[Portail]:
    ctx = rst.en_memoire(horloge=rst.HorlogeFixe(dt.datetime(2027, 2, 1, 9, tzinfo=dt.UTC)),
                         notifier=rst.NotifierMemoire(), emetteur=EMETTEUR, couts_moyens=COUTS)
    with portail_sur(ctx) as p:
        yield p


def facturer(ctx: rst.Contexte) -> str:
    """2025 invoiced with Léa and Zoé, then Zoé's exit on 31/12/2024 recorded late: 2026's
    closing credits her. The adherent's id."""
    (adherent_id,) = [a.adherent_id for a in rst.lister_adherents_accessibles(
        ctx, "contact@boulangerie.fr")]
    rst.executer(ctx, AGENT, rst.ModifierCompte(adherent_id, adresse=ADRESSE))
    embaucher(ctx, "Durand", "Léa", D(2023, 1, 1))
    zoe = embaucher(ctx, "Petit", "Zoé", D(2024, 6, 1))
    for debut, fin in ((D(2025, 1, 1), D(2025, 12, 31)), (D(2026, 1, 1), D(2026, 12, 31))):
        rst.executer(ctx, AGENT, rst.CloturerPeriode(adherent_id, debut, fin,
                                                     regle="present_au_1er_janvier",
                                                     bareme_sur_mesure=BAREME))
        rst.executer(ctx, AGENT, rst.EmettreFacture(adherent_id, debut, fin))
        if debut.year == 2025:
            rst.executer(ctx, AGENT, rst.SortirDeLEffectif(adherent_id, "sortie-zoe",
                                                           (zoe.id,), D(2024, 12, 31)))
    return adherent_id


def test_the_list_shows_each_document_its_totals_and_the_credit_note_naming_it(
    portail: Portail,
) -> None:
    facturer(portail.ctx)
    portail.connecter()
    page = lu(portail.lire(URL))
    assert 'aria-current="page">Mes factures</a>' in page
    assert "FA-2027-000001" in page and "FA-2027-000003" in page
    assert "Avoir sur FA-2027-000001" in page  # the credit note names the 2025 invoice
    assert "Avoir FA-2027-000003" in page  # and the invoice lists it
    assert "01/01/2025 – 31/12/2025" in page
    assert "-120,00\u202f€" in page  # the credit note, TTC, negative
    assert 'href="/adherents/101/factures/FA-2027-000001/pdf"' in page


def test_a_documents_page_explains_who_is_billed_and_why(portail: Portail) -> None:
    facturer(portail.ctx)
    portail.connecter()
    facture = lu(portail.lire(f"{URL}/FA-2027-000001"))
    assert "<th scope=\"row\">Durand Léa</th>" in facture and "Présent le 01/01/2025." in facture
    assert "indemnité forfaitaire pour frais de recouvrement de 40 €" in facture
    avoir = lu(portail.lire(f"{URL}/FA-2027-000003"))
    assert "<th scope=\"row\">Petit Zoé</th>" in avoir and "Retiré après la clôture" in avoir
    assert "Avoir sur la facture" in avoir and "Total TTC à créditer" in avoir


def test_the_pdf_downloads_with_the_member_number_and_the_total(portail: Portail) -> None:
    facturer(portail.ctx)
    portail.connecter()
    reponse = portail.get(f"{URL}/FA-2027-000001/pdf")
    assert reponse.status_code == 200 and reponse.headers["content-type"] == "application/pdf"
    assert 'filename="FA-2027-000001.pdf"' in reponse.headers["content-disposition"]
    texte = " ".join(" ".join((p.extract_text() or "").split())
                     for p in PdfReader(io.BytesIO(reponse.content)).pages)
    assert "N° d'adhérent : 101" in texte and "282,00" in texte  # (100 + 100 + 35) × 1.2


def test_declaration_and_read_only_accesses_do_not_see_the_invoices(portail: Portail) -> None:
    facturer(portail.ctx)
    accorder(portail.ctx, "compta@boulangerie.fr", rst.Role.FACTURATION)
    accorder(portail.ctx, "rh@boulangerie.fr", rst.Role.DECLARATION)
    portail.connecter("compta@boulangerie.fr")
    assert "FA-2027-000001" in portail.lire(URL).text
    portail.connecter("rh@boulangerie.fr")
    assert "Mes factures" not in portail.lire("/adherents/101").text
    assert "FA-2027" not in portail.lire(URL, statut=403).text
    portail.lire(f"{URL}/FA-2027-000001/pdf", statut=403)
    portail.connecter()
    portail.lire(f"{URL}/FA-9999-000001", statut=404)
