"""Who calls (A6, A7): the caller of a request from its cookie session or its bearer
token, the sign-in routes, and the middleware stack every application mounts.

The seam with the API routes: ``await appelant(request)`` (``None``: not signed in,
answer 401), then ``resoudre_acces(ctx, appelant.email, adherent_id)``. The routes
read ``request.app.state.ctx`` and ``request.app.state.reglages``."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import attrs
from attrs import frozen
from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from ...application.acces import lister_adherents_accessibles
from ...application.appels import Appel
from ...application.compte import envoyer_en_attente
from ...application.connexion import (
    ConnexionDemandee,
    DemanderConnexion,
    ValiderConnexion,
    resoudre_jeton,
    trop_de_demandes_de_connexion,
)
from ...application.contexte import Contexte, executer
from ...domain.adherents import ANONYME
from ...domain.erreurs import AccesInterdit, DonneeInvalide, ErreurRstEffectifs
from ...domain.identifiants import Email
from ...formats.json.erreurs import erreur_en_json
from ...formats.json.statuts import statut_http
from .csrf import ProtectionCsrf, jeton_csrf
from .limites import LimiteParClient
from .mandataires import ClientReel, reseaux
from .reglages import NotifierConsole, Reglages
from .securite import AccessLog, EntetesDeSecurite, LimiteDeTaille
from .sessions import (
    CLE_SECRET,
    fermer_session_http,
    fermer_sessions_http,
    intergiciel_de_session,
    ouvrir_session_http,
)


@frozen
class Appelant:
    """``email`` the signed-in account's e-mail; ``par_cookie``: a cookie session (CSRF
    applies) rather than a bearer token."""

    email: Email
    par_cookie: bool


CLE_APPELANT = "rst_appelant"
"""Where the request's scope remembers its checked caller (``None``: nobody)."""


def connexion_requise() -> AccesInterdit:
    return AccesInterdit("Connectez-vous pour continuer.", code="connexion.requise",
                         regle="A6")


def contexte(request: Request) -> Contexte:
    """The application's context, knowing the settings' RST staff (sent sign-in codes);
    with the SMTP notifier of the settings when set, or, in development (no
    ``RST_EFFECTIFS_SECRET``) and with no notifier, the console."""
    ctx: Contexte = request.app.state.ctx
    r = reglages(request)
    if r.agents_rst and ctx.agents_rst != r.agents_rst:
        ctx = attrs.evolve(ctx, agents_rst=ctx.agents_rst | r.agents_rst)
    if r.smtp is not None:
        return attrs.evolve(ctx, notifier=r.smtp)
    if ctx.notifier is None and r.secret_genere:
        return attrs.evolve(ctx, notifier=NotifierConsole())
    return ctx


def reglages(request: Request) -> Reglages:
    trouves = getattr(request.app.state, "reglages", None)
    if trouves is None:
        trouves = request.app.state.reglages = Reglages.developpement()
    assert isinstance(trouves, Reglages)
    return trouves


@frozen
class Justificatif:
    """What a request presents to say who calls, not checked yet: a bearer token
    (``jeton``) or the secret of the stored session its signed cookie holds (``secret``).
    :meth:`verifier` checks it against the store in the caller's unit of work, so that an
    API request or a page checks who calls in the one unit it runs in (``Appel``)."""

    par_cookie: bool
    jeton: str = ""
    secret: object = None
    duree: dt.timedelta = dt.timedelta(0)
    inactivite: dt.timedelta = dt.timedelta(0)

    def verifier(self, appel: Appel, numero: str | None = None) -> Appelant | None:
        """The caller if the store still holds what was presented: an open session (a
        use), a valid token; ``None`` otherwise. Checked in ``appel``'s unit; ``numero``,
        the member number the request names, lets a session be read with that adherent
        and the caller's access (:meth:`Appel.session`)."""
        if not self.par_cookie:
            try:
                return Appelant(resoudre_jeton(appel.ctx, self.jeton), par_cookie=False)
            except ErreurRstEffectifs:
                return None
        email = appel.session(self.secret, self.duree, self.inactivite, numero=numero)
        return None if email is None else Appelant(email, par_cookie=True)


def justificatif(request: Request) -> Justificatif | None:
    """What the request presents (a bearer token first, else a signed-in cookie
    session), read without touching the store; ``None`` when it presents nothing."""
    autorisation = request.headers.get("authorization", "")
    if autorisation[:7].lower() == "bearer ":
        return Justificatif(par_cookie=False, jeton=autorisation[7:].strip())
    if "session" not in request.scope or not isinstance(request.session.get("email"), str):
        return None
    r = reglages(request)
    return Justificatif(par_cookie=True, secret=request.session.get(CLE_SECRET),
                        duree=dt.timedelta(seconds=r.duree_session),
                        inactivite=dt.timedelta(seconds=r.inactivite_session))


def verifier_dans(request: Request, appel: Appel, presente: Justificatif,
                  numero: str | None = None) -> Appelant | None:
    """:meth:`Justificatif.verifier` in ``appel``'s unit, remembered for the rest of the
    request (:func:`appelant` does not check again). In a worker thread."""
    trouve = presente.verifier(appel, numero)
    request.scope[CLE_APPELANT] = trouve
    return trouve


def _verifier_seul(request: Request, presente: Justificatif) -> Appelant | None:
    with Appel(contexte(request), ecriture=False) as appel:
        return verifier_dans(request, appel, presente)


async def appelant(request: Request) -> Appelant | None:
    """The caller: a bearer token (``Authorization: Bearer …``) if one is presented,
    else the cookie session's e-mail; ``None`` when neither signs anyone in (a token
    unknown, revoked or expired is ``None`` too). Checked in a unit of its own, once per
    request; a route with an ``Appel`` checks in it instead (:func:`verifier_dans`)."""
    if CLE_APPELANT in request.scope:
        deja: Appelant | None = request.scope[CLE_APPELANT]
        return deja
    presente = justificatif(request)
    if presente is None:
        request.scope[CLE_APPELANT] = None
        return None
    return await run_in_threadpool(_verifier_seul, request, presente)


def refus(erreur: ErreurRstEffectifs, **entetes: str) -> JSONResponse:
    """The library's error body with its HTTP status."""
    return JSONResponse(erreur_en_json(erreur), status_code=statut_http(erreur),
                        headers=entetes or None)


async def corps_de(request: Request) -> dict[str, Any]:
    """A JSON object or a form's fields (text values only)."""
    genre = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if genre in ("application/x-www-form-urlencoded", "multipart/form-data"):
        formulaire = await request.form()
        return {k: v for k, v in formulaire.items() if isinstance(v, str)}
    try:
        lu = json.loads(await request.body() or b"{}")
    except (ValueError, UnicodeDecodeError, RecursionError):  # deep nesting too
        raise DonneeInvalide("Le corps de la requête n'est pas du JSON valide.",
                             code="json.invalide") from None
    if not isinstance(lu, dict):
        raise DonneeInvalide("Le corps de la requête doit être un objet JSON.",
                             code="json.invalide")
    return lu


def _limite(request: Request) -> LimiteParClient:
    limite = getattr(request.app.state, "rst_limite_connexion", None)
    if limite is None:
        r = reglages(request)
        limite = request.app.state.rst_limite_connexion = LimiteParClient(
            r.connexions_par_client, r.fenetre_client)
    assert isinstance(limite, LimiteParClient)
    return limite


def _client(request: Request) -> str:
    return request.client.host if request.client is not None else "?"


def _limite_par_client(
    route: Callable[[Request], Any]
) -> Callable[[Request], Any]:
    async def limitee(request: Request) -> Response:
        if not _limite(request).accepter(_client(request)):
            return refus(trop_de_demandes_de_connexion(),
                         **{"retry-after": str(int(reglages(request).fenetre_client))})
        try:
            reponse: Response = await route(request)
        except ErreurRstEffectifs as erreur:
            return refus(erreur)
        return reponse

    return limitee


CLE_DEMANDE = "demande"
"""The session's key for the last sign-in request's secret (A6)."""


async def demander_code(request: Request, email: object) -> ConnexionDemandee:
    """The sign-in request, counted for this client; its secret kept in the session
    (the code only works with it, from this browser) and returned."""
    demandee: ConnexionDemandee = await run_in_threadpool(
        executer, contexte(request), ANONYME, DemanderConnexion(email, _client(request)))
    request.session[CLE_DEMANDE] = demandee.demande
    return demandee


def demande_de(request: Request, champs: dict[str, Any]) -> str:
    """The request's secret a code comes with: the body's ``demande``, else the
    session's (anything but a text is no request)."""
    demande = champs.get(CLE_DEMANDE) or request.session.get(CLE_DEMANDE)
    return demande if isinstance(demande, str) else ""


@_limite_par_client
async def demander(request: Request) -> Response:
    """POST /connexion/demande ``{"email"}``: 202 and the same answer for any address,
    with the request's secret (``demande``, also kept in the session); the code leaves
    after the answer (the outbox's sender runs in the background)."""
    corps = await corps_de(request)
    reponse = await demander_code(request, corps.get("email"))
    return JSONResponse({"message": reponse.message, "demande": reponse.demande},
                        status_code=202,
                        background=BackgroundTask(envoyer_en_attente, contexte(request)))


@_limite_par_client
async def valider(request: Request) -> Response:
    """POST /connexion/code ``{"email", "code"}``: opens the cookie session; answers the
    e-mail, the session's CSRF token and the adherents it may act on."""
    corps = await corps_de(request)
    ctx = contexte(request)
    email: Email = await run_in_threadpool(
        executer, ctx, ANONYME,
        ValiderConnexion(corps.get("email"), corps.get("code", ""), demande_de(request, corps)))
    jeton = await ouvrir_session_http(request, ctx, reglages(request), email)
    adherents = await run_in_threadpool(lister_adherents_accessibles, ctx, email)
    return JSONResponse({"email": email.valeur, "csrf": jeton, "adherents": [
        {"adherent_id": a.adherent_id, "numero": a.numero, "raison_sociale": a.raison_sociale,
         "roles": sorted(r.value for r in a.roles)} for a in adherents]})


async def deconnecter(request: Request) -> Response:
    """POST /deconnexion: the session ends on the server, for every copy of its cookie
    (CSRF checked like any change)."""
    await fermer_session_http(request, contexte(request))
    return JSONResponse({"deconnecte": True})


async def deconnecter_partout(request: Request) -> Response:
    """POST /deconnexion/partout: every session of the signed-in e-mail ends."""
    qui = await appelant(request)
    if qui is None:
        return refus(connexion_requise())
    await fermer_sessions_http(request, contexte(request), qui.email)
    return JSONResponse({"deconnecte": True})


async def session(request: Request) -> Response:
    """GET /session: who is signed in, and the CSRF token a page or script sends back."""
    qui = await appelant(request)
    if qui is None:
        return refus(connexion_requise())
    return JSONResponse({"email": qui.email.valeur, "par_cookie": qui.par_cookie,
                         "csrf": jeton_csrf(request.session) if qui.par_cookie else None})


def routes_connexion() -> list[BaseRoute]:
    """The sign-in routes (mounted by the app under ``/api/v1``, beside the token routes
    of :mod:`.jetons`)."""
    return [
        Route("/connexion/demande", demander, methods=["POST"]),
        Route("/connexion/code", valider, methods=["POST"]),
        Route("/deconnexion", deconnecter, methods=["POST"]),
        Route("/deconnexion/partout", deconnecter_partout, methods=["POST"]),
        Route("/session", session, methods=["GET"]),
    ]


def intergiciels(reglages: Reglages) -> list[Middleware]:
    """Outermost first: the real client behind the named proxies, the access log,
    security headers, the size limit, the cookie session, CSRF."""
    return [
        Middleware(ClientReel, proxies=reseaux(reglages.proxies)),
        Middleware(AccessLog),
        Middleware(EntetesDeSecurite, https=reglages.https),
        Middleware(LimiteDeTaille, taille_max=reglages.taille_max,
                   taille_max_televersement=reglages.taille_max_televersement),
        intergiciel_de_session(reglages),
        Middleware(ProtectionCsrf),
    ]


__all__ = [
    "Appelant",
    "Justificatif",
    "appelant",
    "connexion_requise",
    "contexte",
    "corps_de",
    "intergiciels",
    "justificatif",
    "refus",
    "reglages",
    "routes_connexion",
    "verifier_dans",
]
