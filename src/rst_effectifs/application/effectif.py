"""Menu "Liste de mes salariés" → sortir / réintégrer, and the headcount (E2–E6)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from attrs import evolve

from ..domain.adherents import Acteur, Adherent
from ..domain.effectif import Effectif
from ..domain.erreurs import (
    ConflitDeVersion,
    DonneeInvalide,
    Echec,
    ErreurDomaine,
    RefusGroupe,
)
from ..domain.evenements import ContratAjoute, Evenement
from ..domain.salaries import Salarie
from ..ports.idempotence import RequeteTraitee
from ..ports.unit_of_work import UniteDeTravail
from .commandes import (
    AnnulerMouvement,
    ConsulterEffectif,
    EffectifSurPeriode,
    ReintegrerDansLEffectif,
    ResultatMouvements,
    SortirDeLEffectif,
)
from .contexte import Besoin, Contexte, cas_d_usage
from .idempotence import requete_deja_traitee
from .salaries import changer_salarie, marquer_poste, nouveau_contrat

MAX_PAR_REQUETE = 10_000

Mouvoir = Callable[[Salarie, str, Adherent], tuple[Salarie, list[Evenement]]]


def _en_groupe(
    ctx: Contexte,
    acteur: Acteur,
    commande: SortirDeLEffectif | ReintegrerDansLEffectif,
    mouvoir: Mouvoir,
) -> ResultatMouvements:
    """E5: all or nothing; a refusal lists every salarié that failed; a resend of the same
    request id changes nothing and answers as the first time."""
    ids = tuple(dict.fromkeys(commande.salarie_ids))
    if not ids or len(ids) > MAX_PAR_REQUETE:
        raise DonneeInvalide(
            f"Choisissez entre 1 et {MAX_PAR_REQUETE} salariés.",
            code="requete.selection_invalide", regle="E5", chemin="salarie_ids",
        )
    contrat = commande.contrat if isinstance(commande, ReintegrerDansLEffectif) else None
    empreinte = repr((type(commande).__name__, ids, commande.le, commande.motif,
                      *(() if contrat is None else (contrat,))))
    try:
        return _appliquer_en_groupe(ctx, acteur, commande, mouvoir, ids, empreinte)
    except (RefusGroupe, ConflitDeVersion):
        # The same request applied meanwhile by a unit that did not wait for our lock
        # (another storage, or one that took none): a resend, answered as such.
        with ctx.unite_de_travail() as uow:
            deja = _deja_traitee(uow, commande, empreinte)
        if deja is None:
            raise
        return deja


def _deja_traitee(
    uow: UniteDeTravail, commande: SortirDeLEffectif | ReintegrerDansLEffectif, empreinte: str
) -> ResultatMouvements | None:
    """E5: the stored answer of this request id, or ``None`` if it was never applied."""
    deja = requete_deja_traitee(uow, commande.adherent_id, commande.requete_id, empreinte)
    if deja is None:
        return None
    return ResultatMouvements(deja.requete_id, deja.mouvements, deja_traitee=True)


def _appliquer_en_groupe(
    ctx: Contexte,
    acteur: Acteur,
    commande: SortirDeLEffectif | ReintegrerDansLEffectif,
    mouvoir: Mouvoir,
    ids: tuple[str, ...],
    empreinte: str,
) -> ResultatMouvements:
    with ctx.unite_de_travail() as uow:
        # E5 under concurrency: a resend arriving with the original waits for it, then
        # reads its stored answer.
        uow.verrouiller_requete(commande.adherent_id, commande.requete_id)
        deja = _deja_traitee(uow, commande, empreinte)
        if deja is not None:
            return deja
        adherent = uow.adherents.obtenir(commande.adherent_id)
        echecs: list[Echec] = []
        faits: list[tuple[Salarie, list[Evenement]]] = []
        for salarie_id in ids:
            mouvement_id = ctx.nouvel_id()
            try:
                salarie = uow.salaries.obtenir(commande.adherent_id, salarie_id)
                faits.append(mouvoir(salarie, mouvement_id, adherent))
            except ErreurDomaine as erreur:
                echecs.append(Echec(salarie_id, erreur.code, erreur.regle, erreur.message))
        if echecs:
            raise RefusGroupe(echecs)
        contrat = commande.contrat if isinstance(commande, ReintegrerDansLEffectif) else None
        if contrat is not None and any(isinstance(e, ContratAjoute)
                                       for _s, evenements in faits for e in evenements):
            marquer_poste(uow, adherent, contrat.poste_id)  # P4
        mouvements = []
        for salarie, evenements in faits:
            uow.salaries.enregistrer(salarie)
            ctx.journaliser(uow, acteur, evenements)
            mouvements.append((salarie.id, salarie.mouvements[-1].id))
        resultat = ResultatMouvements(commande.requete_id, tuple(mouvements))
        uow.idempotence.ajouter(
            RequeteTraitee(commande.adherent_id, commande.requete_id, empreinte,
                           resultat.mouvements)
        )
        uow.commit()
    return resultat


@cas_d_usage(Besoin.DECLARATION)
def sortir(ctx: Contexte, acteur: Acteur, commande: SortirDeLEffectif) -> ResultatMouvements:
    """E2/E3/E5: take one or many salariés out of the headcount on ``le`` (last day)."""
    return _en_groupe(ctx, acteur, commande,
                      lambda s, mid, _a: s.sortir(mid, commande.le, commande.motif))


@cas_d_usage(Besoin.DECLARATION)
def reintegrer(
    ctx: Contexte, acteur: Acteur, commande: ReintegrerDansLEffectif
) -> ResultatMouvements:
    """E2/E3/E5: bring one or many salariés back from ``le`` (first day present); those
    whose contracts have all ended by then, with ``commande.contrat`` when given."""

    def mouvoir(salarie: Salarie, mouvement_id: str,
                adherent: Adherent) -> tuple[Salarie, list[Evenement]]:
        en_cours = any(c.couvre(commande.le) for c in salarie.contrats_actifs)
        if commande.contrat is None or en_cours or not salarie.mouvements_actifs or \
                salarie.est_dans_l_effectif:
            return salarie.reintegrer(mouvement_id, commande.le, commande.motif)
        contrat = nouveau_contrat(ctx, adherent, commande.contrat)
        nouveau, evenements = salarie.ajouter_contrat(contrat, mouvement_id)
        retour = nouveau.mouvements[-1]
        if retour.id != mouvement_id:  # the contract did not bring them back (E2's order)
            return salarie.reintegrer(mouvement_id, commande.le, commande.motif)
        if commande.motif is not None:
            nouveau = evolve(nouveau, mouvements=(*nouveau.mouvements[:-1],
                                                  evolve(retour, motif=commande.motif)))
        return nouveau, evenements

    return _en_groupe(ctx, acteur, commande, mouvoir)


@cas_d_usage(Besoin.DECLARATION)
def annuler_mouvement(ctx: Contexte, acteur: Acteur, commande: AnnulerMouvement) -> Salarie:
    """E6: a wrong exit or reintegration is cancelled, kept in history and journaled."""
    return changer_salarie(
        ctx, acteur, commande.adherent_id, commande.salarie_id,
        lambda s, a: s.annuler_mouvement(commande.mouvement_id, a.cloture_au),
        commande.version_attendue,
    )


def _effectif(ctx: Contexte, adherent_id: str, debut: dt.date, fin: dt.date | None) -> Effectif:
    with ctx.unite_de_travail() as uow:
        return uow.effectif.effectif(adherent_id, debut, fin, suivi_simple=ctx.suivi_simple)


@cas_d_usage(Besoin.LECTURE)
def consulter_effectif(ctx: Contexte, acteur: Acteur, commande: ConsulterEffectif) -> Effectif:
    """E4: who is present on a date, with counts by follow-up type."""
    return _effectif(ctx, commande.adherent_id, commande.le, None)


@cas_d_usage(Besoin.LECTURE)
def effectif_sur_periode(
    ctx: Contexte, acteur: Acteur, commande: EffectifSurPeriode
) -> Effectif:
    """E4: who is present on at least one day of the period."""
    if commande.fin < commande.debut:
        raise DonneeInvalide("La fin de la période précède son début.",
                             code="periode.invalide", regle="E4", chemin="fin")
    return _effectif(ctx, commande.adherent_id, commande.debut, commande.fin)
