"""The oracle's amounts (F2, F7): what each billed line and the invoice must come to, from
the barème's prices and the expected lines alone, standard library only.

From ``docs/billing.md``: each billed element (a per-capita fee by type, an entry fee) is
its price rounded half-up to the cent; a line is the sum of its elements; an invoice line
is quantity × that rounded unit price, zero quantities and zero prices left out, in the
order SIG, SIA, SIR, entry fee, fixed fee (once per adherent); VAT is the total excluding
VAT × the rate, rounded half-up once; TTC = HT + VAT.

F7 (billing.md, "The rounding rule"; invoices.md): a multi-employer worker's per-capita
fee is split in equal shares of whole cents that add up to the fee, the cents left over
one each to the first ranks (rank 1: the principal employer); the entry fee is not
shared. The member's line bills its share; the invoice bills each share price on a line
of its own right after the full-fee line of its type (by number of employers, then the
larger share first), labelled « <the type's label> — salarié multi-employeur, part 1/n ».
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .oracle import LigneAttendue

__all__ = ["LIBELLES", "BaremeBrut", "FactureAttendue", "LigneFactureeAttendue", "centimes",
           "elements_de_ligne", "facture_attendue", "montant_de_ligne", "parts_egales",
           "prix_de_l_element"]

CENT = Decimal("0.01")
DROIT_ENTREE = "droit_entree"
FORFAIT = "forfait_etablissement"
ORDRE = ("SIG", "SIA", "SIR", DROIT_ENTREE, FORFAIT)
LIBELLES: Mapping[str, str] = {
    "SIG": "Cotisation SIG (suivi individuel général)",
    "SIA": "Cotisation SIA (suivi individuel adapté)",
    "SIR": "Cotisation SIR (suivi individuel renforcé)",
    DROIT_ENTREE: "Droit d'entrée (nouvel embauché)",
    FORFAIT: "Forfait par établissement",
}
"""The invoice lines' labels, as the invoices print them (docs/invoices.md)."""


def centimes(montant: Decimal) -> Decimal:
    """Euros and cents, half-up (0.005 → 0.01)."""
    return montant.quantize(CENT, rounding=ROUND_HALF_UP)


def parts_egales(prix: Decimal, nombre: int) -> tuple[Decimal, ...]:
    """F7: the ``nombre`` shares of ``prix`` in rank order: the fee in cents (half-up)
    dealt out like cards, one cent to each share in turn, rank 1 first, until none is
    left. Whole rounds are dealt at once (a round gives every share one cent)."""
    reste = int(centimes(prix) * 100)
    tours, parts = reste // nombre, [reste // nombre] * nombre
    reste -= tours * nombre
    for rang in range(reste):  # fewer than ``nombre`` cents: one each, from rank 1
        parts[rang] += 1
    return tuple(Decimal(p).scaleb(-2) for p in parts)


@dataclass(frozen=True)
class BaremeBrut:
    """Prices by element code (``SIG``, ``SIA``, ``SIR``, ``droit_entree``,
    ``forfait_etablissement``) and the VAT rate as a fraction."""

    tarifs: Mapping[str, Decimal]
    taux_tva: Decimal


@dataclass(frozen=True)
class LigneFactureeAttendue:
    """One invoice line: ``employeurs`` is set on a share line (F7: how many employers
    share each fee, the unit price being one share)."""

    code: str
    quantite: int
    prix_unitaire: Decimal
    montant_ht: Decimal
    libelle: str
    employeurs: int | None = None


@dataclass(frozen=True)
class FactureAttendue:
    """Invoice lines in order, then the totals."""

    lignes: tuple[LigneFactureeAttendue, ...]
    total_ht: Decimal
    tva: Decimal
    total_ttc: Decimal


def elements_de_ligne(ligne: LigneAttendue) -> list[str]:
    """The element codes a line bills: its type when counted per capita, the entry fee
    for a new hire."""
    codes = [ligne.type_de_suivi] if ligne.cotisation else []
    return [*codes, DROIT_ENTREE] if ligne.droit_entree else codes


def prix_de_l_element(ligne: LigneAttendue, code: str, bareme: BaremeBrut) -> Decimal:
    """What ``ligne`` owes for one element: its price rounded half-up, or for the
    per-capita fee of a shared worker (F7) the line's share of it."""
    if code != DROIT_ENTREE and ligne.part is not None:
        rang, nombre = ligne.part
        return parts_egales(bareme.tarifs[code], nombre)[rang - 1]
    return centimes(bareme.tarifs[code])


def montant_de_ligne(ligne: LigneAttendue, bareme: BaremeBrut) -> Decimal:
    """A salarié's line: what it owes for each element, summed."""
    return sum((prix_de_l_element(ligne, code, bareme) for code in elements_de_ligne(ligne)),
               Decimal("0.00"))


def facture_attendue(lignes: Iterable[LigneAttendue], bareme: BaremeBrut,
                     forfait: bool = True) -> FactureAttendue:
    """The invoice of one adherent for one period."""
    entieres: Counter[str] = Counter()
    partagees: dict[str, Counter[tuple[int, Decimal]]] = {code: Counter() for code in ORDRE}
    for ligne in lignes:
        for code in elements_de_ligne(ligne):
            prix = prix_de_l_element(ligne, code, bareme)
            if code == DROIT_ENTREE or ligne.part is None:
                entieres[code] += 1
            else:
                partagees[code][(ligne.part[1], prix)] += 1
    entieres[FORFAIT] = 1 if forfait else 0
    facture: list[LigneFactureeAttendue] = []
    for code in ORDRE:
        prix = centimes(bareme.tarifs[code])
        if entieres[code] != 0 and prix != 0:
            facture.append(LigneFactureeAttendue(code, entieres[code], prix,
                                                 entieres[code] * prix, LIBELLES[code]))
        for (nombre, part), n in sorted(partagees[code].items(),
                                        key=lambda p: (p[0][0], -p[0][1])):
            if part != 0:
                facture.append(LigneFactureeAttendue(
                    code, n, part, n * part,
                    f"{LIBELLES[code]} — salarié multi-employeur, part 1/{nombre}", nombre))
    ht = sum((ligne.montant_ht for ligne in facture), Decimal("0.00"))
    tva = centimes(ht * bareme.taux_tva)
    return FactureAttendue(tuple(facture), ht, tva, ht + tva)
