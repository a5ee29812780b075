"""Menu "Accès" (A3, administrators only): who may act on this adherent and with which
roles — grant, change the roles of, or revoke an access. The library keeps the last
administrator (it refuses to demote or revoke it): its message is shown on the page.

Changing roles has its own page (``/acces/modifier?email=…``) so that the role boxes
of one form at a time carry the page's field ids."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from ....application.acces import acces_introuvable
from ....application.commandes import AccorderAcces, ListerAcces, ModifierAcces, RetirerAcces
from ....domain.adherents import Acces, Role
from ....domain.erreurs import ErreurRstEffectifs
from ....formats.json import statut_http
from .gabarits import LIBELLES_ROLES
from .outils import (
    Espace,
    commande_de,
    formulaire,
    page_adherent,
    rediriger,
    rendre,
    soumettre,
    valeurs_de,
)

OPTIONS_ROLES = tuple((r.value, LIBELLES_ROLES[r.value]) for r in Role)
"""The role boxes: (form value, French label), administrator first."""


def _url(espace: Espace) -> str:
    return espace.racine + "/acces"


async def _liste(request: Request, espace: Espace, statut: int = 200,
                 erreur: ErreurRstEffectifs | None = None, refus: str = "",
                 valeurs: dict[str, str] | None = None, coches: tuple[str, ...] = ()
                 ) -> Response:
    """The accesses and the grant form; ``refus``: a revocation's refusal, shown above
    the list (its ``chemin`` names no field of the page)."""
    acces: tuple[Acces, ...] = await soumettre(request, espace.acces,
                                            ListerAcces(espace.adherent_id))
    return rendre(request, "acces.html", espace, statut=statut, erreur=erreur, refus=refus,
                  acces=sorted(acces, key=lambda a: a.email.valeur.lower()),
                  options=OPTIONS_ROLES, valeurs=valeurs or {}, coches=coches)


@page_adherent
async def page_acces(request: Request, espace: Espace) -> Response:
    return await _liste(request, espace)


def _coches(champs: list[tuple[str, str]]) -> tuple[str, ...]:
    return tuple(v for k, v in champs if k == "roles" and v)


@page_adherent
async def accorder(request: Request, espace: Espace) -> Response:
    """A3: a new access for an e-mail that has none here yet."""
    champs = await formulaire(request)
    try:
        await soumettre(request, espace.acces, commande_de(
            AccorderAcces, champs, adherent_id=espace.adherent_id))
    except ErreurRstEffectifs as erreur:
        return await _liste(request, espace, statut_http(erreur), erreur,
                            valeurs=dict(valeurs_de(champs)), coches=_coches(champs))
    return rediriger(request, _url(espace),
                     f"Accès accordé à {valeurs_de(champs).get('email', '').strip()}.")


def _trouve(acces: tuple[Acces, ...], email: str) -> Acces | None:
    return next((a for a in acces if a.email.valeur.lower() == email.strip().lower()), None)


@page_adherent
async def page_modifier(request: Request, espace: Espace) -> Response:
    """The roles of one access, to change."""
    email = request.query_params.get("email", "")
    tous: tuple[Acces, ...] = await soumettre(request, espace.acces,
                                           ListerAcces(espace.adherent_id))
    trouve = _trouve(tous, email)
    if trouve is None:
        raise acces_introuvable()
    return rendre(request, "acces_modifier.html", espace, email=trouve.email.valeur,
                  options=OPTIONS_ROLES, coches=tuple(r.value for r in trouve.roles))


@page_adherent
async def modifier(request: Request, espace: Espace) -> Response:
    """A3: replace the roles; demoting the last administrator is the library's refusal."""
    champs = await formulaire(request)
    email = valeurs_de(champs).get("email", "")
    try:
        await soumettre(request, espace.acces, commande_de(
            ModifierAcces, champs, adherent_id=espace.adherent_id))
    except ErreurRstEffectifs as erreur:
        if erreur.chemin == "email":  # nothing to type there: the message goes on top
            erreur.chemin = None
        return rendre(request, "acces_modifier.html", espace, statut=statut_http(erreur),
                      erreur=erreur, email=email, options=OPTIONS_ROLES,
                      coches=_coches(champs))
    return rediriger(request, _url(espace), f"Rôles de {email} enregistrés.")


@page_adherent
async def retirer(request: Request, espace: Espace) -> Response:
    """A3: revoke; revoking the last administrator is the library's refusal."""
    champs = await formulaire(request)
    email = valeurs_de(champs).get("email", "")
    try:
        await soumettre(request, espace.acces, commande_de(
            RetirerAcces, champs, adherent_id=espace.adherent_id))
    except ErreurRstEffectifs as erreur:
        return await _liste(request, espace, statut_http(erreur), refus=erreur.message)
    return rediriger(request, _url(espace), f"Accès de {email} retiré.")


ROUTES: list[BaseRoute] = [
    Route("/adherents/{numero}/acces", page_acces, methods=["GET"]),
    Route("/adherents/{numero}/acces", accorder, methods=["POST"]),
    Route("/adherents/{numero}/acces/modifier", page_modifier, methods=["GET"]),
    Route("/adherents/{numero}/acces/modifier", modifier, methods=["POST"]),
    Route("/adherents/{numero}/acces/retirer", retirer, methods=["POST"]),
]
