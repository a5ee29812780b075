"""Menu "Gérer mes postes" (P1–P5): keep postes up to date before hiring."""

from __future__ import annotations

from collections.abc import Callable

from ..domain.adherents import Acteur, Adherent
from ..domain.erreurs import exiger_version
from ..domain.evenements import Evenement
from ..domain.identifiants import CodePcsEse
from ..domain.postes import Poste
from .commandes import (
    AjouterPoste,
    ArchiverPoste,
    ListerPostes,
    ModifierRisques,
    RenommerPoste,
    SupprimerPoste,
)
from .contexte import Besoin, Contexte, cas_d_usage

Changement = Callable[[Adherent], tuple[Adherent, list[Evenement]]]


def _changer(ctx: Contexte, acteur: Acteur, adherent_id: str, changement: Changement,
             attendue: tuple[str, int | None] | None = None) -> Adherent:
    """Load the adherent, check the changed poste's expected version (``attendue``:
    poste id and ``version_attendue``), apply one domain command, save, journal, commit."""
    with ctx.unite_de_travail() as uow:
        adherent = uow.adherents.obtenir(adherent_id)
        if attendue is not None:
            exiger_version(adherent.poste(attendue[0]).version, attendue[1])
        adherent, evenements = changement(adherent)
        adherent = uow.adherents.enregistrer(adherent)
        ctx.journaliser(uow, acteur, evenements)
        uow.commit()
    return adherent


@cas_d_usage(Besoin.DECLARATION)
def ajouter_poste(ctx: Contexte, acteur: Acteur, commande: AjouterPoste) -> Poste:
    poste_id = ctx.nouvel_id()
    code_pcs = None if commande.code_pcs is None else CodePcsEse.parse(commande.code_pcs,
                                                                        chemin="code_pcs")
    adherent = _changer(
        ctx, acteur, commande.adherent_id,
        lambda a: a.ajouter_poste(poste_id, commande.libelle, commande.risques,
                                  commande.justification_sir, code_pcs),
    )
    return adherent.poste(poste_id)


@cas_d_usage(Besoin.DECLARATION)
def renommer_poste(ctx: Contexte, acteur: Acteur, commande: RenommerPoste) -> Poste:
    adherent = _changer(ctx, acteur, commande.adherent_id,
                        lambda a: a.renommer_poste(commande.poste_id, commande.libelle),
                        (commande.poste_id, commande.version_attendue))
    return adherent.poste(commande.poste_id)


@cas_d_usage(Besoin.DECLARATION)
def modifier_risques(ctx: Contexte, acteur: Acteur, commande: ModifierRisques) -> Poste:
    adherent = _changer(
        ctx, acteur, commande.adherent_id,
        lambda a: a.modifier_risques(commande.poste_id, commande.risques,
                                     commande.justification_sir),
        (commande.poste_id, commande.version_attendue),
    )
    return adherent.poste(commande.poste_id)


@cas_d_usage(Besoin.DECLARATION)
def archiver_poste(ctx: Contexte, acteur: Acteur, commande: ArchiverPoste) -> Poste:
    adherent = _changer(ctx, acteur, commande.adherent_id,
                        lambda a: a.archiver_poste(commande.poste_id),
                        (commande.poste_id, commande.version_attendue))
    return adherent.poste(commande.poste_id)


@cas_d_usage(Besoin.DECLARATION)
def supprimer_poste(ctx: Contexte, acteur: Acteur, commande: SupprimerPoste) -> None:
    _changer(ctx, acteur, commande.adherent_id, lambda a: a.supprimer_poste(commande.poste_id),
             (commande.poste_id, commande.version_attendue))


@cas_d_usage(Besoin.LECTURE)
def lister_postes(ctx: Contexte, acteur: Acteur, commande: ListerPostes) -> tuple[Poste, ...]:
    with ctx.unite_de_travail() as uow:
        postes = uow.adherents.obtenir(commande.adherent_id).postes
    return tuple(p for p in postes if commande.inclure_archives or p.actif)
