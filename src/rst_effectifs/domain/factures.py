"""Invoices and credit notes (F8), issued from closings (F4).

An invoice (*appel de cotisation*) bills a closed period: its lines are the closing's
amounts (per-capita fees by follow-up type, entry fees, the fixed fee) at the barème
that priced it. Once numbered it never changes. What a later closing regularises of an
earlier, already invoiced period is never an edit either: its lines credited (−) make a
credit note (*avoir*) naming that period's invoice, its lines billed (+) a
complementary invoice naming it too. So, for every member and period, invoices minus
credit notes equal the assiette the data gives now, once every closing is invoiced.

Numbers come from one continuous chronological series per RST (CGI annex II art. 242
nonies A): the storage hands out ranks under a lock, in the transaction that stores the
documents, so a number is never skipped nor given twice. This module builds the
documents (:func:`documents_de_cloture`) and numbers them (:func:`numeroter`); it reads
no clock and allocates nothing.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal

from attrs import frozen

from .adherents import Adherent
from .adresses import Adresse
from .assiettes import TotalParType
from .baremes import (
    CODE_DROIT_ENTREE,
    CODE_FORFAIT,
    LIBELLES_FACTURE,
    Bareme,
    PartFacturee,
    calculer_montants,
    prix_unitaire,
)
from .clotures import Cloture, Regularisation
from .emetteur import Emetteur, emission_electronique_obligatoire
from .erreurs import Introuvable, RegleMetier
from .identifiants import NumeroAdherent, Siret
from .monnaie import arrondir
from .partage import PartMultiEmployeur, part_du_prix
from .periodes import Periode
from .suivi import TypeDeSuivi

__all__ = [
    "Acheteur",
    "Brouillon",
    "Facture",
    "LigneFacture",
    "NatureDocument",
    "Objet",
    "ResumeCloture",
    "document_deja_emis",
    "documents_de_cloture",
    "facture_introuvable",
    "numeroter",
    "parts_de",
]


class NatureDocument(enum.Enum):
    """F8: an invoice, or a credit note naming the invoice it corrects."""

    FACTURE = "facture"
    AVOIR = "avoir"


class Objet(enum.Enum):
    """Why a document exists: a closed period's call, or a regularisation of an earlier
    period carried by a later closing (a complementary invoice or a credit note)."""

    APPEL = "appel"
    REGULARISATION = "regularisation"


@frozen
class Acheteur:
    """F8: the member as billed, copied into the document when it is issued (a later
    change of name or address never alters an issued invoice)."""

    adherent_id: str
    numero_adherent: NumeroAdherent
    raison_sociale: str
    siret: Siret
    adresse: Adresse | None

    @classmethod
    def de(cls, adherent: Adherent) -> Acheteur:
        return cls(adherent.id, adherent.numero, adherent.raison_sociale, adherent.siret,
                   adherent.adresse)


@frozen
class LigneFacture:
    """F8: one line — its quantity, unit price excluding VAT, VAT rate and amount
    (quantity × unit price). Quantities are positive, credit notes included: the
    document's nature says the direction."""

    code: str
    libelle: str
    quantite: int
    prix_unitaire_ht: Decimal
    taux_tva: Decimal
    montant_ht: Decimal


@frozen
class Brouillon:
    """A document ready to be numbered: everything but its number and dates."""

    nature: NatureDocument
    objet: Objet
    adherent_id: str
    periode: Periode
    """The period billed (for a regularisation: the earlier period it corrects)."""
    cloture: Periode
    """The closing that produced the document."""
    regle: str
    bareme: Bareme
    acheteur: Acheteur
    lignes: tuple[LigneFacture, ...]
    total_ht: Decimal
    taux_tva: Decimal
    tva: Decimal
    total_ttc: Decimal
    corrige: str | None = None
    """The number of the invoice a credit note or complementary invoice refers to."""


@frozen
class Facture:
    """F8: an issued invoice or credit note, as it was issued, forever. ``numero`` is
    ``emetteur.numero(annee, rang)``; ``rang`` its place in the series of ``annee``
    (every year when the number holds the year, else one series)."""

    numero: str
    annee: int
    rang: int
    nature: NatureDocument
    objet: Objet
    adherent_id: str
    periode: Periode
    cloture: Periode
    regle: str
    bareme: Bareme
    emetteur: Emetteur
    acheteur: Acheteur
    lignes: tuple[LigneFacture, ...]
    total_ht: Decimal
    taux_tva: Decimal
    tva: Decimal
    total_ttc: Decimal
    emise_le: dt.date
    echeance: dt.date
    emise_a: dt.datetime
    par: str
    electronique_obligatoire: bool
    """F8: issued on or after the date e-invoicing binds the issuer's category."""
    corrige: str | None = None

    @property
    def signe(self) -> int:
        """+1 for an invoice, −1 for a credit note: what the member owes moves by
        ``signe × total``."""
        return 1 if self.nature is NatureDocument.FACTURE else -1

    @property
    def numero_adherent(self) -> str:
        return self.acheteur.numero_adherent.valeur

    @property
    def mentions(self) -> tuple[str, ...]:
        return self.emetteur.mentions()


@frozen
class ResumeCloture:
    """What invoicing reads of a closing (F4): its period, rule, barème, totals and the
    regularisations it carries — not its assiette's lines, which the invoice's page
    reads from the closing itself."""

    adherent_id: str
    periode: Periode
    regle: str
    bareme: Bareme | None
    totaux: tuple[TotalParType, ...]
    droits_entree: int
    regularisations: tuple[Regularisation, ...]
    parts: tuple[tuple[str, PartMultiEmployeur], ...] = ()
    """F7: (type code, share) of each salarié counted in ``totaux`` whose fee is shared."""

    @classmethod
    def de(cls, cloture: Cloture) -> ResumeCloture:
        return cls(cloture.adherent_id, cloture.periode, cloture.regle.nom, cloture.bareme,
                   cloture.assiette.totaux, cloture.assiette.droits_entree,
                   cloture.regularisations, parts_de(
                       (ligne.type_de_suivi.value, ligne.part)
                       for ligne in cloture.assiette.lignes if ligne.cotisation))


def parts_de(parts: Iterable[tuple[str, PartMultiEmployeur | None]]
             ) -> tuple[tuple[str, PartMultiEmployeur], ...]:
    """The shared fees (F7) among counted lines' (type code, share or ``None``)."""
    return tuple((code, part) for code, part in parts if part is not None)


def document_deja_emis() -> RegleMetier:
    """F8: a closing's document of one period and nature is issued once (idempotence)."""
    return RegleMetier("Ce document a déjà été émis pour cette clôture.",
                       code="facture.deja_emise", regle="F8")


def facture_introuvable() -> Introuvable:
    return Introuvable("Cette facture est introuvable.", code="facture.introuvable",
                       chemin="numero")


def _total(lignes: Sequence[LigneFacture], taux: Decimal) -> tuple[Decimal, Decimal, Decimal]:
    total_ht = sum((ligne.montant_ht for ligne in lignes), Decimal("0.00"))
    tva = arrondir(total_ht * taux)
    return total_ht, tva, total_ht + tva


def _quantites(cloture: ResumeCloture) -> dict[str, int]:
    """Full fees by code: the totals, less the salariés whose fee is shared (F7)."""
    quantites = {t.type_de_suivi.value: t.nombre for t in cloture.totaux}
    quantites[CODE_DROIT_ENTREE] = cloture.droits_entree
    for code, _part in cloture.parts:
        quantites[code] -= 1
    return quantites


def _parts_facturees(parts: Iterable[tuple[str, PartMultiEmployeur]], bareme: Bareme
                     ) -> Counter[PartFacturee]:
    """F7: shares priced at ``bareme`` (the principal employer's share takes the cents)."""
    return Counter((code, part.nombre, part_du_prix(prix_unitaire(bareme, code), part))
                   for code, part in parts)


_CODES = (*(t.value for t in TypeDeSuivi), CODE_DROIT_ENTREE, CODE_FORFAIT)
"""The order of an invoice's lines, that of the closing's amounts."""


@functools.lru_cache(maxsize=256)
def _prix(bareme: Bareme) -> tuple[tuple[str, str, Decimal], ...]:
    """(code, label, unit price) of each element ``bareme`` prices (not at zero), in
    invoice order: a batch prices thousands of members at a few barèmes."""
    return tuple((code, LIBELLES_FACTURE[code], prix) for code in _CODES
                 if (prix := prix_unitaire(bareme, code)) != 0)


def _lignes_au_bareme(quantites: Mapping[str, int], bareme: Bareme, forfait: bool,
                      parts: Sequence[tuple[str, PartMultiEmployeur]] = ()
                      ) -> tuple[LigneFacture, ...]:
    """Invoice lines in the order of the closing's amounts (SIG, SIA, SIR, entry fee,
    fixed fee; each type's shared fees after its full ones, F7); zero quantities and
    zero prices left out."""
    if parts:
        return _lignes_avec_parts(quantites, bareme, forfait, parts)
    lignes = []
    for code, libelle, prix in _prix(bareme):
        n = (1 if forfait else 0) if code == CODE_FORFAIT else quantites.get(code, 0)
        if n > 0:
            lignes.append(LigneFacture(code, libelle, n, prix, bareme.taux_tva, n * prix))
    return tuple(lignes)


def _lignes_avec_parts(quantites: Mapping[str, int], bareme: Bareme, forfait: bool,
                       parts: Iterable[tuple[str, PartMultiEmployeur]]
                       ) -> tuple[LigneFacture, ...]:
    """F7: the lines as the closing's amounts give them, shares included."""
    montants = calculer_montants(bareme, quantites, forfait, _parts_facturees(parts, bareme))
    return tuple(LigneFacture(ligne.code, ligne.libelle, ligne.quantite, ligne.prix_unitaire,
                              bareme.taux_tva, ligne.montant_ht) for ligne in montants.lignes)


def _regularisation(regularisation: Regularisation
                    ) -> tuple[tuple[Counter[str], list[tuple[str, PartMultiEmployeur]]], ...]:
    """The regularisation's lines by code, full fees and shares (F7) apart: what it
    credits (−), then what it bills (+)."""
    moins: tuple[Counter[str], list[tuple[str, PartMultiEmployeur]]] = (Counter(), [])
    plus: tuple[Counter[str], list[tuple[str, PartMultiEmployeur]]] = (Counter(), [])
    for ligne in regularisation.lignes:
        code = (CODE_DROIT_ENTREE if ligne.type_de_suivi is None
                else ligne.type_de_suivi.value)
        quantites, parts = plus if ligne.quantite > 0 else moins
        if ligne.part is None or ligne.type_de_suivi is None:
            quantites[code] += abs(ligne.quantite)
        else:
            parts.extend([(code, ligne.part)] * abs(ligne.quantite))
    return moins, plus


def documents_de_cloture(
    cloture: ResumeCloture,
    acheteur: Acheteur,
    bareme: Bareme,
    facture_de: Callable[[Periode], Facture | None],
) -> list[Brouillon]:
    """F8/F4: the documents a closing issues, in the order they are numbered: the call
    of its own period at ``bareme`` (the closing's own when it has one), then, for each
    earlier period it regularises (oldest first), a credit note of what it credits and a
    complementary invoice of what it bills, both naming that period's invoice
    (``facture_de``) and priced at that invoice's barème. An earlier period that was
    never invoiced is refused (``facture.periode_non_facturee``): invoice it first."""
    assert cloture.periode.fin is not None
    if acheteur.adresse is None:
        raise RegleMetier(
            "L'adresse de l'adhérent, obligatoire sur une facture, n'est pas renseignée : "
            "complétez-la dans « Mon compte ».", code="facture.adresse_manquante",
            regle="F8", chemin="adresse")
    documents = [_brouillon(NatureDocument.FACTURE, Objet.APPEL, cloture, cloture.periode,
                            cloture.regle, bareme, acheteur,
                            _lignes_au_bareme(_quantites(cloture), bareme, True,
                                              cloture.parts))]
    for regularisation in sorted(cloture.regularisations, key=lambda r: r.periode.debut):
        origine = facture_de(regularisation.periode)
        if origine is None:
            p = regularisation.periode
            assert p.fin is not None
            raise RegleMetier(
                f"La période du {p.debut:%d/%m/%Y} au {p.fin:%d/%m/%Y}, régularisée par "
                "cette clôture, n'a pas de facture : émettez d'abord la sienne.",
                code="facture.periode_non_facturee", regle="F8",
                details={"debut": p.debut.isoformat(), "fin": p.fin.isoformat()})
        for nature, (quantites, parts) in zip((NatureDocument.AVOIR, NatureDocument.FACTURE),
                                              _regularisation(regularisation), strict=True):
            lignes = _lignes_au_bareme(quantites, origine.bareme, False, parts)
            if lignes:
                documents.append(_brouillon(
                    nature, Objet.REGULARISATION, cloture, regularisation.periode,
                    origine.regle, origine.bareme, acheteur, lignes, origine.numero))
    return documents


def _brouillon(nature: NatureDocument, objet: Objet, cloture: ResumeCloture, periode: Periode,
               regle: str, bareme: Bareme, acheteur: Acheteur,
               lignes: tuple[LigneFacture, ...], corrige: str | None = None) -> Brouillon:
    total_ht, tva, total_ttc = _total(lignes, bareme.taux_tva)
    return Brouillon(nature, objet, cloture.adherent_id, periode, cloture.periode, regle,
                     bareme, acheteur, lignes, total_ht, bareme.taux_tva, tva, total_ttc,
                     corrige)


def numeroter(
    brouillons: Iterable[Brouillon],
    emetteur: Emetteur,
    annee: int,
    premier_rang: int,
    quand: dt.datetime,
    par: str,
) -> list[Facture]:
    """F8: number ``brouillons`` from ``premier_rang`` in the series of ``annee`` (the
    storage's next ranks, held under its lock), all issued at ``quand``."""
    emise_le = quand.date()
    echeance = emise_le + dt.timedelta(days=emetteur.delai_paiement_jours)
    electronique = emission_electronique_obligatoire(emetteur.categorie, emise_le)
    factures = []
    for rang, b in enumerate(brouillons, start=premier_rang):
        factures.append(Facture(
            emetteur.numero(annee, rang), annee, rang, b.nature, b.objet, b.adherent_id,
            b.periode, b.cloture, b.regle, b.bareme, emetteur, b.acheteur, b.lignes,
            b.total_ht, b.taux_tva, b.tva, b.total_ttc, emise_le, echeance, quand, par,
            electronique, b.corrige))
    return factures
