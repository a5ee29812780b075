"""``rst-effectifs assiette``, ``cloturer``, ``clotures``, ``verifier`` and ``exporter
assiette``: billing (F1–F6), for one adherent or, with ``--tous``, for every one of them;
the command-line face of ``application/facturation.py``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import click
from rich.table import Table

from ...application.commandes import (
    CalculerAssiette,
    CloturerPeriode,
    Commande,
    ConsulterCloture,
    ListerClotures,
    VerifierAvantFacturation,
)
from ...application.contexte import executer
from ...domain.adherents import Acteur
from ...domain.clotures import Cloture
from ...domain.erreurs import ErreurDomaine
from ...domain.facturation import Assiette
from ...formats.csv_io import exporter_csv
from ...formats.json import ecrire
from . import affichage
from .fichiers import ecrire_export, exporter, options_export
from .options import (
    ChoixFacturation,
    option_adherent,
    option_tous,
    options_facturation,
    options_periode,
    periode,
)
from .parametres import DATE, GroupeRst
from .racine import CODE_REFUS, _session, cli, option_json, repondre, session_adherent_acteur
from .session import Session
from .tables import table_clotures, tables_assiette, tables_cloture, tables_rapport

__all__: list[str] = []  # nothing to import: importing the module adds its commands to cli

COLONNES_ASSIETTE = ("salarie_id", "nom", "prenoms", "type_de_suivi", "motif", "du", "au",
                     "cotisation", "droit_entree", "montant_ht")
"""The CSV columns of ``exporter assiette``: one line per salarié counted."""


# -- runs over every member (--tous) ------------------------------------------------------------
R = TypeVar("R")


def _pour_tous(session: Session, faire: Callable[[Acteur, str], R], quoi: str
               ) -> tuple[list[tuple[str, R]], list[tuple[str, ErreurDomaine]]]:
    """A billing run over every member, as an RST agent, with a progress bar on a terminal.
    A refusal for one member does not stop the others; it is reported with its id."""
    acteur = session.acteur(None)
    ids = session.ids_adherents()
    faits: list[tuple[str, R]] = []
    refus: list[tuple[str, ErreurDomaine]] = []
    with affichage.progression(affichage.progression_visible(session.json)) as barre:
        tache = None if barre is None else barre.add_task(quoi, total=len(ids),
                                                          unite="adhérents")
        for adherent_id in ids:
            try:
                faits.append((adherent_id, faire(acteur, adherent_id)))
            except ErreurDomaine as erreur:
                refus.append((adherent_id, erreur))
            if barre is not None and tache is not None:
                barre.advance(tache)
    return faits, refus


def _fin_de_tournee(session: Session, faits: Sequence[tuple[str, Any]],
                    refus: Sequence[tuple[str, ErreurDomaine]],
                    afficher: Callable[[Any], list[str | Table]]) -> None:
    if session.json:
        affichage.ecrire_json({
            "resultats": [{"adherent_id": i, "resultat": affichage.en_json(r)} for i, r in faits],
            "refus": [{"adherent_id": i, "code": e.code, "regle": e.regle, "message": e.message}
                      for i, e in refus],
        }, CODE_REFUS if refus else 0)
    else:
        for _id, resultat in faits:
            affichage.message(*afficher(resultat))
        if refus:
            affichage.message(f"{affichage.pluriel(len(refus), 'adhérent')} en erreur :", *(
                f"  - {i} : {e.message} [{e.code}]" for i, e in refus), erreur=True)
    if refus:
        click.get_current_context().exit(CODE_REFUS)


def _un_ou_tous(tous: bool, adherent: str | None, commande: Callable[[str], Commande],
                quoi: str, afficher: Callable[[Any], list[str | Table]],
                afficher_un_de_tous: Callable[[Any], list[str | Table]]) -> None:
    """Run ``commande(adherent_id)`` for the adherent chosen or, with ``--tous``, for
    every one (``quoi`` names the progress bar), and print each result."""
    session = _session()
    if tous:
        faits, refus = _pour_tous(session, lambda acteur, i: executer(
            session.ctx, acteur, commande(i)), quoi)
        _fin_de_tournee(session, faits, refus, afficher_un_de_tous)
        return
    session, choisi, acteur = session_adherent_acteur(adherent)
    resultat = executer(session.ctx, acteur, commande(choisi.id))
    repondre(resultat, *afficher(resultat))


@cli.command("assiette")
@options_periode
@options_facturation
@option_tous
@option_adherent
@option_json
def assiette_cmd(annee: int | None, du: dt.date | None, au: dt.date | None,
                 choix: ChoixFacturation, tous: bool, adherent: str | None) -> None:
    """L'assiette de facturation d'une période : qui est compté, pourquoi, et les montants
    avec un barème (F1–F3)."""
    debut, fin = periode(annee, du, au)
    options = choix.options(debut.year)
    _un_ou_tous(tous, adherent, lambda i: CalculerAssiette(i, debut, fin, **options),
                "Assiettes", tables_assiette,
                lambda a: tables_assiette(a, f"Adhérent {a.adherent_id}"))


@cli.command("cloturer")
@options_periode
@options_facturation
@option_tous
@option_adherent
@option_json
def cloturer_cmd(annee: int | None, du: dt.date | None, au: dt.date | None,
                 choix: ChoixFacturation, tous: bool, adherent: str | None) -> None:
    """Clôturer une période : son assiette est figée ; les changements ultérieurs y
    seront des régularisations (F4)."""
    debut, fin = periode(annee, du, au)
    options = choix.options(debut.year)
    _un_ou_tous(tous, adherent, lambda i: CloturerPeriode(i, debut, fin, **options),
                "Clôtures", tables_cloture, tables_cloture)


@cli.group(cls=GroupeRst)
def clotures() -> None:
    """Les périodes déjà clôturées (F4)."""


@clotures.command("lister")
@option_adherent
@option_json
def clotures_lister(adherent: str | None) -> None:
    """Lister les périodes clôturées, la plus ancienne d'abord."""
    session, choisi, acteur = session_adherent_acteur(adherent)
    liste: tuple[Cloture, ...] = executer(session.ctx, acteur, ListerClotures(choisi.id))
    repondre(liste, table_clotures(liste))


@clotures.command("afficher")
@options_periode
@option_adherent
@option_json
def clotures_afficher(annee: int | None, du: dt.date | None, au: dt.date | None,
                      adherent: str | None) -> None:
    """Afficher une clôture telle qu'elle a été enregistrée."""
    debut, fin = periode(annee, du, au)
    session, choisi, acteur = session_adherent_acteur(adherent)
    cloture: Cloture = executer(session.ctx, acteur, ConsulterCloture(choisi.id, debut, fin))
    repondre(cloture, *tables_cloture(cloture))


@cli.command("verifier")
@click.option("--le", type=DATE, help="Date de la vérification (par défaut aujourd'hui).")
@option_tous
@option_adherent
@option_json
def verifier_cmd(le: dt.date | None, tous: bool, adherent: str | None) -> None:
    """Les vérifications avant facturation : sorties oubliées, présents sans contrat,
    doublons probables, contrats sur un poste archivé (F6)."""
    _un_ou_tous(tous, adherent, lambda i: VerifierAvantFacturation(i, le), "Vérifications",
                tables_rapport, lambda r: tables_rapport(r, f"Adhérent {r.adherent_id} : "))


@exporter.command("assiette")
@options_periode
@options_facturation
@options_export
@option_adherent
def exporter_assiette(annee: int | None, du: dt.date | None, au: dt.date | None,
                      choix: ChoixFacturation, format_: str, sortie: str | None,
                      adherent: str | None) -> None:
    """Exporter l'assiette d'une période (une ligne par salarié compté)."""
    debut, fin = periode(annee, du, au)
    session, choisi, acteur = session_adherent_acteur(adherent)
    assiette: Assiette = executer(session.ctx, acteur, CalculerAssiette(
        choisi.id, debut, fin, **choix.options(debut.year)))
    ecrire_export(exporter_csv(assiette.lignes, COLONNES_ASSIETTE) if format_ == "csv"
                  else ecrire(assiette, affichage.convertisseur()) + "\n", sortie, format_,
                  tuple(assiette.lignes))
