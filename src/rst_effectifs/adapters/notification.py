"""Notifier adapters (A2): an in-memory outbox for tests and prototypes, and SMTP with
the standard library's ``smtplib``.

Neither ever puts the recipient's address, or the message, in an error or a log line.
"""

from __future__ import annotations

import smtplib
import ssl
import threading
from email.message import EmailMessage
from email.utils import make_msgid

from attrs import define, field, frozen

from ..domain.erreurs import ErreurTechnique
from ..domain.identifiants import Email


@frozen
class Message:
    """One message handed to a notifier."""

    destinataire: Email
    sujet: str
    corps: str


@define
class NotifierMemoire:
    """Keeps every message in ``messages``, in the order sent: what tests read."""

    messages: list[Message] = field(factory=list)
    _verrou: threading.Lock = field(factory=threading.Lock, repr=False)

    def envoyer(self, destinataire: Email, sujet: str, corps: str) -> None:
        with self._verrou:
            self.messages.append(Message(destinataire, sujet, corps))


def _echec(cause: BaseException) -> ErreurTechnique:
    return ErreurTechnique(
        "Le message n'a pas pu être remis au serveur d'envoi : réessayez plus tard.",
        code="technique.envoi", details={"cause": type(cause).__name__},
    )


@define
class NotifierSmtp:
    """Sends plain-text UTF-8 messages through one SMTP server, one connection per
    message. ``securite``: ``"aucune"`` (a local relay), ``"starttls"`` (submission,
    port 587) or ``"tls"`` (implicit TLS, port 465). ``identifiant``/``mot_de_passe``
    log in when given (never after a clear-text connection unless ``securite`` says
    so). Any failure is an ``ErreurTechnique`` (``technique.envoi``)."""

    hote: str
    port: int
    expediteur: Email
    securite: str = field(default="aucune")
    identifiant: str | None = None
    mot_de_passe: str | None = field(default=None, repr=False)
    delai: float = 10.0
    contexte_tls: ssl.SSLContext | None = field(default=None, repr=False)

    def __attrs_post_init__(self) -> None:
        if self.securite not in ("aucune", "starttls", "tls"):
            raise ValueError("securite: 'aucune', 'starttls' or 'tls'")

    def message(self, destinataire: Email, sujet: str, corps: str) -> EmailMessage:
        """The message as it is sent (``EmailMessage`` refuses line breaks in headers)."""
        message = EmailMessage()
        message["From"] = self.expediteur.valeur
        message["To"] = destinataire.valeur
        message["Subject"] = sujet
        message["Message-ID"] = make_msgid(domain=self.expediteur.domaine)
        message.set_content(corps)
        return message

    def envoyer(self, destinataire: Email, sujet: str, corps: str) -> None:
        try:
            message = self.message(destinataire, sujet, corps)
            contexte = self.contexte_tls or ssl.create_default_context()
            client: smtplib.SMTP = (
                smtplib.SMTP_SSL(self.hote, self.port, timeout=self.delai, context=contexte)
                if self.securite == "tls"
                else smtplib.SMTP(self.hote, self.port, timeout=self.delai)
            )
            with client:
                if self.securite == "starttls":
                    client.starttls(context=contexte)
                if self.identifiant is not None and self.mot_de_passe is not None:
                    client.login(self.identifiant, self.mot_de_passe)
                client.send_message(message)
        except (smtplib.SMTPException, OSError, ValueError) as erreur:
            echec = _echec(erreur)
        else:
            return
        raise echec  # outside ``except``: no trace of the server's answer


__all__ = ["Message", "NotifierMemoire", "NotifierSmtp"]
