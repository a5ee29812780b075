"""Mes postes: the adherent's workstations with the follow-up type their risks decide
today (P1, P2, P2b, P4) — add one, rename it, change its risks, archive it — and what a
change of the law did to their type. Postes come before salariés: every contract names
one."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from ....application.commandes import (
    AjouterPoste,
    ArchiverPoste,
    ListerPostes,
    ModifierRisques,
    RenommerPoste,
)
from ....domain.adherents import poste_introuvable
from ....domain.droit import catalogue_le
from ....domain.erreurs import ErreurRstEffectifs, VersionPerimee
from ....domain.postes import Poste, changements_de_suivi
from ....domain.suivi import Risque, TypeDeSuivi
from ....formats.json import statut_http
from ..authentification import contexte
from . import versions
from .graphiques import LIBELLES as LIBELLES_TYPES
from .outils import Espace, commande_de, formulaire, page_adherent, rediriger, rendre, soumettre

LIBELLES_RISQUES: dict[Risque, str] = {
    Risque.AMIANTE: "Amiante",
    Risque.PLOMB: "Plomb",
    Risque.AGENTS_CMR: "Agents cancérogènes, mutagènes ou toxiques pour la reproduction",
    Risque.AGENTS_BIOLOGIQUES_3_4: "Agents biologiques des groupes 3 et 4",
    Risque.RAYONNEMENTS_IONISANTS: "Rayonnements ionisants",
    Risque.MILIEU_HYPERBARE: "Risque hyperbare",
    Risque.MONTAGE_ECHAFAUDAGES: "Montage et démontage d'échafaudages",
    Risque.HABILITATION_ELECTRIQUE: "Habilitation électrique",
    Risque.AUTORISATION_CONDUITE: "Autorisation de conduite d'équipements",
    Risque.MANUTENTION_PLUS_55_KG: "Manutention manuelle de charges de plus de 55 kg",
    Risque.JEUNES_TRAVAUX_REGLEMENTES: "Jeunes de moins de 18 ans affectés à des travaux "
                                       "réglementés",
    Risque.TRAVAIL_DE_NUIT: "Travail de nuit",
    Risque.CHAMPS_ELECTROMAGNETIQUES: "Champs électromagnétiques",
    Risque.AGENTS_BIOLOGIQUES_2: "Agents biologiques du groupe 2",
}
"""French labels of the closed catalogue of risks (P2)."""

def options_risques(le: dt.date, suivi_simple: TypeDeSuivi) -> list[tuple[str, str]]:
    """The risk boxes, the reinforced ones first, each saying the follow-up it leads to
    on ``le`` (P2b: the catalogue of that day, the service's choice for simple
    follow-up)."""
    catalogue = catalogue_le(le)

    def type_(r: Risque) -> TypeDeSuivi:
        return catalogue.type_du_risque(r, suivi_simple)

    return [(r.value, f"{LIBELLES_RISQUES[r]} ({type_(r).value})")
            for r in sorted(Risque, key=lambda r: (-type_(r).rang, LIBELLES_RISQUES[r]))]


def _aujourd_hui(request: Request) -> tuple[dt.date, TypeDeSuivi]:
    ctx = contexte(request)
    return ctx.horloge.maintenant().date(), ctx.suivi_simple


def _type_du_jour(request: Request) -> Callable[[Poste], str]:
    """A poste's type today, as the pages show it."""
    le, suivi_simple = _aujourd_hui(request)
    return lambda poste: LIBELLES_TYPES[poste.type_de_suivi_le(le, suivi_simple)]


def _choix_du_jour(request: Request) -> dict[str, Any]:
    """What every postes page shows by today's law: each poste's type, the risk boxes."""
    le, suivi_simple = _aujourd_hui(request)
    return {"type_de": _type_du_jour(request), "aujourd_hui": le,
            "options_risques": options_risques(le, suivi_simple),
            "libelles_risques": libelles_risques, "libelles_types": LIBELLES_TYPES}


def libelles_risques(poste: Poste) -> list[str]:
    return sorted(LIBELLES_RISQUES[r] for r in poste.risques)


LIBELLES_LUS = {"libelle": "Libellé", "risques": "Risques",
                "justification_sir": "Justification d'un SIR"}
"""What the poste forms show, as a stale tab's changes name it (:mod:`.versions`)."""


def _lu(poste: Poste) -> dict[str, str]:
    """What the poste's forms show of it (the risks: their codes, one a line)."""
    return {"libelle": poste.libelle,
            "risques": versions.liste_lue(sorted(r.value for r in poste.risques)),
            "justification_sir": poste.justification_sir or ""}


def _lisible(lu: Mapping[str, str]) -> dict[str, str]:
    """A poste as read, in the member's words (the risks by their labels)."""
    par_code = {r.value: LIBELLES_RISQUES[r] for r in Risque}
    risques = [par_code[code] for code in lu.get("risques", "").split(versions.SEPARATEUR)
               if code in par_code]
    return {**lu, "risques": ", ".join(sorted(risques)) or "Aucun risque particulier"}


def _valeurs(champs: list[tuple[str, str]]) -> dict[str, Any]:
    """The posted values to fill the form again, the ticked risks as a tuple."""
    return dict(champs) | {"risques": tuple(v for k, v in champs if k == "risques" and v)}


def _url_postes(espace: Espace) -> str:
    return f"{espace.racine}/postes"


async def _postes(request: Request, espace: Espace) -> tuple[Poste, ...]:
    postes: tuple[Poste, ...] = await soumettre(request, espace.acces, ListerPostes(
        espace.adherent_id, inclure_archives=True))
    return postes


async def _liste(request: Request, espace: Espace, statut: int = 200,
                 erreur: ErreurRstEffectifs | None = None,
                 valeurs: Mapping[str, Any] | None = None) -> Response:
    postes = await _postes(request, espace)
    actifs = [p for p in postes if p.actif]
    return rendre(request, "postes.html", espace, statut, erreur, actifs=actifs,
                  archives=[p for p in postes if p.archive], valeurs=valeurs or {},
                  changements=changements_de_suivi(actifs, contexte(request).suivi_simple),
                  **_choix_du_jour(request))


@page_adherent
async def liste_postes(request: Request, espace: Espace) -> Response:
    """The active postes, then the archived ones; the form to add one."""
    return await _liste(request, espace)


@page_adherent
async def ajouter_poste(request: Request, espace: Espace) -> Response:
    champs = await formulaire(request)
    try:
        poste: Poste = await soumettre(request, espace.acces, commande_de(
            AjouterPoste, champs, adherent_id=espace.adherent_id))
    except ErreurRstEffectifs as erreur:
        return await _liste(request, espace, statut_http(erreur), erreur, _valeurs(champs))
    return rediriger(request, _url_postes(espace),
                     f"Poste « {poste.libelle} » ajouté : {_type_du_jour(request)(poste)}.")


def _poste_de(postes: tuple[Poste, ...], poste_id: str) -> Poste:
    for poste in postes:
        if poste.id == poste_id:
            return poste
    raise poste_introuvable(poste_id)


async def _fiche(request: Request, espace: Espace, statut: int = 200,
                 erreur: ErreurRstEffectifs | None = None, formulaire_en_erreur: str = "",
                 valeurs: Mapping[str, Any] | None = None,
                 lu: Mapping[str, str] | None = None, recharge: bool = False) -> Response:
    """The poste; a form sent from a stale tab (412) shows what changed since ``lu``."""
    poste = _poste_de(await _postes(request, espace), str(request.path_params["poste_id"]))
    actuel = _lu(poste)
    perimee = isinstance(erreur, VersionPerimee) and formulaire_en_erreur != "archive"
    conflit = versions.champs_changes(_lisible(lu or {}), _lisible(actuel), LIBELLES_LUS) \
        if perimee else None
    return rendre(request, "postes_fiche.html", espace, statut,
                  None if perimee else erreur, poste=poste,
                  formulaire_en_erreur=formulaire_en_erreur, valeurs=valeurs or {},
                  conflit=conflit, recharge=recharge, lu_actuel=actuel, lu=lu or actuel,
                  changements=changements_de_suivi([poste], contexte(request).suivi_simple),
                  types=list(TypeDeSuivi), **_choix_du_jour(request))


@page_adherent
async def fiche_poste(request: Request, espace: Espace) -> Response:
    """One poste: its follow-up type and the forms that change it."""
    return await _fiche(request, espace)


async def _changer(request: Request, espace: Espace, type_: type[Any], nom: str,
                   message: str) -> Response:
    """Run one change of the poste of the path; a refusal shows that form again, a stale
    one with what changed since it was read (or reloaded, keeping the typing)."""
    tout = await formulaire(request)
    champs = versions.saisis(tout)
    poste_id = str(request.path_params["poste_id"])
    if versions.recharge_demandee(tout):
        return await _recharger(request, espace, nom, tout)
    try:
        poste: Poste = await soumettre(request, espace.acces, commande_de(
            type_, champs, adherent_id=espace.adherent_id, poste_id=poste_id))
    except ErreurRstEffectifs as erreur:
        return await _fiche(request, espace, statut_http(erreur), erreur, nom,
                            _valeurs(champs), versions.lus(tout))
    suite = _url_postes(espace) if poste.archive else f"{_url_postes(espace)}/{poste.id}"
    return rediriger(request, suite, message.format(
        libelle=poste.libelle, type=_type_du_jour(request)(poste)))


async def _recharger(request: Request, espace: Espace, nom: str,
                     tout: list[tuple[str, str]]) -> Response:
    """« Recharger les données »: the form at the poste's current version, what the member
    changed kept, the rest as the poste now is."""
    poste = _poste_de(await _postes(request, espace), str(request.path_params["poste_id"]))
    actuel = _lu(poste)
    saisie = versions.garder_la_saisie(
        [(k, v) for k, v in versions.saisis(tout) if k != "version_attendue"],
        versions.lus(tout), actuel, listes=("risques",))
    valeurs = _valeurs([*saisie, ("version_attendue", str(poste.version))])
    return await _fiche(request, espace, 200, None, nom, valeurs, actuel, recharge=True)


@page_adherent
async def renommer_poste(request: Request, espace: Espace) -> Response:
    return await _changer(request, espace, RenommerPoste, "libelle",
                          "Poste renommé « {libelle} ».")


@page_adherent
async def modifier_risques(request: Request, espace: Espace) -> Response:
    return await _changer(request, espace, ModifierRisques, "risques",
                          "Risques enregistrés : le poste « {libelle} » relève du {type}.")


@page_adherent
async def archiver_poste(request: Request, espace: Espace) -> Response:
    return await _changer(request, espace, ArchiverPoste, "archive",
                          "Poste « {libelle} » archivé : il ne reçoit plus de contrat.")


ROUTES: list[BaseRoute] = [
    Route("/adherents/{numero}/postes", liste_postes, methods=["GET"]),
    Route("/adherents/{numero}/postes", ajouter_poste, methods=["POST"]),
    Route("/adherents/{numero}/postes/{poste_id}", fiche_poste, methods=["GET"]),
    Route("/adherents/{numero}/postes/{poste_id}/libelle", renommer_poste, methods=["POST"]),
    Route("/adherents/{numero}/postes/{poste_id}/risques", modifier_risques,
          methods=["POST"]),
    Route("/adherents/{numero}/postes/{poste_id}/archive", archiver_poste, methods=["POST"]),
]
