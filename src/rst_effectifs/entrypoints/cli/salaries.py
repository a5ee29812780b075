"""``rst-effectifs salaries`` and ``contrats``: the salariés' files (S1–S4) and their
contracts (C1–C4); the command-line face of ``application/salaries.py``. A contract's
regularised cancellation (``--motif``, F4) is the one command reaching
``application/facturation.py`` from here: it is still a contract's cancellation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar

import click

from ...application.commandes import (
    AjouterContrat,
    AnnulerContrat,
    AnnulerContratRegularise,
    AnnulerSalarie,
    ConsulterSalarie,
    CorrigerIdentite,
    EmbaucherSalarie,
    ListerSalaries,
    NouveauContrat,
)
from ...application.contexte import executer
from ...domain.adherents import Adherent
from ...domain.contrats import NatureContrat
from ...domain.salaries import Salarie
from ...ports.salaries import PageSalaries
from .fiches import fiches_salarie, nom_complet
from .options import LIMITE_PAR_DEFAUT, option_adherent
from .parametres import DATE, ENTIER, NATURE, ErreurUtilisation, GroupeRst
from .racine import _session, aujourd_hui, cli, option_json, repondre, session_adherent_acteur
from .session import poste_designe
from .tables import tables_salaries

__all__ = ["salarie_modifie", "salaries"]

F = TypeVar("F", bound=Callable[..., Any])


@cli.group(cls=GroupeRst)
def salaries() -> None:
    """Les fiches des salariés (S1–S4) : une seule fiche par personne."""


def options_contrat(f: F) -> F:
    for option in reversed((
        click.option("--nature", type=NATURE, required=True,
                     help="Nature du contrat : code DSN (01 CDI, 02 CDD, 03 intérim…) ou nom "
                          "(CDI, CDD, MISSION_INTERIM…)."),
        click.option("--debut", type=DATE, required=True, help="Date de début du contrat."),
        click.option("--fin", type=DATE, help="Date de fin prévue."),
        click.option("--poste", required=True,
                     help="Poste : identifiant, libellé ou code PCS-ESE."),
        click.option("--dispositif", help="Dispositif de politique publique (2 chiffres, "
                                          "par ex. 64 apprentissage)."),
        click.option("--numero", help="Numéro du contrat."),
    )):
        f = option(f)
    return f


def nouveau_contrat(adherent: Adherent, nature: NatureContrat, debut: dt.date,
                    fin: dt.date | None, poste: str, dispositif: str | None,
                    numero: str | None) -> NouveauContrat:
    """The contract the options describe, its post named as the user wrote it."""
    return NouveauContrat(nature=nature, debut=debut, poste_id=poste_designe(adherent, poste).id,
                          fin=fin, dispositif=dispositif, numero=numero)


def salarie_modifie(salarie: Salarie, adherent: Adherent, titre: str,
                    cree: str | None = None) -> None:
    """The file after a change; with ``--quiet``, only the id of what was created
    (``cree``: a new contract's id; else the file's)."""
    repondre(salarie, titre, *fiches_salarie(salarie, adherent, aujourd_hui(_session())),
             ids=(cree or salarie.id,))


@salaries.command("embaucher")
@click.option("--nom", required=True, help="Nom de famille.")
@click.option("--prenoms", required=True, help="Prénoms.")
@click.option("--naissance", type=DATE, required=True, help="Date de naissance.")
@click.option("--nir", help="NIR (numéro de sécurité sociale, 15 caractères), s'il est connu.")
@options_contrat
@option_adherent
@option_json
def salaries_embaucher(nom: str, prenoms: str, naissance: dt.date, nir: str | None,
                       nature: NatureContrat, debut: dt.date, fin: dt.date | None, poste: str,
                       dispositif: str | None, numero: str | None, adherent: str | None) -> None:
    """Créer la fiche d'un nouveau salarié avec son premier contrat (E1, S2)."""
    session, choisi, acteur = session_adherent_acteur(adherent)
    contrat = nouveau_contrat(choisi, nature, debut, fin, poste, dispositif, numero)
    cree: Salarie = executer(session.ctx, acteur, EmbaucherSalarie(
        choisi.id, nom, prenoms, naissance, contrat, nir=nir))
    salarie_modifie(cree, choisi, f"Salarié embauché : {nom_complet(cree)}.")


@salaries.command("lister")
@click.option("--nom", help="Début du nom de famille (casse et accents ignorés).")
@click.option("--poste", help="Seulement les salariés ayant eu un contrat sur ce poste.")
@click.option("--present-le", type=DATE, help="Seulement les salariés présents ce jour-là.")
@click.option("--apres", metavar="CURSEUR", help="Page suivante : le curseur donné par la "
                                                  "page précédente.")
@click.option("--limite", type=ENTIER, default=LIMITE_PAR_DEFAUT, show_default=True,
              help="Taille de la page (1 à 500).")
@click.option("--tout", is_flag=True, help="Toutes les pages à la suite.")
@option_adherent
@option_json
def salaries_lister(nom: str | None, poste: str | None, present_le: dt.date | None,
                    apres: str | None, limite: int, tout: bool, adherent: str | None) -> None:
    """Lister les salariés, par ordre alphabétique, page par page."""
    session, choisi, acteur = session_adherent_acteur(adherent)
    poste_id = None if poste is None else poste_designe(choisi, poste).id
    trouves: list[Salarie] = []
    while True:
        page: PageSalaries = executer(session.ctx, acteur, ListerSalaries(
            choisi.id, nom=nom, poste_id=poste_id, present_le=present_le, apres=apres,
            limite=limite))
        trouves += page.salaries
        apres = page.suivant
        if not tout or apres is None:
            break
    repondre({"salaries": tuple(trouves), "suivant": apres},
             *tables_salaries(trouves, present_le or aujourd_hui(session), apres))


@salaries.command("afficher")
@click.argument("salarie")
@option_adherent
@option_json
def salaries_afficher(salarie: str, adherent: str | None) -> None:
    """Afficher la fiche de SALARIE avec ses contrats, sorties et réintégrations."""
    session, choisi, acteur = session_adherent_acteur(adherent)
    lu: Salarie = executer(session.ctx, acteur, ConsulterSalarie(choisi.id, salarie))
    repondre(lu, *fiches_salarie(lu, choisi, aujourd_hui(session)))


@salaries.command("corriger")
@click.argument("salarie")
@click.option("--nom", help="Nom de famille corrigé.")
@click.option("--prenoms", help="Prénoms corrigés.")
@click.option("--naissance", type=DATE, help="Date de naissance corrigée.")
@click.option("--nir", help="NIR corrigé ou ajouté.")
@click.option("--sans-nir", is_flag=True, help="Retirer le NIR enregistré par erreur.")
@option_adherent
@option_json
def salaries_corriger(salarie: str, nom: str | None, prenoms: str | None,
                      naissance: dt.date | None, nir: str | None, sans_nir: bool,
                      adherent: str | None) -> None:
    """Corriger l'identité de SALARIE sur sa fiche (S4) ; le reste est gardé."""
    if nir is not None and sans_nir:
        raise ErreurUtilisation("Choisissez --nir ou --sans-nir, pas les deux.")
    session, choisi, acteur = session_adherent_acteur(adherent)
    actuel: Salarie = executer(session.ctx, acteur, ConsulterSalarie(choisi.id, salarie))
    identite = actuel.identite
    nir_actuel = None if identite.nir is None else identite.nir.valeur
    corrige: Salarie = executer(session.ctx, acteur, CorrigerIdentite(
        choisi.id, actuel.id, nom if nom is not None else identite.nom,
        prenoms if prenoms is not None else identite.prenoms,
        naissance or identite.date_naissance,
        None if sans_nir else (nir if nir is not None else nir_actuel)))
    salarie_modifie(corrige, choisi, f"Identité corrigée : {nom_complet(corrige)}.")


@salaries.command("annuler")
@click.argument("salarie")
@option_adherent
@option_json
def salaries_annuler(salarie: str, adherent: str | None) -> None:
    """Annuler la fiche de SALARIE créée par erreur, s'il n'a jamais compté (S3)."""
    session, choisi, acteur = session_adherent_acteur(adherent)
    annule: Salarie = executer(session.ctx, acteur, AnnulerSalarie(choisi.id, salarie))
    salarie_modifie(annule, choisi, f"Fiche annulée : {nom_complet(annule)}.")


@cli.group(cls=GroupeRst)
def contrats() -> None:
    """Les contrats (C1–C4) : un changement de contrat est un nouveau contrat sur la même fiche."""


@contrats.command("ajouter")
@click.argument("salarie")
@options_contrat
@option_adherent
@option_json
def contrats_ajouter(salarie: str, nature: NatureContrat, debut: dt.date, fin: dt.date | None,
                     poste: str, dispositif: str | None, numero: str | None,
                     adherent: str | None) -> None:
    """Ajouter un contrat à SALARIE ; le contrat en cours se termine la veille (C3)."""
    session, choisi, acteur = session_adherent_acteur(adherent)
    avant = {c.id for c in executer(session.ctx, acteur, ConsulterSalarie(
        choisi.id, salarie)).contrats}
    modifie: Salarie = executer(session.ctx, acteur, AjouterContrat(
        choisi.id, salarie, nouveau_contrat(choisi, nature, debut, fin, poste, dispositif,
                                            numero)))
    nouveau = next((c.id for c in modifie.contrats if c.id not in avant), None)
    salarie_modifie(modifie, choisi, f"Contrat ajouté à {nom_complet(modifie)}.", nouveau)


@contrats.command("annuler")
@click.argument("salarie")
@click.argument("contrat")
@click.option("--motif", help="Contrat d'une période déjà clôturée : le motif de l'annulation "
                              "(la prochaine clôture régularise, F4).")
@option_adherent
@option_json
def contrats_annuler(salarie: str, contrat: str, motif: str | None,
                     adherent: str | None) -> None:
    """Annuler le contrat CONTRAT de SALARIE, saisi par erreur (C4)."""
    session, choisi, acteur = session_adherent_acteur(adherent)
    modifie: Salarie = executer(session.ctx, acteur, (
        AnnulerContrat(choisi.id, salarie, contrat) if motif is None
        else AnnulerContratRegularise(choisi.id, salarie, contrat, motif)))
    salarie_modifie(modifie, choisi, f"Contrat annulé pour {nom_complet(modifie)}.")
