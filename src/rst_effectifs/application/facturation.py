"""Menu "Facturation": the assiette, pre-billing checks, closings and regularisations
(F1–F6)."""

from __future__ import annotations

from collections.abc import Sequence

from attrs import evolve

from ..domain.adherents import Acteur, Adherent
from ..domain.bande_legale import ControleBande, controler_bande
from ..domain.clotures import (
    AnnulationARegulariser,
    Cloture,
    cloturer,
    verifier_periode_a_cloturer,
)
from ..domain.erreurs import RegleMetier
from ..domain.evenements import Evenement
from ..domain.facturation import (
    Assiette,
    Bareme,
    RegleDeComptage,
    bareme_predefini,
    regle_predefinie,
)
from ..domain.periodes import Periode
from ..domain.salaries import Salarie
from ..domain.textes import texte_requis
from ..domain.totaux import TotauxAssiette
from ..domain.verifications import RapportDeVerification, rapport_avant_facturation
from .commandes import (
    AnnulerContratRegularise,
    AnnulerMouvementRegularise,
    CalculerAssiette,
    CalculerTotaux,
    CloturerPeriode,
    ConsulterCloture,
    ListerClotures,
    VerifierAvantFacturation,
)
from .contexte import Besoin, Contexte, cas_d_usage
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
    ctx: Contexte, commande: CalculerAssiette | CalculerTotaux | CloturerPeriode,
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


@cas_d_usage(Besoin.FACTURATION)
def calculer_assiette(ctx: Contexte, acteur: Acteur, commande: CalculerAssiette) -> Assiette:
    """F1/F2/F3: who is billed for the period, why, by follow-up type, and the amounts."""
    periode, regle, bareme, _controle = _choix(ctx, commande)
    with ctx.unite_de_travail() as uow:
        return uow.facturation.assiette(commande.adherent_id, periode, regle, bareme)


@cas_d_usage(Besoin.RST)
def calculer_totaux(
    ctx: Contexte, acteur: Acteur, commande: CalculerTotaux
) -> tuple[TotauxAssiette, ...]:
    """F2 for dashboards and invoice headers: every adherent's totals by follow-up type,
    entry fees and amounts, counted by the storage without building the lines; by
    adherent id. RST only (it spans every adherent)."""
    periode, regle, bareme, _controle = _choix(ctx, commande)
    with ctx.unite_de_travail() as uow:
        return tuple(uow.facturation.totaux_de_tous(periode, regle, bareme))


@cas_d_usage(Besoin.ADMINISTRATION)
def cloturer_periode(ctx: Contexte, acteur: Acteur, commande: CloturerPeriode) -> Cloture:
    """F4: freeze the period's assiette as it is now and carry the regularisations of
    every earlier closed period. By the adherent's administrator or by RST."""
    periode, regle, bareme, controle = _choix(ctx, commande)
    with ctx.unite_de_travail() as uow:
        adherent = uow.adherents.obtenir(commande.adherent_id)
        verifier_periode_a_cloturer(adherent, periode)
        assiette = uow.facturation.assiette(adherent.id, periode, regle, bareme)
        precedentes = uow.clotures.lister(adherent.id)
        recalculees = [uow.facturation.assiette(adherent.id, c.periode, c.regle, c.bareme)
                       for c in precedentes]
        adherent, cloture, evenements = cloturer(
            adherent, assiette, regle, bareme, precedentes, recalculees,
            ctx.horloge.maintenant(), acteur.email.valeur,
        )
        cloture = evolve(cloture, controle_bande=controle)
        uow.adherents.enregistrer(adherent)
        uow.clotures.ajouter(cloture)
        ctx.journaliser(uow, acteur, evenements)
        uow.commit()
    return cloture


@cas_d_usage(Besoin.FACTURATION)
def consulter_cloture(ctx: Contexte, acteur: Acteur, commande: ConsulterCloture) -> Cloture:
    """F4: a closing exactly as it was stored."""
    with ctx.unite_de_travail() as uow:
        uow.adherents.obtenir(commande.adherent_id)
        return uow.clotures.obtenir(commande.adherent_id, Periode(commande.debut, commande.fin))


@cas_d_usage(Besoin.FACTURATION)
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


def _motif(texte: str) -> str:
    return texte_requis(texte, champ="motif", code="regularisation.motif_invalide",
                        regle="F4", maximum=200, libelle="Le motif de l'annulation")


def _pas_gele() -> RegleMetier:
    return RegleMetier(
        "Cet élément n'est pas dans une période clôturée : annulez-le directement.",
        code="regularisation.inutile", regle="F4",
    )


@cas_d_usage(Besoin.ADMINISTRATION)
def annuler_mouvement_regularise(
    ctx: Contexte, acteur: Acteur, commande: AnnulerMouvementRegularise
) -> Salarie:
    """F4/E6: the only way to cancel an exit or reintegration dated in a closed period;
    the frozen assiette stays as it is and the next closing regularises. Journaled with
    its reason."""
    motif = _motif(commande.motif)

    def changement(s: Salarie, a: Adherent) -> tuple[Salarie, list[Evenement]]:
        mouvement = next((m for m in s.mouvements_actifs if m.id == commande.mouvement_id),
                         None)
        if mouvement is not None and (a.cloture_au is None or mouvement.le > a.cloture_au):
            raise _pas_gele()
        nouveau, evenements = s.annuler_mouvement(commande.mouvement_id, None)
        assert mouvement is not None  # annuler_mouvement refuses an unknown id
        return nouveau, [*evenements, AnnulationARegulariser(
            a.id, s.id, mouvement.id, mouvement.le, motif)]

    return changer_salarie(ctx, acteur, commande.adherent_id, commande.salarie_id, changement)


@cas_d_usage(Besoin.ADMINISTRATION)
def annuler_contrat_regularise(
    ctx: Contexte, acteur: Acteur, commande: AnnulerContratRegularise
) -> Salarie:
    """F4/C4: the only way to cancel a contract that touches a closed period; the next
    closing regularises. Journaled with its reason."""
    motif = _motif(commande.motif)

    def changement(s: Salarie, a: Adherent) -> tuple[Salarie, list[Evenement]]:
        contrat = next((c for c in s.contrats_actifs if c.id == commande.contrat_id), None)
        if contrat is not None and (a.cloture_au is None or contrat.debut > a.cloture_au):
            raise _pas_gele()
        nouveau, evenements = s.annuler_contrat(commande.contrat_id, None)
        assert contrat is not None  # annuler_contrat refuses an unknown id
        return nouveau, [*evenements, AnnulationARegulariser(
            a.id, s.id, contrat.id, contrat.debut, motif)]

    return changer_salarie(ctx, acteur, commande.adherent_id, commande.salarie_id, changement)

