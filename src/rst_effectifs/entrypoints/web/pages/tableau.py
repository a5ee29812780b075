"""Tableau de bord: the member number, today's headcount by follow-up type, the
pre-billing alerts (F6) and the last 12 months' headcount drawn and tabulated."""

from __future__ import annotations

from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from ....application.commandes import (
    ConsulterEffectif,
    EffectifSurPeriode,
    VerifierAvantFacturation,
)
from ....domain.effectif import Effectif
from ....domain.suivi import TypeDeSuivi
from ....domain.verifications import RapportDeVerification
from ..authentification import contexte
from .graphiques import COULEURS, LIBELLES, Mois, barres_empilees, douze_mois
from .outils import Espace, page_adherent, rendre, soumettre


@page_adherent
async def tableau_de_bord(request: Request, espace: Espace) -> Response:
    aujourd_hui = contexte(request).horloge.maintenant().date()
    effectif: Effectif = await soumettre(request, espace.acces,
                                      ConsulterEffectif(espace.adherent_id, aujourd_hui))
    rapport: RapportDeVerification = await soumettre(
        request, espace.acces, VerifierAvantFacturation(espace.adherent_id, aujourd_hui))
    mois = []
    for debut, fin in douze_mois(aujourd_hui):
        sur_le_mois: Effectif = await soumettre(request, espace.acces, EffectifSurPeriode(
            espace.adherent_id, debut, fin))
        mois.append(Mois(debut, fin, sur_le_mois.par_type))
    return rendre(request, "tableau.html", espace, aujourd_hui=aujourd_hui,
                  effectif=effectif, par_type=effectif.par_type, rapport=rapport, mois=mois,
                  types=list(TypeDeSuivi), libelles=LIBELLES, couleurs=COULEURS,
                  graphique=Markup(barres_empilees(mois)))


ROUTES: list[BaseRoute] = [
    Route("/adherents/{numero}", tableau_de_bord, methods=["GET"]),
]
