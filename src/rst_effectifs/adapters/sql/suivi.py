"""A poste's follow-up type on a day, in SQL (P2, P2b): what ``Poste.type_de_suivi_le``
computes, as one ``CASE`` over the stored risks, so that headcount and billing stay
set-based while the law changes by date.

A poste's risks are stored twice: as their codes (``postes.risques``, what the poste is
read back from) and as a bit set (``postes.risques_bits``, one bit per risk, fixed
below and never reused). The type then needs no stored type at all: each catalogue of
:data:`~rst_effectifs.domain.droit.CATALOGUES_DES_RISQUES` becomes a few masks, the
day picks the catalogue, and the service's choice for simple follow-up (SIG or SIA) is
a parameter of the statement. A new catalogue is a new line of law, not a migration.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from types import MappingProxyType
from typing import Any

from sqlalchemy import Integer, and_, case, literal, true
from sqlalchemy.sql.elements import ColumnElement

from ...domain.droit import CATALOGUES_DES_RISQUES
from ...domain.suivi import CatalogueDesRisques, Risque, TypeDeSuivi

BITS_DES_RISQUES: Mapping[Risque, int] = MappingProxyType({
    Risque.AMIANTE: 0,
    Risque.PLOMB: 1,
    Risque.AGENTS_CMR: 2,
    Risque.AGENTS_BIOLOGIQUES_3_4: 3,
    Risque.RAYONNEMENTS_IONISANTS: 4,
    Risque.MILIEU_HYPERBARE: 5,
    Risque.MONTAGE_ECHAFAUDAGES: 6,
    Risque.HABILITATION_ELECTRIQUE: 7,
    Risque.AUTORISATION_CONDUITE: 8,
    Risque.MANUTENTION_PLUS_55_KG: 9,
    Risque.JEUNES_TRAVAUX_REGLEMENTES: 10,
    Risque.TRAVAIL_DE_NUIT: 11,
    Risque.CHAMPS_ELECTROMAGNETIQUES: 12,
    Risque.AGENTS_BIOLOGIQUES_2: 13,
})
"""Each risk's bit in ``postes.risques_bits`` (revision 0012 fills it with the same
numbers); a new risk takes the next free bit."""


def bits_des_risques(risques: Iterable[Risque]) -> int:
    """The stored bit set of a poste's risks."""
    return sum(1 << BITS_DES_RISQUES[r] for r in set(risques))


def _masque(catalogue: CatalogueDesRisques, type_: TypeDeSuivi,
            suivi_simple: TypeDeSuivi) -> int:
    return bits_des_risques(r for r in Risque
                            if catalogue.type_du_risque(r, suivi_simple) is type_)


def des_le_jour(jour: ColumnElement[int]) -> Callable[[dt.date], ColumnElement[bool]]:
    """For :func:`type_du_poste`: the day number ``jour`` is that date or later."""
    return lambda d: jour >= literal(d.toordinal(), Integer())


def type_du_poste(
    poste: Any, a_partir_du: Callable[[dt.date], ColumnElement[bool]],
    suivi_simple: TypeDeSuivi = TypeDeSuivi.SIG,
) -> ColumnElement[str]:
    """P2/P2b: the type of the poste ``poste`` (the ``postes`` columns, or an alias's) on
    the day the caller compares: ``a_partir_du(d)`` is true when that day is ``d`` or
    later. An employer SIR first; then, latest catalogue first, the first that applies
    decides: SIR if a SIR risk, else SIA if an SIA risk, else SIG. A missing poste (an
    outer join) is SIG."""
    bits = poste.risques_bits
    branches: list[tuple[ColumnElement[bool], str]] = [
        (poste.justification_sir.is_not(None), TypeDeSuivi.SIR.value)]
    for rang, fait in reversed(list(enumerate(CATALOGUES_DES_RISQUES))):
        depuis: ColumnElement[bool] = true() if rang == 0 else a_partir_du(fait.depuis)
        for type_ in (TypeDeSuivi.SIR, TypeDeSuivi.SIA):
            masque = _masque(fait.valeur, type_, suivi_simple)
            if masque:
                branches.append((and_(depuis, bits.op("&")(masque) != 0), type_.value))
        branches.append((depuis, TypeDeSuivi.SIG.value))
    return case(*branches[:-1], else_=TypeDeSuivi.SIG.value)


__all__ = ["BITS_DES_RISQUES", "bits_des_risques", "des_le_jour", "type_du_poste"]
