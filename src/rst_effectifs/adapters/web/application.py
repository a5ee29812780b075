"""The portal's ASGI application: ``creer_application(ctx, reglages)``.

It mounts ``/api/v1`` (the generic handler over the route table, and the OpenAPI
document) and, when the authentication module (``.authentification``, w2) is present,
its sign-in routes and middleware, and reads the caller through its ``appelant``.
Without it nobody is signed in: every route but the public ones answers 401.
"""

from __future__ import annotations

import importlib
import secrets
from types import ModuleType
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route

from ...application.contexte import Contexte
from .api import AppelantIdentifie, reponse_interne, routes_api
from .openapi import PREFIXE, document_openapi
from .pagination import Curseurs

__all__ = ["creer_application"]


def _module(nom: str) -> ModuleType | None:
    """An optional sibling module (w2's authentication and settings)."""
    try:
        return importlib.import_module(f"{__package__}.{nom}")
    except ModuleNotFoundError as erreur:
        if erreur.name != f"{__package__}.{nom}":
            raise
        return None


async def _personne(_request: Request) -> AppelantIdentifie | None:
    """No authentication module installed: nobody is signed in."""
    return None


def _cle(reglages: Any) -> str:
    """The key cursors are signed with: the settings' secret, else one per process."""
    for nom in ("cle_secrete", "secret", "cle"):
        valeur = getattr(reglages, nom, None)
        if isinstance(valeur, str | bytes) and valeur:
            return valeur if isinstance(valeur, str) else valeur.hex()
    return secrets.token_urlsafe(32)


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
    return reponse_interne()


def creer_application(ctx: Contexte, reglages: object | None = None) -> Starlette:
    """The portal over ``ctx`` (kept in ``app.state.ctx``, ``reglages`` in
    ``app.state.reglages``)."""
    authentification = _module("authentification")
    if reglages is None:
        module_reglages = _module("reglages")
        if module_reglages is not None and authentification is not None:
            reglages = module_reglages.Reglages.depuis_environnement()
    routes_v1 = [*routes_api(), Route("/openapi.json", _openapi, methods=["GET"])]
    intergiciels: list[Middleware] = []
    if authentification is not None:
        routes_v1 += authentification.routes_connexion()
        intergiciels = list(authentification.intergiciels(reglages))
    app = Starlette(routes=[Mount(PREFIXE, routes=routes_v1)], middleware=intergiciels,
                    exception_handlers={HTTPException: _http, Exception: _interne})
    app.state.ctx = ctx
    app.state.reglages = reglages
    app.state.appelant = (authentification.appelant if authentification is not None
                          else _personne)
    app.state.curseurs = Curseurs(_cle(reglages))
    app.state.openapi = document_openapi()
    return app


