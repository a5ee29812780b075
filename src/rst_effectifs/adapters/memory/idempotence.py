"""E5: the grouped requests already applied, in memory."""

from __future__ import annotations

from ...ports.idempotence import DepotIdempotence, RequeteTraitee
from .etat import UniteMemoire


class IdempotenceMemoire(DepotIdempotence):
    def __init__(self, uow: UniteMemoire) -> None:
        self._uow = uow
        self.en_attente: dict[tuple[str, str], RequeteTraitee] = {}

    def obtenir(self, adherent_id: str, requete_id: str) -> RequeteTraitee | None:
        cle = (adherent_id, requete_id)
        return self.en_attente.get(cle) or self._uow.etat.idempotence.get(cle)

    def ajouter(self, requete: RequeteTraitee) -> None:
        self.en_attente[(requete.adherent_id, requete.requete_id)] = requete


__all__ = ["IdempotenceMemoire"]
