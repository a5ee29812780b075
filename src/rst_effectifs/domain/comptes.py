"""The account and its accesses (A1–A3): the rules the account use cases apply.

An adherent's account is its member number, SIRET, company name, login e-mail and
declarant number (A1). An access gives one e-mail roles on one adherent (A3); an
adherent always keeps at least one administrator. Who may read a clear NIR is decided
here too, by role, so that every front end applies the same rule.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from attrs import evolve, field, frozen

from .adherents import Acces, Adherent, AgentRst, Role
from .adresses import Adresse
from .erreurs import DonneeInvalide, RegleMetier
from .evenements import (
    AccesAccorde,
    AccesModifie,
    AccesRetire,
    AdresseModifiee,
    EmailConnexionModifie,
    Evenement,
    RaisonSocialeModifiee,
    TeledeclarantModifie,
)
from .identifiants import Email, NumeroAdherent, NumeroTeledeclarant, Siret

ROLES_VOYANT_LES_NIR: frozenset[Role] = frozenset({Role.ADMINISTRATEUR, Role.DECLARATION})
"""Roles whose holders see NIRs in clear: those who hire and correct identities (S1).
Billing and read-only accesses get them masked; so does any unknown kind of actor."""


def voit_les_nir(acteur: object) -> bool:
    """Whether ``acteur`` may be shown clear NIRs: RST staff, or an access holding one
    of :data:`ROLES_VOYANT_LES_NIR`. Anything else (anonymous, unknown) may not."""
    if isinstance(acteur, AgentRst):
        return True
    return isinstance(acteur, Acces) and bool(acteur.roles & ROLES_VOYANT_LES_NIR)


@frozen
class Compte:
    """A1: what "Mon compte" shows of an adherent (its postes left out)."""

    adherent_id: str
    numero: NumeroAdherent
    siret: Siret
    raison_sociale: str
    email_connexion: Email
    numero_teledeclarant: NumeroTeledeclarant | None
    version: int
    adresse: Adresse | None = None
    """F8: where invoices are made out to."""

    @classmethod
    def de(cls, adherent: Adherent) -> Compte:
        return cls(adherent.id, adherent.numero, adherent.siret, adherent.raison_sociale,
                   adherent.email_connexion, adherent.numero_teledeclarant, adherent.version,
                   adherent.adresse)


def compte_modifie(
    adherent: Adherent,
    *,
    raison_sociale: str | None = None,
    email_connexion: Email | None = None,
    numero_teledeclarant: NumeroTeledeclarant | None = None,
    adresse: Adresse | None = None,
) -> tuple[Adherent, list[Evenement]]:
    """A1: change what is given (``None``: unchanged); one event per field that really
    changes (e-mails compared ignoring case). The member number and the SIRET never
    change here."""
    evenements: list[Evenement] = []
    nouveau = adherent
    if raison_sociale is not None:
        nouveau = evolve(nouveau, raison_sociale=raison_sociale)  # checked by Adherent
        if nouveau.raison_sociale != adherent.raison_sociale:
            evenements.append(RaisonSocialeModifiee(adherent.id, nouveau.raison_sociale))
    if email_connexion is not None and email_connexion != adherent.email_connexion:
        nouveau = evolve(nouveau, email_connexion=email_connexion)
        evenements.append(EmailConnexionModifie(adherent.id, email_connexion.valeur))
    if numero_teledeclarant is not None and numero_teledeclarant != adherent.numero_teledeclarant:
        nouveau = evolve(nouveau, numero_teledeclarant=numero_teledeclarant)
        evenements.append(TeledeclarantModifie(adherent.id, numero_teledeclarant.valeur))
    if adresse is not None and adresse != adherent.adresse:
        nouveau = evolve(nouveau, adresse=adresse)
        evenements.append(AdresseModifiee(adherent.id))
    return (nouveau if evenements else adherent), evenements


def teledeclarant_existant() -> RegleMetier:
    return RegleMetier("Ce numéro télédéclarant est déjà attribué à un autre adhérent.",
                       code="adherent.teledeclarant_existant", regle="A1",
                       chemin="numero_teledeclarant")


# -- accesses (A3) -------------------------------------------------------------------


def roles_d_acces(roles: object) -> frozenset[Role]:
    """A3: an access holds at least one known role (removing every role is a revoke)."""
    if not isinstance(roles, frozenset | set) or not all(isinstance(r, Role) for r in roles):
        valeurs = ", ".join(r.value for r in Role)
        raise DonneeInvalide(f"Les rôles doivent être choisis parmi : {valeurs}.",
                             code="acces.role_inconnu", regle="A3", chemin="roles")
    if not roles:
        raise DonneeInvalide(
            "Un accès donne au moins un rôle ; pour tout retirer, retirez l'accès.",
            code="acces.sans_role", regle="A3", chemin="roles",
        )
    return frozenset(roles)


def _valeurs(roles: frozenset[Role]) -> tuple[str, ...]:
    return tuple(sorted(r.value for r in roles))


def accorder(
    existant: Acces | None, adherent_id: str, email: Email, roles: object
) -> tuple[Acces, list[Evenement]]:
    """A3: a new access; an e-mail that already has one on this adherent (``existant``)
    is refused: change that one instead."""
    acces = Acces(email, adherent_id, roles_d_acces(roles))
    if existant is not None:
        raise RegleMetier("Cette adresse a déjà un accès à cet adhérent : modifiez-le.",
                          code="acces.deja_accorde", regle="A3", chemin="email")
    return acces, [AccesAccorde(adherent_id, email.valeur, _valeurs(acces.roles))]


def changer_roles(
    existants: Iterable[Acces], acces: Acces, roles: object
) -> tuple[Acces, list[Evenement]]:
    """A3: new roles for an existing access; taking the last administrator's is refused."""
    nouveau = evolve(acces, roles=roles_d_acces(roles))
    if nouveau.roles == acces.roles:
        return acces, []
    verifier_administrateur_restant(
        [nouveau if a.email == acces.email else a for a in existants]
    )
    return nouveau, [AccesModifie(acces.adherent_id, acces.email.valeur,
                                  _valeurs(nouveau.roles))]


def retirer(existants: Iterable[Acces], acces: Acces) -> list[Evenement]:
    """A3: revoke an access; the last administrator's is refused."""
    verifier_administrateur_restant([a for a in existants if a.email != acces.email])
    return [AccesRetire(acces.adherent_id, acces.email.valeur)]


def verifier_administrateur_restant(apres: Iterable[Acces]) -> None:
    """A3: an adherent always keeps one administrator."""
    if not any(Role.ADMINISTRATEUR in a.roles for a in apres):
        raise RegleMetier(
            "Cet accès est le dernier administrateur de l'adhérent : nommez d'abord un "
            "autre administrateur.",
            code="acces.dernier_administrateur", regle="A3", chemin="email",
        )


# -- recovery (A2) -------------------------------------------------------------------


def _nombre(_instance: object, _attribut: object, valeur: int) -> None:
    if not isinstance(valeur, int) or isinstance(valeur, bool) or not 1 <= valeur <= 1000:
        raise DonneeInvalide("Le nombre de demandes permises va de 1 à 1000.",
                             code="recuperation.limite_invalide", regle="A2")


def _fenetre(_instance: object, _attribut: object, valeur: dt.timedelta) -> None:
    if not isinstance(valeur, dt.timedelta) or valeur <= dt.timedelta(0):
        raise DonneeInvalide("La durée de la limite doit être positive.",
                             code="recuperation.limite_invalide", regle="A2")


@frozen
class LimiteDemandes:
    """A2: at most ``nombre`` declarant-number requests per address per ``fenetre``."""

    nombre: int = field(default=5, validator=_nombre)
    fenetre: dt.timedelta = field(default=dt.timedelta(hours=1), validator=_fenetre)


__all__ = [
    "ROLES_VOYANT_LES_NIR",
    "Compte",
    "LimiteDemandes",
    "accorder",
    "changer_roles",
    "compte_modifie",
    "retirer",
    "roles_d_acces",
    "teledeclarant_existant",
    "verifier_administrateur_restant",
    "voit_les_nir",
]
