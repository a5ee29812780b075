"""Menu "Journal" (A5, administrators): who changed what and when on this adherent,
newest first, a page of :data:`PAR_PAGE` entries at a time, optionally within a period.

The journal never holds a clear NIR (A5); the declarant number it records when changed
is masked here as on "Mon compte" (it is sent by e-mail only, A2). Times are shown in
French local time (Europe/Paris). The entries store ids; the page names what they
designate — the salarié, the poste, the contract (its type and start), the movement
(exit or return, its date) — and shows no id a member could not read."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from urllib.parse import urlencode
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from attrs import frozen
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from ....application.commandes import ConsulterJournal, ConsulterSalarie
from ....domain.erreurs import ErreurRstEffectifs
from ....domain.journal import EntreeJournal
from ....domain.mouvements import Sortie
from ....domain.postes import Poste
from ....domain.salaries import Salarie
from ....formats.json import statut_http
from .gabarits import date_fr, libelle_roles
from .libelles import LIBELLES_NATURES
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


CLES = {"le": "date", "debut": "début", "libelle": "libellé", "raison_sociale":
        "raison sociale", "email": "e-mail", "roles": "rôles", "champs": "champs corrigés",
        "sir_employeur": "SIR à l'initiative de l'employeur", "numero_teledeclarant":
        "numéro de télédéclarant", "contrat_id": "contrat", "mouvement_id": "mouvement",
        "objet_id": "élément annulé", "poste_id": "poste", "doublon_id": "doublon",
        "conserve_id": "fiche gardée"}
"""An entry's data names in the portal's words."""
CHAMPS = {"nom": "nom", "prenoms": "prénoms", "date_naissance": "date de naissance",
          "nir": "NIR"}


@frozen
class Noms:
    """What the page knows to name an entry's ids: the adherent's postes, and the files
    of the salariés the page shows."""

    postes: Mapping[str, Poste]
    salaries: Mapping[str, Salarie]

    def salarie(self, salarie_id: str) -> str:
        s = self.salaries.get(salarie_id)
        return f"{s.identite.nom} {s.identite.prenoms}" if s else "fiche introuvable"

    def objet(self, salarie_id: str | None, objet_id: str) -> str | None:
        """A contract or a movement of that salarié, in words."""
        s = self.salaries.get(salarie_id or "")
        if s is None:
            return None
        for c in s.contrats:
            if c.id == objet_id:
                poste = self.postes.get(c.poste_id)
                return (f"{LIBELLES_NATURES[c.nature]} du {date_fr(c.debut)}"
                        + (f" ({poste.libelle})" if poste else ""))
        for m in s.mouvements:
            if m.id == objet_id:
                quoi = "sortie" if isinstance(m, Sortie) else "réintégration"
                return f"{quoi} du {date_fr(m.le)}"
        return None


def _valeur(cle: str, valeur: str, noms: Noms, salarie_id: str | None) -> str | None:
    """The value shown, ``None`` for an id nothing names (never shown as such)."""
    if cle in MASQUES:
        return "(masqué)"
    if cle == "roles":
        return libelle_roles(valeur.split(",") if valeur else ())
    if cle == "poste_id":
        poste = noms.postes.get(valeur)
        return poste.libelle if poste else None
    if cle in ("doublon_id", "conserve_id"):
        return noms.salarie(valeur)
    if cle.endswith("_id"):
        return noms.objet(salarie_id, valeur)
    if cle == "champs":
        return ", ".join(CHAMPS.get(c, c) for c in valeur.split(",") if c)
    if valeur in ("True", "False"):
        return "oui" if valeur == "True" else "non"
    if len(valeur) == 10 and valeur[4] == "-" and valeur[7] == "-":
        try:
            return date_fr(dt.date.fromisoformat(valeur))
        except ValueError:
            return valeur
    return valeur


def ligne(entree: EntreeJournal, noms: Noms | None = None) -> Ligne:
    noms = noms or Noms({}, {})
    local = entree.quand.astimezone(FUSEAU)
    donnees = dict(entree.donnees)
    if "libelle" in donnees:
        donnees.pop("poste_id", None)  # the poste's own entry names it by its label
    details = tuple((CLES.get(cle, cle.replace("_", " ")), texte) for cle, v in donnees.items()
                    if (texte := _valeur(cle, v, noms, entree.salarie_id)) is not None)
    if entree.salarie_id:
        details = (("salarié", noms.salarie(entree.salarie_id)), *details)
    return Ligne(local.strftime("%d/%m/%Y à %H:%M:%S"), local.isoformat(), entree.qui,
                 ACTIONS.get(entree.quoi, entree.quoi), details)


async def _noms(request: Request, espace: Espace, entrees: Sequence[EntreeJournal]) -> Noms:
    """The files the entries name (a page of the journal names at most ``PAR_PAGE``)."""
    ids = {e.salarie_id for e in entrees if e.salarie_id}
    ids |= {v for e in entrees for k, v in e.donnees if k in ("doublon_id", "conserve_id")}
    salaries: dict[str, Salarie] = {}
    for salarie_id in sorted(ids):
        try:
            salaries[salarie_id] = await soumettre(request, espace.acces, ConsulterSalarie(
                espace.adherent_id, salarie_id))
        except ErreurRstEffectifs:
            continue
    return Noms(espace.adherent.postes_par_id(), salaries)


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
                      parametres_url="")
    entrees: tuple[EntreeJournal, ...] = await soumettre(request, espace.acces, commande)
    total = len(entrees)
    pages = max(1, -(-total // PAR_PAGE))
    page = min(_numero_de_page(request.query_params.get("page")), pages)
    recentes = entrees[::-1][(page - 1) * PAR_PAGE:page * PAR_PAGE]
    parametres_url = "".join("&" + urlencode({k: v}) for k, v in periode if v)
    noms = await _noms(request, espace, recentes)
    return rendre(request, "journal.html", espace, valeurs=valeurs,
                  lignes=[ligne(e, noms) for e in recentes], page=page, pages=pages,
                  total=total, parametres_url=parametres_url)


ROUTES: list[BaseRoute] = [
    Route("/adherents/{numero}/journal", page_journal, methods=["GET"]),
]
