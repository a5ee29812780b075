"""The outbox (A2) in memory: deposits and takes wait for the commit."""

from __future__ import annotations

from collections.abc import Sequence

from ...domain.erreurs import ConflitDeVersion
from ...ports.envois import BoiteDEnvoi, EnvoiEnAttente
from .etat import UniteMemoire


class EnvoisMemoire(BoiteDEnvoi):
    """A2: the outbox, entry id -> entry; deposits and takes wait for the commit."""

    def __init__(self, uow: UniteMemoire) -> None:
        self._uow = uow
        self.deposes: dict[str, EnvoiEnAttente] = {}
        self.pris: set[str] = set()

    def _en_attente(self) -> list[EnvoiEnAttente]:
        tous = {**self._uow.etat.envois, **self.deposes}
        return [e for i, e in tous.items() if i not in self.pris]

    def deposer(self, envoi: EnvoiEnAttente) -> None:
        self.deposes[envoi.envoi_id] = envoi

    def prendre(self, limite: int) -> Sequence[EnvoiEnAttente]:
        pris = sorted(self._en_attente(), key=lambda e: (e.quand, e.envoi_id))[:max(limite, 0)]
        self.pris.update(e.envoi_id for e in pris)
        return pris

    def compter(self) -> int:
        return len(self._en_attente())

    def verifier(self, store: dict[str, EnvoiEnAttente]) -> None:
        """Taken by another unit since: this one must not send them again."""
        if any(i not in store and i not in self.deposes for i in self.pris):
            raise ConflitDeVersion()

    def appliquer(self, store: dict[str, EnvoiEnAttente]) -> None:
        store.update(self.deposes)
        for envoi_id in self.pris:
            store.pop(envoi_id, None)


__all__ = ["EnvoisMemoire"]
