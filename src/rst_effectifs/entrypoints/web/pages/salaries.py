"""Mes salariés: a salarié's file (identity, contracts, movements, and how to undo a
mistake), hiring, a new contract on the same file (C3) and identity corrections (S4).
The list itself, with its boxes and grouped actions, is :mod:`.liste`.

The good practices are guided, not only refused: no active poste → the hire page says
to create one first; a person who already has a file (S2) → the page offers that file's
new contract or reintegration instead of a second file. The hire form carries a token
drawn when it is rendered (E5): a slow double click on « Embaucher » answers the file the
first click created. A form read before someone else saved the file (412) says what
changed and reloads the data keeping the typing (:mod:`.versions`)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping, Sequence
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from ....application.commandes import (
    AjouterContrat,
    ConsulterMultiEmployeur,
    ConsulterSalarie,
    CorrigerIdentite,
    DeclarerMultiEmployeur,
    EmbaucherSalarie,
)
from ....domain.contrats import Contrat
from ....domain.erreurs import ErreurRstEffectifs, VersionPerimee
from ....domain.mouvements import Reintegration
from ....domain.multi_employeurs import DeclarationMultiEmployeur, MultiEmployeurDuSalarie
from ....domain.salaries import Salarie, Sortie
from ....formats.json import statut_http
from ..authentification import contexte
from . import versions
from .gabarits import date_fr
from .libelles import DISPOSITIFS, LIBELLES_NATURES, options, options_natures
from .liste import situation
from .outils import Espace, commande_de, formulaire, page_adherent, rediriger, rendre, soumettre

CODE_DOUBLON = "salarie.deja_existant"
"""S2: the library's refusal of a second file for one person."""
CODE_JETON_DEJA_SERVI = "requete.identifiant_reutilise"
"""E5: the hire form's token already served another hire (a form kept and changed)."""
CHAMPS_CONTRAT = frozenset({"nature", "debut", "fin", "poste_id", "dispositif", "numero"})
"""The fields of a new contract, posted as ``contrat.<name>``."""
LIBELLES_IDENTITE = {"nom": "Nom de famille", "prenoms": "Prénoms",
                     "date_naissance": "Date de naissance", "nir": "NIR"}
LIBELLES_FICHE = {"contrats": "Contrats", "situation": "Situation"}


def _au_champ_du_contrat(erreur: ErreurRstEffectifs) -> ErreurRstEffectifs:
    """The domain names a contract's field bare (``debut``); the form names it
    ``contrat.debut``: point the message at the field the person filled."""
    if erreur.chemin in CHAMPS_CONTRAT:
        erreur.chemin = f"contrat.{erreur.chemin}"
    return erreur


def _url_salaries(espace: Espace) -> str:
    return f"{espace.racine}/salaries"


def _aujourd_hui(request: Request) -> dt.date:
    return contexte(request).horloge.maintenant().date()


def _libelle_poste(espace: Espace, poste_id: str | None) -> str:
    poste = espace.adherent.postes_par_id().get(poste_id or "")
    return "" if poste is None else poste.libelle


def _communs(request: Request, espace: Espace) -> dict[str, Any]:
    """What every template of this menu reads: labels and the poste of a contract."""
    return {"libelle_poste": lambda poste_id: _libelle_poste(espace, poste_id),
            "options_natures": options_natures(), "options_dispositifs": options(DISPOSITIFS),
            "options_postes": [(p.id, p.libelle) for p in espace.adherent.postes if p.actif],
            "aujourd_hui": _aujourd_hui(request), "url_salaries": _url_salaries(espace),
            "etat_contrat": _etat_contrat}


# -- the file ----------------------------------------------------------------------


async def _salarie(request: Request, espace: Espace) -> Salarie:
    salarie: Salarie = await soumettre(request, espace.acces, ConsulterSalarie(
        espace.adherent_id, str(request.path_params["salarie_id"])))
    return salarie


def _etat_contrat(contrat: Contrat, le: dt.date) -> str:
    if contrat.annule:
        return "Annulé"
    if contrat.debut > le:
        return "À venir"
    return "En cours" if contrat.couvre(le) else "Terminé"


async def _fiche(request: Request, espace: Espace, statut: int = 200,
                 erreur: ErreurRstEffectifs | None = None,
                 valeurs: Mapping[str, str] | None = None) -> Response:
    salarie = await _salarie(request, espace)
    multi: MultiEmployeurDuSalarie = await soumettre(request, espace.acces, (
        ConsulterMultiEmployeur(espace.adherent_id, salarie.id)))
    return rendre(request, "salaries_fiche.html", espace, statut, erreur, salarie=salarie,
                  est_sortie=lambda m: isinstance(m, Sortie), situation=situation,
                  annulables=annulables(salarie), multi=multi, valeurs=valeurs or {
                      "annee": str(_aujourd_hui(request).year), "autres_employeurs": "1"},
                  **_communs(request, espace))


def annulables(salarie: Salarie) -> dict[str, str]:
    """The movements the file offers to cancel (E6: the latest one only; a return caused
    by a contract goes with that contract) → what the button says."""
    actifs = salarie.mouvements_actifs
    if salarie.annule or not actifs:
        return {}
    dernier = actifs[-1]
    if isinstance(dernier, Reintegration) and dernier.contrat_id is not None:
        return {}
    return {dernier.id: "Annuler cette sortie" if isinstance(dernier, Sortie)
            else "Annuler cette réintégration"}


@page_adherent
async def fiche_salarie(request: Request, espace: Espace) -> Response:
    """Identity, contracts and movements of one file, what may be done on it, and its
    other employers (F7): the shares recorded, the declarations, the form to declare."""
    return await _fiche(request, espace)


@page_adherent
async def declarer_multi_employeur(request: Request, espace: Espace) -> Response:
    """F7: the worker has other employers this year (the situation on 31 January)."""
    champs = await formulaire(request)
    try:
        faite: DeclarationMultiEmployeur = await soumettre(request, espace.acces, commande_de(
            DeclarerMultiEmployeur, champs, adherent_id=espace.adherent_id,
            salarie_id=str(request.path_params["salarie_id"])))
    except ErreurRstEffectifs as erreur:
        return await _fiche(request, espace, statut_http(erreur), erreur, dict(champs))
    autres = faite.autres_employeurs
    return rediriger(request, f"{_url_salaries(espace)}/{faite.salarie_id}",
                     f"Déclaration enregistrée pour {faite.annee} : {autres} autre"
                     f"{'s' if autres > 1 else ''} employeur{'s' if autres > 1 else ''}. "
                     "RST rapproche les employeurs et partage la cotisation.")


# -- hiring ------------------------------------------------------------------------


async def _embauche(request: Request, espace: Espace, statut: int = 200,
                    erreur: ErreurRstEffectifs | None = None,
                    valeurs: Mapping[str, str] | None = None) -> Response:
    existant = None
    if erreur is not None and erreur.code == CODE_DOUBLON:
        existant = await _fiche_existante(request, espace, erreur)
    valeurs = dict(valeurs or {})
    valeurs.setdefault("requete_id", uuid.uuid4().hex)
    return rendre(request, "salaries_embauche.html", espace, statut, erreur,
                  valeurs=valeurs, doublon=erreur is not None and
                  erreur.code == CODE_DOUBLON, existant=existant,
                  **_communs(request, espace))


async def _fiche_existante(request: Request, espace: Espace,
                           erreur: ErreurRstEffectifs) -> Salarie | None:
    """The file S2 names (when the refusal names one and it can be read)."""
    salarie_id = erreur.details.get("salarie_id")
    if not isinstance(salarie_id, str):
        return None
    try:
        salarie: Salarie = await soumettre(request, espace.acces, ConsulterSalarie(
            espace.adherent_id, salarie_id))
    except ErreurRstEffectifs:
        return None
    return salarie


@page_adherent
async def page_embauche(request: Request, espace: Espace) -> Response:
    """The hire form, or "create a poste first" when no active poste can take it."""
    return await _embauche(request, espace)


@page_adherent
async def embaucher(request: Request, espace: Espace) -> Response:
    """E5: the form's token is the hire's request id; sent again (a double click, a
    resent form) it answers the file the first one created."""
    champs = await formulaire(request)
    try:
        salarie: Salarie = await soumettre(request, espace.acces, commande_de(
            EmbaucherSalarie, champs, adherent_id=espace.adherent_id))
    except ErreurRstEffectifs as erreur:
        valeurs = dict(champs)
        if erreur.code == CODE_JETON_DEJA_SERVI:
            # This form already hired someone, then was changed: a new form, same typing.
            valeurs.pop("requete_id", None)
            erreur.message = ("Ce formulaire a déjà servi à une embauche. Vérifiez la "
                              "saisie ci-dessous puis envoyez-la de nouveau.")
            erreur.chemin = None
        return await _embauche(request, espace, statut_http(erreur),
                               _au_champ_du_contrat(erreur), valeurs)
    identite = salarie.identite
    return rediriger(request, f"{_url_salaries(espace)}/{salarie.id}",
                     f"{identite.nom} {identite.prenoms} est embauché(e) : sa fiche est créée.")


# -- a new contract on the same file -------------------------------------------------


def resume_contrats(salarie: Salarie, espace: Espace) -> str:
    """The file's contracts in a line, to tell what changed since a form was read."""
    return " ; ".join(
        f"{LIBELLES_NATURES[c.nature]} du {date_fr(c.debut)}"
        + (f" au {date_fr(c.fin)}" if c.fin else "")
        + f" ({_libelle_poste(espace, c.poste_id)})"
        for c in salarie.contrats_actifs) or "Aucun"


def _fiche_lue(salarie: Salarie, espace: Espace) -> dict[str, str]:
    return {"contrats": resume_contrats(salarie, espace), "situation": situation(salarie)}


async def _contrat(request: Request, espace: Espace, statut: int = 200,
                   erreur: ErreurRstEffectifs | None = None,
                   champs: Sequence[tuple[str, str]] | None = None,
                   recharge: bool = False) -> Response:
    salarie = await _salarie(request, espace)
    conflit, valeurs, lu = _relecture(champs, salarie.version, _fiche_lue(salarie, espace),
                                      isinstance(erreur, VersionPerimee), LIBELLES_FICHE)
    return rendre(request, "salaries_contrat.html", espace, statut,
                  None if isinstance(erreur, VersionPerimee) else erreur, salarie=salarie,
                  valeurs=valeurs, lu=lu, conflit=conflit, recharge=recharge,
                  **_communs(request, espace))


def _relecture(champs: Sequence[tuple[str, str]] | None, version: int,
               actuel: dict[str, str], perimee: bool, libelles: Mapping[str, str],
               depart: Mapping[str, str] | None = None
               ) -> tuple[list[versions.Changement] | None, dict[str, str], dict[str, str]]:
    """(the changes to show after a stale send, the form's values, what it shows as
    read): a fresh form reads the file; a refused one keeps the typing and, when stale,
    what it had read (so that sending again is refused again until the reload)."""
    if champs is None:
        return None, {**(depart or {}), "version_attendue": str(version)}, actuel
    saisie = dict(versions.saisis(champs))
    if not perimee:
        return None, saisie, versions.lus(champs) or actuel
    lu = versions.lus(champs)
    return versions.champs_changes(lu, actuel, libelles), saisie, lu


@page_adherent
async def page_contrat(request: Request, espace: Espace) -> Response:
    """C3: a contract change (CDD → CDI, another poste) is a new contract on this file."""
    return await _contrat(request, espace)


@page_adherent
async def ajouter_contrat(request: Request, espace: Espace) -> Response:
    champs = await formulaire(request)
    if versions.recharge_demandee(champs):
        return await _recharger(request, espace, champs, _contrat)
    salarie_id = str(request.path_params["salarie_id"])
    try:
        salarie: Salarie = await soumettre(request, espace.acces, commande_de(
            AjouterContrat, versions.saisis(champs), adherent_id=espace.adherent_id,
            salarie_id=salarie_id))
    except ErreurRstEffectifs as erreur:
        return await _contrat(request, espace, statut_http(erreur),
                              _au_champ_du_contrat(erreur), champs)
    return rediriger(request, f"{_url_salaries(espace)}/{salarie.id}",
                     "Contrat ajouté sur la même fiche.")


async def _recharger(request: Request, espace: Espace, champs: Sequence[tuple[str, str]],
                     page: Any) -> Response:
    """« Recharger les données »: the form again at the file's current version, showing
    the values as read now, the member's typing kept."""
    salarie = await _salarie(request, espace)
    actuel = (_identite_lue(salarie, espace) if page is _identite
              else _fiche_lue(salarie, espace))
    saisie = versions.garder_la_saisie([(k, v) for k, v in versions.saisis(champs)
                                 if k != "version_attendue"], versions.lus(champs), actuel)
    relus = [*saisie, ("version_attendue", str(salarie.version)),
             *((versions.PREFIXE + k, v) for k, v in actuel.items())]
    reponse: Response = await page(request, espace, 200, None, relus, recharge=True)
    return reponse


# -- identity ------------------------------------------------------------------------


def _identite_lue(salarie: Salarie, espace: Espace) -> dict[str, str]:
    identite = salarie.identite
    return {"nom": identite.nom, "prenoms": identite.prenoms,
            "date_naissance": identite.date_naissance.isoformat(),
            "nir": espace.nir(identite.nir) if espace.ecriture else ""}


async def _identite(request: Request, espace: Espace, statut: int = 200,
                    erreur: ErreurRstEffectifs | None = None,
                    champs: Sequence[tuple[str, str]] | None = None,
                    recharge: bool = False) -> Response:
    salarie = await _salarie(request, espace)
    actuel = _identite_lue(salarie, espace)
    conflit, valeurs, lu = _relecture(champs, salarie.version, actuel,
                                      isinstance(erreur, VersionPerimee), LIBELLES_IDENTITE,
                                      depart=actuel)
    return rendre(request, "salaries_identite.html", espace, statut,
                  None if isinstance(erreur, VersionPerimee) else erreur,
                  salarie=salarie, valeurs=valeurs, lu=lu, conflit=conflit,
                  recharge=recharge, **_communs(request, espace))


@page_adherent
async def page_identite(request: Request, espace: Espace) -> Response:
    """S4: a typo is corrected on the same file."""
    return await _identite(request, espace)


@page_adherent
async def corriger_identite(request: Request, espace: Espace) -> Response:
    champs = await formulaire(request)
    if versions.recharge_demandee(champs):
        return await _recharger(request, espace, champs, _identite)
    salarie_id = str(request.path_params["salarie_id"])
    try:
        salarie: Salarie = await soumettre(request, espace.acces, commande_de(
            CorrigerIdentite, versions.saisis(champs), adherent_id=espace.adherent_id,
            salarie_id=salarie_id))
    except ErreurRstEffectifs as erreur:
        return await _identite(request, espace, statut_http(erreur), erreur, champs)
    return rediriger(request, f"{_url_salaries(espace)}/{salarie.id}",
                     "Identité enregistrée sur la même fiche.")


ROUTES: list[BaseRoute] = [
    Route("/adherents/{numero}/salaries/nouveau", page_embauche, methods=["GET"]),
    Route("/adherents/{numero}/salaries/nouveau", embaucher, methods=["POST"]),
    Route("/adherents/{numero}/salaries/{salarie_id}", fiche_salarie, methods=["GET"]),
    Route("/adherents/{numero}/salaries/{salarie_id}/multi-employeur",
          declarer_multi_employeur, methods=["POST"]),
    Route("/adherents/{numero}/salaries/{salarie_id}/contrats/nouveau", page_contrat,
          methods=["GET"]),
    Route("/adherents/{numero}/salaries/{salarie_id}/contrats/nouveau", ajouter_contrat,
          methods=["POST"]),
    Route("/adherents/{numero}/salaries/{salarie_id}/identite", page_identite,
          methods=["GET"]),
    Route("/adherents/{numero}/salaries/{salarie_id}/identite", corriger_identite,
          methods=["POST"]),
]
