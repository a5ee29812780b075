"""E5 for every request that carries an id of its own (grouped exits and
reintegrations, applied imports): the one check of a resend, shared by their use cases."""

from __future__ import annotations

from ..domain.erreurs import RegleMetier
from ..ports.idempotence import RequeteTraitee
from ..ports.unit_of_work import UniteDeTravail


def requete_deja_traitee(uow: UniteDeTravail, adherent_id: str, requete_id: str,
                         empreinte: str) -> RequeteTraitee | None:
    """The stored request of this id, ``None`` if it was never applied; the id already
    used for another request (another ``empreinte``) is refused."""
    deja = uow.idempotence.obtenir(adherent_id, requete_id)
    if deja is not None and deja.empreinte != empreinte:
        raise RegleMetier(
            "Cet identifiant de demande a déjà servi pour une autre demande.",
            code="requete.identifiant_reutilise", regle="E5", chemin="requete_id",
        )
    return deja


__all__ = ["requete_deja_traitee"]
