"""CSRF protection for cookie sessions: every state-changing request (not GET, HEAD,
OPTIONS) made with a signed-in cookie session carries the session's token, in the
``X-CSRF-Token`` header (API) or the ``csrf`` form field (pages); requests with a
bearer token are exempt (a browser never adds one by itself). Any cross-site
state-changing request is refused too (``Origin``/``Sec-Fetch-Site``), sign-in included,
so that nobody can sign a visitor into another account."""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ...domain.erreurs import AccesInterdit
from .securite import repondre_erreur

ENTETE = "x-csrf-token"
CHAMP = "csrf"
CLE_SESSION = "csrf"
SURES = frozenset({"GET", "HEAD", "OPTIONS"})
EXEMPTES = ("/connexion/demande", "/connexion/code")
"""Sign-in routes: no session yet (they replace it); the cross-site check still applies."""
FORMULAIRES = ("application/x-www-form-urlencoded", "multipart/form-data")


def nouveau_jeton() -> str:
    return secrets.token_urlsafe(32)


def jeton_csrf(session: Mapping[str, Any]) -> str | None:
    """The session's token, to put in a page's forms (``<input name="csrf">``)."""
    jeton = session.get(CLE_SESSION)
    return jeton if isinstance(jeton, str) else None


def csrf_refuse() -> AccesInterdit:
    return AccesInterdit("La demande ne porte pas le jeton anti-falsification de la session : "
                         "rechargez la page puis recommencez.", code="csrf.refuse",
                         regle="A6", chemin=ENTETE)


def origine_refusee() -> AccesInterdit:
    return AccesInterdit("Cette demande vient d'un autre site : elle est refusée.",
                         code="csrf.origine_refusee", regle="A6")


def _entetes(scope: Scope) -> dict[str, str]:
    return {bytes(k).decode("latin-1").lower(): bytes(v).decode("latin-1")
            for k, v in scope.get("headers", [])}


def _meme_site(entetes: Mapping[str, str], schema: str) -> bool:
    """``Origin`` (when sent) is this very origin: scheme and host (``http://`` is not
    ``https://``: a page over plain HTTP must not post to the HTTPS site). ``schema``
    is the request's, as the trusted proxy said (``X-Forwarded-Proto``) behind one."""
    if entetes.get("sec-fetch-site", "same-origin") not in ("same-origin", "none"):
        return False
    origine = entetes.get("origin")
    if origine is None:
        return True
    lue = urlsplit(origine)
    return origine != "null" and lue.scheme.lower() == schema.lower() and \
        lue.netloc.lower() == entetes.get("host", "").lower()


class ProtectionCsrf:
    """Placed inside the session middleware (it reads ``scope["session"]``)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method", "GET") in SURES:
            await self.app(scope, receive, send)
            return
        entetes = _entetes(scope)
        if entetes.get("authorization", "").lower().startswith("bearer "):
            await self.app(scope, receive, send)
            return
        if not _meme_site(entetes, str(scope.get("scheme", "http"))):
            await repondre_erreur(send, 403, origine_refusee(), scope)
            return
        session = scope.get("session") or {}
        attendu = jeton_csrf(session)
        if "email" not in session or str(scope.get("path", "")).endswith(EXEMPTES):
            await self.app(scope, receive, send)
            return
        presente = entetes.get(ENTETE)
        genre = entetes.get("content-type", "").split(";")[0].strip().lower()
        if presente is None and genre in FORMULAIRES:
            corps, receive = await _relire(receive)
            formulaire = await Request(scope, _rejouer(corps)).form()
            champ = formulaire.get(CHAMP)
            presente = champ if isinstance(champ, str) else None
        if attendu is None or presente is None or not hmac.compare_digest(
                presente.encode(), attendu.encode()):
            await repondre_erreur(send, 403, csrf_refuse(), scope)
            return
        await self.app(scope, receive, send)


async def _relire(receive: Receive) -> tuple[bytes, Receive]:
    """The whole body (bounded by the size limit outside), and a ``receive`` replaying it."""
    morceaux = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        morceaux.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    corps = b"".join(morceaux)
    return corps, _rejouer(corps, receive)


def _rejouer(corps: bytes, ensuite: Receive | None = None) -> Receive:
    """Gives ``corps`` once, then what ``ensuite`` gives (the client's disconnect)."""
    envoye = False

    async def recevoir() -> Message:
        nonlocal envoye
        if envoye:
            return await ensuite() if ensuite is not None else {"type": "http.disconnect"}
        envoye = True
        return {"type": "http.request", "body": corps, "more_body": False}

    return recevoir


__all__ = ["CHAMP", "ENTETE", "ProtectionCsrf", "csrf_refuse", "jeton_csrf", "nouveau_jeton",
           "origine_refusee"]
