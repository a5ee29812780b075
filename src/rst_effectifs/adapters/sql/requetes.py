"""The read side in SQL: the headcount (E4) with each line's follow-up type (P3).

One statement, set-based, on the stored presence stretches; it returns exactly what
the domain's ``calculer_effectif`` computes from loaded aggregates (tests compare the
two on every engine):

- present over [debut, fin]: a presence stretch crosses it;
- the day that decides the follow-up type: the last day present in the period;
- the poste of that day: the contract in force then, else the latest one started
  before (contracts never overlap, C2, so that is the latest start up to that day);
- the type: the poste's stored type, raised to SIA when the person is not 18 yet on
  that day (``salaries.majorite`` is their 18th birthday).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import Date, and_, case, func, literal, or_, select

from ...domain.effectif import Effectif, LigneEffectif
from ...domain.periodes import Periode
from ...domain.suivi import TypeDeSuivi
from ..memory import adherent_introuvable
from .depots import cle_valide
from .tables import adherents, contrats, postes, presences, salaries

if TYPE_CHECKING:
    from .unit_of_work import UniteDeTravailSql


class EffectifSql:
    def __init__(self, uow: UniteDeTravailSql) -> None:
        self._uow = uow

    def effectif(self, adherent_id: str, debut: dt.date, fin: dt.date | None = None) -> Effectif:
        """E4: present on ``debut`` (no ``fin``) or on at least one day of [debut, fin]."""
        if fin is None:
            fin = debut
        if not cle_valide(adherent_id) or self._uow.une(
            select(adherents.c.adherent_id).where(adherents.c.adherent_id == adherent_id)
        ) is None:
            raise adherent_introuvable()
        Periode(debut, fin)  # refuses fin < debut exactly as the domain does
        p = presences.c
        borne_fin = literal(fin, Date())
        jours = (
            select(
                p.salarie_id,
                func.max(case((or_(p.fin.is_(None), p.fin > borne_fin), borne_fin),
                              else_=p.fin)).label("jour"),
            )
            .where(p.adherent_id == adherent_id, p.debut <= borne_fin,
                   or_(p.fin.is_(None), p.fin >= literal(debut, Date())))
            .group_by(p.salarie_id)
            .subquery("jours")
        )
        s = salaries.c
        c = contrats.c
        # The contract of that day: the latest active start up to it (C2: active
        # contracts never overlap, so starts are distinct). A grouped join, not a
        # correlated subquery, so the plan does not hinge on table statistics.
        debuts = (
            select(jours.c.salarie_id, func.max(c.debut).label("debut"))
            .select_from(jours.join(contrats, and_(
                c.adherent_id == adherent_id, c.salarie_id == jours.c.salarie_id,
                ~c.annule, c.debut <= jours.c.jour)))
            .group_by(jours.c.salarie_id)
            .subquery("debuts")
        )
        du_jour = contrats.alias("du_jour")
        type_poste = func.coalesce(postes.c.type_de_suivi, TypeDeSuivi.SIG.value)
        type_du_jour = case(
            (and_(type_poste == TypeDeSuivi.SIG.value, jours.c.jour < s.majorite),
             TypeDeSuivi.SIA.value),
            else_=type_poste,
        )
        requete = (
            select(s.salarie_id, s.nom, s.prenoms, type_du_jour.label("type_de_suivi"))
            .select_from(
                jours.join(salaries, and_(s.adherent_id == adherent_id,
                                          s.salarie_id == jours.c.salarie_id))
                .outerjoin(debuts, debuts.c.salarie_id == jours.c.salarie_id)
                .outerjoin(du_jour, and_(du_jour.c.adherent_id == adherent_id,
                                         du_jour.c.salarie_id == jours.c.salarie_id,
                                         du_jour.c.debut == debuts.c.debut,
                                         ~du_jour.c.annule))
                .outerjoin(postes, and_(postes.c.adherent_id == adherent_id,
                                        postes.c.poste_id == du_jour.c.poste_id))
            )
            .order_by(s.nom_norm, s.prenoms_norm, s.salarie_id)
        )
        lignes = tuple(
            LigneEffectif(ligne["salarie_id"], ligne["nom"], ligne["prenoms"],
                          TypeDeSuivi(ligne["type_de_suivi"]))
            for ligne in self._uow.lignes(requete)
        )
        return Effectif(adherent_id, debut, fin, lignes)


__all__ = ["EffectifSql"]
