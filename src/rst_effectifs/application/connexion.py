"""Signing in (A6) and bearer tokens (A7): the library half of a front end's
authentication, so that the CLI or any front end signs people in the same way.

A6: :func:`demander_connexion` only counts the request (per address and client) and
drops it in the outbox, the same work and the same answer for any address; the answer
carries the request's secret (``demande``), which only the requester holds. The sender
(``envoyer_en_attente``) looks the address up and, if it holds an access, creates a
single-use code for that request, valid :data:`VALIDITE_CODE`, stores its salted scrypt
digest and mails the code. :func:`valider_connexion` checks a code with its request's
secret: one try reserved atomically, then ONE digest compared (the code's, or a decoy's
when there is none), whatever the address and its other requests; one refusal for a
wrong, expired, used or over-tried code. A third party's requests and tries touch only
its own requests: they cannot spend the owner's.

A7: tokens for machine clients, issued to the acting e-mail, shown once, kept as their
SHA-256 (high-entropy texts need no slow hash); :func:`resoudre_jeton` turns a presented
token into its e-mail.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import secrets

from attrs import evolve, field, frozen

from ..domain.adherents import Acteur, AgentRst, Anonyme
from ..domain.comptes import LimiteDemandes
from ..domain.erreurs import (
    AccesInterdit,
    ConflitDeVersion,
    DonneeInvalide,
    Introuvable,
    RegleMetier,
)
from ..domain.evenements import CodeDeConnexionEnvoye, JetonAccesEmis, JetonAccesRevoque
from ..domain.identifiants import Email
from ..domain.journal import EntreeJournal
from ..ports.connexions import CodeDeConnexion, JetonDAcces
from ..ports.envois import EnvoiEnAttente
from ..ports.unit_of_work import UniteDeTravail
from .commandes.connexion import (
    DemanderConnexion,
    EmettreJeton,
    ListerJetons,
    RevoquerJeton,
    ValiderConnexion,
)
from .compte import PREPARATEURS, _notifier
from .contexte import Besoin, Contexte, cas_d_usage, cas_d_usage_public
from .hachage import code_correspond, empreinte_code

CONNEXION = "connexion"
"""The kind of an outbox entry asking for a sign-in code (A6)."""
VALIDITE_CODE = dt.timedelta(minutes=15)
CHIFFRES_CODE = 8
ESSAIS_MAX = 5
"""Tries of one code (its request's secret presented): past them it is refused."""
LIMITE_CONNEXION = LimiteDemandes(nombre=5, fenetre=dt.timedelta(minutes=15))
"""A6: sign-in requests per address and client (as the front end names it) and window."""
CLIENT_MAX = 100
DEMANDE_MAX = 100
JOURS_JETON_MAX = 366
LIBELLE_MAX = 100
PREFIXE_JETON = "rst_"
LONGUEUR_JETON_MAX = 200
SUJET_CONNEXION = "Votre code de connexion RST"


# -- answers and refusals -----------------------------------------------------------------
MESSAGE_CONNEXION = ("Si cette adresse a accès au portail, un code de connexion valable "
                     "15 minutes vient d'y être envoyé.")


@frozen
class ConnexionDemandee:
    """A6: the one answer to every sign-in request that was not refused; ``demande``
    the request's secret, to give back with the code (the requester's only)."""

    demande: str = field(repr=False, eq=False)
    message: str = MESSAGE_CONNEXION


@frozen
class JetonEmis:
    """A7: the token's text is shown here only, once; it is stored as a digest."""

    jeton_id: str
    texte: str = field(repr=False, eq=False)
    libelle: str
    expire: dt.datetime


@frozen
class JetonListe:
    """A7: what a token list shows (never the text, which is not stored)."""

    jeton_id: str
    libelle: str
    cree: dt.datetime
    expire: dt.datetime | None
    revoque: dt.datetime | None


def trop_de_demandes_de_connexion() -> RegleMetier:
    return RegleMetier("Trop de demandes de connexion ont été faites pour cette adresse : "
                       "réessayez plus tard.", code="connexion.trop_de_demandes", regle="A6",
                       chemin="email")


def code_refuse() -> AccesInterdit:
    """A6: one refusal for a wrong, expired, used or over-tried code."""
    return AccesInterdit("Ce code de connexion n'est pas valable : demandez-en un nouveau.",
                         code="connexion.code_refuse", regle="A6", chemin="code")


def jeton_refuse() -> AccesInterdit:
    """A7: one refusal for an unknown, revoked or expired token."""
    return AccesInterdit("Ce jeton d'accès n'est pas valable.",
                         code="connexion.jeton_refuse", regle="A7")


def jeton_introuvable() -> Introuvable:
    return Introuvable("Ce jeton d'accès n'existe pas.", code="jeton.introuvable",
                       regle="A7", chemin="jeton_id")


# -- digests ------------------------------------------------------------------------------
def empreinte_demande(email: Email, client: str | None = None) -> str:
    """The attempts counter's key for sign-in requests of ``email`` from ``client``
    (not the address itself)."""
    return hashlib.sha256(b"rst_effectifs/connexion\x00" + email.cle.encode() + b"\x00"
                          + (client or "").encode("utf-8", "surrogatepass")).hexdigest()


def empreinte_validation(email: Email) -> str:
    """The key under which every check of a code for ``email`` is written down."""
    return hashlib.sha256(b"rst_effectifs/validation\x00" + email.cle.encode()).hexdigest()


def identifiant_demande(demande: str) -> str:
    """A request's id in the outbox and its code's id: a digest of its secret."""
    return hashlib.sha256(b"rst_effectifs/demande\x00"
                          + demande.encode("utf-8", "surrogatepass")).hexdigest()


def empreinte_jeton(texte: str) -> str:
    return hashlib.sha256(texte.encode("utf-8", "surrogatepass")).hexdigest()


@functools.cache
def _leurre() -> str:
    """The digest compared when the request has no code to try (same work)."""
    return empreinte_code("0" * CHIFFRES_CODE)


# -- A6: signing in ----------------------------------------------------------------------
@cas_d_usage_public()
def demander_connexion(
    ctx: Contexte, acteur: Acteur | Anonyme, commande: DemanderConnexion
) -> ConnexionDemandee:
    """A6: the same answer and the same statements for any address; past
    :data:`LIMITE_CONNEXION` for this address from this ``client`` the same
    ``connexion.trop_de_demandes`` refusal (another client is not refused: a third party
    cannot keep the owner from asking). The code leaves when ``envoyer_en_attente``
    runs, bound to the answer's ``demande``."""
    email = Email.parse(commande.email, chemin="email")
    client = _texte_borne(commande.client, CLIENT_MAX, "client")
    _notifier(ctx)
    maintenant = ctx.horloge.maintenant()
    cle = empreinte_demande(email, client)
    demande = secrets.token_urlsafe(32)
    with ctx.unite_de_travail() as uow:
        uow.quotas.oublier(maintenant - max(LIMITE_CONNEXION.fenetre,
                                                ctx.limite_recuperation.fenetre))
        if uow.quotas.compter(cle, maintenant - LIMITE_CONNEXION.fenetre) \
                >= LIMITE_CONNEXION.nombre:
            raise trop_de_demandes_de_connexion()
        uow.quotas.ajouter(cle, maintenant)
        uow.envois.deposer(EnvoiEnAttente(identifiant_demande(demande), email, maintenant,
                                          CONNEXION))
        uow.commit()
    return ConnexionDemandee(demande)


def _corps_connexion(code: str) -> str:
    return "\n".join([
        "Bonjour,", "",
        f"Votre code de connexion au portail RST : {code}", "",
        "Il est valable 15 minutes et ne sert qu'une fois.",
        "Si vous n'êtes pas à l'origine de cette demande, ignorez ce message.", "",
        "RST — portail adhérent", "",
    ])


def _preparer_code(
    ctx: Contexte, uow: UniteDeTravail, envoi: EnvoiEnAttente
) -> tuple[Email, str, str] | None:
    """The sender's part for a :data:`CONNEXION` entry: if the address holds an access
    or is RST staff's (``ctx.agents_rst``), a new code (stored as its digest) and the
    message carrying it; the sending is journaled on each adherent it holds an access on
    (by the address, A5)."""
    accessibles = uow.comptes.accessibles(envoi.email)
    if not accessibles and envoi.email.cle not in ctx.agents_rst:
        return None
    maintenant = ctx.horloge.maintenant()
    for un in accessibles:
        uow.journal.ajouter(EntreeJournal.depuis(
            CodeDeConnexionEnvoye(un.adherent_id), envoi.email.valeur, maintenant))
    code = f"{secrets.randbelow(10 ** CHIFFRES_CODE):0{CHIFFRES_CODE}d}"
    uow.connexions.oublier_codes(envoi.quand - VALIDITE_CODE)
    uow.connexions.ajouter_code(CodeDeConnexion(
        envoi.envoi_id, envoi.email, empreinte_code(code), envoi.quand,
        envoi.quand + VALIDITE_CODE))
    return envoi.email, SUJET_CONNEXION, _corps_connexion(code)


PREPARATEURS[CONNEXION] = _preparer_code


def _texte_borne(texte: object, maximum: int, chemin: str) -> str | None:
    if texte is None:
        return None
    if not (isinstance(texte, str) and len(texte) <= maximum and texte.isprintable()):
        raise DonneeInvalide(f"Ce champ est un texte d'au plus {maximum} caractères "
                             "imprimables.", code="donnee.invalide", regle="A6",
                             chemin=chemin)
    return texte


def _code_lisible(code: object) -> str:
    if not isinstance(code, str):
        raise DonneeInvalide("Le code de connexion doit être un texte.",
                             code="donnee.type_invalide", chemin="code")
    propre = code.replace(" ", "")
    if not (0 < len(propre) <= 20 and propre.isascii() and propre.isdigit()):
        raise code_refuse()
    return propre


@cas_d_usage_public()
def valider_connexion(
    ctx: Contexte, acteur: Acteur | Anonyme, commande: ValiderConnexion
) -> Email:
    """A6: the signed-in e-mail, or :func:`code_refuse`. The code of the request
    ``demande`` gets one try reserved (at most :data:`ESSAIS_MAX`, counted in one
    statement, whatever runs at once), then one digest is compared: the same writes and
    the same work for any address, known or not, whatever its other codes. A right code
    is used once (of concurrent validations, one signs in)."""
    email = Email.parse(commande.email, chemin="email")
    code = _code_lisible(commande.code)
    demande = _texte_borne(commande.demande, DEMANDE_MAX, "demande") or ""
    maintenant = ctx.horloge.maintenant()
    reserve = None
    try:
        with ctx.unite_de_travail() as uow:
            uow.quotas.ajouter(empreinte_validation(email), maintenant)
            reserve = uow.connexions.reserver_essai(identifiant_demande(demande), email,
                                                    maintenant, ESSAIS_MAX)
            uow.commit()
    except ConflitDeVersion:  # memory: the tries were taken meanwhile
        reserve = None
    bon = code_correspond(code, _leurre() if reserve is None else reserve.empreinte)
    if reserve is None or not bon:
        raise code_refuse()
    with ctx.unite_de_travail() as uow:
        if not uow.connexions.utiliser_code(reserve.code_id, maintenant):
            raise code_refuse()
        uow.commit()
    return reserve.email


# -- A7: bearer tokens --------------------------------------------------------------------
def _libelle(libelle: str) -> str:
    propre = libelle.strip()
    if not (0 < len(propre) <= LIBELLE_MAX and propre.isprintable()):
        raise DonneeInvalide(f"Le libellé du jeton doit compter 1 à {LIBELLE_MAX} "
                             "caractères imprimables.", code="donnee.invalide",
                             regle="A7", chemin="libelle")
    return propre


@cas_d_usage(Besoin.LECTURE, ecrit=True)
def emettre_jeton(ctx: Contexte, acteur: Acteur, commande: EmettreJeton) -> JetonEmis:
    """A7: a new token for the acting e-mail; its text is in the answer only."""
    libelle = _libelle(commande.libelle)
    if isinstance(commande.jours, bool) or not 0 < commande.jours <= JOURS_JETON_MAX:
        raise DonneeInvalide(f"La durée d'un jeton va de 1 à {JOURS_JETON_MAX} jours.",
                             code="donnee.invalide", regle="A7", chemin="jours")
    texte = PREFIXE_JETON + secrets.token_urlsafe(32)
    maintenant = ctx.horloge.maintenant()
    jeton = JetonDAcces(ctx.nouvel_id(), acteur.email, empreinte_jeton(texte), libelle,
                        maintenant, maintenant + dt.timedelta(days=commande.jours))
    with ctx.unite_de_travail() as uow:
        uow.connexions.ajouter_jeton(jeton)
        ctx.journaliser(uow, acteur, [JetonAccesEmis(commande.adherent_id, jeton.jeton_id,
                                                     libelle)])
        uow.commit()
    assert jeton.expire is not None
    return JetonEmis(jeton.jeton_id, texte, libelle, jeton.expire)


@cas_d_usage(Besoin.LECTURE)
def lister_jetons(ctx: Contexte, acteur: Acteur, commande: ListerJetons) -> list[JetonListe]:
    """A7: the acting e-mail's tokens, revoked ones included."""
    with ctx.unite_de_travail() as uow:
        jetons = uow.connexions.jetons_de(acteur.email)
    return [JetonListe(j.jeton_id, j.libelle, j.cree, j.expire, j.revoque) for j in jetons]


@cas_d_usage(Besoin.LECTURE, ecrit=True)
def revoquer_jeton(ctx: Contexte, acteur: Acteur, commande: RevoquerJeton) -> JetonListe:
    """A7: another e-mail's token answers like an unknown one (RST staff excepted)."""
    maintenant = ctx.horloge.maintenant()
    with ctx.unite_de_travail() as uow:
        jeton = uow.connexions.obtenir_jeton(commande.jeton_id)
        if jeton is None or not (isinstance(acteur, AgentRst)
                                 or jeton.email.cle == acteur.email.cle):
            raise jeton_introuvable()
        if jeton.revoque is None:
            uow.connexions.revoquer_jeton(jeton.jeton_id, maintenant)
            ctx.journaliser(uow, acteur, [JetonAccesRevoque(commande.adherent_id,
                                                            jeton.jeton_id)])
            uow.commit()
            jeton = evolve(jeton, revoque=maintenant)
    return JetonListe(jeton.jeton_id, jeton.libelle, jeton.cree, jeton.expire, jeton.revoque)


def resoudre_jeton(ctx: Contexte, texte: str) -> Email:
    """A7: the e-mail a presented token was issued to; :func:`jeton_refuse` for an
    unknown, revoked or expired one."""
    if not (isinstance(texte, str) and texte.startswith(PREFIXE_JETON)
            and len(texte) <= LONGUEUR_JETON_MAX):
        raise jeton_refuse()
    maintenant = ctx.horloge.maintenant()
    with ctx.unite_de_travail() as uow:
        jeton = uow.connexions.jeton_par_empreinte(empreinte_jeton(texte))
    if jeton is None or jeton.revoque is not None or (
            jeton.expire is not None and jeton.expire <= maintenant):
        raise jeton_refuse()
    return jeton.email


__all__ = [
    "CONNEXION",
    "ESSAIS_MAX",
    "LIMITE_CONNEXION",
    "MESSAGE_CONNEXION",
    "VALIDITE_CODE",
    "ConnexionDemandee",
    "DemanderConnexion",
    "EmettreJeton",
    "JetonEmis",
    "JetonListe",
    "ListerJetons",
    "RevoquerJeton",
    "ValiderConnexion",
    "demander_connexion",
    "emettre_jeton",
    "lister_jetons",
    "resoudre_jeton",
    "revoquer_jeton",
    "valider_connexion",
]
