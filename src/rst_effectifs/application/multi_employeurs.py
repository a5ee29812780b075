"""Multi-employer workers (F7): RST's reconciliation list and records (RST only), a
member's declaration and what it sees of one file, and the assiette with the shares
applied, which every billing use case reads (:func:`assiette_facturee`)."""

from __future__ import annotations

from collections.abc import Sequence

from ..domain.adherents import Acteur, Adherent
from ..domain.erreurs import DonneeInvalide, Introuvable
from ..domain.facturation import Assiette, Bareme, RegleDeComptage
from ..domain.multi_employeurs import (
    DeclarationMultiEmployeur,
    MultiEmployeurDuSalarie,
    PageMultiEmployeurs,
    PartAnnuelle,
    SituationMultiEmployeur,
    annee_des_parts,
    annee_valide,
    appliquer_parts,
    constater,
    declarer,
    situation,
)
from ..domain.periodes import Periode
from ..domain.salaries import Salarie
from ..domain.suivi import TypeDeSuivi
from ..ports.multi_employeurs import FicheChezAdherent
from ..ports.unit_of_work import UniteDeTravail
from .commandes import (
    ConsulterMultiEmployeur,
    DeclarerMultiEmployeur,
    EnregistrerMultiEmployeur,
    ListerMultiEmployeurs,
)
from .contexte import Besoin, Contexte, cas_d_usage

__all__ = [
    "assiette_facturee",
    "consulter_multi_employeur",
    "declarer_multi_employeur",
    "enregistrer_multi_employeur",
    "lister_multi_employeurs",
]


def assiette_facturee(uow: UniteDeTravail, adherent_id: str, periode: Periode,
                      regle: RegleDeComptage, bareme: Bareme | None, *,
                      suivi_simple: TypeDeSuivi = TypeDeSuivi.SIG) -> Assiette:
    """F2 and F7: the storage's assiette (its follow-up types of the day, P2b, with the
    service's ``suivi_simple``) with the shares of the member's multi-employer workers of
    the period's first year applied (the other employers' never read)."""
    assiette = uow.facturation.assiette(adherent_id, periode, regle, bareme,
                                        suivi_simple=suivi_simple)
    parts = uow.multi_employeurs.parts(adherent_id, annee_des_parts(periode))
    return appliquer_parts(assiette, parts, bareme)


def _charger(uow: UniteDeTravail, fiches: Sequence[FicheChezAdherent],
             adherents: dict[str, Adherent]) -> list[tuple[Adherent, Salarie]]:
    chargees = []
    for adherent_id, salarie_id in fiches:
        if adherent_id not in adherents:
            adherents[adherent_id] = uow.adherents.obtenir(adherent_id)
        chargees.append((adherents[adherent_id], uow.salaries.obtenir(adherent_id,
                                                                      salarie_id)))
    return chargees


def _designees(uow: UniteDeTravail, commande: EnregistrerMultiEmployeur
               ) -> list[tuple[Adherent, Salarie]]:
    """The files the request names: an unknown one is bad input naming its place in the
    request (the ids are in the body, not the resource's address)."""
    chargees = []
    for rang, fiche in enumerate(commande.fiches):
        try:
            chargees += _charger(uow, [(fiche.adherent_id, fiche.salarie_id)], {})
        except Introuvable:
            raise DonneeInvalide("Cette fiche est introuvable.",
                                 code="multi_employeur.fiche_introuvable", regle="A4",
                                 chemin=f"fiches[{rang}]") from None
    return chargees


def _situation(uow: UniteDeTravail, annee: int, chargees: list[tuple[Adherent, Salarie]]
               ) -> SituationMultiEmployeur:
    nir = next((s.identite.nir for _a, s in chargees if s.identite.nir is not None), None)
    existant = None if nir is None else uow.multi_employeurs.obtenir(annee, nir)
    declarations = [uow.multi_employeurs.declaration(a.id, s.id, annee) for a, s in chargees]
    return situation(annee, chargees, declarations, existant)


@cas_d_usage(Besoin.RST, ecrit=False)
def lister_multi_employeurs(
    ctx: Contexte, acteur: Acteur, commande: ListerMultiEmployeurs
) -> PageMultiEmployeurs:
    """F7, RST only: the people the storage finds by NIR across members or declared by a
    member (set-based), each with their files on 31 January; NIRs masked."""
    annee = annee_valide(commande.annee)
    with ctx.unite_de_travail() as uow:
        groupes = uow.multi_employeurs.rapprochements(annee, commande.decalage,
                                                      commande.limite + 1)
        adherents: dict[str, Adherent] = {}
        personnes = tuple(_situation(uow, annee, _charger(uow, fiches, adherents))
                          for fiches in groupes[:commande.limite])
    suivant = commande.decalage + commande.limite if len(groupes) > commande.limite else None
    return PageMultiEmployeurs(annee, personnes, suivant)


@cas_d_usage(Besoin.RST)
def enregistrer_multi_employeur(
    ctx: Contexte, acteur: Acteur, commande: EnregistrerMultiEmployeur
) -> SituationMultiEmployeur:
    """F7, RST only: record the person of these files as multi-employer for the year,
    journaled on each member concerned (A5); the same request again changes nothing, and
    two agents at once leave one record (the second reads the first's on its retry)."""
    annee = annee_valide(commande.annee)
    with ctx.unite_de_travail() as uow:
        chargees = _designees(uow, commande)
        nir = next((s.identite.nir for _a, s in chargees if s.identite.nir is not None), None)
        existant = None if nir is None else uow.multi_employeurs.obtenir(annee, nir)
        multi, evenements = constater(annee, chargees, existant, ctx.horloge.maintenant(),
                                      acteur.email.valeur)
        if evenements:
            uow.multi_employeurs.enregistrer(multi)
            ctx.journaliser(uow, acteur, evenements)
            uow.commit()
        return situation(annee, chargees, [uow.multi_employeurs.declaration(
            a.id, s.id, annee) for a, s in chargees], multi)


@cas_d_usage(Besoin.DECLARATION)
def declarer_multi_employeur(
    ctx: Contexte, acteur: Acteur, commande: DeclarerMultiEmployeur
) -> DeclarationMultiEmployeur:
    """F7: the member declares that one of its workers has other employers that year;
    journaled; the same declaration again changes nothing."""
    with ctx.unite_de_travail() as uow:
        adherent = uow.adherents.obtenir(commande.adherent_id)
        salarie = uow.salaries.obtenir(adherent.id, commande.salarie_id)
        declaration, evenements = declarer(adherent, salarie, commande.annee,
                                           commande.autres_employeurs,
                                           ctx.horloge.maintenant(), acteur.email.valeur)
        existante = uow.multi_employeurs.declaration(adherent.id, salarie.id, commande.annee)
        if existante is not None and existante.autres_employeurs == commande.autres_employeurs:
            return existante
        uow.multi_employeurs.declarer(declaration)
        ctx.journaliser(uow, acteur, evenements)
        uow.commit()
    return declaration


@cas_d_usage(Besoin.LECTURE)
def consulter_multi_employeur(
    ctx: Contexte, acteur: Acteur, commande: ConsulterMultiEmployeur
) -> MultiEmployeurDuSalarie:
    """F7: the member's declarations about one of its files and the shares recorded for
    it by year; nothing of the other employers."""
    with ctx.unite_de_travail() as uow:
        salarie = uow.salaries.obtenir(commande.adherent_id, commande.salarie_id)
        declarations = tuple(uow.multi_employeurs.declarations_du_salarie(
            commande.adherent_id, salarie.id))
        parts = tuple(PartAnnuelle(annee, part) for annee, part in
                      uow.multi_employeurs.parts_du_salarie(commande.adherent_id, salarie.id))
    return MultiEmployeurDuSalarie(salarie.id, declarations, parts)
