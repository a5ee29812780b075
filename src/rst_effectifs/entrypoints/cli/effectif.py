"""``rst-effectifs effectif``, ``sortir``, ``reintegrer``, ``mouvements annuler`` and
``exporter effectif``: who is present when, and the movements in and out of the effectif
(E4–E6); the command-line face of ``application/effectif.py``. A movement's regularised
cancellation (``--motif``, F4) is still a movement's cancellation, so it is here too."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any, TypeVar, cast

import click

from ...application.commandes import (
    AnnulerMouvement,
    AnnulerMouvementRegularise,
    ConsulterEffectif,
    EffectifSurPeriode,
    ReintegrerDansLEffectif,
    ResultatMouvements,
    SortirDeLEffectif,
)
from ...application.contexte import executer
from ...domain.adherents import Acteur, Adherent
from ...domain.effectif import Effectif
from ...domain.salaries import Salarie
from ...formats.csv_io import COLONNES_EFFECTIF, exporter_csv
from ...formats.json import ecrire
from . import affichage
from .fiches import nom_complet
from .fichiers import ecrire_export, exporter, options_export
from .options import option_adherent
from .parametres import DATE, ErreurUtilisation, GroupeRst
from .racine import aujourd_hui, cli, option_json, repondre, session_adherent_acteur
from .salaries import salarie_modifie
from .session import Session
from .tables import tables_effectif, tables_mouvements

__all__: list[str] = []  # nothing to import: importing the module adds its commands to cli

F = TypeVar("F", bound=Callable[..., Any])


# -- movements (E5, E6) -------------------------------------------------------------------------
def _mouvoir(sortie: bool, salaries_: tuple[str, ...], le: dt.date, motif: str | None,
             requete: str | None, adherent: str | None) -> None:
    """Exits (``sortie``) or re-entries of the salariés named, all or none (E5)."""
    session, choisi, acteur = session_adherent_acteur(adherent)
    commande = SortirDeLEffectif if sortie else ReintegrerDansLEffectif
    resultat: ResultatMouvements = executer(session.ctx, acteur, commande(
        choisi.id, requete or uuid.uuid4().hex, salaries_, le, motif))
    repondre(resultat, *tables_mouvements(resultat, sortie, le),
             ids=[m for _s, m in resultat.mouvements])


def options_mouvement(f: F) -> F:
    for option in reversed((
        click.argument("salaries_", metavar="SALARIE...", nargs=-1, required=True),
        click.option("--le", type=DATE, required=True, help="La date du mouvement."),
        click.option("--motif", help="Motif (sortie : code DSN à 3 chiffres, par ex. 031)."),
        click.option("--requete", metavar="ID",
                     help="Identifiant de la demande : la renvoyer ne change rien (E5)."),
    )):
        f = option(f)
    return f


@cli.command("sortir")
@options_mouvement
@option_adherent
@option_json
def sortir_cmd(salaries_: tuple[str, ...], le: dt.date, motif: str | None, requete: str | None,
               adherent: str | None) -> None:
    """Sortir un ou plusieurs salariés de l'effectif ; LE est le dernier jour de présence.
    Tout ou rien (E5)."""
    _mouvoir(True, salaries_, le, motif, requete, adherent)


@cli.command("reintegrer")
@options_mouvement
@option_adherent
@option_json
def reintegrer_cmd(salaries_: tuple[str, ...], le: dt.date, motif: str | None,
                   requete: str | None, adherent: str | None) -> None:
    """Réintégrer un ou plusieurs salariés dans l'effectif ; LE est le premier jour de
    présence. Tout ou rien (E5)."""
    _mouvoir(False, salaries_, le, motif, requete, adherent)


@cli.group(cls=GroupeRst)
def mouvements() -> None:
    """Les sorties et réintégrations déjà enregistrées (E6)."""


@mouvements.command("annuler")
@click.argument("salarie")
@click.argument("mouvement")
@click.option("--motif", help="Mouvement d'une période déjà clôturée : le motif de "
                              "l'annulation (la prochaine clôture régularise, F4).")
@option_adherent
@option_json
def mouvements_annuler(salarie: str, mouvement: str, motif: str | None,
                       adherent: str | None) -> None:
    """Annuler la sortie ou réintégration MOUVEMENT de SALARIE, faite par erreur (E6)."""
    session, choisi, acteur = session_adherent_acteur(adherent)
    modifie: Salarie = executer(session.ctx, acteur, (
        AnnulerMouvement(choisi.id, salarie, mouvement) if motif is None
        else AnnulerMouvementRegularise(choisi.id, salarie, mouvement, motif)))
    salarie_modifie(modifie, choisi, f"Mouvement annulé pour {nom_complet(modifie)}.")


# -- the effectif (E4) --------------------------------------------------------------------------
def lire_effectif(session: Session, choisi: Adherent, acteur: Acteur, le: dt.date | None,
                  du: dt.date | None, au: dt.date | None) -> Effectif:
    """The effectif the options ask: one day (``--le``, today by default) or a period."""
    if le is not None and (du is not None or au is not None):
        raise ErreurUtilisation("Choisissez --le ou --du/--au, pas les deux.")
    if du is not None or au is not None:
        if du is None or au is None:
            raise ErreurUtilisation("Une période demande --du et --au.")
        return cast(Effectif, executer(session.ctx, acteur,
                                       EffectifSurPeriode(choisi.id, du, au)))
    return cast(Effectif, executer(session.ctx, acteur, ConsulterEffectif(
        choisi.id, le or aujourd_hui(session))))


def options_effectif(f: F) -> F:
    for option in reversed((
        click.option("--le", type=DATE, help="Présents ce jour-là (par défaut aujourd'hui)."),
        click.option("--du", type=DATE, help="Présents au moins un jour de la période : début."),
        click.option("--au", type=DATE, help="… et fin de la période."),
    )):
        f = option(f)
    return f


@cli.command("effectif")
@options_effectif
@option_adherent
@option_json
def effectif_cmd(le: dt.date | None, du: dt.date | None, au: dt.date | None,
                 adherent: str | None) -> None:
    """L'effectif : les salariés présents un jour donné, ou sur une période (E4)."""
    session, choisi, acteur = session_adherent_acteur(adherent)
    effectif = lire_effectif(session, choisi, acteur, le, du, au)
    repondre(effectif, *tables_effectif(effectif))


@exporter.command("effectif")
@options_effectif
@options_export
@option_adherent
def exporter_effectif(le: dt.date | None, du: dt.date | None, au: dt.date | None,
                      format_: str, sortie: str | None, adherent: str | None) -> None:
    """Exporter l'effectif d'un jour ou d'une période."""
    session, choisi, acteur = session_adherent_acteur(adherent)
    effectif = lire_effectif(session, choisi, acteur, le, du, au)
    ecrire_export(exporter_csv(effectif.lignes, COLONNES_EFFECTIF) if format_ == "csv"
                  else ecrire(effectif, affichage.convertisseur()) + "\n", sortie, format_,
                  effectif.lignes)
