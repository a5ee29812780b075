"""What every page handler shares: who is signed in on which adherent (:class:`Espace`),
the decorators that guard a page, running a command through ``executer`` off the event
loop, reading a form into a command, and rendering a template with the session's CSRF
token, its one-time messages and the menu.

The pages follow post/redirect/get: a form posts, a success redirects (303) with a
message, a refusal renders the same page again with the library's French message next
to the field it names (``chemin``) and the error's HTTP status."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Mapping
from typing import Any, TypeVar
from urllib.parse import quote

import anyio
from attrs import field, frozen
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from ....application.acces import lister_adherents_accessibles
from ....application.appels import Appel
from ....application.contexte import Contexte, executer
from ....domain.adherents import ANONYME, Acces, Acteur, Adherent, Anonyme, Role
from ....domain.comptes import voit_les_nir
from ....domain.erreurs import ErreurRstEffectifs
from ....domain.identifiants import Email
from ....domain.nir import Nir
from ....formats.json import statut_http, structurer_formulaire
from ..api import TENTATIVES
from ..authentification import Justificatif, contexte, justificatif, verifier_dans
from ..csrf import CHAMP, SURES, jeton_csrf
from .gabarits import ENVIRONNEMENT

T = TypeVar("T")
CLE_MESSAGES = "messages"
CLE_APPEL = "rst_appel"
"""Where a page of an adherent keeps its :class:`Appel` in the request's scope: every
command the page submits runs in the page's one unit of work."""

MENU: tuple[tuple[str, str, frozenset[Role] | None], ...] = (
    ("", "Tableau de bord", None),
    ("/postes", "Mes postes", None),
    ("/salaries", "Mes salariés", None),
    ("/effectif", "Effectif", None),
    ("/facturation", "Facturation", None),
    ("/factures", "Mes factures", frozenset({Role.FACTURATION})),
    ("/import", "Import", frozenset({Role.DECLARATION})),
    ("/compte", "Mon compte", None),
    ("/acces", "Accès", frozenset({Role.ADMINISTRATEUR})),
    ("/journal", "Journal", frozenset({Role.ADMINISTRATEUR})),
    ("/aide", "Aide", None),
)
"""(path below ``/adherents/{numero}``, label, roles that see it — ``None``: every role;
an administrator sees everything)."""


@frozen
class Espace:
    """A signed-in e-mail on one adherent's pages: what the page shows and may offer."""

    email: Email
    acces: Acces
    adherent: Adherent
    """As read at the start of the request (its postes, its last closing)."""
    plusieurs: bool = field(default=False, kw_only=True)
    """The e-mail may act on several adherents (an accountant): offer to switch."""

    @property
    def adherent_id(self) -> str:
        return self.acces.adherent_id

    @property
    def numero(self) -> str:
        """The member number printed on invoices."""
        return self.adherent.numero.valeur

    @property
    def raison_sociale(self) -> str:
        return self.adherent.raison_sociale

    @property
    def racine(self) -> str:
        """``/adherents/{numero}``: the prefix of every page of this adherent."""
        return f"/adherents/{quote(self.numero, safe='')}"

    def peut(self, *roles: Role) -> bool:
        """An administrator may do everything; otherwise one of ``roles`` is needed."""
        return Role.ADMINISTRATEUR in self.acces.roles or bool(set(roles) & self.acces.roles)

    @property
    def ecriture(self) -> bool:
        """May change the salariés and postes (administrator or declaration)."""
        return self.peut(Role.DECLARATION)

    def nir(self, nir: Nir | None) -> str:
        """A NIR as this access may see it: in clear or masked (``voit_les_nir``), as
        the API's converter for the role writes it."""
        if nir is None:
            return ""
        return nir.valeur if voit_les_nir(self.acces) else nir.masque()


async def soumettre(request: Request, acteur: Acteur | Anonyme, commande: Any) -> Any:
    """``executer`` off the event loop, a transient failure tried again; on an adherent's
    page, in the page's unit of work."""
    appel: Appel | None = request.scope.get(CLE_APPEL)
    ctx = contexte(request) if appel is None else appel.ctx
    return await run_in_threadpool(executer, ctx, acteur, commande, tentatives=TENTATIVES)


async def formulaire(request: Request) -> list[tuple[str, str]]:
    """The posted form's text fields, the CSRF token left out (the middleware checked it)."""
    lu = await request.form()
    return [(k, v) for k, v in lu.multi_items() if isinstance(v, str) and k != CHAMP]


def commande_de(type_: type[T], champs: Iterable[tuple[str, str]], **ids: Any) -> T:
    """A form's fields and the page's ids → the command (a refusal names the field)."""
    return structurer_formulaire(type_, list(champs), **ids)


def erreurs_de(erreur: ErreurRstEffectifs | None) -> dict[str, str]:
    """The refusal's messages by form field name (``""``: the form as a whole)."""
    if erreur is None:
        return {}
    trouvees = {k: v for k, v in erreur.details.items() if isinstance(v, str)}
    trouvees.setdefault(erreur.chemin or "", erreur.message)
    if erreur.chemin and erreur.chemin in trouvees:
        trouvees[erreur.chemin] = erreur.message
    return trouvees


def rediriger(request: Request, url: str, message: str | None = None) -> Response:
    """Post/redirect/get: 303 to ``url``, ``message`` shown once on the next page."""
    if message:
        request.session.setdefault(CLE_MESSAGES, []).append(message)
        request.session[CLE_MESSAGES] = list(request.session[CLE_MESSAGES])
    return RedirectResponse(url, status_code=303)


def suite_locale(valeur: str | None, defaut: str = "/adherents") -> str:
    """Where to go after signing in: a path of this site only (no open redirect)."""
    if not valeur or not valeur.startswith("/") or valeur.startswith("//") or "\\" in valeur:
        return defaut
    return valeur


def rendre(request: Request, gabarit: str, espace: Espace | None = None, statut: int = 200,
           erreur: ErreurRstEffectifs | None = None, **valeurs: Any) -> Response:
    """``gabarit`` with what every page shows (menu, messages, CSRF token, the
    refusal's messages by field) and ``valeurs``."""
    messages = list(request.session.pop(CLE_MESSAGES, [])) if "session" in request.scope \
        else []
    jeton = jeton_csrf(request.session) if "session" in request.scope else None
    menu = [] if espace is None else [
        {"url": espace.racine + chemin, "libelle": libelle,
         "actif": request.url.path == espace.racine + chemin or (
             bool(chemin) and request.url.path.startswith(espace.racine + chemin + "/"))}
        for chemin, libelle, roles in MENU if roles is None or espace.peut(*roles)]
    texte = ENVIRONNEMENT.get_template(gabarit).render(
        request=request, espace=espace, menu=menu, messages=messages, csrf=jeton or "",
        erreur=erreur, erreurs=erreurs_de(erreur), **valeurs)
    return HTMLResponse(texte, statut)


def page_erreur(request: Request, erreur: ErreurRstEffectifs, espace: Espace | None = None
                ) -> Response:
    """The refusal as a page of its own, its message said once (under its title, not
    again where a form's refusal goes)."""
    return rendre(request, "erreur.html", espace, statut_http(erreur), erreur=erreur,
                  page_erreur=True)


def _vers_connexion(request: Request) -> Response:
    suite = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"/connexion?suite={quote(suite, safe='')}", status_code=303)


def _espace(request: Request, appel: Appel, presente: Justificatif, numero: str
            ) -> Espace | None:
    """Who calls, the adherent and the access, in the page's unit; ``None``: nobody is
    signed in any more (the session ended)."""
    qui = verifier_dans(request, appel, presente, numero)
    if qui is None:
        return None
    adherent, acces = appel.entrer(qui.email, numero=numero)
    plusieurs = len(lister_adherents_accessibles(appel.ctx, qui.email)) > 1
    return Espace(qui.email, acces, adherent, plusieurs=plusieurs)


def _connecte(request: Request, appel: Appel, presente: Justificatif) -> Email | None:
    qui = verifier_dans(request, appel, presente)
    return None if qui is None else qui.email


Page = Callable[[Request], Awaitable[Response]]
PageAdherent = Callable[[Request, Espace], Awaitable[Response]]
PageConnectee = Callable[[Request, Email, Contexte], Awaitable[Response]]


def _dans_un_appel(contenu: Callable[[Request, Appel, Justificatif], Awaitable[Response]]
                   ) -> Page:
    """A page run in ONE unit of work (:class:`Appel`, kept in the request's scope for
    the commands it submits): who calls is checked there too; nobody signed in, the
    sign-in page then back here."""
    async def page(request: Request) -> Response:
        presente = justificatif(request)
        if presente is None:
            return _vers_connexion(request)
        ecriture = request.method not in SURES
        if ecriture:
            await request.body()  # all of it before the unit (a writer's lock) opens
        appel = Appel(contexte(request), ecriture=ecriture)
        request.scope[CLE_APPEL] = appel
        try:
            return await contenu(request, appel, presente)
        finally:
            del request.scope[CLE_APPEL]
            if appel.ouverte:
                with anyio.CancelScope(shield=True):
                    await run_in_threadpool(appel.fermer)

    return page


def page_connectee(fonction: PageConnectee) -> Page:
    """A page for anybody signed in, given the e-mail and a context whose unit of work
    is the page's."""
    async def contenu(request: Request, appel: Appel, presente: Justificatif) -> Response:
        email = await run_in_threadpool(_connecte, request, appel, presente)
        if email is None:
            return _vers_connexion(request)
        try:
            return await fonction(request, email, appel.ctx)
        except ErreurRstEffectifs as erreur:
            return page_erreur(request, erreur)

    page = _dans_un_appel(contenu)
    page.__doc__ = fonction.__doc__
    return page


def page_adherent(fonction: PageAdherent) -> Page:
    """A page of the adherent ``{numero}`` of the path, for an e-mail with an access to
    it (any other answers the library's 404, as the API does)."""
    async def contenu(request: Request, appel: Appel, presente: Justificatif) -> Response:
        try:
            espace = await run_in_threadpool(_espace, request, appel, presente,
                                             str(request.path_params["numero"]))
        except ErreurRstEffectifs as erreur:
            return page_erreur(request, erreur)
        if espace is None:
            return _vers_connexion(request)
        try:
            return await fonction(request, espace)
        except ErreurRstEffectifs as erreur:
            return page_erreur(request, erreur, espace)

    page = _dans_un_appel(contenu)
    page.__doc__ = fonction.__doc__
    return page


def valeurs_de(champs: Iterable[tuple[str, str]]) -> Mapping[str, str]:
    """A posted form's values by name, to fill the form again after a refusal."""
    return dict(champs)


__all__ = [
    "ANONYME",
    "MENU",
    "Espace",
    "commande_de",
    "erreurs_de",
    "formulaire",
    "page_adherent",
    "page_connectee",
    "page_erreur",
    "rediriger",
    "rendre",
    "soumettre",
    "suite_locale",
    "valeurs_de",
]
