"""Effectif (E4): who is present on a date (``?le=``) or on at least one day of a period
(``?debut=&fin=``), by follow-up type with the names counted, and the same list as a
French CSV file (``effectif.csv`` or ``?format=csv``), NIRs masked for the roles that
may not see them."""

from __future__ import annotations

import re
from collections.abc import Mapping

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from ....application.commandes import ConsulterEffectif, EffectifSurPeriode, ListerSalaries
from ....application.commandes.base import LIMITE_MAX
from ....domain.effectif import Effectif
from ....domain.erreurs import ErreurRstEffectifs
from ....domain.nir import Nir
from ....domain.suivi import TypeDeSuivi
from ....formats.csv_io import exporter_csv
from ....formats.json import statut_http
from ....ports.salaries import PageSalaries
from ..authentification import contexte
from .gabarits import date_fr
from .graphiques import LIBELLES
from .outils import Espace, commande_de, page_adherent, rendre, soumettre

_DATE_FR = re.compile(r"\s*([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})\s*")
COLONNES_CSV = ("Nom", "Prénoms", "NIR", "Type de suivi")


def date_iso(texte: str) -> str:
    """``31/03/2025`` (as a person types it) → ``2025-03-31``; anything else is left for
    the library to read or refuse (a date input sends ``2025-03-31`` already)."""
    trouve = _DATE_FR.fullmatch(texte)
    if trouve is None:
        return texte
    jour, mois, annee = trouve.groups()
    return f"{annee}-{int(mois):02d}-{int(jour):02d}"


def _champs(request: Request) -> dict[str, str]:
    """The query's dates, ISO; ``le`` only when no period is asked."""
    q = request.query_params
    if q.get("debut") or q.get("fin"):
        return {"debut": date_iso(q.get("debut", "")), "fin": date_iso(q.get("fin", ""))}
    aujourd_hui = contexte(request).horloge.maintenant().date()
    return {"le": date_iso(q.get("le") or aujourd_hui.isoformat())}


async def _effectif(request: Request, espace: Espace, champs: Mapping[str, str]) -> Effectif:
    if "le" in champs:
        commande: ConsulterEffectif | EffectifSurPeriode = commande_de(
            ConsulterEffectif, champs.items(), adherent_id=espace.adherent_id)
    else:
        commande = commande_de(EffectifSurPeriode, champs.items(),
                               adherent_id=espace.adherent_id)
    effectif: Effectif = await soumettre(request, espace.acces, commande)
    return effectif


async def nirs(request: Request, espace: Espace) -> dict[str, Nir | None]:
    """Every salarié's NIR by id (page after page)."""
    trouves: dict[str, Nir | None] = {}
    apres: str | None = None
    while True:
        page: PageSalaries = await soumettre(request, espace.acces, ListerSalaries(
            espace.adherent_id, apres=apres, limite=LIMITE_MAX))
        trouves.update((s.id, s.identite.nir) for s in page.salaries)
        if page.suivant is None:
            return trouves
        apres = page.suivant


def _titre(effectif: Effectif) -> str:
    if effectif.debut == effectif.fin:
        return f"Effectif au {date_fr(effectif.debut)}"
    return f"Effectif du {date_fr(effectif.debut)} au {date_fr(effectif.fin)}"


def _parametres_url(effectif: Effectif) -> str:
    if effectif.debut == effectif.fin:
        return f"le={effectif.debut.isoformat()}"
    return f"debut={effectif.debut.isoformat()}&fin={effectif.fin.isoformat()}"


@page_adherent
async def page_effectif(request: Request, espace: Espace) -> Response:
    champs = _champs(request)
    if request.query_params.get("format") == "csv":
        return await _csv(request, espace, champs)
    valeurs = {"le": champs.get("le", ""), "debut": champs.get("debut", ""),
               "fin": champs.get("fin", "")}
    try:
        effectif = await _effectif(request, espace, champs)
    except ErreurRstEffectifs as erreur:
        return rendre(request, "effectif.html", espace, statut=statut_http(erreur),
                      erreur=erreur, effectif=None, valeurs=valeurs)
    connus = await nirs(request, espace)
    par_type = {t: [ligne for ligne in effectif.lignes if ligne.type_de_suivi is t]
                for t in TypeDeSuivi}
    return rendre(request, "effectif.html", espace, effectif=effectif, valeurs=valeurs,
                  titre=_titre(effectif), par_type=par_type, libelles=LIBELLES,
                  nir={i: espace.nir(n) for i, n in connus.items()},
                  csv=f"{espace.racine}/effectif.csv?{_parametres_url(effectif)}")


@page_adherent
async def csv_effectif(request: Request, espace: Espace) -> Response:
    return await _csv(request, espace, _champs(request))


async def _csv(request: Request, espace: Espace, champs: Mapping[str, str]) -> Response:
    """``;``-separated UTF-8 (with the BOM spreadsheets look for), one row a person."""
    effectif = await _effectif(request, espace, champs)
    connus = await nirs(request, espace)
    rangees = [{"Nom": ligne.nom, "Prénoms": ligne.prenoms,
                "NIR": espace.nir(connus.get(ligne.salarie_id)),
                "Type de suivi": ligne.type_de_suivi.value} for ligne in effectif.lignes]
    periode = effectif.debut.isoformat() if effectif.debut == effectif.fin else \
        f"{effectif.debut.isoformat()}_{effectif.fin.isoformat()}"
    nom = f"effectif-{re.sub(r'[^A-Za-z0-9_-]', '_', espace.numero)}-{periode}.csv"
    return Response("\ufeff" + exporter_csv(rangees, COLONNES_CSV),
                    media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{nom}"'})


ROUTES: list[BaseRoute] = [
    Route("/adherents/{numero}/effectif", page_effectif, methods=["GET"]),
    Route("/adherents/{numero}/effectif.csv", csv_effectif, methods=["GET"]),
]
