"""The read side in SQL: the headcount (E4) with each line's follow-up type (P3).

One statement, set-based, on the stored presence stretches; it returns exactly what
the domain's ``calculer_effectif`` computes from loaded aggregates (tests compare the
two on every engine):

- present over [debut, fin]: a presence stretch crosses it;
- the day that decides the follow-up type: the last day present in the period;
- the poste of that day: the contract in force then, else the latest one started
  before (contracts never overlap, C2, so that is the latest start up to that day);
- the type: the poste's type on that day under that day's risk catalogue (P2b, from
  its stored risks: ``adapters/sql/suivi.py``), raised to SIA when the person is not 18
  yet on that day (``salaries.majorite`` is their 18th birthday).

The contract of the day is found with window functions over one list per salarié
(contracts, decisive day, file), not a correlated lookup: the plan does not depend on
table statistics (before ANALYZE, PostgreSQL re-ran such lookups per salarié: about 1 s
for a member of 200; now a few milliseconds).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from typing import Any

from sqlalchemy import (
    Date,
    Integer,
    Select,
    and_,
    bindparam,
    case,
    cast,
    func,
    literal,
    null,
    or_,
    select,
    union_all,
)

from ...domain.effectif import Effectif, LigneEffectif
from ...domain.erreurs import adherent_introuvable
from ...domain.periodes import Periode
from ...domain.suivi import TypeDeSuivi
from ...ports.effectif import LecturesEffectif
from .rangees import UniteSql, cle_valide
from .suivi import type_du_poste
from .tables import adherents, contrats, postes, presences, salaries, texte

_ADHERENT = bindparam("adherent_id", type_=texte())


@functools.cache
def effectif_sql(suivi_simple: TypeDeSuivi = TypeDeSuivi.SIG) -> Select[Any]:
    """The headcount statement, built once per choice for simple follow-up (the
    catalogues' dates are constants of the law): the member and the dates are bound
    parameters (``adherent_id``, ``debut``, ``fin``), so that each call only binds
    values to a construct whose compiled form SQLAlchemy has cached."""
    p = presences.c
    borne_fin = bindparam("fin", type_=Date())
    jours = (
        select(
            p.salarie_id,
            func.max(case((or_(p.fin.is_(None), p.fin > borne_fin), borne_fin),
                          else_=p.fin)).label("jour"),
        )
        .where(p.adherent_id == _ADHERENT, p.debut <= borne_fin,
               or_(p.fin.is_(None), p.fin >= bindparam("debut", type_=Date())))
        .group_by(p.salarie_id)
        .subquery("jours")
    )
    s = salaries.c
    c = contrats.c
    # One pass, no join on an inequality: the member's contracts (kind 0), the days
    # that decide (kind 1) and files (kind 2) in one list per salarié, ordered by
    # date; the contract of a day is the last one started up to it (C2: active
    # contracts never overlap). Window functions sort once whatever the table
    # statistics say; a correlated lookup per salarié depended on them.
    texte_nul = cast(null(), texte())
    date_nulle = cast(null(), Date())
    evenements = union_all(
        select(c.salarie_id, c.debut.label("le"), literal(0, Integer()).label("sorte"),
               c.poste_id, texte_nul.label("nom"), texte_nul.label("prenoms"),
               date_nulle.label("majorite"), texte_nul.label("nom_norm"),
               texte_nul.label("prenoms_norm"))
        .where(c.adherent_id == _ADHERENT, ~c.annule),
        select(jours.c.salarie_id, jours.c.jour, literal(1, Integer()), texte_nul,
               texte_nul, texte_nul, date_nulle, texte_nul, texte_nul),
        select(s.salarie_id, date_nulle, literal(2, Integer()), texte_nul, s.nom,
               s.prenoms, s.majorite, s.nom_norm, s.prenoms_norm)
        .where(s.adherent_id == _ADHERENT),
    ).subquery("evenements")
    e = evenements.c
    numerotes = select(
        e.salarie_id, e.le, e.sorte, e.poste_id,
        func.sum(case((e.sorte == 0, 1), else_=0)).over(
            partition_by=e.salarie_id, order_by=(e.le, e.sorte), rows=(None, 0),
        ).label("rang_contrat"),
        *(func.max(colonne).over(partition_by=e.salarie_id).label(colonne.name)
          for colonne in (e.nom, e.prenoms, e.majorite, e.nom_norm, e.prenoms_norm)),
    ).subquery("numerotes")
    n = numerotes.c
    du_jour = select(
        n.salarie_id, n.le.label("jour"), n.sorte, n.nom, n.prenoms, n.majorite,
        n.nom_norm, n.prenoms_norm,
        func.max(n.poste_id).over(partition_by=(n.salarie_id, n.rang_contrat))
        .label("poste_id"),
    ).subquery("du_jour")
    d = du_jour.c
    type_poste = type_du_poste(postes.c, lambda le: d.jour >= literal(le, Date()),
                               suivi_simple)
    type_du_jour = case(
        (and_(type_poste == TypeDeSuivi.SIG.value, d.jour < d.majorite),
         TypeDeSuivi.SIA.value),
        else_=type_poste,
    )
    return (
        select(d.salarie_id, d.nom, d.prenoms, type_du_jour.label("type_de_suivi"))
        .select_from(du_jour.outerjoin(postes, and_(postes.c.adherent_id == _ADHERENT,
                                                    postes.c.poste_id == d.poste_id)))
        .where(d.sorte == 1)
        .order_by(d.nom_norm, d.prenoms_norm, d.salarie_id)
    )


_TYPES = {t.value: t for t in TypeDeSuivi}
"""A stored follow-up type's member, by a dictionary's lookup rather than the enum's call
(some thirty per headcount)."""

_EXISTE = select(adherents.c.adherent_id).where(adherents.c.adherent_id == _ADHERENT)


def _ligne(rangee: Sequence[Any]) -> LigneEffectif:
    salarie_id, nom, prenoms, type_de_suivi = rangee  # by position, as selected
    return LigneEffectif(salarie_id, nom, prenoms, _TYPES[type_de_suivi])


class EffectifSql(LecturesEffectif):
    def __init__(self, uow: UniteSql) -> None:
        self._uow = uow

    def effectif(self, adherent_id: str, debut: dt.date, fin: dt.date | None = None, *,
                 suivi_simple: TypeDeSuivi = TypeDeSuivi.SIG) -> Effectif:
        """E4: present on ``debut`` (no ``fin``) or on at least one day of [debut, fin]."""
        if fin is None:
            fin = debut
        if not cle_valide(adherent_id) or (not self._uow.adherent_connu(adherent_id) and \
                self._uow.rangee(_EXISTE, {"adherent_id": adherent_id}) is None):
            raise adherent_introuvable()
        Periode(debut, fin)  # refuses fin < debut exactly as the domain does
        parametres = {"adherent_id": adherent_id, "debut": debut, "fin": fin}
        lignes = tuple(map(_ligne, self._uow.rangees_par_position(
            effectif_sql(suivi_simple), parametres)))
        return Effectif(adherent_id, debut, fin, lignes)


__all__ = ["EffectifSql"]
