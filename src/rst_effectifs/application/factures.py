"""Menu "Mes factures" (F8): issuing the documents of closings, one member's or every
member's (RST), and reading them.

Issuing holds the numbering lock from before it reads what is already issued and the
clock until its commit: numbers then follow the order of issue without gap, and a
closing issued twice at once is issued once. A batch commits every
:data:`TAILLE_LOT` members, so a run stopped halfway keeps what it committed and is
resumed by running it again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from attrs import frozen

from ..domain.adherents import Acteur
from ..domain.bande_legale import controler_bande
from ..domain.emetteur import Emetteur
from ..domain.erreurs import ErreurDomaine, ErreurTechnique, RegleMetier
from ..domain.evenements import DocumentEmis
from ..domain.facturation import Bareme, bareme_predefini
from ..domain.facture_electronique import xml_cii
from ..domain.factures import Facture, ResumeCloture, documents_de_cloture, numeroter
from ..domain.periodes import Periode
from ..ports.factures import AEmettre, FactureEmise
from ..ports.unit_of_work import UniteDeTravail
from .commandes import (
    ConsulterFacture,
    EmettreFacture,
    EmettreFactures,
    ListerFactures,
    PrixDeFacture,
)
from .contexte import Besoin, Contexte, cas_d_usage

__all__ = [
    "TAILLE_LOT",
    "BilanEmission",
    "RefusEmission",
    "consulter_facture",
    "emettre_facture",
    "emettre_factures",
    "lister_factures",
]

TAILLE_LOT = 1000
"""Members issued per transaction by :func:`emettre_factures`: each transaction costs a
few statements and a commit whatever its size, and holds about 20 MB at this size."""


@frozen
class RefusEmission:
    """A member whose documents could not be issued, and why (nothing of it is stored)."""

    adherent_id: str
    code: str
    regle: str
    message: str


@frozen
class BilanEmission:
    """What a batch did: documents issued (their numbers), members invoiced, members
    refused with why, and where to resume (``suivant``: the last member looked at, when
    ``limite`` stopped the run before the end)."""

    debut: dt.date
    fin: dt.date
    adherents_factures: int
    numeros: tuple[str, ...]
    refus: tuple[RefusEmission, ...]
    restants: int
    """Members still to invoice after this run (refused ones included)."""
    suivant: str | None = None


def _emetteur(ctx: Contexte) -> Emetteur:
    if ctx.emetteur is None:
        raise ErreurTechnique(
            "L'identité de RST émettrice des factures n'est pas configurée (emetteur du "
            "contexte).", code="technique.emetteur_non_configure")
    return ctx.emetteur


def _bareme_donne(prix: PrixDeFacture) -> Bareme | None:
    if prix.bareme_sur_mesure is not None:
        return prix.bareme_sur_mesure
    return None if prix.bareme is None else bareme_predefini(prix.bareme)


class _Emission:
    """One unit of work issuing documents under the numbering lock: ranks follow on from
    the series' last, each member's documents in the order of its closings, all of them
    stored together at the end (:meth:`stocker`)."""

    def __init__(self, ctx: Contexte, uow: UniteDeTravail, acteur: Acteur,
                 prix: PrixDeFacture) -> None:
        self.ctx, self.uow, self.acteur, self.prix = ctx, uow, acteur, prix
        self.emetteur = _emetteur(ctx)
        self.bareme = _bareme_donne(prix)
        uow.factures.verrouiller_numerotation()
        self.quand = ctx.horloge.maintenant()
        self.annee = self.quand.year if self.emetteur.annuel else 0
        self.rang = uow.factures.dernier_rang(self.annee)
        self.emises: list[FactureEmise] = []

    def _bareme(self, cloture: ResumeCloture) -> Bareme:
        if cloture.bareme is not None:
            return cloture.bareme
        if self.bareme is None:
            raise RegleMetier(
                "Cette clôture a été faite sans barème : choisissez celui de la facture.",
                code="facture.bareme_requis", regle="F8", chemin="bareme")
        controler_bande(self.bareme, cloture.periode.debut.year, self.ctx.couts_moyens,
                        self.prix.cout_moyen, self.prix.sans_controle_bande)
        return self.bareme

    def adherent(self, a_emettre: AEmettre) -> list[FactureEmise]:
        """Number the documents of every closing of the member not yet invoiced; all of
        it or nothing (a refusal leaves nothing of the member)."""
        appels = {f.periode: f for f in a_emettre.appels}
        nouvelles: list[Facture] = []
        for cloture in a_emettre.clotures:
            brouillons = documents_de_cloture(cloture, a_emettre.acheteur,
                                              self._bareme(cloture), appels.get)
            factures = numeroter(brouillons, self.emetteur, self.annee,
                                 self.rang + len(nouvelles) + 1, self.quand,
                                 self.acteur.email.valeur)
            appels.setdefault(cloture.periode, factures[0])
            nouvelles.extend(factures)
        documents = [FactureEmise(f, xml_cii(f)) for f in nouvelles]
        self.rang += len(nouvelles)
        self.emises.extend(documents)
        return documents

    def stocker(self) -> None:
        self.uow.factures.ajouter(self.emises)
        self.ctx.journaliser(self.uow, self.acteur, [
            DocumentEmis(d.facture.adherent_id, d.facture.numero, d.facture.nature.value,
                         format(d.facture.total_ttc, "f")) for d in self.emises])


@cas_d_usage(Besoin.RST)
def emettre_facture(
    ctx: Contexte, acteur: Acteur, commande: EmettreFacture
) -> tuple[Facture, ...]:
    """F8: the documents of one closing (see :class:`EmettreFacture`)."""
    periode = Periode(commande.debut, commande.fin)
    with ctx.unite_de_travail() as uow:
        uow.adherents.obtenir(commande.adherent_id)
        uow.clotures.obtenir(commande.adherent_id, periode)
        emission = _Emission(ctx, uow, acteur, commande)
        for a_emettre in uow.factures.a_emettre(periode, [commande.adherent_id]):
            emission.adherent(a_emettre)
            emission.stocker()
            uow.commit()
        return tuple(uow.factures.de_la_cloture(commande.adherent_id, periode))


@cas_d_usage(Besoin.RST)
def emettre_factures(ctx: Contexte, acteur: Acteur, commande: EmettreFactures) -> BilanEmission:
    """F8 for every member (see :class:`EmettreFactures`): batches of
    :data:`TAILLE_LOT` members, each committed; a refused member is listed and skipped."""
    periode = Periode(commande.debut, commande.fin)
    limite = commande.limite
    apres, factures = commande.apres, 0
    numeros: list[str] = []
    refus: list[RefusEmission] = []
    par_lot = commande.par_lot or TAILLE_LOT
    while limite is None or limite > 0:
        taille = par_lot if limite is None else min(par_lot, limite)
        ids, emises, membres, refuses = _lot(ctx, acteur, commande, periode, apres, taille)
        if not ids:
            apres = None
            break
        numeros.extend(d.facture.numero for d in emises)
        factures += membres
        refus.extend(refuses)
        apres = ids[-1]
        if limite is not None:
            limite -= len(ids)
    with ctx.unite_de_travail() as uow:
        restants = uow.factures.compter_a_facturer(periode)
        if apres is not None and not uow.factures.a_facturer(periode, apres, 1):
            apres = None
    return BilanEmission(commande.debut, commande.fin, factures, tuple(numeros), tuple(refus),
                         restants, apres)


def _lot(ctx: Contexte, acteur: Acteur, commande: PrixDeFacture, periode: Periode,
         apres: str | None, taille: int
         ) -> tuple[Sequence[str], list[FactureEmise], int, list[RefusEmission]]:
    """One transaction, under the numbering lock: the next ``taille`` members to invoice
    after ``apres``, each in turn; a refused member is listed and left out whole."""
    refus: list[RefusEmission] = []
    factures = 0
    with ctx.unite_de_travail() as uow:
        emission = _Emission(ctx, uow, acteur, commande)
        ids = uow.factures.a_facturer(periode, apres, taille)
        if not ids:
            return ids, [], 0, []
        for a_emettre in uow.factures.a_emettre(periode, ids):
            try:
                emission.adherent(a_emettre)
            except ErreurDomaine as erreur:
                refus.append(RefusEmission(a_emettre.acheteur.adherent_id, erreur.code,
                                           erreur.regle, erreur.message))
                continue
            factures += 1
        emission.stocker()
        uow.commit()
    return ids, emission.emises, factures, refus


@cas_d_usage(Besoin.FACTURATION, ecrit=False)
def lister_factures(
    ctx: Contexte, acteur: Acteur, commande: ListerFactures
) -> tuple[Facture, ...]:
    """F8: the member's invoices and credit notes, in the order of issue."""
    with ctx.unite_de_travail() as uow:
        uow.adherents.obtenir(commande.adherent_id)
        return tuple(uow.factures.lister(commande.adherent_id))


@cas_d_usage(Besoin.FACTURATION, ecrit=False)
def consulter_facture(
    ctx: Contexte, acteur: Acteur, commande: ConsulterFacture
) -> FactureEmise:
    """F8: one document as issued, with its CII XML."""
    with ctx.unite_de_travail() as uow:
        uow.adherents.obtenir(commande.adherent_id)
        return uow.factures.obtenir(commande.adherent_id, commande.numero_facture)
