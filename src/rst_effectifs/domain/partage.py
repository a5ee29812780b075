"""F7: a multi-employer worker's per-person fee shared equally between employers.

Each employer pays ``1/n`` of the fee. Shares are whole cents and must add up to the
fee exactly, so the rounding rule is: the fee (already rounded half-up to the cent, F2)
is split in cents, each share gets the integer part of ``fee / n``, and the cents left
over (``fee mod n``, fewer than ``n``) go one each to the first shares in rank order.
Rank 1 is the principal employer (the oldest contract, whose service follows the
worker), then the others by seniority. For 100.01 € and three employers: 33.34 €,
33.34 €, 33.33 €.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from types import MappingProxyType

from attrs import frozen

from .erreurs import DonneeInvalide
from .monnaie import CENTIME, arrondir

FACULTATIF: Mapping[str, bool] = MappingProxyType({"rst_effectifs.facultatif": True})
"""Field metadata: a field written to JSON only when it is set (not ``None``), so that the
lines of an assiette, a closing or an invoice keep the shape they had before shares
existed (stored closings are compared as text)."""

NOMBRE_MAX = 50
"""More employers than this on one 31 January is not a real situation (and would show
shares of a few cents): refused as bad input."""


def _entier(valeur: object) -> bool:
    return isinstance(valeur, int) and not isinstance(valeur, bool)


@frozen
class PartMultiEmployeur:
    """F7: one employer's share of a worker's per-person fee, ``1/nombre``. ``rang`` (1 to
    ``nombre``: 1 is the principal employer) only decides which shares take the cents
    left over (:func:`repartir`); a member is shown ``1/nombre``, never who else pays."""

    rang: int
    nombre: int

    def __attrs_post_init__(self) -> None:
        if not (_entier(self.nombre) and 2 <= self.nombre <= NOMBRE_MAX
                and _entier(self.rang) and 1 <= self.rang <= self.nombre):
            raise DonneeInvalide(
                f"Une part multi-employeur va de 1/2 à 1/{NOMBRE_MAX}, son rang de 1 au "
                "nombre d'employeurs.", code="multi_employeur.part_invalide", regle="F7",
                chemin="part")

    @property
    def libelle(self) -> str:
        """What a member sees on the line (F7: nothing of the other employers)."""
        return f"salarié multi-employeur — part 1/{self.nombre}"


def repartir(prix: Decimal, nombre: int) -> tuple[Decimal, ...]:
    """F7: the ``nombre`` shares of ``prix`` (rounded half-up to the cent first), in rank
    order, whole cents adding up to it exactly (the rule of the module docstring)."""
    if not (_entier(nombre) and 1 <= nombre <= NOMBRE_MAX):
        raise DonneeInvalide("Le nombre d'employeurs est invalide.",
                             code="multi_employeur.part_invalide", regle="F7")
    centimes = int(arrondir(prix) / CENTIME)
    base, reste = divmod(centimes, nombre)
    return tuple((base + (1 if rang <= reste else 0)) * CENTIME for rang in range(1, nombre + 1))


def part_du_prix(prix: Decimal, part: PartMultiEmployeur) -> Decimal:
    """The amount of ``part`` of ``prix`` (:func:`repartir`)."""
    return repartir(prix, part.nombre)[part.rang - 1]


__all__ = ["FACULTATIF", "NOMBRE_MAX", "PartMultiEmployeur", "part_du_prix", "repartir"]
