"""Menu "Journal" (A5, administrators): who changed what and when on this adherent,
newest first, a page of :data:`PAR_PAGE` entries at a time, optionally within a period.

The journal never holds a clear NIR (A5); the declarant number it records when changed
is masked here as on "Mon compte" (it is sent by e-mail only, A2). Times are shown in
French local time (Europe/Paris)."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from attrs import frozen
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from ....application.commandes import ConsulterJournal
from ....domain.erreurs import ErreurRstEffectifs
from ....domain.journal import EntreeJournal
from ....formats.json import statut_http
from .gabarits import date_fr, libelle_roles
from .outils import Espace, commande_de, page_adherent, rendre, soumettre

PAR_PAGE = 50

ACTIONS = {
    "adherent.cree": "Adhérent créé",
    "poste.ajoute": "Poste ajouté",
    "poste.renomme": "Poste renommé",
    "poste.risques_modifies": "Risques du poste modifiés",
    "poste.archive": "Poste archivé",
    "poste.supprime": "Poste supprimé",
    "salarie.embauche": "Salarié embauché",
    "salarie.identite_corrigee": "Identité corrigée",
    "salarie.annule": "Fiche salarié annulée",
    "salarie.fusion": "Doublon fusionné",
    "salarie.annule_par_fusion": "Fiche annulée par fusion",
    "contrat.ajoute": "Contrat ajouté",
    "contrat.clos": "Contrat clos",
    "contrat.annule": "Contrat annulé",
    "effectif.sortie": "Sortie de l'effectif",
    "effectif.reintegration": "Réintégration dans l'effectif",
    "effectif.mouvement_annule": "Mouvement annulé",
    "compte.raison_sociale_modifiee": "Raison sociale modifiée",
    "compte.email_connexion_modifie": "E-mail de connexion modifié",
    "compte.teledeclarant_modifie": "Numéro de télédéclarant modifié",
    "compte.teledeclarant_envoye": "Numéro de télédéclarant envoyé par e-mail",
    "connexion.code_envoye": "Code de connexion envoyé",
    "connexion.jeton_emis": "Jeton d'accès émis",
    "connexion.jeton_revoque": "Jeton d'accès révoqué",
    "acces.accorde": "Accès accordé",
    "acces.modifie": "Rôles modifiés",
    "acces.retire": "Accès retiré",
    "facturation.periode_cloturee": "Période clôturée",
    "facturation.annulation_a_regulariser": "Annulation à régulariser",
    "salarie.multi_employeur_declare": "Autres employeurs déclarés",
    "facturation.multi_employeur": "Salarié multi-employeur : cotisation partagée",
    "facturation.multi_employeur_retire": "Salarié multi-employeur : partage retiré",
    "import.personnes_ecartees": "Import : personnes laissées de côté",
}
"""Journal entry kinds (``Evenement.nom``) in the portal's words; another shows as is."""

MASQUES = frozenset({"numero_teledeclarant"})
"""Data never shown (A2)."""

try:
    FUSEAU: dt.tzinfo = ZoneInfo("Europe/Paris")
except ZoneInfoNotFoundError:  # pragma: no cover - a system without time zone data
    FUSEAU = dt.UTC


@frozen
class Ligne:
    """One entry as the page shows it."""

    quand: str
    iso: str
    qui: str
    action: str
    details: tuple[tuple[str, str], ...]


def _valeur(cle: str, valeur: str) -> str:
    if cle in MASQUES:
        return "(masqué)"
    if cle == "roles":
        return libelle_roles(valeur.split(",") if valeur else ())
    if len(valeur) == 10 and valeur[4] == "-" and valeur[7] == "-":
        try:
            return date_fr(dt.date.fromisoformat(valeur))
        except ValueError:
            return valeur
    return valeur


def ligne(entree: EntreeJournal) -> Ligne:
    local = entree.quand.astimezone(FUSEAU)
    details = tuple((cle.replace("_", " "), _valeur(cle, v)) for cle, v in entree.donnees)
    if entree.salarie_id:
        details = (("salarié", entree.salarie_id), *details)
    return Ligne(local.strftime("%d/%m/%Y à %H:%M:%S"), local.isoformat(), entree.qui,
                 ACTIONS.get(entree.quoi, entree.quoi), details)


def _numero_de_page(texte: str | None) -> int:
    return int(texte) if texte and texte.isdigit() and 0 < len(texte) < 7 else 1


@page_adherent
async def page_journal(request: Request, espace: Espace) -> Response:
    periode = [(k, v) for k, v in request.query_params.multi_items() if k in ("debut", "fin")]
    valeurs = dict(periode)
    try:
        commande = commande_de(ConsulterJournal, periode, adherent_id=espace.adherent_id)
    except ErreurRstEffectifs as erreur:
        return rendre(request, "journal.html", espace, statut=statut_http(erreur),
                      erreur=erreur, valeurs=valeurs, lignes=[], page=1, pages=1, total=0,
                      requete="")
    entrees: tuple[EntreeJournal, ...] = await soumettre(request, espace.acces, commande)
    total = len(entrees)
    pages = max(1, -(-total // PAR_PAGE))
    page = min(_numero_de_page(request.query_params.get("page")), pages)
    recentes = entrees[::-1][(page - 1) * PAR_PAGE:page * PAR_PAGE]
    requete = "".join("&" + urlencode({k: v}) for k, v in periode if v)
    return rendre(request, "journal.html", espace, valeurs=valeurs,
                  lignes=[ligne(e) for e in recentes], page=page, pages=pages, total=total,
                  requete=requete)


ROUTES: list[BaseRoute] = [
    Route("/adherents/{numero}/journal", page_journal, methods=["GET"]),
]
