"""The web adapter's settings, read from the environment (``RST_EFFECTIFS_*``): the
session secret, HTTPS, mail, size and rate limits. Every name is in docs/portal.md."""

from __future__ import annotations

import logging
import os
import secrets
import sys
from collections.abc import Mapping

from attrs import field, frozen

from ... import NotifierSmtp
from ...domain.erreurs import DonneeInvalide
from ...domain.identifiants import Email
from .mandataires import reseaux

_logger = logging.getLogger(__name__)

SECRET = "RST_EFFECTIFS_SECRET"
HTTPS = "RST_EFFECTIFS_HTTPS"
TAILLE_MAX = "RST_EFFECTIFS_TAILLE_MAX"
TAILLE_MAX_TELEVERSEMENT = "RST_EFFECTIFS_TAILLE_MAX_TELEVERSEMENT"
CONNEXIONS_PAR_CLIENT = "RST_EFFECTIFS_CONNEXIONS_PAR_CLIENT"
DUREE_SESSION = "RST_EFFECTIFS_DUREE_SESSION"
INACTIVITE_SESSION = "RST_EFFECTIFS_INACTIVITE_SESSION"
FILS = "RST_EFFECTIFS_FILS"
PROXIES = "RST_EFFECTIFS_PROXIES"
SMTP_HOTE = "RST_EFFECTIFS_SMTP_HOTE"
SMTP_PORT = "RST_EFFECTIFS_SMTP_PORT"
SMTP_EXPEDITEUR = "RST_EFFECTIFS_SMTP_EXPEDITEUR"
SMTP_SECURITE = "RST_EFFECTIFS_SMTP_SECURITE"
SMTP_IDENTIFIANT = "RST_EFFECTIFS_SMTP_IDENTIFIANT"
SMTP_MOT_DE_PASSE = "RST_EFFECTIFS_SMTP_MOT_DE_PASSE"
AGENTS_RST = "RST_EFFECTIFS_AGENTS_RST"

SECRET_MIN = 32
"""Characters of a configured secret (a random 32-byte key, e.g. ``openssl rand -hex 32``)."""


def _invalide(nom: str, attendu: str) -> DonneeInvalide:
    return DonneeInvalide(f"La variable d'environnement {nom} est invalide : {attendu}.",
                          code="configuration.invalide", chemin=nom)


def _entier(environ: Mapping[str, str], nom: str, defaut: int) -> int:
    texte = environ.get(nom)
    if texte is None or not texte.strip():
        return defaut
    try:
        valeur = int(texte)
    except ValueError:
        raise _invalide(nom, "un entier positif est attendu") from None
    if valeur <= 0:
        raise _invalide(nom, "un entier positif est attendu")
    return valeur


def _entier_ou_rien(environ: Mapping[str, str], nom: str, defaut: int | None) -> int | None:
    texte = environ.get(nom)
    return defaut if texte is None or not texte.strip() else _entier(environ, nom, 0)


def _booleen(environ: Mapping[str, str], nom: str) -> bool:
    texte = environ.get(nom, "").strip().lower()
    if texte in ("", "0", "non", "false", "no"):
        return False
    if texte in ("1", "oui", "true", "yes"):
        return True
    raise _invalide(nom, "oui ou non (1 ou 0)")


@frozen
class Reglages:
    """``secret`` signs the session cookies (``secret_genere``: made up for this process,
    sessions end with it); ``https`` makes cookies ``Secure``; ``taille_max`` bounds a
    request body in bytes, ``taille_max_televersement`` a file upload's (multipart,
    CSV or DSN body); ``connexions_par_client`` sign-in requests per client address per
    ``fenetre_client`` seconds; ``duree_session`` seconds a session lasts at most,
    ``inactivite_session`` seconds without a request that end it; ``proxies`` the
    reverse proxies (addresses or networks) whose ``X-Forwarded-For`` is believed
    (:mod:`.mandataires`); ``smtp`` the mail server
    (``None``: the application's own notifier, the console in development);
    ``agents_rst`` the e-mails of RST staff (compared as ``Email.cle``): signed in like
    anyone (code by e-mail, or a bearer token issued to that e-mail), they act as
    ``AgentRst`` on the ``/api/v1/rst`` routes; ``fils`` how many API requests' units
    of work run at once, each in a worker thread (:mod:`.fils`; ``None``, the default:
    the processor count for SQLite, twice that for PostgreSQL)."""

    secret: str = field(repr=False)
    https: bool = False
    taille_max: int = 1_000_000
    taille_max_televersement: int = 20_000_000
    connexions_par_client: int = 30
    fenetre_client: float = 900.0
    duree_session: int = 8 * 3600
    inactivite_session: int = 30 * 60
    proxies: tuple[str, ...] = ()
    smtp: NotifierSmtp | None = None
    secret_genere: bool = False
    agents_rst: frozenset[str] = frozenset()
    fils: int | None = None

    def est_agent_rst(self, email: Email) -> bool:
        return email.cle in self.agents_rst

    @classmethod
    def developpement(cls) -> Reglages:
        """A random key for this process only, said on the console."""
        _logger.warning("%s is not set: sessions are signed with a random key made up "
                         "for this process (they end when it stops)", SECRET)
        return cls(secrets.token_hex(32), secret_genere=True)

    @classmethod
    def depuis_environnement(cls, environ: Mapping[str, str] | None = None) -> Reglages:
        """The settings from ``environ`` (default ``os.environ``); without
        ``RST_EFFECTIFS_SECRET`` a development key (see :meth:`developpement`). A wrong
        value is a ``configuration.invalide`` refusal naming the variable."""
        env = os.environ if environ is None else environ
        secret = env.get(SECRET, "")
        if secret and len(secret) < SECRET_MIN:
            raise _invalide(SECRET, f"au moins {SECRET_MIN} caractères aléatoires")
        base = cls(secret) if secret else cls.developpement()
        return cls(
            base.secret, https=_booleen(env, HTTPS),
            taille_max=_entier(env, TAILLE_MAX, base.taille_max),
            taille_max_televersement=_entier(env, TAILLE_MAX_TELEVERSEMENT,
                                             base.taille_max_televersement),
            connexions_par_client=_entier(env, CONNEXIONS_PAR_CLIENT,
                                          base.connexions_par_client),
            duree_session=_entier(env, DUREE_SESSION, base.duree_session),
            inactivite_session=_entier(env, INACTIVITE_SESSION, base.inactivite_session),
            proxies=_proxies(env),
            smtp=_smtp(env), secret_genere=base.secret_genere,
            agents_rst=_agents(env),
            fils=_entier_ou_rien(env, FILS, base.fils),
        )


def _proxies(env: Mapping[str, str]) -> tuple[str, ...]:
    """Trusted reverse proxies, separated by commas or spaces (checked here)."""
    textes = tuple(env.get(PROXIES, "").replace(",", " ").split())
    reseaux(textes, chemin=PROXIES)
    return textes


def _agents(env: Mapping[str, str]) -> frozenset[str]:
    """RST staff e-mails, separated by commas or spaces."""
    adresses = env.get(AGENTS_RST, "").replace(",", " ").split()
    try:
        return frozenset(Email.parse(a, chemin=AGENTS_RST).cle for a in adresses)
    except DonneeInvalide:
        raise _invalide(AGENTS_RST, "des adresses e-mail séparées par des virgules") from None


def _smtp(env: Mapping[str, str]) -> NotifierSmtp | None:
    hote = env.get(SMTP_HOTE, "").strip()
    if not hote:
        return None
    expediteur = env.get(SMTP_EXPEDITEUR, "").strip()
    if not expediteur:
        raise _invalide(SMTP_EXPEDITEUR, "l'adresse d'expédition est requise avec un serveur")
    securite = env.get(SMTP_SECURITE, "starttls").strip() or "starttls"
    if securite not in ("aucune", "starttls", "tls"):
        raise _invalide(SMTP_SECURITE, "aucune, starttls ou tls")
    port = _entier(env, SMTP_PORT, 465 if securite == "tls" else 587)
    return NotifierSmtp(hote, port, Email.parse(expediteur, chemin=SMTP_EXPEDITEUR),
                        securite, env.get(SMTP_IDENTIFIANT) or None,
                        env.get(SMTP_MOT_DE_PASSE) or None)




class NotifierConsole:
    """Development only: prints each message (sign-in codes included) on the standard
    error, for the person running the portal on their machine; never in production."""

    def envoyer(self, destinataire: Email, sujet: str, corps: str) -> None:
        print(f"--- message pour {destinataire.valeur} : {sujet}\n{corps}", file=sys.stderr,
              flush=True)


__all__ = ["NotifierConsole", "Reglages"]
