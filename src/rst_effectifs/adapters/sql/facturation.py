"""Billing on SQL: frozen closings (F4) and the assiette read side (F2, F5).

A closing is written once and never changed: one row per (adherent, period) holding
the whole :class:`Cloture` as JSON (the library's own converter), so that what was
billed reads back exactly as it was, whatever the rules become later.

The assiette is computed by the domain's reference function on one adherent's files,
loaded with a few queries (``SalariesSql.tous``): F5 holds by construction, and the
cost is that of reading one member. ``assiette_de_tous`` streams member by member.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from sqlalchemy import insert, select

from ...domain.clotures import Cloture
from ...domain.erreurs import Introuvable, RegleMetier
from ...domain.facturation import Assiette, Bareme, RegleDeComptage, calculer_assiette
from ...domain.periodes import Periode
from ..serialisation import make_converter
from .depots import cle_valide
from .tables import adherents, clotures

if TYPE_CHECKING:
    from .unit_of_work import UniteDeTravailSql

_CONVERTISSEUR = make_converter()


def cloture_deja_faite() -> RegleMetier:
    return RegleMetier("Cette période est déjà clôturée.", code="cloture.deja_faite",
                       regle="F4")


def cloture_introuvable() -> Introuvable:
    return Introuvable("Cette clôture est introuvable.", code="cloture.introuvable",
                       chemin="periode")


def ligne_cloture(cloture: Cloture) -> dict[str, object]:
    return {
        "adherent_id": cloture.adherent_id,
        "debut": cloture.periode.debut,
        "fin": cloture.periode.fin,
        "cloturee_le": cloture.cloturee_le,
        "contenu": json.dumps(_CONVERTISSEUR.unstructure(cloture), ensure_ascii=False),
    }


def cloture_depuis_contenu(contenu: str) -> Cloture:
    return _CONVERTISSEUR.structure(json.loads(contenu), Cloture)


class CloturesSql:
    """F4: written once (a second closing of the same period breaks the primary key and
    is refused as ``cloture.deja_faite``), read back as stored."""

    def __init__(self, uow: UniteDeTravailSql) -> None:
        self._uow = uow

    def ajouter(self, cloture: Cloture) -> None:
        self._uow.executer(insert(clotures), ligne_cloture(cloture))

    def obtenir(self, adherent_id: str, periode: Periode) -> Cloture:
        if not cle_valide(adherent_id) or periode.fin is None:
            raise cloture_introuvable()
        ligne = self._uow.une(
            select(clotures.c.contenu).where(clotures.c.adherent_id == adherent_id,
                                             clotures.c.debut == periode.debut,
                                             clotures.c.fin == periode.fin)
        )
        if ligne is None:
            raise cloture_introuvable()
        return cloture_depuis_contenu(ligne["contenu"])

    def lister(self, adherent_id: str) -> Sequence[Cloture]:
        if not cle_valide(adherent_id):
            return ()
        lignes = self._uow.lignes(
            select(clotures.c.contenu).where(clotures.c.adherent_id == adherent_id)
            .order_by(clotures.c.debut)
        )
        return tuple(cloture_depuis_contenu(ligne["contenu"]) for ligne in lignes)


class FacturationSql:
    def __init__(self, uow: UniteDeTravailSql) -> None:
        self._uow = uow

    def assiette(
        self, adherent_id: str, periode: Periode, regle: RegleDeComptage,
        bareme: Bareme | None = None,
    ) -> Assiette:
        """F2 for one adherent; ``Introuvable`` for an unknown one."""
        adherent = self._uow.adherents.obtenir(adherent_id)
        salaries = self._uow.salaries.tous(adherent_id)
        return calculer_assiette(adherent, salaries, periode, regle, bareme)

    def assiette_de_tous(
        self, periode: Periode, regle: RegleDeComptage, bareme: Bareme | None = None
    ) -> Iterator[Assiette]:
        """Every adherent's assiette, by adherent id, one member in memory at a time."""
        ids = [ligne["adherent_id"] for ligne in self._uow.lignes(
            select(adherents.c.adherent_id).order_by(adherents.c.adherent_id))]
        for adherent_id in ids:
            yield self.assiette(adherent_id, periode, regle, bareme)


__all__ = ["CloturesSql", "FacturationSql", "cloture_deja_faite", "cloture_introuvable"]
