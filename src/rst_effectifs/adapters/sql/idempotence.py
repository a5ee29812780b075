"""E5 on SQL: the requests already applied (table ``requetes``)."""

from __future__ import annotations

import json

from sqlalchemy import insert, select

from ...ports.idempotence import DepotIdempotence, RequeteTraitee
from .json_plans import plan_depuis_json, plan_en_json
from .rangees import UniteSql, cle_valide
from .tables import requetes as t_requetes


class IdempotenceSql(DepotIdempotence):
    """E5: grouped requests already applied."""

    def __init__(self, uow: UniteSql) -> None:
        self._uow = uow

    def obtenir(self, adherent_id: str, requete_id: str) -> RequeteTraitee | None:
        if not (cle_valide(adherent_id) and cle_valide(requete_id)):
            return None
        rangee = self._uow.rangee(
            select(t_requetes).where(t_requetes.c.adherent_id == adherent_id,
                                     t_requetes.c.requete_id == requete_id)
        )
        if rangee is None:
            return None
        paires = tuple((str(a), str(b)) for a, b in json.loads(rangee["mouvements"]))
        reponse = None if rangee["reponse"] is None else plan_depuis_json(rangee["reponse"])
        return RequeteTraitee(adherent_id, requete_id, rangee["empreinte"], paires, reponse)

    def ajouter(self, requete: RequeteTraitee) -> None:
        self._uow.ecrire_rangees(insert(t_requetes), {
            "adherent_id": requete.adherent_id,
            "requete_id": requete.requete_id,
            "empreinte": requete.empreinte,
            "mouvements": json.dumps([list(p) for p in requete.mouvements]),
            "reponse": None if requete.reponse is None else plan_en_json(requete.reponse),
        })


__all__ = ["IdempotenceSql"]
