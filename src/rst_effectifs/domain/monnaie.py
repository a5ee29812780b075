"""Money (F2): euros and cents rounded half-up, French display, and amounts read from
configuration or commands (never a float)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from .erreurs import DonneeInvalide

CENTIME = Decimal("0.01")
MONTANT_MAX = Decimal("1000000")


def arrondir(montant: Decimal) -> Decimal:
    """F2: euros and cents, half-up (0.005 → 0.01, -0.005 → -0.01)."""
    return montant.quantize(CENTIME, rounding=ROUND_HALF_UP)


def euros(montant: Decimal) -> str:
    """French display of an amount: ``1 234,50 €``."""
    texte = f"{arrondir(montant):,.2f}".replace(",", " ").replace(".", ",")
    return f"{texte} €"


def montant_en_euros(valeur: object, champ: str, regle: str = "F2") -> Decimal:
    """A non-negative amount from a Decimal, an int or a decimal text; never a float
    (binary fractions are not cents)."""
    erreur = DonneeInvalide(
        "Un montant positif en euros est attendu (par ex. « 89.00 »).",
        code="bareme.montant_invalide", regle=regle, chemin=champ,
    )
    if isinstance(valeur, bool) or not isinstance(valeur, Decimal | int | str):
        raise erreur
    try:
        montant = Decimal(valeur)
    except InvalidOperation:
        raise erreur from None
    if not montant.is_finite() or montant < 0 or montant >= MONTANT_MAX:
        raise erreur
    return montant


__all__ = ["CENTIME", "MONTANT_MAX", "arrondir", "euros", "montant_en_euros"]
