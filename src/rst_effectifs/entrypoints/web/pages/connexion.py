"""The pages outside any adherent: sign-in by the account's e-mail (a code sent to it,
15 minutes, single use), sign-out, the choice of the adherent (an accountant has
several) and the forgotten declarant number (A2, public)."""

from __future__ import annotations

from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from ....application.acces import lister_adherents_accessibles
from ....application.commandes import RecupererNumeroTeledeclarant
from ....application.compte import envoyer_en_attente
from ....application.connexion import ValiderConnexion, trop_de_demandes_de_connexion
from ....application.contexte import Contexte
from ....domain.adherents import ANONYME
from ....domain.erreurs import ErreurRstEffectifs
from ....domain.identifiants import Email
from ....domain.textes import normaliser
from ....formats.json import statut_http
from ..authentification import (
    _client,
    _limite,
    appelant,
    contexte,
    demande_de,
    demander_code,
    reglages,
)
from ..sessions import fermer_session_http, fermer_sessions_http, ouvrir_session_http
from .gabarits import libelle_roles
from .outils import formulaire, page_connectee, rediriger, rendre, soumettre, suite_locale


async def accueil(request: Request) -> Response:
    """``/``: the adherents of the signed-in e-mail, else the sign-in page."""
    return RedirectResponse("/adherents" if await appelant(request) else "/connexion", 303)


async def page_connexion(request: Request) -> Response:
    return rendre(request, "connexion.html", suite=suite_locale(request.query_params.get(
        "suite")), email=request.query_params.get("email", ""))


def _trop_vite(request: Request) -> ErreurRstEffectifs | None:
    """The per-client limit the API's sign-in routes apply too."""
    return None if _limite(request).accepter(_client(request)) else \
        trop_de_demandes_de_connexion()


async def demander(request: Request) -> Response:
    """The code goes to the address, after the answer; the same answer for any address."""
    champs = dict(await formulaire(request))
    suite = suite_locale(champs.get("suite"))
    refus = _trop_vite(request)
    try:
        if refus is not None:
            raise refus
        await demander_code(request, champs.get("email", ""))
    except ErreurRstEffectifs as erreur:
        return rendre(request, "connexion.html", statut=statut_http(erreur), erreur=erreur,
                      suite=suite, email=champs.get("email", ""))
    adresse = champs.get("email", "").strip()
    reponse = RedirectResponse(
        "/connexion/code?" + _parametres_url(email=adresse, suite=suite), status_code=303,
        background=BackgroundTask(envoyer_en_attente, contexte(request)))
    return reponse


def _parametres_url(**valeurs: str) -> str:
    from urllib.parse import urlencode

    return urlencode(valeurs)


async def page_code(request: Request) -> Response:
    return rendre(request, "code.html", email=request.query_params.get("email", ""),
                  suite=suite_locale(request.query_params.get("suite")))


async def valider(request: Request) -> Response:
    """A right code opens a new session (whatever the old one held) and goes on."""
    champs = dict(await formulaire(request))
    suite = suite_locale(champs.get("suite"))
    refus = _trop_vite(request)
    try:
        if refus is not None:
            raise refus
        email: Email = await soumettre(request, ANONYME, ValiderConnexion(
            champs.get("email", ""), champs.get("code", ""), demande_de(request, {})))
    except ErreurRstEffectifs as erreur:
        return rendre(request, "code.html", statut=statut_http(erreur), erreur=erreur,
                      suite=suite, email=champs.get("email", ""))
    await ouvrir_session_http(request, contexte(request), reglages(request), email)
    return rediriger(request, suite, "Vous êtes connecté.")


async def deconnecter(request: Request) -> Response:
    await fermer_session_http(request, contexte(request))
    return rediriger(request, "/connexion", "Vous êtes déconnecté.")


async def deconnecter_partout(request: Request) -> Response:
    """Every session of the signed-in e-mail ends (another browser, a lost phone)."""
    qui = await appelant(request)
    if qui is not None:
        await fermer_sessions_http(request, contexte(request), qui.email)
    return rediriger(request, "/connexion", "Vous êtes déconnecté partout.")


@page_connectee
async def choix_adherent(request: Request, email: Email, ctx: Contexte) -> Response:
    """One adherent: straight to its dashboard; several: the list to choose from."""
    adherents = sorted(
        await run_in_threadpool(lister_adherents_accessibles, ctx, email),
        key=lambda a: (normaliser(a.raison_sociale), a.numero))  # by name, every time
    if len(adherents) == 1:
        return RedirectResponse(f"/adherents/{adherents[0].numero}", status_code=303)
    return rendre(request, "adherents.html", email=email.valeur, adherents=adherents,
                  roles={a.adherent_id: libelle_roles(a.roles) for a in adherents})


async def numero_teledeclarant(request: Request) -> Response:
    """A2: the same answer whatever the address; the number leaves by the outbox."""
    if request.method == "GET":
        return rendre(request, "numero_teledeclarant.html", envoye=False, email="")
    champs = dict(await formulaire(request))
    try:
        await soumettre(request, ANONYME, RecupererNumeroTeledeclarant(champs.get("email", "")))
    except ErreurRstEffectifs as erreur:
        return rendre(request, "numero_teledeclarant.html", statut=statut_http(erreur),
                      erreur=erreur, envoye=False, email=champs.get("email", ""))
    reponse = rendre(request, "numero_teledeclarant.html", envoye=True, email="")
    reponse.background = BackgroundTask(envoyer_en_attente, contexte(request))
    return reponse


ROUTES: list[BaseRoute] = [
    Route("/", accueil, methods=["GET"]),
    Route("/connexion", page_connexion, methods=["GET"]),
    Route("/connexion/demande", demander, methods=["POST"]),
    Route("/connexion/code", page_code, methods=["GET"]),
    Route("/connexion/code", valider, methods=["POST"]),
    Route("/deconnexion", deconnecter, methods=["POST"]),
    Route("/deconnexion/partout", deconnecter_partout, methods=["POST"]),
    Route("/adherents", choix_adherent, methods=["GET"]),
    Route("/numero-teledeclarant", numero_teledeclarant, methods=["GET", "POST"]),
]
