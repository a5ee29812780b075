"""Mes salariés: the paged, searchable list, a salarié's file (identity, contracts,
movements), hiring, a new contract on the same file (C3) and identity corrections (S4).

The good practices are guided, not only refused: no active poste → the hire page says
to create one first; a person who already has a file (S2) → the page offers that file's
new contract or reintegration instead of a second file."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

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
    ListerSalaries,
)
from ....domain.contrats import Contrat, NatureContrat
from ....domain.erreurs import ErreurRstEffectifs
from ....domain.multi_employeurs import DeclarationMultiEmployeur, MultiEmployeurDuSalarie
from ....domain.salaries import Salarie, Sortie
from ....formats.json import statut_http
from ....formats.norme_dsn import libelle_nature
from ....ports.salaries import PageSalaries
from ..authentification import contexte
from ..pagination import Curseurs
from .outils import Espace, commande_de, formulaire, page_adherent, rediriger, rendre, soumettre

TAILLE_PAGE = 25
"""Salariés per page of the list."""

CODE_DOUBLON = "salarie.deja_existant"
"""S2: the library's refusal of a second file for one person."""

LIBELLES_NATURES: dict[NatureContrat, str] = {
    NatureContrat.CDI: "Contrat à durée indéterminée (CDI)",
    NatureContrat.CDD: "Contrat à durée déterminée (CDD)",
    NatureContrat.MISSION_INTERIM: "Contrat de mission (intérim)",
    NatureContrat.CDI_INTERMITTENT: "CDI intermittent",
    NatureContrat.CDI_INTERIMAIRE: "CDI intérimaire",
    NatureContrat.CDI_DROIT_PUBLIC: "CDI de droit public",
    NatureContrat.CDD_DROIT_PUBLIC: "CDD de droit public",
    NatureContrat.STAGE: "Convention de stage",
    NatureContrat.CDI_CHANTIER: "CDI de chantier ou d'opération",
    NatureContrat.SERVICE_CIVIQUE: "Volontariat de service civique",
    NatureContrat.AUTRE: "Autre nature de contrat",
}
"""French labels of the DSN contract natures (C1), shown with their code."""

LIBELLES_NATURES.update({n: libelle_nature(n) for n in NatureContrat
                         if n not in LIBELLES_NATURES})  # the norm's words for the rest
OPTIONS_NATURES = [(n.value, f"{n.value} – {LIBELLES_NATURES[n]}") for n in NatureContrat]
CHAMPS_CONTRAT = frozenset({"nature", "debut", "fin", "poste_id", "dispositif", "numero"})
"""The fields of a new contract, posted as ``contrat.<name>``."""


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


def _options_postes(espace: Espace) -> list[tuple[str, str]]:
    return [(p.id, p.libelle) for p in espace.adherent.postes if p.actif]


def _communs(request: Request, espace: Espace) -> dict[str, Any]:
    """What every template of this menu reads: labels and the poste of a contract."""
    return {"libelle_poste": lambda poste_id: _libelle_poste(espace, poste_id),
            "libelles_natures": LIBELLES_NATURES, "options_natures": OPTIONS_NATURES,
            "options_postes": _options_postes(espace), "aujourd_hui": _aujourd_hui(request),
            "url_salaries": _url_salaries(espace)}


# -- the list ----------------------------------------------------------------------


@page_adherent
async def liste_salaries(request: Request, espace: Espace) -> Response:
    """A page of salariés by name, searched by family-name prefix (``?q=``); the next
    page's link carries a cursor signed with the search it continues."""
    q = request.query_params.get("q", "").strip()
    filtres = [("nom", q)]
    curseurs: Curseurs = request.app.state.curseurs
    curseur = request.query_params.get("apres")
    try:
        apres = None if not curseur else curseurs.lire(curseur, filtres)
        page: PageSalaries = await soumettre(request, espace.acces, ListerSalaries(
            espace.adherent_id, nom=q or None, apres=apres, limite=TAILLE_PAGE))
    except ErreurRstEffectifs as erreur:
        # the search field is ``q``; a bad cursor is the page's, not a field's
        erreur.chemin = {"nom": "q", "apres": None}.get(erreur.chemin or "", erreur.chemin)
        return rendre(request, "salaries.html", espace, statut_http(erreur), erreur, q=q,
                      salaries=[], suivante=None, premiere=None, **_communs(request, espace))
    suivante = None if page.suivant is None else "?" + urlencode(
        {"q": q, "apres": curseurs.emettre(page.suivant, filtres)})
    premiere = ("?" + urlencode({"q": q})) if curseur else None
    return rendre(request, "salaries.html", espace, q=q, salaries=page.salaries,
                  suivante=suivante, premiere=premiere, **_communs(request, espace))


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
                  etat_contrat=_etat_contrat, est_sortie=lambda m: isinstance(m, Sortie),
                  multi=multi, valeurs=valeurs or {
                      "annee": str(_aujourd_hui(request).year), "autres_employeurs": "1"},
                  **_communs(request, espace))


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
    return rendre(request, "salaries_embauche.html", espace, statut, erreur,
                  valeurs=valeurs or {}, doublon=erreur is not None and
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
    champs = await formulaire(request)
    try:
        salarie: Salarie = await soumettre(request, espace.acces, commande_de(
            EmbaucherSalarie, champs, adherent_id=espace.adherent_id))
    except ErreurRstEffectifs as erreur:
        return await _embauche(request, espace, statut_http(erreur),
                               _au_champ_du_contrat(erreur), dict(champs))
    identite = salarie.identite
    return rediriger(request, f"{_url_salaries(espace)}/{salarie.id}",
                     f"{identite.nom} {identite.prenoms} est embauché(e) : sa fiche est créée.")


# -- a new contract on the same file -------------------------------------------------


async def _contrat(request: Request, espace: Espace, statut: int = 200,
                   erreur: ErreurRstEffectifs | None = None,
                   valeurs: Mapping[str, str] | None = None) -> Response:
    salarie = await _salarie(request, espace)
    return rendre(request, "salaries_contrat.html", espace, statut, erreur, salarie=salarie,
                  valeurs=valeurs or {}, etat_contrat=_etat_contrat,
                  **_communs(request, espace))


@page_adherent
async def page_contrat(request: Request, espace: Espace) -> Response:
    """C3: a contract change (CDD → CDI, another poste) is a new contract on this file."""
    return await _contrat(request, espace)


@page_adherent
async def ajouter_contrat(request: Request, espace: Espace) -> Response:
    champs = await formulaire(request)
    salarie_id = str(request.path_params["salarie_id"])
    try:
        salarie: Salarie = await soumettre(request, espace.acces, commande_de(
            AjouterContrat, champs, adherent_id=espace.adherent_id, salarie_id=salarie_id))
    except ErreurRstEffectifs as erreur:
        return await _contrat(request, espace, statut_http(erreur),
                              _au_champ_du_contrat(erreur), dict(champs))
    return rediriger(request, f"{_url_salaries(espace)}/{salarie.id}",
                     "Contrat ajouté sur la même fiche.")


# -- identity ------------------------------------------------------------------------


async def _identite(request: Request, espace: Espace, statut: int = 200,
                    erreur: ErreurRstEffectifs | None = None,
                    valeurs: Mapping[str, str] | None = None) -> Response:
    salarie = await _salarie(request, espace)
    identite = salarie.identite
    actuelles = {"nom": identite.nom, "prenoms": identite.prenoms,
                 "date_naissance": identite.date_naissance.isoformat(),
                 "nir": espace.nir(identite.nir) if espace.ecriture else ""}
    return rendre(request, "salaries_identite.html", espace, statut, erreur,
                  salarie=salarie, valeurs=valeurs if valeurs is not None else actuelles,
                  **_communs(request, espace))


@page_adherent
async def page_identite(request: Request, espace: Espace) -> Response:
    """S4: a typo is corrected on the same file."""
    return await _identite(request, espace)


@page_adherent
async def corriger_identite(request: Request, espace: Espace) -> Response:
    champs = await formulaire(request)
    salarie_id = str(request.path_params["salarie_id"])
    try:
        salarie: Salarie = await soumettre(request, espace.acces, commande_de(
            CorrigerIdentite, champs, adherent_id=espace.adherent_id,
            salarie_id=salarie_id))
    except ErreurRstEffectifs as erreur:
        return await _identite(request, espace, statut_http(erreur), erreur, dict(champs))
    return rediriger(request, f"{_url_salaries(espace)}/{salarie.id}",
                     "Identité enregistrée sur la même fiche.")


ROUTES: list[BaseRoute] = [
    Route("/adherents/{numero}/salaries", liste_salaries, methods=["GET"]),
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
