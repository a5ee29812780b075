"""The oracle's amounts (F2): what each billed line and the invoice must come to, from the
barème's prices and the expected lines alone, standard library only.

From ``docs/billing.md``: each billed element (a per-capita fee by type, an entry fee) is
its price rounded half-up to the cent; a line is the sum of its elements; an invoice line
is quantity × that rounded unit price, zero quantities and zero prices left out, in the
order SIG, SIA, SIR, entry fee, fixed fee (once per adherent); VAT is the total excluding
VAT × the rate, rounded half-up once; TTC = HT + VAT.

A share rule (one fee split between several employers) plugs in at :func:`elements_de_ligne`:
it says what each line owes for each element, the rest follows.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .oracle import LigneAttendue

__all__ = ["BaremeBrut", "FactureAttendue", "centimes", "elements_de_ligne", "facture_attendue",
           "montant_de_ligne"]

CENT = Decimal("0.01")
DROIT_ENTREE = "droit_entree"
FORFAIT = "forfait_etablissement"
ORDRE = ("SIG", "SIA", "SIR", DROIT_ENTREE, FORFAIT)


def centimes(montant: Decimal) -> Decimal:
    """Euros and cents, half-up (0.005 → 0.01)."""
    return montant.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class BaremeBrut:
    """Prices by element code (``SIG``, ``SIA``, ``SIR``, ``droit_entree``,
    ``forfait_etablissement``) and the VAT rate as a fraction."""

    tarifs: Mapping[str, Decimal]
    taux_tva: Decimal


@dataclass(frozen=True)
class FactureAttendue:
    """Invoice lines as (code, quantity, unit price, amount), then the totals."""

    lignes: tuple[tuple[str, int, Decimal, Decimal], ...]
    total_ht: Decimal
    tva: Decimal
    total_ttc: Decimal


def elements_de_ligne(ligne: LigneAttendue) -> list[str]:
    """The element codes a line bills: its type when counted per capita, the entry fee
    for a new hire."""
    codes = [ligne.type_de_suivi] if ligne.cotisation else []
    return [*codes, DROIT_ENTREE] if ligne.droit_entree else codes


def montant_de_ligne(ligne: LigneAttendue, bareme: BaremeBrut) -> Decimal:
    """A salarié's line: each element's price rounded half-up, summed."""
    return sum((centimes(bareme.tarifs[code]) for code in elements_de_ligne(ligne)),
               Decimal("0.00"))


def facture_attendue(lignes: Iterable[LigneAttendue], bareme: BaremeBrut,
                     forfait: bool = True) -> FactureAttendue:
    """The invoice of one adherent for one period."""
    quantites = dict.fromkeys(ORDRE, 0)
    for ligne in lignes:
        for code in elements_de_ligne(ligne):
            quantites[code] += 1
    quantites[FORFAIT] = 1 if forfait else 0
    facture = tuple(
        (code, n, centimes(bareme.tarifs[code]), n * centimes(bareme.tarifs[code]))
        for code, n in quantites.items() if n != 0 and centimes(bareme.tarifs[code]) != 0)
    ht = sum((montant for *_debut, montant in facture), Decimal("0.00"))
    tva = centimes(ht * bareme.taux_tva)
    return FactureAttendue(facture, ht, tva, ht + tva)
