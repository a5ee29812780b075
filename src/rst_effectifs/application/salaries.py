"""Menu "Mes salariés": hiring, identity corrections, contracts (S1–S4, C1–C4)."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable

import attrs
from attrs import evolve

from ..domain.adherents import Acteur, Adherent
from ..domain.contrats import Contrat
from ..domain.erreurs import RegleMetier, exiger_version
from ..domain.evenements import Evenement
from ..domain.identifiants import Nir
from ..domain.salaries import Identite, Salarie
from ..ports.idempotence import RequeteTraitee
from ..ports.salaries import FiltreSalaries, PageSalaries
from ..ports.unit_of_work import UniteDeTravail
from .commandes import (
    AjouterContrat,
    AnnulerContrat,
    AnnulerSalarie,
    ConsulterSalarie,
    CorrigerIdentite,
    EmbaucherSalarie,
    ListerSalaries,
    NouveauContrat,
)
from .contexte import Besoin, Contexte, cas_d_usage
from .idempotence import requete_deja_traitee


def _identite(nom: str, prenoms: str, date_naissance: dt.date, nir: str | None) -> Identite:
    return Identite(
        nom=nom,
        prenoms=prenoms,
        date_naissance=date_naissance,  # checked by Identite
        nir=None if nir is None else Nir.parse(nir, chemin="nir"),
    )


def _garder_ce_que_la_saisie_ignore(identite: Identite, avant: Identite) -> Identite:
    """A correction keeps the file's NTT, and a partly unknown birth date (DSN ``99``)
    when the date is left as it was: the form edits neither."""
    if identite.date_naissance == avant.date_naissance:
        return evolve(identite, ntt=avant.ntt, precision_naissance=avant.precision_naissance)
    return evolve(identite, ntt=avant.ntt)


def nouveau_contrat(ctx: Contexte, adherent: Adherent, commande: NouveauContrat) -> Contrat:
    adherent.poste_pour_contrat(commande.poste_id)  # P5
    return Contrat(
        id=ctx.nouvel_id(),
        nature=commande.nature,
        debut=commande.debut,
        poste_id=commande.poste_id,
        fin=commande.fin,
        dispositif=commande.dispositif,
        numero=commande.numero,
    )


def _refuser_doublon(
    uow: UniteDeTravail, adherent_id: str, identite: Identite, sauf: str | None = None
) -> None:
    """S2: one file per person per adherent."""
    existants = uow.salaries.doublons(adherent_id, identite, sauf)
    if existants:
        raise RegleMetier(
            "Ce salarié a déjà une fiche : ajoutez-lui un nouveau contrat ou "
            "réintégrez-le dans l'effectif au lieu de créer une nouvelle fiche.",
            code="salarie.deja_existant",
            regle="S2",
            details={"salarie_id": existants[0]},
        )


def marquer_poste(uow: UniteDeTravail, adherent: Adherent, poste_id: str) -> None:
    """P4 needs to know a poste was used; save the adherent only the first time."""
    marque = adherent.marquer_poste_utilise(poste_id)
    if marque is not adherent:
        uow.adherents.enregistrer(marque)


@cas_d_usage(Besoin.DECLARATION)
def embaucher(ctx: Contexte, acteur: Acteur, commande: EmbaucherSalarie) -> Salarie:
    """A new file with its first contract (E1); refused if the person has one (S2). Under
    a ``requete_id`` already applied (E5), the file that request created, as it is now."""
    identite = _identite(commande.nom, commande.prenoms, commande.date_naissance, commande.nir)
    with ctx.unite_de_travail() as uow:
        if commande.requete_id is not None:
            # A resend arriving with the original waits for it, then reads what it made.
            uow.verrouiller_requete(commande.adherent_id, commande.requete_id)
            deja = requete_deja_traitee(uow, commande.adherent_id, commande.requete_id,
                                        _empreinte(commande))
            if deja is not None:
                return uow.salaries.obtenir(commande.adherent_id, deja.mouvements[0][0])
        uow.verrouiller_identites(commande.adherent_id, [identite])  # S2 under concurrency
        adherent = uow.adherents.obtenir(commande.adherent_id)
        contrat = nouveau_contrat(ctx, adherent, commande.contrat)
        _refuser_doublon(uow, adherent.id, identite)
        salarie, evenements = Salarie.embaucher(ctx.nouvel_id(), adherent.id, identite, contrat)
        salarie = uow.salaries.ajouter(salarie)
        marquer_poste(uow, adherent, contrat.poste_id)
        ctx.journaliser(uow, acteur, evenements)
        if commande.requete_id is not None:
            uow.idempotence.ajouter(RequeteTraitee(
                adherent.id, commande.requete_id, _empreinte(commande),
                ((salarie.id, contrat.id),)))
        uow.commit()
    return salarie


def _empreinte(commande: EmbaucherSalarie) -> str:
    """E5: what tells this hire from another under the same request id, as a digest (the
    NIR in clear is in it, the stored digest shows none of it)."""
    champs = attrs.asdict(commande)
    champs.pop("requete_id")
    contenu = repr((type(commande).__name__, sorted(champs.items())))
    return "sha256:" + hashlib.sha256(contenu.encode()).hexdigest()


Changement = Callable[[Salarie, Adherent], tuple[Salarie, list[Evenement]]]


def obtenir_salarie(
    uow: UniteDeTravail, adherent_id: str, salarie_id: str, version_attendue: int | None
) -> Salarie:
    """The salarié to change, refused (``VersionPerimee``) when it is not at the version
    the caller read."""
    salarie = uow.salaries.obtenir(adherent_id, salarie_id)
    exiger_version(salarie.version, version_attendue)
    return salarie


def changer_salarie(
    ctx: Contexte, acteur: Acteur, adherent_id: str, salarie_id: str, changement: Changement,
    version_attendue: int | None = None,
) -> Salarie:
    """Load one salarié (at ``version_attendue`` when given) and its adherent, apply one
    domain command, save, journal."""
    with ctx.unite_de_travail() as uow:
        adherent = uow.adherents.obtenir(adherent_id)
        salarie = obtenir_salarie(uow, adherent_id, salarie_id, version_attendue)
        salarie, evenements = changement(salarie, adherent)
        salarie = uow.salaries.enregistrer(salarie)
        ctx.journaliser(uow, acteur, evenements)
        uow.commit()
    return salarie


@cas_d_usage(Besoin.DECLARATION)
def corriger_identite(ctx: Contexte, acteur: Acteur, commande: CorrigerIdentite) -> Salarie:
    """S4: a typo is fixed on the same file, never by a new one."""
    identite = _identite(commande.nom, commande.prenoms, commande.date_naissance, commande.nir)
    with ctx.unite_de_travail() as uow:
        uow.verrouiller_identites(commande.adherent_id, [identite])
        salarie = obtenir_salarie(uow, commande.adherent_id, commande.salarie_id,
                                  commande.version_attendue)
        identite = _garder_ce_que_la_saisie_ignore(identite, salarie.identite)
        _refuser_doublon(uow, commande.adherent_id, identite, sauf=salarie.id)
        salarie, evenements = salarie.corriger_identite(identite)
        if evenements:
            salarie = uow.salaries.enregistrer(salarie)
            ctx.journaliser(uow, acteur, evenements)
            uow.commit()
    return salarie


@cas_d_usage(Besoin.DECLARATION)
def ajouter_contrat(ctx: Contexte, acteur: Acteur, commande: AjouterContrat) -> Salarie:
    """C3: the contract change of the portal's good practice."""
    with ctx.unite_de_travail() as uow:
        adherent = uow.adherents.obtenir(commande.adherent_id)
        salarie = obtenir_salarie(uow, adherent.id, commande.salarie_id,
                                  commande.version_attendue)
        contrat = nouveau_contrat(ctx, adherent, commande.contrat)
        salarie, evenements = salarie.ajouter_contrat(contrat, ctx.nouvel_id())
        salarie = uow.salaries.enregistrer(salarie)
        marquer_poste(uow, adherent, contrat.poste_id)
        ctx.journaliser(uow, acteur, evenements)
        uow.commit()
    return salarie


@cas_d_usage(Besoin.DECLARATION)
def annuler_contrat(ctx: Contexte, acteur: Acteur, commande: AnnulerContrat) -> Salarie:
    return changer_salarie(
        ctx, acteur, commande.adherent_id, commande.salarie_id,
        lambda s, a: s.annuler_contrat(commande.contrat_id, a.cloture_au),
        commande.version_attendue,
    )


@cas_d_usage(Besoin.DECLARATION)
def annuler_salarie(ctx: Contexte, acteur: Acteur, commande: AnnulerSalarie) -> Salarie:
    """S3: a file entered by mistake that never counted in a billed period."""
    return changer_salarie(
        ctx, acteur, commande.adherent_id, commande.salarie_id,
        lambda s, a: s.annuler(a.cloture_au),
        commande.version_attendue,
    )


@cas_d_usage(Besoin.LECTURE)
def consulter_salarie(ctx: Contexte, acteur: Acteur, commande: ConsulterSalarie) -> Salarie:
    with ctx.unite_de_travail() as uow:
        return uow.salaries.obtenir(commande.adherent_id, commande.salarie_id)


@cas_d_usage(Besoin.LECTURE)
def lister_salaries(ctx: Contexte, acteur: Acteur, commande: ListerSalaries) -> PageSalaries:
    """Search by family-name prefix, poste, presence on a date; keyset-paged."""
    filtre = FiltreSalaries(nom=commande.nom, poste_id=commande.poste_id,
                            present_le=commande.present_le, absent_le=commande.absent_le)
    with ctx.unite_de_travail() as uow:
        uow.adherents.obtenir(commande.adherent_id)
        return uow.salaries.lister(commande.adherent_id, filtre, commande.apres, commande.limite)
