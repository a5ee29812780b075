"""The bearer-token routes (A7): a signed-in person (cookie session only: a token does
not mint tokens) lists, issues and revokes the tokens of its e-mail. ``adherent_id``
(query or body) names the access it acts through; by default its first adherent."""

from __future__ import annotations

from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from ...application.acces import lister_adherents_accessibles, resoudre_acces
from ...application.connexion import (
    EmettreJeton,
    JetonEmis,
    JetonListe,
    ListerJetons,
    RevoquerJeton,
)
from ...application.contexte import Contexte, executer
from ...domain.adherents import Acces
from ...domain.erreurs import AccesInterdit, ErreurRstEffectifs, adherent_introuvable
from ...domain.identifiants import Email
from .authentification import appelant, connexion_requise, contexte, corps_de, refus


def _en_json(jeton: JetonListe) -> dict[str, Any]:
    return {"jeton_id": jeton.jeton_id, "libelle": jeton.libelle,
            "cree": jeton.cree.isoformat(),
            "expire": None if jeton.expire is None else jeton.expire.isoformat(),
            "revoque": None if jeton.revoque is None else jeton.revoque.isoformat()}


def _acces(ctx: Contexte, email: Email, adherent_id: object) -> Acces:
    if adherent_id is None:
        accessibles = lister_adherents_accessibles(ctx, email)
        if not accessibles:
            raise adherent_introuvable()
        adherent_id = accessibles[0].adherent_id
    return resoudre_acces(ctx, email, adherent_id)  # type: ignore[arg-type]


async def _acteur(request: Request, adherent_id: object) -> tuple[Contexte, Acces]:
    qui = await appelant(request)
    if qui is None:
        raise connexion_requise()
    if not qui.par_cookie:
        raise AccesInterdit("Les jetons se gèrent depuis une session du portail, pas avec "
                            "un jeton.", code="acces.interdit", regle="A7")
    ctx = contexte(request)
    return ctx, await run_in_threadpool(_acces, ctx, qui.email, adherent_id)


async def lister(request: Request) -> Response:
    try:
        ctx, acteur = await _acteur(request, request.query_params.get("adherent_id"))
        liste = await run_in_threadpool(executer, ctx, acteur, ListerJetons(acteur.adherent_id))
    except ErreurRstEffectifs as erreur:
        return refus(erreur)
    return JSONResponse([_en_json(j) for j in liste])


async def emettre(request: Request) -> Response:
    """201 with the token's text, shown this once."""
    try:
        corps = await corps_de(request)
        ctx, acteur = await _acteur(request, corps.get("adherent_id"))
        commande = EmettreJeton(acteur.adherent_id, corps.get("libelle", ""),
                                corps.get("jours", 90))
        emis: JetonEmis = await run_in_threadpool(executer, ctx, acteur, commande)
    except ErreurRstEffectifs as erreur:
        return refus(erreur)
    return JSONResponse({"jeton_id": emis.jeton_id, "jeton": emis.texte,
                         "libelle": emis.libelle, "expire": emis.expire.isoformat()},
                        status_code=201)


async def revoquer(request: Request) -> Response:
    try:
        ctx, acteur = await _acteur(request, request.query_params.get("adherent_id"))
        revoque = await run_in_threadpool(executer, ctx, acteur, RevoquerJeton(
            acteur.adherent_id, request.path_params["jeton_id"]))
    except ErreurRstEffectifs as erreur:
        return refus(erreur)
    return JSONResponse(_en_json(revoque))


def routes_jetons() -> list[BaseRoute]:
    return [
        Route("/jetons", lister, methods=["GET"]),
        Route("/jetons", emettre, methods=["POST"]),
        Route("/jetons/{jeton_id}", revoquer, methods=["DELETE"]),
    ]


__all__ = ["routes_jetons"]
