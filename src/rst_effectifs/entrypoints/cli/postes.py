"""``rst-effectifs postes``: the work posts and their risks (P1–P5); the command-line
face of ``application/postes.py``."""

from __future__ import annotations

from collections.abc import Sequence

import click
from rich.table import Table

from ...application.commandes import (
    AjouterPoste,
    ArchiverPoste,
    ListerPostes,
    ModifierRisques,
    RenommerPoste,
    SupprimerPoste,
)
from ...application.contexte import executer
from ...domain.postes import Poste
from ...domain.suivi import Risque
from . import affichage
from .options import option_adherent
from .parametres import RISQUE, GroupeRst
from .racine import cli, option_json, repondre, session_adherent_acteur
from .session import Session, poste_designe
from .tables import table_postes

__all__: list[str] = []  # nothing to import: importing the module adds its commands to cli


@cli.group(cls=GroupeRst)
def postes() -> None:
    """Les postes de travail et leurs risques (P1–P5) : à tenir à jour avant d'embaucher."""


def _table(session: Session, liste: Sequence[Poste], titre: str | None = None) -> Table:
    """The postes with their type today (P2b), by the context's clock and setting."""
    return table_postes(liste, session.ctx.horloge.maintenant().date(),
                        session.ctx.suivi_simple, titre)


def _poste_modifie(session: Session, poste: Poste, quoi: str) -> None:
    repondre(poste, f"Poste {quoi} : « {poste.libelle} ».", _table(session, [poste]),
             ids=(poste.id,))


AIDE_RISQUE = ("Risque du poste (répétable) : " + ", ".join(r.value for r in Risque) + ".")


@postes.command("ajouter")
@click.argument("libelle")
@click.option("--risque", "risques", type=RISQUE, multiple=True, help=AIDE_RISQUE)
@click.option("--justification-sir", help="SIR ajouté par l'employeur (R4624-23 III) : "
                                          "sa justification écrite.")
@click.option("--pcs", help="Code PCS-ESE de l'emploi (par ex. 632a).")
@option_adherent
@option_json
def postes_ajouter(libelle: str, risques: tuple[Risque, ...], justification_sir: str | None,
                   pcs: str | None, adherent: str | None) -> None:
    """Ajouter le poste LIBELLE."""
    session, choisi, acteur = session_adherent_acteur(adherent)
    poste: Poste = executer(session.ctx, acteur, AjouterPoste(
        choisi.id, libelle, frozenset(risques), justification_sir, pcs))
    _poste_modifie(session, poste, "ajouté")


@postes.command("lister")
@click.option("--archives", is_flag=True, help="Montrer aussi les postes archivés.")
@option_adherent
@option_json
def postes_lister(archives: bool, adherent: str | None) -> None:
    """Lister les postes."""
    session, choisi, acteur = session_adherent_acteur(adherent)
    liste: tuple[Poste, ...] = executer(session.ctx, acteur, ListerPostes(choisi.id, archives))
    repondre(liste, _table(session, liste, f"{affichage.pluriel(len(liste), 'poste')}"))


@postes.command("renommer")
@click.argument("poste")
@click.argument("libelle")
@option_adherent
@option_json
def postes_renommer(poste: str, libelle: str, adherent: str | None) -> None:
    """Renommer POSTE (identifiant, libellé ou code PCS-ESE) en LIBELLE."""
    session, choisi, acteur = session_adherent_acteur(adherent)
    modifie: Poste = executer(session.ctx, acteur, RenommerPoste(
        choisi.id, poste_designe(choisi, poste).id, libelle))
    _poste_modifie(session, modifie, "renommé")


@postes.command("archiver")
@click.argument("poste")
@option_adherent
@option_json
def postes_archiver(poste: str, adherent: str | None) -> None:
    """Archiver POSTE : il ne reçoit plus de contrat mais reste dans l'historique (P4)."""
    session, choisi, acteur = session_adherent_acteur(adherent)
    modifie: Poste = executer(session.ctx, acteur, ArchiverPoste(
        choisi.id, poste_designe(choisi, poste).id))
    _poste_modifie(session, modifie, "archivé")


@postes.command("supprimer")
@click.argument("poste")
@option_adherent
@option_json
def postes_supprimer(poste: str, adherent: str | None) -> None:
    """Supprimer POSTE, s'il n'a jamais servi (sinon, archivez-le : P4)."""
    session, choisi, acteur = session_adherent_acteur(adherent)
    vise = poste_designe(choisi, poste)
    executer(session.ctx, acteur, SupprimerPoste(choisi.id, vise.id))
    repondre({"supprime": vise.id}, f"Poste supprimé : « {vise.libelle} ».")


@postes.command("risques")
@click.argument("poste")
@click.option("--risque", "risques", type=RISQUE, multiple=True,
              help=AIDE_RISQUE + " Sans --risque : aucun risque.")
@click.option("--justification-sir", help="SIR ajouté par l'employeur : sa justification.")
@option_adherent
@option_json
def postes_risques(poste: str, risques: tuple[Risque, ...], justification_sir: str | None,
                   adherent: str | None) -> None:
    """Remplacer les risques de POSTE (son type de suivi en découle : P2)."""
    session, choisi, acteur = session_adherent_acteur(adherent)
    modifie: Poste = executer(session.ctx, acteur, ModifierRisques(
        choisi.id, poste_designe(choisi, poste).id, frozenset(risques), justification_sir))
    _poste_modifie(session, modifie, "modifié")
