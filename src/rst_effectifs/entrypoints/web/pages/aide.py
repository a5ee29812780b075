"""Menu « Aide »: what a member looks for beyond the guide — the good practices, how to
read the invoice, who to contact (with the member number to quote). And the answer to
a file over the upload limit, as a page of the portal with its menu, the limit in Mo
(the size-limit middleware hands a browser's refused upload to it, never reading the
body)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from ..authentification import appelant, reglages
from ..securite import CHEMIN_TROP_GROS, CLE_TROP_GROS, en_mo
from .conseils import BONNES_PRATIQUES, CONTACT
from .outils import Espace, page_adherent, rendre


@page_adherent
async def page_aide(request: Request, espace: Espace) -> Response:
    return rendre(request, "aide.html", espace, pratiques=BONNES_PRATIQUES, contact=CONTACT)


def _limite(request: Request) -> str:
    limite = request.scope.get(CLE_TROP_GROS)
    return en_mo(limite if isinstance(limite, int) else
                 reglages(request).taille_max_televersement)


@page_adherent
async def trop_gros(request: Request, espace: Espace) -> Response:
    """413 for an upload over the limit, on the adherent's pages it was sent from."""
    return rendre(request, "trop_gros.html", espace, 413, limite=_limite(request))


async def trop_gros_hors_adherent(request: Request) -> Response:
    """The same answer for a page outside an adherent's (no menu to show)."""
    await appelant(request)
    return rendre(request, "trop_gros.html", None, 413, limite=_limite(request))


ROUTES: list[BaseRoute] = [
    Route("/adherents/{numero}/aide", page_aide, methods=["GET"]),
    Route(f"/adherents/{{numero}}/{CHEMIN_TROP_GROS}", trop_gros, methods=["GET"]),
    Route(f"/{CHEMIN_TROP_GROS}", trop_gros_hors_adherent, methods=["GET"]),
]
