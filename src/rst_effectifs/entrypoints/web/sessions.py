"""Cookie sessions: Starlette's ``SessionMiddleware`` (signed with itsdangerous, the
content is readable but not forgeable), ``HttpOnly``, ``SameSite=Lax``, ``Secure`` when
the settings say HTTPS. A session holds the signed-in e-mail, its CSRF token and when
it began; it ends after ``Reglages.duree_session`` or at sign-out."""

from __future__ import annotations

import time
from typing import Any

from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware

from ...domain.identifiants import Email
from .csrf import CLE_SESSION, nouveau_jeton
from .reglages import Reglages

COOKIE = "rst_session"


def intergiciel_de_session(reglages: Reglages) -> Middleware:
    return Middleware(SessionMiddleware, secret_key=reglages.secret, session_cookie=COOKIE,
                      max_age=reglages.duree_session, path="/", same_site="lax",
                      https_only=reglages.https)


def ouvrir_session(session: dict[str, Any], email: Email) -> str:
    """Replace whatever the session held (no fixation) by ``email``; returns the new
    CSRF token."""
    session.clear()
    jeton = nouveau_jeton()
    session.update({"email": email.valeur, CLE_SESSION: jeton, "depuis": int(time.time())})
    return jeton


def fermer_session(session: dict[str, Any]) -> None:
    session.clear()


__all__ = ["COOKIE", "fermer_session", "intergiciel_de_session", "ouvrir_session"]
