"""The bearer-token routes (A7): a signed-in person (cookie session only: a token does
not mint tokens) lists, issues and revokes the tokens of its e-mail. ``adherent_id``
(query or body) names the access it acts through; by default its first adherent."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from ...application.appels import Appel
from ...application.commandes import Commande
from ...application.connexion import (
    EmettreJeton,
    JetonEmis,
    JetonListe,
    ListerJetons,
    RevoquerJeton,
)
from ...application.contexte import PAR_COMMANDE, Contexte, executer
from ...domain.adherents import Acces
from ...domain.erreurs import AccesInterdit, ErreurRstEffectifs, adherent_introuvable
from ...domain.identifiants import Email
from .authentification import appelant, connexion_requise, contexte, corps_de, refus


def _en_json(jeton: JetonListe) -> dict[str, Any]:
    return {"jeton_id": jeton.jeton_id, "libelle": jeton.libelle,
            "cree": jeton.cree.isoformat(),
            "expire": None if jeton.expire is None else jeton.expire.isoformat(),
            "revoque": None if jeton.revoque is None else jeton.revoque.isoformat()}


def _dans_un_appel(ctx: Contexte, email: Email, adherent_id: object,
                   commande: Callable[[Acces], Commande], ecriture: bool) -> Any:
    """One unit of work: the caller's access on the adherent it names (by default its
    first one), then the use case."""
    if adherent_id is not None and not isinstance(adherent_id, str):
        raise adherent_introuvable()
    with Appel(ctx, ecriture=ecriture) as appel:
        _adherent, acces = appel.entrer(email, adherent_id=adherent_id)
        return executer(appel.ctx, acces, commande(acces))


async def _executer(request: Request, adherent_id: object, type_commande: type[Commande],
                    commande: Callable[[Acces], Commande]) -> Any:
    qui = await appelant(request)
    if qui is None:
        raise connexion_requise()
    if not qui.par_cookie:
        raise AccesInterdit("Les jetons se gèrent depuis une session du portail, pas avec "
                            "un jeton.", code="acces.interdit", regle="A7")
    return await run_in_threadpool(_dans_un_appel, contexte(request), qui.email, adherent_id,
                                   commande, PAR_COMMANDE[type_commande].ecrit)


async def lister(request: Request) -> Response:
    try:
        liste = await _executer(request, request.query_params.get("adherent_id"),
                                ListerJetons, lambda acces: ListerJetons(acces.adherent_id))
    except ErreurRstEffectifs as erreur:
        return refus(erreur)
    return JSONResponse([_en_json(j) for j in liste])


async def emettre(request: Request) -> Response:
    """201 with the token's text, shown this once."""
    try:
        corps = await corps_de(request)
        emis: JetonEmis = await _executer(
            request, corps.get("adherent_id"), EmettreJeton, lambda acces: EmettreJeton(
                acces.adherent_id, corps.get("libelle", ""), corps.get("jours", 90)))
    except ErreurRstEffectifs as erreur:
        return refus(erreur)
    return JSONResponse({"jeton_id": emis.jeton_id, "jeton": emis.texte,
                         "libelle": emis.libelle, "expire": emis.expire.isoformat()},
                        status_code=201)


async def revoquer(request: Request) -> Response:
    try:
        revoque = await _executer(request, request.query_params.get("adherent_id"),
                                  RevoquerJeton, lambda acces: RevoquerJeton(
                                      acces.adherent_id, request.path_params["jeton_id"]))
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
