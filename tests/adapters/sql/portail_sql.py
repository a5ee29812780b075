"""Helpers of the SQL adapter tests: sample data and a portal scenario that records what
every step answered, so that runs on different storages can be compared."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from typing import Any

from attrs import frozen
from stdnum import luhn

import rst_effectifs as rst
from rst_effectifs.domain.identifiants import calculer_cle

AGENT = rst.AgentRst(rst.Email.parse("agent@rst.fr"))


def siret(n: int) -> str:
    corps = f"7328293200{n:03d}"
    return corps + luhn.calc_check_digit(corps)


def nir(naissance: dt.date, ordre: int = 1, sexe: str = "1") -> str:
    """A valid NIR coherent with ``naissance`` (S1)."""
    corps = f"{sexe}{naissance:%y%m}75101{ordre:03d}"
    return corps + calculer_cle(corps)


def ids_sequentiels(prefixe: str = "id-") -> Callable[[], str]:
    compteur = itertools.count(1)
    return lambda: f"{prefixe}{next(compteur):06d}"


def nouvel_adherent(ctx: rst.Contexte, n: int = 1, raison_sociale: str = "Boulangerie Martin"
                    ) -> tuple[rst.Adherent, rst.Acces]:
    adherent = rst.creer_adherent(
        ctx, AGENT,
        rst.CreerAdherent(numero=f"{n:06d}", siret=siret(n % 1000),
                          raison_sociale=raison_sociale,
                          email_connexion=f"contact{n}@exemple.fr"),
    )
    acces = rst.Acces(rst.Email.parse(f"contact{n}@exemple.fr"), adherent.id,
                      frozenset({rst.Role.ADMINISTRATEUR}))
    return adherent, acces


def contrat(poste_id: str, debut: dt.date, fin: dt.date | None = None,
            nature: rst.NatureContrat = rst.NatureContrat.CDI, **autres: Any) -> rst.NouveauContrat:
    return rst.NouveauContrat(nature, debut, poste_id, fin=fin, **autres)


@frozen
class Refus:
    """What a refused step answered: the error's type, code, rule and failed items."""

    type: str
    code: str
    regle: str
    echecs: tuple[rst.Echec, ...] = ()


def tenter(action: Callable[[], Any]) -> Any:
    """The step's result, or a :class:`Refus` for a domain error (others propagate)."""
    try:
        return action()
    except rst.ErreurDomaine as erreur:
        echecs = erreur.echecs if isinstance(erreur, rst.RefusGroupe) else ()
        return Refus(type(erreur).__name__, erreur.code, erreur.regle, echecs)


def scenario_portail(ctx: rst.Contexte) -> list[tuple[str, Any]]:
    """Hire, duplicates, contract change, bulk exit and its resend, reintegration,
    cancellations, postes, headcounts and list pages: every answer, in order."""
    journal: list[tuple[str, Any]] = []

    def pas(nom: str, action: Callable[[], Any]) -> Any:
        resultat = tenter(action)
        journal.append((nom, resultat))
        return resultat

    adherent, moi = nouvel_adherent(ctx)
    a = adherent.id
    vente = pas("poste vente", lambda: rst.ajouter_poste(ctx, moi, rst.AjouterPoste(a, "Vendeuse")))
    nuit = pas("poste nuit", lambda: rst.ajouter_poste(
        ctx, moi, rst.AjouterPoste(a, "Boulanger de nuit",
                                   frozenset({rst.Risque.TRAVAIL_DE_NUIT}))))
    cariste = pas("poste cariste", lambda: rst.ajouter_poste(
        ctx, moi, rst.AjouterPoste(a, "Cariste", frozenset({rst.Risque.AUTORISATION_CONDUITE}))))
    pas("poste doublon", lambda: rst.ajouter_poste(ctx, moi, rst.AjouterPoste(a, "VENDEUSE")))

    personnes = [
        ("Durand", "Léa", dt.date(1990, 5, 4), True),
        ("Dupont", "Jean-Éric", dt.date(1985, 12, 1), False),
        ("Ëlmas", "Zoé", dt.date(1979, 7, 14), True),
        ("Petit", "Tom", dt.date(2008, 2, 29), False),  # a minor in 2025, born 29 February
        ("d'Arc", "Jeanne", dt.date(1992, 1, 6), False),
        ("Durand", "Léo", dt.date(2001, 3, 3), True),
    ]
    salaries: list[rst.Salarie] = []
    for i, (nom, prenoms, naissance, avec_nir) in enumerate(personnes):
        poste = (vente, nuit, cariste)[i % 3]
        s = pas(f"embauche {nom}", lambda nom=nom, prenoms=prenoms, naissance=naissance,
                avec_nir=avec_nir, poste=poste, i=i: rst.embaucher(
                    ctx, moi, rst.EmbaucherSalarie(
                        a, nom=nom, prenoms=prenoms, date_naissance=naissance,
                        nir=nir(naissance, i + 1) if avec_nir else None,
                        contrat=contrat(poste.id, dt.date(2025, 1, 6 + i),
                                        nature=rst.NatureContrat.CDD,
                                        fin=dt.date(2025, 12, 31) if i % 2 else None))))
        salaries.append(s)
    lea, jean, zoe, tom, jeanne, leo = salaries

    pas("doublon par NIR", lambda: rst.embaucher(ctx, moi, rst.EmbaucherSalarie(
        a, nom="Autre", prenoms="Nom", date_naissance=dt.date(1990, 5, 4),
        nir=nir(dt.date(1990, 5, 4), 1), contrat=contrat(vente.id, dt.date(2025, 2, 1)))))
    pas("doublon par nom", lambda: rst.embaucher(ctx, moi, rst.EmbaucherSalarie(
        a, nom="DUPONT", prenoms="jean eric", date_naissance=dt.date(1985, 12, 1),
        contrat=contrat(vente.id, dt.date(2025, 2, 1)))))
    pas("changement de contrat", lambda: rst.ajouter_contrat(ctx, moi, rst.AjouterContrat(
        a, lea.id, contrat(nuit.id, dt.date(2025, 7, 1)))))
    pas("contrat chevauchant", lambda: rst.ajouter_contrat(ctx, moi, rst.AjouterContrat(
        a, lea.id, contrat(nuit.id, dt.date(2025, 6, 1), fin=dt.date(2025, 8, 1)))))
    sortie = rst.SortirDeLEffectif(a, "sortie-1", (jean.id, tom.id, zoe.id),
                                   le=dt.date(2025, 9, 30), motif="031")
    pas("sortie groupee", lambda: rst.sortir(ctx, moi, sortie))
    pas("sortie renvoyee", lambda: rst.sortir(ctx, moi, sortie))
    pas("sortie refusee", lambda: rst.sortir(ctx, moi, rst.SortirDeLEffectif(
        a, "sortie-2", (jean.id, leo.id, "inconnu"), le=dt.date(2025, 10, 31))))
    reintegration = pas("reintegration", lambda: rst.reintegrer(ctx, moi,
                        rst.ReintegrerDansLEffectif(a, "retour-1", (zoe.id,),
                                                    le=dt.date(2025, 11, 3))))
    pas("annulation de la reintegration", lambda: rst.annuler_mouvement(
        ctx, moi, rst.AnnulerMouvement(a, zoe.id, reintegration.mouvements[0][1])))
    pas("annulation salarie", lambda: rst.annuler_salarie(
        ctx, moi, rst.AnnulerSalarie(a, jeanne.id)))
    lea_ = pas("consulter lea", lambda: rst.consulter_salarie(
        ctx, moi, rst.ConsulterSalarie(a, lea.id)))
    pas("annulation du changement", lambda: rst.annuler_contrat(
        ctx, moi, rst.AnnulerContrat(a, lea.id, lea_.contrats[-1].id)))
    pas("archiver cariste", lambda: rst.archiver_poste(ctx, moi, rst.ArchiverPoste(a, cariste.id)))
    pas("renommer vers un libelle pris", lambda: rst.renommer_poste(
        ctx, moi, rst.RenommerPoste(a, nuit.id, "vendeuse")))
    pas("renommer vers le libelle archive", lambda: rst.renommer_poste(
        ctx, moi, rst.RenommerPoste(a, nuit.id, "Cariste")))
    pas("supprimer un poste utilise", lambda: rst.supprimer_poste(
        ctx, moi, rst.SupprimerPoste(a, vente.id)))
    pas("contrat sur poste archive", lambda: rst.ajouter_contrat(ctx, moi, rst.AjouterContrat(
        a, leo.id, contrat(cariste.id, dt.date(2026, 1, 1)))))
    pas("lister postes", lambda: rst.lister_postes(ctx, moi, rst.ListerPostes(a, True)))
    for le in (dt.date(2024, 12, 31), dt.date(2025, 1, 8), dt.date(2025, 9, 30),
               dt.date(2025, 10, 1), dt.date(2025, 12, 1), dt.date(2026, 3, 1)):
        pas(f"effectif au {le}", lambda le=le: rst.consulter_effectif(
            ctx, moi, rst.ConsulterEffectif(a, le)))
    pas("effectif 2025", lambda: rst.effectif_sur_periode(
        ctx, moi, rst.EffectifSurPeriode(a, dt.date(2025, 1, 1), dt.date(2025, 12, 31))))
    pas("effectif invalide", lambda: rst.effectif_sur_periode(
        ctx, moi, rst.EffectifSurPeriode(a, dt.date(2025, 2, 1), dt.date(2025, 1, 1))))
    for filtre in ({}, {"nom": "dur"}, {"nom": "ÉL"}, {"poste_id": nuit.id},
                   {"present_le": dt.date(2025, 10, 1)}, {"nom": "%"}):
        apres: str | None = None
        for page in range(5):
            resultat = pas(f"liste {filtre} page {page}", lambda apres=apres, filtre=filtre:
                           rst.lister_salaries(ctx, moi, rst.ListerSalaries(
                               a, apres=apres, limite=2, **filtre)))
            if isinstance(resultat, Refus) or resultat.suivant is None:
                break
            apres = resultat.suivant
    pas("liste curseur inconnu", lambda: rst.lister_salaries(
        ctx, moi, rst.ListerSalaries(a, apres="inconnu")))
    for s in salaries:
        pas(f"fiche {s.id}", lambda s=s: rst.consulter_salarie(
            ctx, moi, rst.ConsulterSalarie(a, s.id)))
    pas("adherent", lambda: rst.consulter_adherent(ctx, moi, rst.ConsulterAdherent(a)))
    with ctx.unite_de_travail() as uow:
        journal.append(("journal", tuple(uow.journal.lister(a))))
    return journal
