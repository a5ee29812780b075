"""Menu "Mon compte": the account's information (A1) and the declarant-number
recovery (A2).

A recovery request only counts itself and drops the address into the outbox, the same
statements for any address; :func:`envoyer_en_attente` (run after, by the application
or a background sender) looks the address up, journals and sends. So the answer's
timing does not tell whether the address is an account's."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable

from attrs import frozen

from ..domain.adherents import Acces, Acteur, Anonyme, Role
from ..domain.comptes import Compte, teledeclarant_existant
from ..domain.comptes import compte_modifie as _modifier
from ..domain.erreurs import ErreurTechnique, RegleMetier, exiger_version
from ..domain.evenements import AccesAccorde, AccesModifie, Evenement, TeledeclarantEnvoye
from ..domain.identifiants import Email, NumeroTeledeclarant
from ..domain.journal import EntreeJournal
from ..ports.envois import RECUPERATION_TELEDECLARANT, EnvoiEnAttente
from ..ports.notification import Notifier
from ..ports.unit_of_work import UniteDeTravail
from .commandes import ConsulterCompte, ModifierCompte, RecupererNumeroTeledeclarant
from .contexte import Besoin, Contexte, cas_d_usage, cas_d_usage_public

_logger = logging.getLogger(__name__)

SUJET_RECUPERATION = "Votre numéro télédéclarant RST"


@cas_d_usage(Besoin.LECTURE)
def consulter_compte(ctx: Contexte, acteur: Acteur, commande: ConsulterCompte) -> Compte:
    """A1: the account's information."""
    with ctx.unite_de_travail() as uow:
        return Compte.de(uow.adherents.obtenir(commande.adherent_id))


def _administrateur_de_connexion(
    uow: UniteDeTravail, adherent_id: str, email: Email
) -> list[Evenement]:
    """The account's login e-mail can always log in as an administrator (A1, A3)."""
    existant = uow.acces.obtenir(adherent_id, email)
    if existant is None:
        uow.acces.ajouter(Acces(email, adherent_id, frozenset({Role.ADMINISTRATEUR})))
        return [AccesAccorde(adherent_id, email.valeur, (Role.ADMINISTRATEUR.value,))]
    if Role.ADMINISTRATEUR in existant.roles:
        return []
    roles = existant.roles | {Role.ADMINISTRATEUR}
    uow.acces.modifier(Acces(existant.email, adherent_id, roles))
    return [AccesModifie(adherent_id, existant.email.valeur,
                         tuple(sorted(r.value for r in roles)))]


@cas_d_usage(Besoin.ADMINISTRATION)
def modifier_compte(ctx: Contexte, acteur: Acteur, commande: ModifierCompte) -> Compte:
    """A1: company name, login e-mail, declarant number (unique among adherents). A new
    login e-mail becomes an administrator of the account; the previous one keeps its
    access until an administrator revokes it."""
    email = None if commande.email_connexion is None else Email.parse(
        commande.email_connexion, chemin="email_connexion")
    numero = None if commande.numero_teledeclarant is None else NumeroTeledeclarant.parse(
        commande.numero_teledeclarant, chemin="numero_teledeclarant")
    with ctx.unite_de_travail() as uow:
        adherent = uow.adherents.obtenir(commande.adherent_id)
        exiger_version(adherent.version, commande.version_attendue)  # the account's: A1
        nouveau, evenements = _modifier(adherent, raison_sociale=commande.raison_sociale,
                                        email_connexion=email, numero_teledeclarant=numero,
                                        adresse=commande.adresse)
        if not evenements:
            return Compte.de(adherent)
        if (numero is not None and nouveau.numero_teledeclarant != adherent.numero_teledeclarant
                and uow.comptes.teledeclarant_attribue(numero.valeur, sauf=adherent.id)):
            raise teledeclarant_existant()
        nouveau = uow.adherents.enregistrer(nouveau)
        if nouveau.email_connexion != adherent.email_connexion:
            evenements += _administrateur_de_connexion(uow, adherent.id, nouveau.email_connexion)
        ctx.journaliser(uow, acteur, evenements)
        uow.commit()
    return Compte.de(nouveau)


# -- A2: declarant-number recovery --------------------------------------------------


@frozen
class RecuperationDemandee:
    """A2: the one answer to every recovery request that was not refused, whatever the
    address matched (one account, several, none)."""

    message: str = ("Si cette adresse est celle d'un compte adhérent, le numéro "
                    "télédéclarant vient d'y être envoyé.")


REPONSE_RECUPERATION = RecuperationDemandee()


def trop_de_demandes() -> RegleMetier:
    """A2: the same refusal for known and unknown addresses."""
    return RegleMetier(
        "Trop de demandes ont été faites pour cette adresse : réessayez plus tard.",
        code="recuperation.trop_de_demandes", regle="A2", chemin="email",
    )


def empreinte(email: Email) -> str:
    """The attempts counter's key: a digest of the address (compared ignoring case), so
    that the counter never stores the address itself."""
    return hashlib.sha256(b"rst_effectifs/recuperation\x00" + email.cle.encode()).hexdigest()


def _corps(comptes: list[Compte]) -> str:
    lignes = [
        f"- {c.raison_sociale} (adhérent n° {c.numero.valeur}) : "
        + (f"numéro télédéclarant {c.numero_teledeclarant.valeur}"
           if c.numero_teledeclarant is not None
           else "aucun numéro télédéclarant n'est encore enregistré ; contactez RST")
        for c in comptes
    ]
    return "\n".join([
        "Bonjour,", "",
        "Vous avez demandé le rappel du numéro télédéclarant de votre compte :", "",
        *lignes, "",
        "Si vous n'êtes pas à l'origine de cette demande, ignorez ce message.", "",
        "RST — portail adhérent", "",
    ])


def _notifier(ctx: Contexte) -> Notifier:
    if ctx.notifier is None:
        raise ErreurTechnique("L'envoi de messages n'est pas configuré.",
                              code="technique.envoi_non_configure")
    return ctx.notifier


@cas_d_usage_public()
def recuperer_numero_teledeclarant(
    ctx: Contexte, acteur: Acteur | Anonyme, commande: RecupererNumeroTeledeclarant
) -> RecuperationDemandee:
    """A2: if ``email`` is an account's login e-mail, its declarant number will be sent
    to that address. The caller always gets :data:`REPONSE_RECUPERATION`, or the same
    ``recuperation.trop_de_demandes`` refusal past ``ctx.limite_recuperation``, whether
    the address matched or not. Every request under the limit counts and goes to the
    outbox, matched or not, with the same statements: the message leaves when
    :func:`envoyer_en_attente` runs (see ``ExpediteurEnArrierePlan``)."""
    email = Email.parse(commande.email, chemin="email")
    _notifier(ctx)
    maintenant = ctx.horloge.maintenant()
    depuis = maintenant - ctx.limite_recuperation.fenetre
    cle = empreinte(email)
    with ctx.unite_de_travail() as uow:
        uow.quotas.oublier(depuis)
        if uow.quotas.compter(cle, depuis) >= ctx.limite_recuperation.nombre:
            raise trop_de_demandes()
        uow.quotas.ajouter(cle, maintenant)
        uow.envois.deposer(EnvoiEnAttente(ctx.nouvel_id(), email, maintenant))
        uow.commit()
    return REPONSE_RECUPERATION


PREPARATEURS: dict[
    str, Callable[[Contexte, UniteDeTravail, EnvoiEnAttente], tuple[Email, str, str] | None]
] = {}
"""The outbox's other kinds of entry (sign-in codes, ``application/connexion.py``): kind
-> what, inside the sender's unit of work, makes the message (recipient, subject, body),
or ``None`` when the address has nothing to receive."""


LIMITE_ENVOIS = 100
"""Outbox entries :func:`envoyer_en_attente` takes in one transaction."""


def envoyer_en_attente(ctx: Contexte, limite: int = LIMITE_ENVOIS) -> int:
    """A2, the outbox's other half: take up to ``limite`` waiting requests; for each
    address that is some accounts' login e-mail, journal the sending on each account
    (``compte.teledeclarant_envoye``, by the requesting address) and commit, then hand
    one message per address to ``ctx.notifier``. Returns how many requests were taken
    (matched or not). A failed sending is logged without the address and not retried
    (telling the caller would reveal the match); a unit that loses the race for the same
    entries raises ``ConflitDeVersion`` and takes nothing."""
    notifier = _notifier(ctx)
    messages: list[tuple[Email, str, str]] = []
    with ctx.unite_de_travail() as uow:
        envois = uow.envois.prendre(limite)
        maintenant = ctx.horloge.maintenant()
        for envoi in envois:
            if envoi.genre != RECUPERATION_TELEDECLARANT:
                preparer = PREPARATEURS.get(envoi.genre)
                message = None if preparer is None else preparer(ctx, uow, envoi)
                if message is not None:
                    messages.append(message)
                continue
            comptes = list(uow.comptes.comptes_de_connexion(envoi.email))
            for compte in comptes:
                uow.journal.ajouter(EntreeJournal.depuis(
                    TeledeclarantEnvoye(compte.adherent_id), envoi.email.valeur, maintenant))
            if comptes:
                messages.append((comptes[0].email_connexion, SUJET_RECUPERATION,
                                 _corps(comptes)))
        uow.commit()
    for destinataire, sujet, corps in messages:
        try:
            notifier.envoyer(destinataire, sujet, corps)
        except Exception as erreur:  # any failure: never the address in a log
            _logger.warning("outbox message not sent (%s)",
                                       type(erreur).__name__)
    return len(envois)


__all__ = [
    "LIMITE_ENVOIS",
    "PREPARATEURS",
    "REPONSE_RECUPERATION",
    "RecuperationDemandee",
    "consulter_compte",
    "empreinte",
    "envoyer_en_attente",
    "modifier_compte",
    "recuperer_numero_teledeclarant",
    "trop_de_demandes",
]
