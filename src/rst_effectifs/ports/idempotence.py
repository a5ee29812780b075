"""The idempotence port (E5): requests already applied (grouped movements, imports),
so a resend changes nothing."""

from __future__ import annotations

from typing import Protocol

from attrs import frozen


@frozen
class RequeteTraitee:
    """E5: a request already applied (a grouped exit or reintegration, an applied
    import), kept so a resend changes nothing and answers as the first time:
    ``empreinte`` tells the same request from another under the same id; ``reponse``
    is the first answer when it is more than ``mouvements``: an applied import's
    ``PlanImport`` (an application type, hence ``object`` here; SQL keeps it as JSON)."""

    adherent_id: str
    requete_id: str
    empreinte: str
    mouvements: tuple[tuple[str, str], ...]
    reponse: object = None


class DepotIdempotence(Protocol):
    """E5: the grouped requests already applied, by (adherent, request id)."""

    def obtenir(self, adherent_id: str, requete_id: str) -> RequeteTraitee | None: ...

    def ajouter(self, requete: RequeteTraitee) -> None: ...


__all__ = ["DepotIdempotence", "RequeteTraitee"]
