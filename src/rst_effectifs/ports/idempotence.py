"""The idempotence port (E5): grouped requests already applied, so a resend changes
nothing."""

from __future__ import annotations

from typing import Protocol

from attrs import frozen


@frozen
class RequeteTraitee:
    """E5: a grouped request already applied, kept so a resend changes nothing."""

    adherent_id: str
    requete_id: str
    empreinte: str
    mouvements: tuple[tuple[str, str], ...]


class DepotIdempotence(Protocol):
    """E5: the grouped requests already applied, by (adherent, request id)."""

    def obtenir(self, adherent_id: str, requete_id: str) -> RequeteTraitee | None: ...

    def ajouter(self, requete: RequeteTraitee) -> None: ...


__all__ = ["DepotIdempotence", "RequeteTraitee"]
