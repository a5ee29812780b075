"""Adherents and their postes in memory (the reference of ``sql/adherents.py``)."""

from __future__ import annotations

from ...domain.adherents import Adherent
from ...domain.erreurs import adherent_introuvable
from ...ports.adherents import DepotAdherents
from .etat import Modifications, UniteMemoire


class AdherentsMemoire(DepotAdherents):
    def __init__(self, uow: UniteMemoire) -> None:
        self._uow = uow
        self._modifs: Modifications[str, Adherent] = Modifications()

    def obtenir(self, adherent_id: str) -> Adherent:
        if adherent_id in self._modifs.en_attente:
            return self._modifs.en_attente[adherent_id][1]
        try:
            return self._uow.etat.adherents[adherent_id]
        except (KeyError, TypeError):
            raise adherent_introuvable() from None

    def ajouter(self, adherent: Adherent) -> Adherent:
        return self._modifs.ajouter(adherent.id, adherent, adherent.id in self._uow.etat.adherents)

    def enregistrer(self, adherent: Adherent) -> Adherent:
        return self._modifs.enregistrer(adherent.id, adherent)

    def numero_existe(self, numero: str) -> bool:
        tous = [*self._uow.etat.adherents.values(),
                *(v for _a, v in self._modifs.en_attente.values())]
        return any(a.numero.valeur == numero for a in tous)

    def _tous(self) -> dict[str, Adherent]:
        return {**self._uow.etat.adherents,
                **{cle: v for cle, (_a, v) in self._modifs.en_attente.items()}}

    def id_par_numero(self, numero: str) -> str | None:
        return next((i for i, a in sorted(self._tous().items()) if a.numero.valeur == numero),
                    None)

    def par_numero(self, numero: str) -> Adherent | None:
        adherent_id = self.id_par_numero(numero)
        return None if adherent_id is None else self.obtenir(adherent_id)

    def ids(self, limite: int | None = None) -> list[str]:
        return sorted(self._tous())[:limite]


__all__ = ["AdherentsMemoire"]
