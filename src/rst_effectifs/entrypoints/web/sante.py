"""``GET /sante``: 200 when the database answers and its schema is the one this
library expects, else 503; JSON either way, never a driver message."""

from __future__ import annotations

from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from ...application.contexte import Contexte
from ...bootstrap import schema_du_contexte
from ...domain.erreurs import ErreurRstEffectifs


def etat(ctx: Contexte) -> tuple[bool, dict[str, Any]]:
    """(healthy, what the answer says): the database reached through one read; on SQL,
    its revision compared with the one this library expects (``bootstrap.schema_du_contexte``)."""
    try:
        with ctx.unite_de_travail() as uow:
            uow.envois.compter()
    except ErreurRstEffectifs as erreur:
        return False, {"etat": "indisponible", "base": "injoignable", "code": erreur.code}
    try:
        schema = schema_du_contexte(ctx)
    except ErreurRstEffectifs as erreur:
        return False, {"etat": "indisponible", "base": "injoignable", "code": erreur.code}
    if schema is None:
        return True, {"etat": "ok", "base": "joignable", "schema": "sans_objet"}
    if schema.revision != schema.tete:
        return False, {"etat": "indisponible", "base": "joignable",
                       "schema": "a_migrer" if schema.connue else "inconnu",
                       "revision": schema.revision, "revision_attendue": schema.tete}
    return True, {"etat": "ok", "base": "joignable", "schema": "a_jour",
                  "revision": schema.revision}


async def sante(request: Request) -> Response:
    sain, corps = await run_in_threadpool(etat, request.app.state.ctx)
    return JSONResponse(corps, status_code=200 if sain else 503)


def routes_sante() -> list[BaseRoute]:
    return [Route("/sante", sante, methods=["GET"])]


__all__ = ["etat", "routes_sante"]
