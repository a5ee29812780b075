"""The portal's ASGI application: ``creer_application(ctx, reglages)``.

It mounts ``/api/v1`` (the generic handler over the route table, the OpenAPI document,
the sign-in and token routes), ``/sante`` and the pages, under the middleware of
``.authentification``. The API reads who calls through ``app.state.justificatif``: what
the request presents, checked in the request's own unit of work.
"""

from __future__ import annotations

import importlib.util
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Mount, Route

from ...application.contexte import Contexte
from .api import reponse_interne, routes_api
from .authentification import intergiciels, justificatif, routes_connexion
from .compression import CompressionMemeSite
from .jetons import routes_jetons
from .openapi import PREFIXE, document_openapi
from .pagination import Curseurs
from .reglages import Reglages
from .sante import routes_sante
from .securite import entetes_de_securite

__all__ = ["creer_application"]


async def _openapi(request: Request) -> Response:
    document: dict[str, Any] = request.app.state.openapi
    return JSONResponse(document)


async def _http(request: Request, exc: Exception) -> Response:
    """Unknown path or method: the library's error body shape, not Starlette's text."""
    statut = exc.status_code if isinstance(exc, HTTPException) else 500
    if statut >= 500:
        return reponse_interne()
    code = {404: "http.introuvable", 405: "http.methode_interdite"}.get(statut, "http.refus")
    message = {404: "Cette adresse n'existe pas.",
               405: "Cette méthode n'est pas permise sur cette adresse."}.get(
                   statut, "Requête refusée.")
    return JSONResponse({"code": code, "regle": "", "message": message, "chemin": None,
                         "details": {}}, statut)


async def _interne(request: Request, exc: Exception) -> Response:
    """Starlette's last resort for an exception no route caught (it logs it and
    re-raises it to the server): the generic body, with the security headers its
    ``ServerErrorMiddleware``, outside every middleware, would otherwise go without."""
    reponse = reponse_interne()
    reglages: Reglages | None = getattr(request.app.state, "reglages", None)
    reponse.headers.update(entetes_de_securite(reglages is not None and reglages.https))
    return reponse


def _pages() -> list[BaseRoute]:
    """The member portal's pages and their static files, when the ``portail`` extra
    (Jinja2) is installed; the API alone does without."""
    if importlib.util.find_spec("jinja2") is None:  # pragma: no cover - portail extra
        return []
    from .pages import routes_pages
    from .statiques import routes_statiques

    return [*routes_pages(), *routes_statiques()]


def creer_application(ctx: Contexte, reglages: Reglages | None = None) -> Starlette:
    """The portal over ``ctx`` (kept in ``app.state.ctx``, ``reglages`` in
    ``app.state.reglages``; by default read from the environment): the API under
    ``/api/v1`` with its sign-in routes, ``/sante``, the hardening middleware, and the
    pages gzipped for requests from this site (:mod:`.compression`)."""
    reglages = reglages or Reglages.depuis_environnement()
    routes_v1 = [*routes_api(), Route("/openapi.json", _openapi, methods=["GET"]),
                 *routes_connexion(), *routes_jetons()]
    app = Starlette(routes=[Mount(PREFIXE, routes=routes_v1), *routes_sante(), *_pages()],
                    middleware=[*intergiciels(reglages), Middleware(CompressionMemeSite)],
                    exception_handlers={HTTPException: _http, Exception: _interne})
    app.state.ctx = ctx
    app.state.reglages = reglages
    app.state.justificatif = justificatif
    app.state.curseurs = Curseurs(reglages.secret)
    app.state.openapi = document_openapi()
    return app
