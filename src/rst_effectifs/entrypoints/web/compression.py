"""The portal's pages gzipped, for requests the browser says come from this site only.

A page holds secrets (the session's CSRF token, NIRs) next to text a request can put in
it (the list's search): compressing both together lets an attacker who sees the sizes
and makes the victim's browser send many requests guess the secret (BREACH). Such
requests come from another site; browsers say so (``Sec-Fetch-Site: cross-site``), and
the session cookie (``SameSite=Lax``) is not even sent with another site's
sub-requests. So a response is compressed only when the request comes from this site
(``same-origin``) or from the member typing the address (``none``); without the header
(another client, an old browser) it is not. Starlette's ``GZipMiddleware`` does the
compressing (answers already encoded, the static files, are left as they are)."""

from __future__ import annotations

from starlette.middleware.gzip import GZipMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

SITES_SURS = frozenset({b"same-origin", b"none"})
TAILLE_MIN = 1000
"""Bytes under which an answer is sent as it is (compressing it would gain nothing)."""


class CompressionMemeSite:
    """gzip for requests from this site (``Sec-Fetch-Site``), as the module says."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.gzip = GZipMiddleware(app, minimum_size=TAILLE_MIN, compresslevel=6)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        site = next((v for k, v in scope.get("headers", []) if k.lower() == b"sec-fetch-site"),
                    None)
        if site not in SITES_SURS:
            await self.app(scope, receive, _varier(send))
            return
        await self.gzip(scope, receive, _varier(send))


def _varier(send: Send) -> Send:
    """``Vary: Sec-Fetch-Site`` on every answer: its encoding depends on that header."""
    async def envoyer(message: Message) -> None:
        if message["type"] == "http.response.start":
            entetes = list(message.get("headers", []))
            entetes.append((b"vary", b"Sec-Fetch-Site"))
            message = {**message, "headers": entetes}
        await send(message)

    return envoyer


__all__ = ["SITES_SURS", "CompressionMemeSite"]
