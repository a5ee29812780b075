"""Hardening middlewares (pure ASGI): security headers on every answer, request size
limits (413 in the library's error body), and one access-log line per request that
holds neither query values nor path values (a NIR, a token or a code could be there):
method, route template, status, duration."""

from __future__ import annotations

import html
import json
import logging
import time

from starlette.requests import ClientDisconnect
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ...domain.erreurs import DonneeInvalide, ErreurRstEffectifs
from ...formats.json.erreurs import erreur_en_json

access_logger = logging.getLogger("rst_effectifs.web.acces")

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
"""No inline script nor style, no framing, forms post to this site only."""

ENTETES: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
)
HSTS = (b"strict-transport-security", b"max-age=31536000; includeSubDomains")

TYPES_TELEVERSEMENT = ("multipart/form-data", "text/csv", "application/octet-stream",
                       "text/plain")
"""Bodies that are files (DSN, CSV): bounded by the upload limit, not the request one."""


def entetes_de_securite(https: bool = False) -> dict[str, str]:
    """:data:`ENTETES` (HSTS too behind HTTPS) and ``Cache-Control: no-store``, for an
    answer written outside :class:`EntetesDeSecurite`: Starlette's last-resort 500 is
    sent by its ``ServerErrorMiddleware``, which wraps every other middleware."""
    entetes = (*ENTETES, HSTS) if https else ENTETES
    return {nom.decode(): valeur.decode() for nom, valeur in (*entetes,
                                                              (b"cache-control", b"no-store"))}


class EntetesDeSecurite:
    """Adds :data:`ENTETES` (and HSTS behind HTTPS) to every HTTP answer, and
    ``Cache-Control: no-store`` to those that did not set one."""

    def __init__(self, app: ASGIApp, https: bool = False) -> None:
        self.app = app
        self.entetes = (*ENTETES, HSTS) if https else ENTETES

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def envoyer(message: Message) -> None:
            if message["type"] == "http.response.start":
                presents = {nom.lower() for nom, _v in message.get("headers", [])}
                entetes = list(message.get("headers", []))
                entetes += [(n, v) for n, v in self.entetes if n not in presents]
                if b"cache-control" not in presents:
                    entetes.append((b"cache-control", b"no-store"))
                message = {**message, "headers": entetes}
            await send(message)

        await self.app(scope, receive, envoyer)


def cadrage_ambigu() -> DonneeInvalide:
    """Both ``Content-Length`` and ``Transfer-Encoding``: two ways to frame one body,
    which a proxy in front may read otherwise (request smuggling, RFC 9112 6.1)."""
    return DonneeInvalide("La requête porte à la fois Content-Length et Transfer-Encoding.",
                          code="requete.entete_invalide", chemin="Transfer-Encoding")


def en_mo(octets: int) -> str:
    """``20_000_000`` → ``20 Mo``, ``1_500_000`` → ``1,5 Mo``, ``50_000`` → ``50 ko``: a
    size as a member reads it (decimal units, as the limits are set)."""
    for unite, taille in (("Mo", 1_000_000), ("ko", 1_000)):
        if octets >= taille:
            texte = f"{octets / taille:.1f}".rstrip("0").rstrip(".").replace(".", ",")
            return f"{texte} {unite}"
    return f"{octets} octets"


def trop_gros(limite: int) -> DonneeInvalide:
    return DonneeInvalide(f"La requête dépasse la taille permise ({en_mo(limite)}).",
                          code="requete.trop_grande", details={"limite": limite})


CHEMIN_TROP_GROS = "fichier-trop-gros"
"""The portal page that answers a browser's upload over the limit (with its menu)."""
CLE_TROP_GROS = "rst_trop_gros"
"""The scope key that carries the limit passed to that page."""


def _page_trop_grosse(scope: Scope) -> bool:
    """A browser's page (not the API, HTML accepted): answered by a portal page."""
    return not str(scope.get("path", "")).startswith("/api/") and \
        "text/html" in (_entete(scope, b"accept") or "")


async def _vide() -> Message:
    return {"type": "http.request", "body": b"", "more_body": False}


async def repondre_erreur(send: Send, statut: int, erreur: ErreurRstEffectifs,
                          scope: Scope | None = None) -> None:
    """The library's error body; for a browser's page (not ``/api/``, HTML accepted) a
    short French HTML page, so that a person whose form is refused reads why, not JSON."""
    if scope is not None and not str(scope.get("path", "")).startswith("/api/") and \
            "text/html" in (_entete(scope, b"accept") or ""):
        genre, corps = b"text/html; charset=utf-8", page_de_refus(erreur).encode()
    else:
        genre = b"application/json"
        corps = json.dumps(erreur_en_json(erreur), ensure_ascii=False).encode()
    await send({"type": "http.response.start", "status": statut, "headers": [
        (b"content-type", genre), (b"content-length", str(len(corps)).encode()),
        (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": corps})


def page_de_refus(erreur: ErreurRstEffectifs) -> str:
    """A refusal made before any page handler runs (CSRF, size): no template needed."""
    return ('<!doctype html><html lang="fr"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            '<title>Demande refusée – Portail adhérent RST</title>'
            '<link rel="stylesheet" href="/statique/portail.css"></head><body>'
            '<main id="contenu"><h1>Demande refusée</h1>'
            f'<p class="message refus" role="alert">{html.escape(erreur.message)}</p>'
            '<p><a href="/">Revenir au portail</a></p></main></body></html>')


def _entete(scope: Scope, nom: bytes) -> str | None:
    for cle, valeur in scope.get("headers", []):
        if cle.lower() == nom:
            return bytes(valeur).decode("latin-1")
    return None


class LimiteDeTaille:
    """413 (``requete.trop_grande``) for a body over ``taille_max`` bytes, or over
    ``taille_max_televersement`` for a file (:data:`TYPES_TELEVERSEMENT`): at once from
    ``Content-Length``, else as soon as the streamed (chunked) body passes it — then
    reading the body raises that refusal, which every handler answers like any other
    (413); 400 for a request framed by both ``Content-Length`` and
    ``Transfer-Encoding``."""

    def __init__(self, app: ASGIApp, taille_max: int, taille_max_televersement: int) -> None:
        self.app = app
        self.taille_max, self.televersement = taille_max, taille_max_televersement

    def limite(self, scope: Scope) -> int:
        genre = (_entete(scope, b"content-type") or "").split(";")[0].strip().lower()
        return self.televersement if genre in TYPES_TELEVERSEMENT else self.taille_max

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limite = self.limite(scope)
        longueur = _entete(scope, b"content-length")
        if longueur is not None and _entete(scope, b"transfer-encoding") is not None:
            await repondre_erreur(send, 400, cadrage_ambigu(), scope)
            return
        if longueur is not None and (not longueur.strip().isdigit() or int(longueur) > limite):
            await self._refuser(scope, send, limite)
            return
        recu = 0
        commence = False
        refus: DonneeInvalide | None = None  # made when needed: most requests fit

        async def recevoir() -> Message:
            nonlocal recu, refus
            message = await receive()
            if message["type"] == "http.request":
                recu += len(message.get("body", b""))
                if recu > limite:
                    refus = trop_gros(limite)
                    raise refus
            return message

        async def envoyer(message: Message) -> None:
            nonlocal commence
            if message["type"] == "http.response.start":
                commence = True
            await send(message)

        try:
            await self.app(scope, recevoir, envoyer)
        except DonneeInvalide as erreur:  # a handler that let the refusal through
            if refus is None or erreur is not refus:
                raise
            if not commence:
                await self._refuser(scope, send, limite)

    async def _refuser(self, scope: Scope, send: Send, limite: int) -> None:
        """413: the library's error body, or for a browser's page the portal's page
        ``…/fichier-trop-gros`` (a GET of the same adherent's pages, its menu and the
        limit in Mo), the body never read."""
        if not _page_trop_grosse(scope):
            await repondre_erreur(send, 413, trop_gros(limite), scope)
            return
        morceaux = str(scope.get("path", "")).split("/")
        cible = "/".join([*morceaux[:3], CHEMIN_TROP_GROS]) if len(morceaux) > 3 and \
            morceaux[1] == "adherents" else "/" + CHEMIN_TROP_GROS
        entetes = [(k, v) for k, v in scope.get("headers", [])
                   if k.lower() not in (b"content-type", b"content-length")]
        page = {**scope, "method": "GET", "path": cible, "raw_path": cible.encode(),
                "query_string": b"", "headers": entetes, CLE_TROP_GROS: limite}

        async def envoyer(message: Message) -> None:
            if message["type"] == "http.response.start":  # the body was not read: the
                # connection cannot carry another request (the server closes it)
                entetes = [(k, v) for k, v in message.get("headers", [])
                           if k.lower() != b"connection"]
                message = {**message, "status": 413,
                           "headers": [*entetes, (b"connection", b"close")]}
            await send(message)

        await self.app(page, _vide, envoyer)



def gabarit(scope: Scope) -> str:
    """The path with each path parameter's value replaced by ``{name}``; a path no
    route matched is not logged at all (it may hold anything)."""
    if "endpoint" not in scope:
        return "<hors route>"
    chemin: str = scope.get("path", "")  # the whole path (ASGI: root_path included)
    parametres = scope.get("path_params") or {}
    segments = chemin.split("/")
    for nom, valeur in parametres.items():
        texte = str(valeur)
        segments = [f"{{{nom}}}" if s == texte else s for s in segments]
    return "/".join(segments)


STATUT_CLIENT_PARTI = 499
"""Logged for a request whose client left before its body was read (nginx's code)."""


class AccessLog:
    """One line per HTTP request on ``rst_effectifs.web.acces``:
    ``METHOD template status duration_ms``; never the query string nor a header. A
    client that leaves mid-body is that one line (:data:`STATUT_CLIENT_PARTI`), not a
    traceback: nobody is left to answer."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        debut = time.perf_counter()
        statut = 500

        async def envoyer(message: Message) -> None:
            nonlocal statut
            if message["type"] == "http.response.start":
                statut = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, envoyer)
        except ClientDisconnect:
            statut = STATUT_CLIENT_PARTI
        finally:
            access_logger.info("%s %s %d %.1fms", scope.get("method", "?"), gabarit(scope),
                               statut, (time.perf_counter() - debut) * 1000)



__all__ = [
    "CHEMIN_TROP_GROS",
    "CLE_TROP_GROS",
    "CSP",
    "ENTETES",
    "STATUT_CLIENT_PARTI",
    "AccessLog",
    "EntetesDeSecurite",
    "LimiteDeTaille",
    "access_logger",
    "cadrage_ambigu",
    "en_mo",
    "entetes_de_securite",
    "gabarit",
    "repondre_erreur",
    "trop_gros",
]
