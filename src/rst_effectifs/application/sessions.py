"""The portal's sessions, kept in the store (A6): what a front end calls once it has
signed someone in, on each request, and to sign out.

A session's secret lives in the person's cookie only; the store keeps its digest, the
e-mail, when it began and when it was last used (to :data:`RESOLUTION`), and when it
ended. So ending it here ends it for every copy of the cookie: signing out, signing out
everywhere (:func:`fermer_sessions`) and removing an access (``retirer_acces`` ends the
removed e-mail's sessions in its transaction)."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import TypeGuard

from ..domain.identifiants import Email
from ..ports.acces import SessionEtAdherent
from ..ports.sessions import SessionPortail
from .contexte import Contexte, annoncer_ecriture

RESOLUTION = dt.timedelta(minutes=1)
"""A session's last use is written at most once a minute (a read, otherwise)."""
SECRET_MAX = 100


def _id(secret: str) -> str:
    return hashlib.sha256(b"rst_effectifs/session\x00"
                          + secret.encode("utf-8", "surrogatepass")).hexdigest()


def ouvrir_session(ctx: Contexte, email: Email, duree: dt.timedelta) -> str:
    """A new session of ``email`` (an e-mail the front end just signed in); returns its
    secret, for the cookie. Sessions unused for ``duree`` are forgotten meanwhile."""
    secret = secrets.token_urlsafe(32)
    maintenant = ctx.horloge.maintenant()
    with annoncer_ecriture(True), ctx.unite_de_travail() as uow:
        uow.sessions.oublier(maintenant - duree)
        uow.sessions.ajouter(SessionPortail(_id(secret), email, maintenant, maintenant))
        uow.commit()
    return secret


def _secret_possible(secret: object) -> TypeGuard[str]:
    return isinstance(secret, str) and 0 < len(secret) <= SECRET_MAX


def session_active(ctx: Contexte, secret: object, duree: dt.timedelta,
                   inactivite: dt.timedelta) -> Email | None:
    """The e-mail of the session whose cookie holds ``secret``; ``None`` when unknown,
    ended, older than ``duree`` or unused for ``inactivite``. Counts as a use."""
    if not _secret_possible(secret):
        return None
    with ctx.unite_de_travail() as uow:
        session = uow.sessions.obtenir(_id(secret))
    return session_en_usage(ctx, session, duree, inactivite)


def session_et_adherent(ctx: Contexte, secret: object, numero: str
                        ) -> SessionEtAdherent | None:
    """The stored session whose cookie holds ``secret``, read with the adherent of member
    number ``numero`` and the access its e-mail holds on it (one statement on SQL: what a
    signed-in request of a member's space reads first); ``None`` for no such session. Not
    checked yet: :func:`session_en_usage` says whether it is still open, and counts the
    use."""
    if not _secret_possible(secret):
        return None
    with ctx.unite_de_travail() as uow:
        return uow.comptes.session_et_adherent(_id(secret), numero)


def session_en_usage(ctx: Contexte, session: SessionPortail | None, duree: dt.timedelta,
                     inactivite: dt.timedelta) -> Email | None:
    """The e-mail of a stored session, ``None`` when ended, older than ``duree`` or unused
    for ``inactivite``; counts as a use (written at most once per :data:`RESOLUTION`)."""
    maintenant = ctx.horloge.maintenant()
    if session is None or session.fin is not None or session.cree + duree <= maintenant \
            or session.vu + inactivite <= maintenant:
        return None
    if maintenant - session.vu >= RESOLUTION:
        with annoncer_ecriture(True), ctx.unite_de_travail() as uow:
            uow.sessions.toucher(session.session_id, maintenant)
            uow.commit()
    return session.email


def fermer_session(ctx: Contexte, secret: object) -> None:
    """Sign out: the session ends, for every copy of its cookie."""
    if not _secret_possible(secret):
        return
    with annoncer_ecriture(True), ctx.unite_de_travail() as uow:
        uow.sessions.terminer(_id(secret), ctx.horloge.maintenant())
        uow.commit()


def fermer_sessions(ctx: Contexte, email: Email) -> int:
    """Sign ``email`` out everywhere: every open session of it ends; how many."""
    with annoncer_ecriture(True), ctx.unite_de_travail() as uow:
        nombre = uow.sessions.terminer_de(email, ctx.horloge.maintenant())
        uow.commit()
    return nombre


__all__ = ["RESOLUTION", "fermer_session", "fermer_sessions", "ouvrir_session",
           "session_active", "session_en_usage", "session_et_adherent"]
