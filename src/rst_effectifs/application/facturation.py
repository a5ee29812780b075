"""Menu "Facturation": the assiette, pre-billing checks, closings and regularisations
(F1–F6)."""

from __future__ import annotations

from collections.abc import Sequence

from attrs import evolve

from ..domain.adherents import Acteur
from ..domain.annulations import ObjetAnnule, annuler_regularise, motif_d_annulation
from ..domain.bande_legale import ControleBande, controler_bande
from ..domain.clotures import Cloture, cloturer, verifier_periode_a_cloturer
from ..domain.facturation import (
    Assiette,
    Bareme,
    RegleDeComptage,
    bareme_predefini,
    regle_predefinie,
)
from ..domain.multi_employeurs import annee_des_parts
from ..domain.periodes import Periode
from ..domain.salaries import Salarie
from ..domain.totaux import TotauxAssiette
from ..domain.verifications import RapportDeVerification, rapport_avant_facturation
from .commandes import (
    AnnulerContratRegularise,
    AnnulerMouvementRegularise,
    CalculerAssiette,
    CalculerTotaux,
    ChoixDeFacturation,
    CloturerPeriode,
    ConsulterCloture,
    ListerClotures,
    VerifierAvantFacturation,
)
from .contexte import Besoin, Contexte, cas_d_usage
from .multi_employeurs import assiette_facturee
from .salaries import changer_salarie

__all__ = [
    "annuler_contrat_regularise",
    "annuler_mouvement_regularise",
    "calculer_assiette",
    "calculer_totaux",
    "cloturer_periode",
    "consulter_cloture",
    "lister_clotures",
    "verifier_avant_facturation",
]


def _choix(
    ctx: Contexte, commande: ChoixDeFacturation,
) -> tuple[Periode, RegleDeComptage, Bareme | None, ControleBande]:
    """The period, the rule and the barème a command names; F3 checked against the
    national average cost of the period's year (given, or known to the context), or
    explicitly waived."""
    periode = Periode(commande.debut, commande.fin)
    regle = commande.regle_sur_mesure
    if regle is None:
        assert commande.regle is not None  # the command checked that one is given
        regle = regle_predefinie(commande.regle)
    bareme = commande.bareme_sur_mesure
    if bareme is None and commande.bareme is not None:
        bareme = bareme_predefini(commande.bareme)
    controle = controler_bande(bareme, periode.debut.year, ctx.couts_moyens,
                               commande.cout_moyen, commande.sans_controle_bande)
    return periode, regle, bareme, controle


@cas_d_usage(Besoin.FACTURATION, ecrit=False)
def calculer_assiette(ctx: Contexte, acteur: Acteur, commande: CalculerAssiette) -> Assiette:
    """F1/F2/F3: who is billed for the period, why, by follow-up type, and the amounts
    (F7: a multi-employer worker's share of the fee)."""
    periode, regle, bareme, _controle = _choix(ctx, commande)
    with ctx.unite_de_travail() as uow:
        return assiette_facturee(uow, commande.adherent_id, periode, regle, bareme,
                                 suivi_simple=ctx.suivi_simple)


@cas_d_usage(Besoin.RST, ecrit=False)
def calculer_totaux(
    ctx: Contexte, acteur: Acteur, commande: CalculerTotaux
) -> tuple[TotauxAssiette, ...]:
    """F2 for dashboards and invoice headers: every adherent's totals by follow-up type,
    entry fees and amounts, counted by the storage without building the lines; by
    adherent id. RST only (it spans every adherent). F7: with a barème, the members with
    multi-employer workers that year get the totals of their assiette with the shares."""
    periode, regle, bareme, _controle = _choix(ctx, commande)
    with ctx.unite_de_travail() as uow:
        partages = {} if bareme is None else {
            a: TotauxAssiette.de_l_assiette(assiette_facturee(
                uow, a, periode, regle, bareme, suivi_simple=ctx.suivi_simple))
            for a in uow.multi_employeurs.adherents_avec_parts(annee_des_parts(periode))}
        return tuple(partages.get(t.adherent_id, t)
                     for t in uow.facturation.totaux_de_tous(periode, regle, bareme,
                                                             suivi_simple=ctx.suivi_simple))


@cas_d_usage(Besoin.ADMINISTRATION)
def cloturer_periode(ctx: Contexte, acteur: Acteur, commande: CloturerPeriode) -> Cloture:
    """F4: freeze the period's assiette as it is now and carry the regularisations of
    every earlier closed period. By the adherent's administrator or by RST."""
    periode, regle, bareme, controle = _choix(ctx, commande)
    with ctx.unite_de_travail() as uow:
        adherent = uow.adherents.obtenir(commande.adherent_id)
        verifier_periode_a_cloturer(adherent, periode)
        assiette = assiette_facturee(uow, adherent.id, periode, regle, bareme,
                                     suivi_simple=ctx.suivi_simple)
        precedentes = uow.clotures.lister(adherent.id)
        recalculees = [assiette_facturee(uow, adherent.id, c.periode, c.regle, c.bareme,
                                         suivi_simple=c.suivi_simple)
                       for c in precedentes]
        adherent, cloture, evenements = cloturer(
            adherent, assiette, regle, bareme, precedentes, recalculees,
            ctx.horloge.maintenant(), acteur.email.valeur,
        )
        cloture = evolve(cloture, controle_bande=controle, suivi_simple=ctx.suivi_simple)
        uow.adherents.enregistrer(adherent)
        uow.clotures.ajouter(cloture)
        ctx.journaliser(uow, acteur, evenements)
        uow.commit()
    return cloture


@cas_d_usage(Besoin.FACTURATION, ecrit=False)
def consulter_cloture(ctx: Contexte, acteur: Acteur, commande: ConsulterCloture) -> Cloture:
    """F4: a closing exactly as it was stored."""
    with ctx.unite_de_travail() as uow:
        uow.adherents.obtenir(commande.adherent_id)
        return uow.clotures.obtenir(commande.adherent_id, Periode(commande.debut, commande.fin))


@cas_d_usage(Besoin.FACTURATION, ecrit=False)
def lister_clotures(
    ctx: Contexte, acteur: Acteur, commande: ListerClotures
) -> tuple[Cloture, ...]:
    """F4: every closing of the adherent, oldest first."""
    with ctx.unite_de_travail() as uow:
        uow.adherents.obtenir(commande.adherent_id)
        return tuple(uow.clotures.lister(commande.adherent_id))


@cas_d_usage(Besoin.LECTURE)
def verifier_avant_facturation(
    ctx: Contexte, acteur: Acteur, commande: VerifierAvantFacturation
) -> RapportDeVerification:
    """F6: likely mistakes to fix before closing, each with the action to take."""
    le = commande.le or ctx.horloge.maintenant().date()
    with ctx.unite_de_travail() as uow:
        adherent = uow.adherents.obtenir(commande.adherent_id)
        salaries: Sequence[Salarie] = uow.salaries.tous(adherent.id)
        doublons = uow.salaries.groupes_de_doublons(adherent.id)
    return rapport_avant_facturation(adherent, salaries, le, doublons)


@cas_d_usage(Besoin.ADMINISTRATION)
def annuler_mouvement_regularise(
    ctx: Contexte, acteur: Acteur, commande: AnnulerMouvementRegularise
) -> Salarie:
    """F4/E6: the only way to cancel an exit or reintegration dated in a closed period;
    the frozen assiette stays as it is and the next closing regularises. Journaled with
    its reason."""
    return _annuler_regularise(ctx, acteur, commande, ObjetAnnule.MOUVEMENT,
                               commande.mouvement_id)


@cas_d_usage(Besoin.ADMINISTRATION)
def annuler_contrat_regularise(
    ctx: Contexte, acteur: Acteur, commande: AnnulerContratRegularise
) -> Salarie:
    """F4/C4: the only way to cancel a contract that touches a closed period; the next
    closing regularises. Journaled with its reason."""
    return _annuler_regularise(ctx, acteur, commande, ObjetAnnule.CONTRAT, commande.contrat_id)


def _annuler_regularise(
    ctx: Contexte,
    acteur: Acteur,
    commande: AnnulerMouvementRegularise | AnnulerContratRegularise,
    objet: ObjetAnnule,
    objet_id: str,
) -> Salarie:
    motif = motif_d_annulation(commande.motif)
    return changer_salarie(
        ctx, acteur, commande.adherent_id, commande.salarie_id,
        lambda salarie, adherent: annuler_regularise(adherent, salarie, objet, objet_id, motif),
        commande.version_attendue,
    )
