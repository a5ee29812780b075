"""Sortir / réintégrer (E2, E3, E5): the salariés with a box to tick each, one date and
one reason, two actions. All or nothing: a refusal lists every salarié that failed and
why. The form carries a ``requete_id`` drawn when the page is rendered, so a form sent
twice (back, then send again) leaves one set of movements (E5). A movement dated in a
period already billed is accepted as a correction of fact: the page says that the next
closing regularises it (F4)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

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
from ....domain.contrats import motif_de_sortie
from ....domain.erreurs import DonneeInvalide, ErreurRstEffectifs, RefusGroupe
from ....domain.mouvements import Sortie
from ....domain.salaries import Salarie
from ....formats.json import statut_http
from ....ports.salaries import PageSalaries
from .gabarits import date_fr
from .outils import CLE_MESSAGES, Espace, commande_de, formulaire, page_adherent, rendre, soumettre

PAR_PAGE = 500
"""Salariés listed on one page (the library's largest page)."""

MOTIFS_DE_SORTIE: tuple[tuple[str, str], ...] = (
    ("031", "Fin de contrat à durée déterminée"),
    ("032", "Fin de mission d'intérim"),
    ("034", "Fin de période d'essai à l'initiative de l'employeur"),
    ("035", "Fin de période d'essai à l'initiative du salarié"),
    ("039", "Départ à la retraite"),
    ("043", "Rupture conventionnelle"),
    ("059", "Démission"),
    ("014", "Licenciement pour motif économique"),
    ("020", "Licenciement pour autre motif"),
)
"""Suggestions offered for the exit reason (DSN S21.G00.62.002); any three-digit code
is accepted (E2)."""

ACTIONS: Mapping[str, type[SortirDeLEffectif] | type[ReintegrerDansLEffectif]] = {
    "sortir": SortirDeLEffectif,
    "reintegrer": ReintegrerDansLEffectif,
}


def nom_complet(salarie: Salarie) -> str:
    return f"{salarie.identite.nom} {salarie.identite.prenoms}"


def situation(salarie: Salarie) -> str:
    """Where the salarié stands today, in the employer's words (E2, E3)."""
    actifs = salarie.mouvements_actifs
    if salarie.date_entree is None:
        return "Sans contrat"
    if actifs and isinstance(actifs[-1], Sortie):
        return f"Sorti de l'effectif le {date_fr(actifs[-1].le)}"
    if actifs:
        return f"Dans l'effectif (réintégré le {date_fr(actifs[-1].le)})"
    return f"Dans l'effectif depuis le {date_fr(salarie.date_entree)}"


async def _salaries(request: Request, espace: Espace, apres: str | None) -> PageSalaries:
    page: PageSalaries = await soumettre(request, espace.acces, ListerSalaries(
        espace.adherent_id, apres=apres or None, limite=PAR_PAGE))
    return page


def _page(request: Request, espace: Espace, page: PageSalaries, *, statut: int = 200,
          erreur: ErreurRstEffectifs | None = None, valeurs: Mapping[str, str] | None = None,
          coches: Iterable[str] = (), requete_id: str | None = None) -> Response:
    noms = {s.id: nom_complet(s) for s in page.salaries}
    echecs = [(noms.get(e.salarie_id, e.salarie_id), e.message)
              for e in (erreur.echecs if isinstance(erreur, RefusGroupe) else ())]
    # A grouped refusal is listed by name below (its own message names ids only).
    montree = None if isinstance(erreur, RefusGroupe) else erreur
    return rendre(request, "mouvements.html", espace, statut=statut, erreur=montree,
                  salaries=page.salaries, suivant=page.suivant, situation=situation,
                  valeurs=valeurs or {}, coches=frozenset(coches), echecs=echecs,
                  motifs=MOTIFS_DE_SORTIE, requete_id=requete_id or str(uuid.uuid4()),
                  cloture_au=espace.adherent.cloture_au)


@page_adherent
async def page_mouvements(request: Request, espace: Espace) -> Response:
    page = await _salaries(request, espace, request.query_params.get("apres"))
    return _page(request, espace, page)


def _resume(resultat: ResultatMouvements, action: str, le: dt.date,
            noms: Mapping[str, str]) -> str:
    qui = ", ".join(noms.get(s, s) for s, _m in resultat.mouvements)
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


def regularisation(le: dt.date, cloture_au: dt.date | None) -> str | None:
    """F4 in the employer's words, for a movement dated in a period already billed."""
    if cloture_au is None or le > cloture_au:
        return None
    return (f"Ce mouvement est daté dans une période déjà facturée (clôturée jusqu'au "
            f"{date_fr(cloture_au)}) : la facture de cette période ne change pas ; la "
            "prochaine clôture portera une ligne de régularisation (en plus ou en moins) "
            "pour chaque salarié concerné.")


@page_adherent
async def envoyer_mouvements(request: Request, espace: Espace) -> Response:
    champs = await formulaire(request)
    action = dict(champs).get("action", "")
    donnees = [(k, v) for k, v in champs if k != "action"]
    coches = [v for k, v in champs if k == "salarie_ids" and v]
    valeurs = {k: v for k, v in donnees if k != "salarie_ids"}
    page = await _salaries(request, espace, None)
    try:
        type_ = ACTIONS.get(action)
        if type_ is None:
            raise DonneeInvalide("Choisissez « Sortir de l'effectif » ou « Réintégrer ».",
                                 code="formulaire.action_inconnue", chemin="")
        commande = commande_de(type_, donnees, adherent_id=espace.adherent_id)
        if isinstance(commande, SortirDeLEffectif):
            motif_de_sortie(commande.motif)  # said next to its field, not once per salarié
        resultat: ResultatMouvements = await soumettre(request, espace.acces, commande)
    except ErreurRstEffectifs as erreur:
        return _page(request, espace, page, statut=statut_http(erreur), erreur=erreur,
                     valeurs=valeurs, coches=coches, requete_id=valeurs.get("requete_id"))
    noms = await _noms(request, espace, page, [s for s, _m in resultat.mouvements])
    messages: list[str] = [_resume(resultat, action, commande.le, noms)]
    explication = regularisation(commande.le, espace.adherent.cloture_au)
    if explication and not resultat.deja_traitee:
        messages.append(explication)
    return _rediriger(request, espace.racine + "/mouvements", messages)


async def _noms(request: Request, espace: Espace, page: PageSalaries,
                ids: Sequence[str]) -> dict[str, str]:
    """The names of ``ids`` (those past the first page read from the library)."""
    noms = {s.id: nom_complet(s) for s in page.salaries}
    for salarie_id in ids:
        if salarie_id not in noms:
            salarie: Salarie = await soumettre(request, espace.acces, ConsulterSalarie(
                espace.adherent_id, salarie_id))
            noms[salarie_id] = nom_complet(salarie)
    return noms


def _rediriger(request: Request, url: str, messages: Sequence[str]) -> Response:
    deja: list[Any] = list(request.session.get(CLE_MESSAGES, []))
    request.session[CLE_MESSAGES] = [*deja, *messages]
    return RedirectResponse(url, status_code=303)


ROUTES: list[BaseRoute] = [
    Route("/adherents/{numero}/mouvements", page_mouvements, methods=["GET"]),
    Route("/adherents/{numero}/mouvements", envoyer_mouvements, methods=["POST"]),
]
