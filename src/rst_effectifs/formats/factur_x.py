"""The invoice as a document (F8): a PDF/A-3 rendered by WeasyPrint from an HTML/CSS
template (A4, in French, every mention, the member number prominent), with its CII XML
embedded as Factur-X (EN 16931 profile) by the ``factur-x`` package. Extra ``factures``.

PDFs are made on demand, never stored: the stored document is the invoice itself (its
JSON and its XML, immutable), and rendering it again gives the same content.
:class:`CacheDePdf` keeps the last ones rendered, keyed by a digest of that content.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from decimal import Decimal
from typing import Any

from ..domain.dates import date_fr
from ..domain.factures import NatureDocument, Objet
from ..domain.monnaie import euros
from ..ports.factures import FactureEmise

__all__ = ["CacheDePdf", "html_facture", "pdf_facture", "xml_du_pdf"]


def _taux(taux: Decimal) -> str:
    return f"{(taux * 100).normalize():f}".replace(".", ",") + " %"


def html_facture(document: FactureEmise) -> str:
    """The HTML the PDF is rendered from."""
    from jinja2 import Environment, PackageLoader, select_autoescape

    environnement = Environment(loader=PackageLoader("rst_effectifs.formats", "gabarits"),
                                autoescape=select_autoescape(["html"]))
    f = document.facture
    avoir = f.nature is NatureDocument.AVOIR
    titre = "Avoir" if avoir else ("Facture complémentaire" if f.objet is Objet.REGULARISATION
                                   else "Facture")
    objet = ("Cotisation de la période (appel de cotisation)" if f.objet is Objet.APPEL
             else "Régularisation de la période, portée par la clôture du "
                  f"{date_fr(f.cloture.debut)} au {date_fr(f.cloture.fin)}")
    return environnement.get_template("facture.html").render(
        f=f, titre=titre, objet=objet, avoir=avoir, date=date_fr, euros=euros, taux=_taux)


def pdf_facture(document: FactureEmise) -> bytes:
    """The Factur-X PDF/A-3 of an issued document (its XML checked against the Factur-X
    EN 16931 XSD on the way)."""
    import facturx
    from weasyprint import HTML

    f = document.facture
    pdf = HTML(string=html_facture(document)).write_pdf(pdf_variant="pdf/a-3b")
    metadonnees: dict[str, Any] = {
        "author": f.emetteur.raison_sociale, "keywords": "Factur-X, facture",
        "title": f"{f.emetteur.raison_sociale} : {f.numero}",
        "subject": f"Adhérent {f.numero_adherent}, {f.numero}"}
    resultat: bytes = facturx.generate_from_binary(
        pdf, document.xml.encode("utf-8"), flavor="factur-x", level="en16931",
        check_xsd=True, pdf_metadata=metadonnees, lang="fr-FR")
    return resultat


def xml_du_pdf(pdf: bytes) -> str:
    """The Factur-X XML embedded in a PDF (what a member's accounting software reads)."""
    import facturx

    _nom, xml = facturx.get_xml_from_pdf(pdf, check_xsd=False)
    return bytes(xml).decode("utf-8")


class CacheDePdf:
    """The last ``taille`` PDFs rendered, by a digest of the document's content (number
    and XML): an issued document never changes, so an entry never goes stale."""

    def __init__(self, taille: int = 64) -> None:
        self._taille = taille
        self._pdfs: OrderedDict[str, bytes] = OrderedDict()
        self._verrou = threading.Lock()

    @staticmethod
    def cle(document: FactureEmise) -> str:
        contenu = f"{document.facture.numero}\x1f{document.xml}".encode()
        return hashlib.sha256(contenu).hexdigest()

    def pdf(self, document: FactureEmise) -> bytes:
        cle = self.cle(document)
        with self._verrou:
            if cle in self._pdfs:
                self._pdfs.move_to_end(cle)
                return self._pdfs[cle]
        pdf = pdf_facture(document)
        with self._verrou:
            self._pdfs[cle] = pdf
            while len(self._pdfs) > self._taille:
                self._pdfs.popitem(last=False)
        return pdf
