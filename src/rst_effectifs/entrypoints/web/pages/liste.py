"""Mes salariés → Liste de mes salariés, with the gestures of RST's guide: a box to tick
per salarié (and « Tout cocher »), filters by name, situation (dans l'effectif / sorti)
and poste, and on the right the menu of actions for the ticked ones — « Sortir de
l'effectif » / « Réintégrer dans l'effectif » — sent as ONE grouped request (E5: all or
nothing, every failure listed by name) under a request id drawn when the page is
rendered, so a form sent twice leaves one set of movements. The same list exports as CSV.

Reintegrating someone whose contracts have all ended asks, in the same form, for the
new contract (E3: it starts on the day of return), so nobody comes back « sans contrat
en cours » (F6). A movement dated in a billed period is accepted as a correction of
fact: the page says the next closing regularises it (F4)."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Iterable, Mapping, Sequence
from typing import Any
from urllib.parse import urlencode

from attrs import frozen
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from ....application.commandes import (
    ConsulterSalarie,
    ListerSalaries,
    ReintegrerDansLEffectif,
    ResultatMouvements,
    SortirDeLEffectif,
)
from ....application.commandes.base import LIMITE_MAX
from ....domain.contrats import motif_de_sortie
from ....domain.erreurs import DonneeInvalide, ErreurRstEffectifs, RefusGroupe
from ....domain.mouvements import Sortie
from ....domain.salaries import Salarie
from ....formats.csv_io import exporter_csv
from ....formats.json import statut_http
from ....ports.salaries import PageSalaries
from ..authentification import contexte
from ..pagination import Curseurs
from .gabarits import date_fr
from .libelles import (
    DISPOSITIFS,
    LIBELLES_NATURES,
    MOTIFS_DE_SORTIE,
    options,
    options_natures,
)
from .outils import CLE_MESSAGES, Espace, commande_de, formulaire, page_adherent, rendre, soumettre

TAILLE_PAGE = 25
"""Salariés per page of the list."""

SITUATIONS = (("", "Tous les salariés"), ("dans", "Dans l'effectif"),
              ("sorti", "Sortis de l'effectif"))
COLONNES_CSV = ("Nom", "Prénoms", "Date de naissance", "NIR", "Poste", "Type de contrat",
                "Entrée", "Situation")
ACTIONS: Mapping[str, type[SortirDeLEffectif] | type[ReintegrerDansLEffectif]] = {
    "sortir": SortirDeLEffectif,
    "reintegrer": ReintegrerDansLEffectif,
}
CHAMPS_CONTRAT = ("poste_id", "nature", "fin", "dispositif")
"""The new contract of a reintegration, posted as ``contrat.<name>``."""


@frozen
class Filtres:
    """What the list shows: a family-name prefix, a situation today, a poste."""

    q: str = ""
    situation: str = ""
    poste: str = ""

    @classmethod
    def de(cls, valeurs: Mapping[str, str]) -> Filtres:
        situation = valeurs.get("situation", "")
        return cls(valeurs.get("q", "").strip(),
                   situation if situation in dict(SITUATIONS) else "",
                   valeurs.get("poste", "").strip())

    def commande(self, espace: Espace, aujourd_hui: dt.date, apres: str | None = None,
                 limite: int = TAILLE_PAGE) -> ListerSalaries:
        return ListerSalaries(
            espace.adherent_id, nom=self.q or None, poste_id=self.poste or None,
            present_le=aujourd_hui if self.situation == "dans" else None,
            absent_le=aujourd_hui if self.situation == "sorti" else None,
            apres=apres, limite=limite)

    def paires(self) -> list[tuple[str, str]]:
        """The filters a page cursor is bound to, and a link carries."""
        return [("q", self.q), ("situation", self.situation), ("poste", self.poste)]

    def parametres_url(self, **autres: str) -> str:
        """``?q=…&situation=…`` (empty values left out), ``""`` with none."""
        paires = [(k, v) for k, v in [*self.paires(), *autres.items()] if v]
        return "?" + urlencode(paires) if paires else ""


def nom_complet(salarie: Salarie) -> str:
    return f"{salarie.identite.nom} {salarie.identite.prenoms}"


def situation(salarie: Salarie) -> str:
    """Where the salarié stands, in the employer's words (E2, E3)."""
    actifs = salarie.mouvements_actifs
    if salarie.date_entree is None:
        return "Sans contrat"
    if actifs and isinstance(actifs[-1], Sortie):
        return f"Sorti de l'effectif le {date_fr(actifs[-1].le)}"
    if actifs:
        return f"Dans l'effectif (réintégré le {date_fr(actifs[-1].le)})"
    return f"Dans l'effectif depuis le {date_fr(salarie.date_entree)}"


def regularisation(le: dt.date, cloture_au: dt.date | None) -> str | None:
    """F4 in the employer's words, for a change dated in a period already billed."""
    if cloture_au is None or le > cloture_au:
        return None
    return (f"Ce mouvement est daté dans une période déjà facturée (clôturée jusqu'au "
            f"{date_fr(cloture_au)}) : la facture de cette période ne change pas ; la "
            "prochaine clôture portera une ligne de régularisation (en plus ou en moins) "
            "pour chaque salarié concerné.")


def _aujourd_hui(request: Request) -> dt.date:
    return contexte(request).horloge.maintenant().date()


def _url(espace: Espace) -> str:
    return f"{espace.racine}/salaries"


async def _lire(request: Request, espace: Espace, filtres: Filtres,
                curseur: str | None) -> tuple[PageSalaries, str | None]:
    """A page of the list and the next page's link (its cursor signed with the filters)."""
    curseurs: Curseurs = request.app.state.curseurs
    apres = curseurs.lire(curseur, filtres.paires()) if curseur else None
    page: PageSalaries = await soumettre(request, espace.acces, filtres.commande(
        espace, _aujourd_hui(request), apres))
    suivante = None if page.suivant is None else filtres.parametres_url(
        apres=curseurs.emettre(page.suivant, filtres.paires()))
    return page, suivante


def _afficher(request: Request, espace: Espace, filtres: Filtres, page: PageSalaries,
              suivante: str | None, curseur: str | None, *, statut: int = 200,
              erreur: ErreurRstEffectifs | None = None, valeurs: Mapping[str, str] | None = None,
              coches: Iterable[str] = (), requete_id: str | None = None) -> Response:
    noms = {s.id: nom_complet(s) for s in page.salaries}
    echecs = [(noms.get(e.salarie_id, "Un salarié"), e.message)
              for e in (erreur.echecs if isinstance(erreur, RefusGroupe) else ())]
    postes = espace.adherent.postes_par_id()
    aujourd_hui = _aujourd_hui(request)
    return rendre(
        request, "salaries.html", espace, statut=statut,
        erreur=None if isinstance(erreur, RefusGroupe) else erreur,
        filtres=filtres, salaries=page.salaries, suivante=suivante, curseur=curseur or "",
        premiere=(filtres.parametres_url() or "?") if curseur else None, echecs=echecs,
        situation=situation, coches=frozenset(coches), valeurs=valeurs or {},
        requete_id=requete_id or uuid.uuid4().hex, url_salaries=_url(espace),
        situations=SITUATIONS, cloture_au=espace.adherent.cloture_au,
        options_postes=[(p.id, p.libelle) for p in espace.adherent.postes if p.actif],
        tous_les_postes=[(p.id, p.libelle + ("" if p.actif else " (archivé)"))
                         for p in espace.adherent.postes],
        libelle_poste=lambda i: postes[i].libelle if i in postes else "",
        aujourd_hui=aujourd_hui, options_natures=options_natures(),
        options_dispositifs=options(DISPOSITIFS), motifs=options(MOTIFS_DE_SORTIE))


@page_adherent
async def liste_salaries(request: Request, espace: Espace) -> Response:
    """The list, filtered; ``coche`` ids come ticked (the file's « Sortir » leads here)."""
    filtres = Filtres.de(request.query_params)
    curseur = request.query_params.get("apres")
    coches = request.query_params.getlist("coche")
    try:
        page, suivante = await _lire(request, espace, filtres, curseur)
    except ErreurRstEffectifs as erreur:
        # the search field is ``q``; a bad cursor is the page's, not a field's
        erreur.chemin = {"nom": "q", "apres": None}.get(erreur.chemin or "", erreur.chemin)
        return _afficher(request, espace, filtres, PageSalaries((), None), None, None,
                         statut=statut_http(erreur), erreur=erreur)
    return _afficher(request, espace, filtres, page, suivante, curseur, coches=coches)


# -- the grouped action ----------------------------------------------------------------
def _commande(action: str, champs: Sequence[tuple[str, str]], ids: Sequence[str],
              espace: Espace) -> SortirDeLEffectif | ReintegrerDansLEffectif:
    """The grouped command of the form: one date, the reason of its kind, and for a
    reintegration the new contract when a poste is chosen."""
    valeurs = dict(champs)
    type_ = ACTIONS.get(action)
    if type_ is None:
        raise DonneeInvalide("Choisissez « Sortir de l'effectif » ou « Réintégrer dans "
                             "l'effectif ».", code="formulaire.action_inconnue", chemin="")
    if not ids:
        raise DonneeInvalide("Cochez au moins un salarié dans la liste.",
                             code="formulaire.aucun_salarie_coche", chemin="salarie_ids")
    motif = valeurs.get("motif_sortie" if action == "sortir" else "motif_reintegration", "")
    donnees = [("requete_id", valeurs.get("requete_id", "")), ("le", valeurs.get("le", "")),
               ("motif", motif), *(("salarie_ids", i) for i in ids)]
    if action == "reintegrer" and valeurs.get("contrat.poste_id"):
        donnees += [(f"contrat.{c}", valeurs.get(f"contrat.{c}", "")) for c in CHAMPS_CONTRAT]
        donnees.append(("contrat.debut", valeurs.get("le", "")))
    try:
        commande = commande_de(type_, donnees, adherent_id=espace.adherent_id)
    except DonneeInvalide as erreur:
        erreur.chemin = {"motif": f"motif_{'sortie' if action == 'sortir' else 'reintegration'}",
                         "contrat.debut": "le"}.get(erreur.chemin or "", erreur.chemin)
        raise
    if isinstance(commande, SortirDeLEffectif):
        try:
            motif_de_sortie(commande.motif)  # said next to its field, not once per salarié
        except DonneeInvalide as erreur:
            erreur.chemin = "motif_sortie"
            raise
    return commande


async def _salaries(request: Request, espace: Espace, page: PageSalaries,
                    ids: Sequence[str]) -> dict[str, Salarie]:
    """The ticked files (those past the page shown read from the library)."""
    trouves = {s.id: s for s in page.salaries if s.id in ids}
    for salarie_id in ids:
        if salarie_id not in trouves:
            try:
                trouves[salarie_id] = await soumettre(request, espace.acces, ConsulterSalarie(
                    espace.adherent_id, salarie_id))
            except ErreurRstEffectifs:
                continue  # the grouped request names it among its failures
    return trouves


def _sans_contrat(salaries: Iterable[Salarie], le: dt.date) -> list[Salarie]:
    """Those out of the headcount whose contracts have all ended by ``le`` (E3)."""
    return [s for s in salaries if not s.est_dans_l_effectif and s.date_entree is not None
            and not any(c.couvre(le) for c in s.contrats_actifs)]


def contrat_a_renseigner(personnes: Sequence[Salarie]) -> DonneeInvalide:
    noms = ", ".join(nom_complet(s) for s in personnes)
    pluriel = len(personnes) > 1
    return DonneeInvalide(
        f"{'Les contrats de' if pluriel else 'Le contrat de'} {noms} "
        f"{'sont terminés' if pluriel else 'est terminé'} : choisissez ci-dessous le poste "
        "et le type du nouveau contrat, qui commencera le jour de la réintégration. Sans "
        "lui, le tableau de bord signalerait un salarié « sans contrat en cours ».",
        code="formulaire.contrat_a_renseigner", chemin="contrat.poste_id")


def _resume(resultat: ResultatMouvements, action: str, le: dt.date,
            noms: Mapping[str, str]) -> str:
    qui = ", ".join(noms.get(s, "un salarié") for s, _m in resultat.mouvements)
    if resultat.deja_traitee:
        return ("Cette demande avait déjà été enregistrée : rien n'a changé "
                f"(elle concernait {qui}).")
    n = len(resultat.mouvements)
    if action == "sortir":
        verbe = "sorti de l'effectif" if n == 1 else "sortis de l'effectif"
        jour = f"dernier jour de présence le {date_fr(le)}"
    else:
        verbe = "réintégré dans l'effectif" if n == 1 else "réintégrés dans l'effectif"
        jour = f"de nouveau présent{'s' if n > 1 else ''} à partir du {date_fr(le)}"
    return f"{n} salarié{'s' if n > 1 else ''} {verbe} ({jour}) : {qui}."


@page_adherent
async def agir(request: Request, espace: Espace) -> Response:
    """« Sortir de l'effectif » / « Réintégrer dans l'effectif » for the ticked salariés
    (« Tout cocher » ticked: every salarié shown)."""
    champs = await formulaire(request)
    valeurs = dict(champs)
    filtres = Filtres.de(valeurs)
    action = valeurs.get("action", "")
    ids = [v for k, v in champs if k == ("affiches" if valeurs.get("tout") else "salarie_ids")
           and v]
    ids = list(dict.fromkeys(ids))
    curseur = valeurs.get("apres") or None
    try:
        page, suivante = await _lire(request, espace, filtres, curseur)
    except ErreurRstEffectifs:  # a cursor that no longer fits: the first page
        curseur = None
        page, suivante = await _lire(request, espace, filtres, curseur)
    saisis = {k: v for k, v in champs if k not in ("salarie_ids", "affiches", "action", "tout")}
    try:
        commande = _commande(action, champs, ids, espace)
        salaries = await _salaries(request, espace, page, ids)
        if isinstance(commande, ReintegrerDansLEffectif) and commande.contrat is None:
            manquants = _sans_contrat(salaries.values(), commande.le)
            if manquants:
                raise contrat_a_renseigner(manquants)
        resultat: ResultatMouvements = await soumettre(request, espace.acces, commande)
    except ErreurRstEffectifs as erreur:
        return _afficher(request, espace, filtres, page, suivante, curseur,
                         statut=statut_http(erreur), erreur=erreur, valeurs=saisis,
                         coches=ids, requete_id=valeurs.get("requete_id"))
    noms = {i: nom_complet(s) for i, s in salaries.items()}
    messages = [_resume(resultat, action, commande.le, noms)]
    explication = regularisation(commande.le, espace.adherent.cloture_au)
    if explication and not resultat.deja_traitee:
        messages.append(explication)
    deja: list[Any] = list(request.session.get(CLE_MESSAGES, []))
    request.session[CLE_MESSAGES] = [*deja, *messages]
    return RedirectResponse(_url(espace) + filtres.parametres_url(), status_code=303)


# -- CSV export --------------------------------------------------------------------------
@page_adherent
async def csv_salaries(request: Request, espace: Espace) -> Response:
    """The list with its filters, every page, one row a salarié (``;``, UTF-8 with the
    BOM spreadsheets look for), NIRs as the role may see them."""
    filtres = Filtres.de(request.query_params)
    aujourd_hui = _aujourd_hui(request)
    postes = espace.adherent.postes_par_id()
    rangees: list[dict[str, str]] = []
    apres: str | None = None
    while True:
        page: PageSalaries = await soumettre(request, espace.acces, filtres.commande(
            espace, aujourd_hui, apres, LIMITE_MAX))
        for s in page.salaries:
            contrat = s.contrat_le(aujourd_hui)
            poste = postes.get(contrat.poste_id) if contrat else None
            rangees.append({
                "Nom": s.identite.nom, "Prénoms": s.identite.prenoms,
                "Date de naissance": date_fr(s.identite.date_naissance),
                "NIR": espace.nir(s.identite.nir), "Poste": poste.libelle if poste else "",
                "Type de contrat": LIBELLES_NATURES[contrat.nature] if contrat else "",
                "Entrée": date_fr(s.date_entree), "Situation": situation(s)})
        if page.suivant is None:
            break
        apres = page.suivant
    nom = f"salaries-{re.sub(r'[^A-Za-z0-9_-]', '_', espace.numero)}-{aujourd_hui}.csv"
    return Response("\ufeff" + exporter_csv(rangees, COLONNES_CSV),
                    media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{nom}"'})


async def ancienne_adresse(request: Request) -> Response:
    """The former « Sortir / réintégrer » page: its gestures live on the list now."""
    return RedirectResponse(f"/adherents/{request.path_params['numero']}/salaries",
                            status_code=303)


ROUTES: list[BaseRoute] = [
    Route("/adherents/{numero}/salaries", liste_salaries, methods=["GET"]),
    Route("/adherents/{numero}/salaries.csv", csv_salaries, methods=["GET"]),
    Route("/adherents/{numero}/salaries/actions", agir, methods=["POST"]),
    Route("/adherents/{numero}/mouvements", ancienne_adresse, methods=["GET"]),
]
