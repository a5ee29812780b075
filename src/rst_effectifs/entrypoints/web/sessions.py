"""Cookie sessions: Starlette's ``SessionMiddleware`` (signed with itsdangerous, the
content is readable but not forgeable), ``HttpOnly``, ``SameSite=Lax``, ``Secure`` when
the settings say HTTPS. Signed in, the cookie holds the secret of a session kept in the
store (``application/sessions.py``), its CSRF token and the e-mail; the store decides:
a session ends at sign-out (for every copy of the cookie), when its e-mail signs out
everywhere or loses an access, after ``Reglages.inactivite_session`` seconds without a
request and ``Reglages.duree_session`` seconds after it began."""

from __future__ import annotations

import datetime as dt
import time

from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request

from ...application import sessions as magasin
from ...application.contexte import Contexte
from ...domain.identifiants import Email
from .csrf import CLE_SESSION, nouveau_jeton
from .reglages import Reglages

COOKIE = "rst_session"
CLE_SECRET = "sid"
"""The cookie's key for the stored session's secret."""


def intergiciel_de_session(reglages: Reglages) -> Middleware:
    return Middleware(SessionMiddleware, secret_key=reglages.secret, session_cookie=COOKIE,
                      max_age=reglages.duree_session, path="/", same_site="lax",
                      https_only=reglages.https)


async def ouvrir_session_http(request: Request, ctx: Contexte, reglages: Reglages,
                         email: Email) -> str:
    """Replace whatever the cookie held (no fixation) by a new stored session of
    ``email``; returns its CSRF token."""
    secret = await run_in_threadpool(magasin.ouvrir_session, ctx, email,
                                     dt.timedelta(seconds=reglages.duree_session))
    request.session.clear()
    jeton = nouveau_jeton()
    request.session.update({"email": email.valeur, CLE_SESSION: jeton, CLE_SECRET: secret,
                            "depuis": int(time.time())})
    return jeton


async def fermer_session_http(request: Request, ctx: Contexte) -> None:
    """Sign out: the stored session ends, then the cookie is emptied."""
    await run_in_threadpool(magasin.fermer_session, ctx, request.session.get(CLE_SECRET))
    request.session.clear()


async def fermer_sessions_http(request: Request, ctx: Contexte, email: Email) -> None:
    """Sign ``email`` out everywhere, this cookie included."""
    await run_in_threadpool(magasin.fermer_sessions, ctx, email)
    request.session.clear()


__all__ = ["CLE_SECRET", "COOKIE", "fermer_session_http",
           "fermer_sessions_http", "intergiciel_de_session", "ouvrir_session_http"]
