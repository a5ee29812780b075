"""S5: merging a file doubled before S2 was enforced into the file kept for the person."""

from __future__ import annotations

from ..domain.adherents import Acteur
from ..domain.erreurs import Introuvable, exiger_version
from ..domain.fusion import fusionner
from ..domain.salaries import Salarie
from ..ports.unit_of_work import UniteDeTravail
from .commandes import FusionnerSalaries
from .contexte import Besoin, Contexte, cas_d_usage

__all__ = ["fusionner_salaries"]


def _charger(uow: UniteDeTravail, adherent_id: str, salarie_id: str, chemin: str,
             version: int | None) -> Salarie:
    try:
        salarie = uow.salaries.obtenir(adherent_id, salarie_id)
    except Introuvable as erreur:
        raise Introuvable(erreur.message, code=erreur.code, chemin=chemin) from None
    exiger_version(salarie.version, version)
    return salarie


@cas_d_usage(Besoin.ADMINISTRATION)
def fusionner_salaries(ctx: Contexte, acteur: Acteur, commande: FusionnerSalaries) -> Salarie:
    """S5: the duplicate's contracts and movements moved onto the kept file, the
    duplicate cancelled (S3), both saved at the versions read, everything journaled; a
    merge reaching a closed period is regularised by the next closing (F4). Refused,
    with nothing stored, when the two histories conflict."""
    with ctx.unite_de_travail() as uow:
        adherent = uow.adherents.obtenir(commande.adherent_id)
        conserve = _charger(uow, adherent.id, commande.conserve_id, "conserve_id",
                            commande.version_conserve)
        doublon = _charger(uow, adherent.id, commande.doublon_id, "doublon_id",
                           commande.version_doublon)
        fusionne, annule, evenements = fusionner(conserve, doublon, adherent.cloture_au,
                                                 ctx.nouvel_id)
        uow.salaries.enregistrer(annule)  # first: it leaves the S2 indexes (its NIR moves)
        fusionne = uow.salaries.enregistrer(fusionne)
        ctx.journaliser(uow, acteur, evenements)
        uow.commit()
    return fusionne
