"""Undoing a mistake from a salarié's file: a wrong exit, a wrong reintegration (E6) or a
mistaken contract (C4) is cancelled after a confirmation page that says what will
change — computed by the domain itself on the file as it is, before anything is sent.
Dated in a billed period, the cancellation asks for its reason and says that the
invoice stays and the next closing regularises (F4: the library's regularised
cancellations). The cancelled item stays in the history and the journal."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from ....application.commandes import (
    AnnulerContrat,
    AnnulerContratRegularise,
    AnnulerMouvement,
    AnnulerMouvementRegularise,
    ConsulterSalarie,
)
from ....domain.annulations import ObjetAnnule, annuler_regularise
from ....domain.contrats import Contrat
from ....domain.erreurs import ErreurDomaine, ErreurRstEffectifs, VersionPerimee
from ....domain.evenements import Evenement
from ....domain.mouvements import Mouvement, Sortie
from ....domain.salaries import Salarie
from ....formats.json import statut_http
from ..authentification import contexte
from .gabarits import date_fr
from .libelles import NATURES_COURTES
from .outils import Espace, formulaire, page_adherent, rediriger, rendre, soumettre


def _nom(salarie: Salarie) -> str:
    return f"{salarie.identite.nom} {salarie.identite.prenoms}"


def _mouvement(m: Mouvement) -> str:
    return f"{'la sortie' if isinstance(m, Sortie) else 'la réintégration'} du {date_fr(m.le)}"


def _contrat(c: Contrat, espace: Espace) -> str:
    poste = espace.adherent.postes_par_id().get(c.poste_id)
    texte = f"le contrat {NATURES_COURTES[c.nature]} du {date_fr(c.debut)}"
    return texte + (f" ({poste.libelle})" if poste else "")


def _phrase(texte: str) -> str:
    return texte[:1].upper() + texte[1:]


def consequences(avant: Salarie, apres: Salarie, espace: Espace,
                 aujourd_hui: dt.date) -> list[str]:
    """What a cancellation changes on the file, in the employer's words."""
    dites: list[str] = []
    nom = _nom(avant)
    if avant.est_dans_l_effectif != apres.est_dans_l_effectif:
        dites.append(f"{nom} sera de nouveau dans l'effectif." if apres.est_dans_l_effectif
                     else f"{nom} ne sera plus dans l'effectif.")
    anciens = {c.id: c for c in avant.contrats}
    for c in apres.contrats:
        ancien = anciens.get(c.id)
        if ancien is None or ancien == c:
            continue
        if c.annule and not ancien.annule:
            dites.append(f"{_phrase(_contrat(c, espace))} sera annulé.")
        elif c.fin != ancien.fin:
            fin = f"finira le {date_fr(c.fin)}" if c.fin else "n'aura plus de fin prévue"
            dites.append(f"{_phrase(_contrat(c, espace))} {fin}.")
    mouvements = {m.id: m for m in avant.mouvements}
    for m in apres.mouvements:
        ancien_m = mouvements.get(m.id)
        if ancien_m is not None and m.annule and not ancien_m.annule:
            dites.append(f"{_phrase(_mouvement(m))} sera annulée.")
    present_avant, present_apres = avant.present_le(aujourd_hui), apres.present_le(aujourd_hui)
    if present_avant != present_apres:
        dites.append(f"Dans l'effectif du {date_fr(aujourd_hui)} : "
                     f"{'compté(e)' if present_apres else 'plus compté(e)'}.")
    dites.append("L'annulation reste visible dans la fiche et inscrite au journal.")
    return dites


def _apercu(salarie: Salarie, espace: Espace, objet: ObjetAnnule, objet_id: str,
            regularisee: bool) -> tuple[Salarie, list[Evenement]]:
    """The file as the cancellation would leave it (the library's own rule, run here
    on the file just read): refusals are the library's."""
    if regularisee:
        return annuler_regularise(espace.adherent, salarie, objet, objet_id, "aperçu")
    if objet is ObjetAnnule.MOUVEMENT:
        return salarie.annuler_mouvement(objet_id, espace.adherent.cloture_au)
    return salarie.annuler_contrat(objet_id, espace.adherent.cloture_au)


def _date_et_titre(salarie: Salarie, objet: ObjetAnnule, objet_id: str,
                   espace: Espace) -> tuple[dt.date, str] | None:
    if objet is ObjetAnnule.MOUVEMENT:
        m = next((m for m in salarie.mouvements_actifs if m.id == objet_id), None)
        return None if m is None else (m.le, _mouvement(m))
    c = next((c for c in salarie.contrats_actifs if c.id == objet_id), None)
    return None if c is None else (c.debut, _contrat(c, espace))


async def _page(request: Request, espace: Espace, objet: ObjetAnnule, statut: int = 200,
                erreur: ErreurRstEffectifs | None = None,
                valeurs: Mapping[str, str] | None = None, change: bool = False) -> Response:
    salarie: Salarie = await soumettre(request, espace.acces, ConsulterSalarie(
        espace.adherent_id, str(request.path_params["salarie_id"])))
    objet_id = str(request.path_params["objet_id"])
    trouve = _date_et_titre(salarie, objet, objet_id, espace)
    cloture_au = espace.adherent.cloture_au
    regularisee = trouve is not None and cloture_au is not None and trouve[0] <= cloture_au
    changera: list[str] = []
    refus: str | None = None
    if trouve is None:
        refus = "Cet élément est introuvable ou déjà annulé."
    else:
        try:
            apres, _e = _apercu(salarie, espace, objet, objet_id, regularisee)
            changera = consequences(salarie, apres, espace,
                                    contexte(request).horloge.maintenant().date())
        except ErreurDomaine as impossible:
            refus = impossible.message
    return rendre(request, "annulation.html", espace, statut, erreur, salarie=salarie,
                  quoi=trouve[1] if trouve else "", changera=changera, refus=refus,
                  regularisee=regularisee, cloture_au=cloture_au, change=change,
                  valeurs={"version_attendue": str(salarie.version), **(valeurs or {})},
                  url_fiche=f"{espace.racine}/salaries/{salarie.id}")


def _objet(request: Request) -> ObjetAnnule:
    return ObjetAnnule.MOUVEMENT if "/mouvements/" in request.url.path else ObjetAnnule.CONTRAT


@page_adherent
async def confirmer(request: Request, espace: Espace) -> Response:
    """What the cancellation will change, and its confirmation."""
    return await _page(request, espace, _objet(request))


def _commande(espace: Espace, request: Request, objet: ObjetAnnule, regularisee: bool,
              champs: Sequence[tuple[str, str]]) -> object:
    valeurs = dict(champs)
    salarie_id = str(request.path_params["salarie_id"])
    objet_id = str(request.path_params["objet_id"])
    version = valeurs.get("version_attendue", "")
    attendue = int(version) if version.isdigit() and len(version) < 10 else None
    motif = valeurs.get("motif", "")
    if objet is ObjetAnnule.MOUVEMENT:
        if regularisee:
            return AnnulerMouvementRegularise(espace.adherent_id, salarie_id, objet_id, motif,
                                              attendue)
        return AnnulerMouvement(espace.adherent_id, salarie_id, objet_id, attendue)
    if regularisee:
        return AnnulerContratRegularise(espace.adherent_id, salarie_id, objet_id, motif,
                                        attendue)
    return AnnulerContrat(espace.adherent_id, salarie_id, objet_id, attendue)


@page_adherent
async def annuler(request: Request, espace: Espace) -> Response:
    objet = _objet(request)
    champs = await formulaire(request)
    salarie: Salarie = await soumettre(request, espace.acces, ConsulterSalarie(
        espace.adherent_id, str(request.path_params["salarie_id"])))
    trouve = _date_et_titre(salarie, objet, str(request.path_params["objet_id"]), espace)
    cloture_au = espace.adherent.cloture_au
    regularisee = trouve is not None and cloture_au is not None and trouve[0] <= cloture_au
    try:
        commande = _commande(espace, request, objet, regularisee, champs)
        await soumettre(request, espace.acces, commande)
    except VersionPerimee:
        return await _page(request, espace, objet, 412, valeurs={"motif": dict(champs).get(
            "motif", "")}, change=True)
    except ErreurRstEffectifs as erreur:
        return await _page(request, espace, objet, statut_http(erreur), erreur,
                           {"motif": dict(champs).get("motif", "")})
    quoi = trouve[1] if trouve else "l'élément"
    message = f"{_phrase(quoi)} est annulé{'e' if quoi.startswith('la ') else ''}."
    if regularisee:
        message += (" La facture de la période clôturée ne change pas : la prochaine clôture "
                    "portera la régularisation.")
    return rediriger(request, f"{espace.racine}/salaries/{salarie.id}", message)


_ANNULATION_MOUVEMENT = "/adherents/{numero}/salaries/{salarie_id}/mouvements/{objet_id}/annulation"
_ANNULATION_CONTRAT = "/adherents/{numero}/salaries/{salarie_id}/contrats/{objet_id}/annulation"
ROUTES: list[BaseRoute] = [
    Route(_ANNULATION_MOUVEMENT, confirmer, methods=["GET"]),
    Route(_ANNULATION_MOUVEMENT, annuler, methods=["POST"]),
    Route(_ANNULATION_CONTRAT, confirmer, methods=["GET"]),
    Route(_ANNULATION_CONTRAT, annuler, methods=["POST"]),
]
