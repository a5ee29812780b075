"""Menu "Mon compte" (A1): the account's member number, SIRET, company name, login
e-mail and the postal address invoices are made out to (F8); its administrators change
them and the declarant number. The declarant number is never shown (only whether one
is recorded): whoever forgot it asks for it by e-mail on the public page (A2,
``/numero-teledeclarant``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from ....application.commandes import ConsulterCompte, ModifierCompte
from ....domain.adherents import Role
from ....domain.comptes import Compte
from ....domain.erreurs import ConflitDeVersion, ErreurRstEffectifs, VersionPerimee
from ....formats.json import statut_http
from . import versions
from .outils import Espace, commande_de, formulaire, page_adherent, rediriger, rendre, soumettre

LIBELLES = {"raison_sociale": "Raison sociale", "email_connexion": "E-mail de connexion",
            "numero_teledeclarant": "Numéro de télédéclarant",
            "adresse.lignes": "Adresse", "adresse.code_postal": "Code postal",
            "adresse.ville": "Ville"}
LIGNES = "adresse.lignes"
"""The address lines: one field sent up to three times."""


def _adresse(compte: Compte) -> dict[str, str]:
    """The address as the form shows it (its lines one a line, :mod:`.versions`)."""
    a = compte.adresse
    return {LIGNES: versions.liste_lue(a.lignes if a else ()),
            "adresse.code_postal": a.code_postal if a else "",
            "adresse.ville": a.ville if a else ""}


def _lisible(lu: Mapping[str, str]) -> dict[str, str]:
    """What was read, in the member's words (the address lines on one line)."""
    return {**lu, LIGNES: ", ".join(lu.get(LIGNES, "").split(versions.SEPARATEUR))}


def _valeurs_de(champs: list[tuple[str, str]]) -> dict[str, Any]:
    """The posted fields to fill the form again (the address lines as a tuple; the
    declarant number never echoed back)."""
    return {**dict(champs), LIGNES: tuple(v for k, v in champs if k == LIGNES),
            "numero_teledeclarant": ""}


def _lu(compte: Compte) -> dict[str, str]:
    """What the form shows of the account (the declarant number: only whether one is
    recorded, A2)."""
    return {"raison_sociale": compte.raison_sociale,
            "email_connexion": compte.email_connexion.valeur,
            "numero_teledeclarant": "Enregistré" if compte.numero_teledeclarant
            else "Non renseigné", **_adresse(compte)}


def _valeurs(compte: Compte) -> dict[str, Any]:
    """The form as the account stands (the declarant number left empty: unchanged)."""
    return {"raison_sociale": compte.raison_sociale,
            "email_connexion": compte.email_connexion.valeur, "numero_teledeclarant": "",
            "version_attendue": str(compte.version), **_adresse(compte),
            LIGNES: compte.adresse.lignes if compte.adresse else ()}


async def _page(request: Request, espace: Espace, valeurs: Mapping[str, Any] | None = None,
                statut: int = 200, erreur: ErreurRstEffectifs | None = None,
                lu: Mapping[str, str] | None = None, recharge: bool = False) -> Response:
    compte: Compte = await soumettre(request, espace.acces, ConsulterCompte(espace.adherent_id))
    perimee = isinstance(erreur, VersionPerimee)
    conflit = versions.champs_changes(_lisible(lu or {}), _lisible(_lu(compte)),
                                      LIBELLES) if perimee else None
    return rendre(request, "compte.html", espace, statut=statut,
                  erreur=None if perimee else erreur, compte=compte,
                  valeurs=valeurs or _valeurs(compte), lu=lu or _lu(compte), conflit=conflit,
                  recharge=recharge, modifiable=espace.peut(Role.ADMINISTRATEUR))


@page_adherent
async def page_compte(request: Request, espace: Espace) -> Response:
    return await _page(request, espace)


@page_adherent
async def modifier(request: Request, espace: Espace) -> Response:
    """A1, administrators: the fields as posted (an empty one stays as it is); the
    version read with the page guards against a change made meanwhile."""
    tout = await formulaire(request)
    champs = versions.saisis(tout)
    valeurs = _valeurs_de(champs)
    if versions.recharge_demandee(tout):
        compte: Compte = await soumettre(request, espace.acces,
                                         ConsulterCompte(espace.adherent_id))
        gardes = versions.garder_la_saisie(
            [(k, v) for k, v in champs if k not in ("numero_teledeclarant", "version_attendue")],
            versions.lus(tout), _lu(compte), listes=(LIGNES,))
        valeurs = {**_valeurs_de(gardes), "version_attendue": str(compte.version)}
        return await _page(request, espace, valeurs, recharge=True)
    try:
        await soumettre(request, espace.acces, commande_de(
            ModifierCompte, champs, adherent_id=espace.adherent_id))
    except ErreurRstEffectifs as erreur:
        if isinstance(erreur, ConflitDeVersion) and not isinstance(erreur, VersionPerimee):
            return await _page(request, espace, None, statut_http(erreur), erreur)
        return await _page(request, espace, valeurs, statut_http(erreur), erreur,
                           lu=versions.lus(tout))
    return rediriger(request, espace.racine + "/compte", "Compte enregistré.")


ROUTES: list[BaseRoute] = [
    Route("/adherents/{numero}/compte", page_compte, methods=["GET"]),
    Route("/adherents/{numero}/compte", modifier, methods=["POST"]),
]
