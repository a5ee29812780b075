"""Facturation (F1–F4): a year's assiette under a counting rule — each person billed
and why, those present but not billed and why — priced with a barème; the invoice
preview on its own URL, laid out to print on one A4 page (member number, period,
lines, totals), priced by default with the barème in force for its year; the closings
with the regularisations they carry, and closing a period (administrators).

A member chooses the year, the rule and the barème, nothing else: the legal band (F3)
is checked against the national cost the library knows for the year, never waived from
these pages (RST staff have the command line and the API for that)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from ....application.commandes import (
    CalculerAssiette,
    CloturerPeriode,
    ConsulterCloture,
    EffectifSurPeriode,
    ListerClotures,
)
from ....domain.adherents import Role
from ....domain.clotures import Cloture
from ....domain.effectif import Effectif
from ....domain.erreurs import DonneeInvalide, ErreurRstEffectifs
from ....domain.facturation import (
    BAREMES_PREDEFINIS,
    REGLES_PREDEFINIES,
    Assiette,
    Bareme,
    ModeDeComptage,
    RegleDeComptage,
    bareme_en_vigueur,
)
from ....domain.salaries import UN_JOUR
from ....formats.json import statut_http
from ..authentification import contexte
from .gabarits import date_fr
from .graphiques import LIBELLES
from .outils import Espace, commande_de, formulaire, page_adherent, rediriger, rendre, soumettre

LIBELLES_REGLES: Mapping[str, str] = {
    "present_au_1er_janvier": "Présents au 1er janvier (et droit d'entrée des embauchés)",
    "present_dans_l_annee": "Présents au moins un jour de l'année",
    "embauches_plus_de_31_jours": "Présents dans l'année, embauches de plus de 31 jours "
                                  "(intérim exclu)",
    "embauches_plus_de_60_jours": "Présents dans l'année, embauches de plus de 60 jours "
                                  "(intérim exclu)",
}
REGLE_PAR_DEFAUT = "present_au_1er_janvier"
CHOIX = ("regle", "bareme")
"""The billing fields a member's form sends as they are to the commands."""
_ANNEE = re.compile(r"[0-9]{4}")


def regles() -> list[tuple[str, str]]:
    return [(nom, LIBELLES_REGLES.get(nom, nom)) for nom in REGLES_PREDEFINIES]


def libelle_bareme(bareme: Bareme) -> str:
    """A preset barème as a member reads it, with the years it prices."""
    annees = "" if bareme.annees is None else " (" + " et ".join(
        ", ".join(str(a) for a in sorted(bareme.annees)).rsplit(", ", 1)) + ")"
    return {"bareme_exemple": "Barème d'exemple RST"}.get(bareme.nom, bareme.nom) + annees


LIBELLES_BAREMES: Mapping[str, str] = {
    nom: libelle_bareme(b) for nom, b in BAREMES_PREDEFINIS.items()}


def baremes() -> list[tuple[str, str]]:
    return list(LIBELLES_BAREMES.items())


def bareme_du_jour(annee: str, defaut: int) -> str:
    """The name of the barème in force for the year asked (none: ``""``, no pricing)."""
    try:
        an = annee_de(annee, defaut)
    except DonneeInvalide:
        return ""
    en_vigueur = bareme_en_vigueur(an)
    return "" if en_vigueur is None else en_vigueur.nom


def annee_de(texte: str | None, defaut: int) -> int:
    if not texte:
        return defaut
    if not _ANNEE.fullmatch(texte.strip()) or not 1900 <= int(texte.strip()) <= 2999:
        raise DonneeInvalide("L'année s'écrit sur quatre chiffres (par ex. 2025).",
                             code="periode.annee_invalide", regle="F2", chemin="annee")
    return int(texte.strip())


def raison_non_facture(regle: RegleDeComptage, debut: dt.date) -> str:
    """Why someone present in the period has no line (F1, F2), in the rule's words."""
    if regle.mode is ModeDeComptage.PRESENT_AU_1ER_JANVIER:
        return (f"Absent le {date_fr(debut)} et entré avant la période : ni cotisation ni "
                "droit d'entrée.")
    causes = []
    if regle.duree_min_embauche_jours:
        causes.append(f"contrats de {regle.duree_min_embauche_jours} jours au plus")
    if regle.natures_exclues:
        natures = ", ".join(sorted(n.value for n in regle.natures_exclues))
        causes.append(f"contrats de nature exclue ({natures} : missions d'intérim)")
    return "Aucun jour comptable dans la période : " + " ou ".join(causes) + "."


def _valeurs(request: Request) -> dict[str, str]:
    """The choice the query names, with the defaults filled in (to show in the form):
    this year, the usual rule, the barème in force that year (an empty ``bareme`` is the
    member's choice of no pricing)."""
    q = request.query_params
    aujourd_hui = contexte(request).horloge.maintenant().date()
    annee = q.get("annee") or str(aujourd_hui.year)
    return {"annee": annee, "regle": q.get("regle") or REGLE_PAR_DEFAUT,
            "bareme": q.get("bareme", bareme_du_jour(annee, aujourd_hui.year))}


async def _assiette(request: Request, espace: Espace, valeurs: Mapping[str, str]
                    ) -> tuple[Assiette, Effectif]:
    an = annee_de(valeurs["annee"], 0)
    debut, fin = dt.date(an, 1, 1), dt.date(an, 12, 31)
    commande = commande_de(CalculerAssiette, [(k, valeurs[k]) for k in CHOIX],
                           adherent_id=espace.adherent_id, debut=debut.isoformat(),
                           fin=fin.isoformat())
    assiette: Assiette = await soumettre(request, espace.acces, commande)
    presents: Effectif = await soumettre(request, espace.acces, EffectifSurPeriode(
        espace.adherent_id, debut, fin))
    return assiette, presents


def _non_factures(assiette: Assiette, presents: Effectif) -> list[tuple[str, str, str]]:
    regle = REGLES_PREDEFINIES[assiette.regle]
    raison = raison_non_facture(regle, assiette.periode.debut)
    return [(ligne.nom, ligne.prenoms, raison) for ligne in presents.lignes
            if ligne.salarie_id not in assiette.salarie_ids]


def _parametres_url(valeurs: Mapping[str, str]) -> str:
    """The choice as a query, to carry it from the assiette to its preview (no pricing
    included)."""
    return urlencode({k: v for k, v in valeurs.items() if v or k == "bareme"})


async def _page(request: Request, espace: Espace, gabarit: str, valeurs: dict[str, str]
                ) -> Response:
    communs: dict[str, Any] = {"valeurs": valeurs, "regles": regles(), "baremes": baremes(),
               "libelles": LIBELLES, "libelles_regles": LIBELLES_REGLES,
               "libelles_baremes": LIBELLES_BAREMES, "parametres_url": _parametres_url(valeurs),
               "administrateur": espace.peut(Role.ADMINISTRATEUR)}
    clotures: tuple[Cloture, ...] = await soumettre(request, espace.acces, ListerClotures(
        espace.adherent_id)) if gabarit == "facturation.html" else ()
    try:
        assiette, presents = await _assiette(request, espace, valeurs)
    except ErreurRstEffectifs as erreur:
        return rendre(request, gabarit, espace, statut=statut_http(erreur), erreur=erreur,
                      assiette=None, non_factures=[], clotures=clotures, **communs)
    return rendre(request, gabarit, espace, assiette=assiette,
                  non_factures=_non_factures(assiette, presents), clotures=clotures,
                  **communs)


@page_adherent
async def page_facturation(request: Request, espace: Espace) -> Response:
    return await _page(request, espace, "facturation.html", _valeurs(request))


@page_adherent
async def page_apercu(request: Request, espace: Espace) -> Response:
    """The invoice preview: priced with the barème in force for its year unless told
    otherwise (none in force: numbers only)."""
    return await _page(request, espace, "facturation_apercu.html", _valeurs(request))


@page_adherent
async def page_cloture(request: Request, espace: Espace) -> Response:
    suite = (espace.adherent.cloture_au + UN_JOUR if espace.adherent.cloture_au
             else dt.date(contexte(request).horloge.maintenant().year - 1, 1, 1))
    valeurs = {"debut": suite.isoformat(),
               "fin": dt.date(suite.year, 12, 31).isoformat(),
               "regle": REGLE_PAR_DEFAUT, "bareme": bareme_du_jour(str(suite.year), 0)}
    return rendre(request, "facturation_cloture.html", espace, valeurs=valeurs,
                  regles=regles(), baremes=baremes(),
                  administrateur=espace.peut(Role.ADMINISTRATEUR))


@page_adherent
async def cloturer(request: Request, espace: Espace) -> Response:
    champs = [(k, v) for k, v in await formulaire(request) if k in ("debut", "fin", *CHOIX)]
    valeurs = dict(champs)
    try:
        cloture: Cloture = await soumettre(request, espace.acces, commande_de(
            CloturerPeriode, champs, adherent_id=espace.adherent_id))
    except ErreurRstEffectifs as erreur:
        return rendre(request, "facturation_cloture.html", espace,
                      statut=statut_http(erreur), erreur=erreur, regles=regles(),
                      baremes=baremes(), administrateur=espace.peut(Role.ADMINISTRATEUR),
                      valeurs={k: valeurs.get(k, "") for k in (
                          "debut", "fin", *CHOIX)})
    p = cloture.periode
    assert p.fin is not None
    n = sum(len(r.lignes) for r in cloture.regularisations)
    message = (f"Période du {date_fr(p.debut)} au {date_fr(p.fin)} clôturée : son assiette "
               "est figée.")
    if n:
        message += f" Elle porte {n} ligne{'s' if n > 1 else ''} de régularisation."
    return rediriger(request, f"{espace.racine}/facturation/clotures/{p.debut.isoformat()}/"
                              f"{p.fin.isoformat()}", message)


@page_adherent
async def page_cloture_fiche(request: Request, espace: Espace) -> Response:
    cloture: Cloture = await soumettre(request, espace.acces, commande_de(
        ConsulterCloture, [], adherent_id=espace.adherent_id,
        debut=str(request.path_params["debut"]), fin=str(request.path_params["fin"])))
    return rendre(request, "facturation_cloture_fiche.html", espace, cloture=cloture,
                  assiette=cloture.assiette, libelles=LIBELLES,
                  libelles_regles=LIBELLES_REGLES, libelles_baremes=LIBELLES_BAREMES)


ROUTES: list[BaseRoute] = [
    Route("/adherents/{numero}/facturation", page_facturation, methods=["GET"]),
    Route("/adherents/{numero}/facturation/apercu", page_apercu, methods=["GET"]),
    Route("/adherents/{numero}/facturation/cloture", page_cloture, methods=["GET"]),
    Route("/adherents/{numero}/facturation/cloture", cloturer, methods=["POST"]),
    Route("/adherents/{numero}/facturation/clotures/{debut}/{fin}", page_cloture_fiche,
          methods=["GET"]),
]
