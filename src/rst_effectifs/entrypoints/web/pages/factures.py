"""Mes factures (F8): the member's invoices and credit notes — number, date, period,
totals, the credit notes and complementary invoices that name each invoice — each one's
page with its lines explained (who is billed and why, from the closing's assiette or its
regularisation lines), and its Factur-X PDF to download (made on demand, cached by
content)."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from ....application.commandes import ConsulterCloture, ConsulterFacture, ListerFactures
from ....domain.adherents import Role
from ....domain.clotures import Cloture
from ....domain.erreurs import AccesInterdit
from ....domain.factures import Facture, NatureDocument, Objet
from ....formats.factur_x import CacheDePdf
from ....ports.factures import FactureEmise
from .graphiques import LIBELLES
from .outils import Espace, page_adherent, rendre, soumettre

PDFS = CacheDePdf()
"""The PDFs rendered by this process, by content (an issued document never changes)."""


def _verifier(espace: Espace) -> None:
    """The pages need what the use cases need (administrator or billing), and say so."""
    if not espace.peut(Role.FACTURATION):
        raise AccesInterdit("Vos droits ne permettent pas de voir les factures.")


def titre(f: Facture) -> str:
    if f.nature is NatureDocument.AVOIR:
        return "Avoir"
    return "Facture complémentaire" if f.objet is Objet.REGULARISATION else "Facture"


@page_adherent
async def page_factures(request: Request, espace: Espace) -> Response:
    _verifier(espace)
    factures: tuple[Facture, ...] = await soumettre(request, espace.acces, ListerFactures(
        espace.adherent_id))
    liees: dict[str, list[Facture]] = {}
    for f in factures:
        if f.corrige is not None:
            liees.setdefault(f.corrige, []).append(f)
    return rendre(request, "factures.html", espace, factures=factures, liees=liees,
                  titre=titre)


async def _document(request: Request, espace: Espace) -> FactureEmise:
    _verifier(espace)
    document: FactureEmise = await soumettre(request, espace.acces, ConsulterFacture(
        espace.adherent_id, str(request.path_params["numero_facture"])))
    return document


@page_adherent
async def page_facture(request: Request, espace: Espace) -> Response:
    document = await _document(request, espace)
    f = document.facture
    assert f.cloture.fin is not None  # a closed period has an end (F4)
    cloture: Cloture = await soumettre(request, espace.acces, ConsulterCloture(
        espace.adherent_id, f.cloture.debut, f.cloture.fin))
    regularisation = next((r for r in cloture.regularisations if r.periode == f.periode),
                          None)
    signe = -1 if f.nature is NatureDocument.AVOIR else 1
    lignes_regularisees = [] if regularisation is None else [
        ligne for ligne in regularisation.lignes if ligne.quantite * signe > 0]
    factures: tuple[Facture, ...] = await soumettre(request, espace.acces, ListerFactures(
        espace.adherent_id))
    return rendre(request, "factures_fiche.html", espace, f=f, titre=titre(f),
                  assiette=cloture.assiette if f.objet is Objet.APPEL else None,
                  lignes_regularisees=lignes_regularisees, libelles=LIBELLES,
                  liees=[g for g in factures if g.corrige == f.numero])


@page_adherent
async def telecharger(request: Request, espace: Espace) -> Response:
    document = await _document(request, espace)
    pdf = await run_in_threadpool(PDFS.pdf, document)
    nom = document.facture.numero.replace('"', "")
    return Response(pdf, media_type="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{nom}.pdf"'})


ROUTES: list[BaseRoute] = [
    Route("/adherents/{numero}/factures", page_factures, methods=["GET"]),
    Route("/adherents/{numero}/factures/{numero_facture}", page_facture, methods=["GET"]),
    Route("/adherents/{numero}/factures/{numero_facture}/pdf", telecharger, methods=["GET"]),
]
