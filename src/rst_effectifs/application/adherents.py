"""Menu "Mon compte": creating an adherent (RST staff) and reading it."""

from __future__ import annotations

from ..domain.adherents import Acces, Acteur, Adherent, Role, verifier_employeur_inscriptible
from ..domain.comptes import teledeclarant_existant
from ..domain.erreurs import RegleMetier
from ..domain.evenements import AccesAccorde, AdherentCree
from ..domain.identifiants import Email, NumeroAdherent, NumeroTeledeclarant, Siret
from .commandes import ConsulterAdherent, CreerAdherent
from .contexte import Besoin, Contexte, cas_d_usage


@cas_d_usage(Besoin.RST)
def creer_adherent(ctx: Contexte, acteur: Acteur, commande: CreerAdherent) -> Adherent:
    """A1: a new member with its member number and declarant number (both unique), SIRET
    and login e-mail, which becomes the member's first administrator (A3). F9: never a
    private employer (the national service follows them), from the day the law says."""
    verifier_employeur_inscriptible(commande.particulier_employeur,
                                    ctx.horloge.maintenant().date())
    numero = NumeroAdherent.parse(commande.numero, chemin="numero")
    adherent = Adherent(
        id=ctx.nouvel_id(),
        numero=numero,
        siret=Siret.parse(commande.siret, chemin="siret"),
        raison_sociale=commande.raison_sociale,
        email_connexion=Email.parse(commande.email_connexion, chemin="email_connexion"),
        numero_teledeclarant=None
        if commande.numero_teledeclarant is None
        else NumeroTeledeclarant.parse(commande.numero_teledeclarant,
                                       chemin="numero_teledeclarant"),
        adresse=commande.adresse,
    )
    with ctx.unite_de_travail() as uow:
        if uow.adherents.numero_existe(numero.valeur):
            raise RegleMetier("Ce numéro d'adhérent est déjà attribué.",
                              code="adherent.numero_existant", regle="A1", chemin="numero")
        teledeclarant = adherent.numero_teledeclarant
        if teledeclarant is not None and uow.comptes.teledeclarant_attribue(teledeclarant.valeur):
            raise teledeclarant_existant()
        adherent = uow.adherents.ajouter(adherent)
        administrateur = frozenset({Role.ADMINISTRATEUR})
        uow.acces.ajouter(Acces(adherent.email_connexion, adherent.id, administrateur))
        ctx.journaliser(uow, acteur, [
            AdherentCree(adherent.id),
            AccesAccorde(adherent.id, adherent.email_connexion.valeur,
                         (Role.ADMINISTRATEUR.value,)),
        ])
        uow.commit()
    return adherent


@cas_d_usage(Besoin.LECTURE)
def consulter_adherent(ctx: Contexte, acteur: Acteur, commande: ConsulterAdherent) -> Adherent:
    with ctx.unite_de_travail() as uow:
        return uow.adherents.obtenir(commande.adherent_id)
