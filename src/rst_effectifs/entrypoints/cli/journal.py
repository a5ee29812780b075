"""``rst-effectifs journal``: who changed what, when (A5); the command-line face of
``application/journal.py``."""

from __future__ import annotations

import datetime as dt

import click

from ...application.commandes import ConsulterJournal
from ...application.contexte import executer
from ...domain.erreurs import DonneeInvalide
from .options import LIMITE_PAR_DEFAUT, option_adherent
from .parametres import DATE, ENTIER
from .racine import cli, option_json, repondre, session_adherent_acteur
from .tables import table_journal

__all__: list[str] = []  # nothing to import: importing the module adds its commands to cli


@cli.command("journal")
@click.option("--salarie", help="Seulement les entrées de ce salarié (identifiant).")
@click.option("--du", type=DATE, help="Seulement les entrées de ce jour (UTC) ou après.")
@click.option("--au", type=DATE, help="Seulement les entrées de ce jour (UTC) ou avant.")
@click.option("--limite", type=ENTIER, default=LIMITE_PAR_DEFAUT, show_default=True,
              help="Les N entrées les plus récentes (0 : toutes).")
@option_adherent
@option_json
def journal_cmd(salarie: str | None, du: dt.date | None, au: dt.date | None, limite: int,
                adherent: str | None) -> None:
    """Le journal des changements : qui, quand, quoi (A5). Réservé aux administrateurs."""
    if limite < 0:
        raise DonneeInvalide("La limite est un nombre positif (0 : toutes les entrées).",
                             code="donnee.limite_invalide", chemin="limite")
    session, choisi, acteur = session_adherent_acteur(adherent)
    entrees = list(executer(session.ctx, acteur, ConsulterJournal(
        choisi.id, salarie_id=salarie, debut=du, fin=au)))
    if limite:
        entrees = entrees[-limite:]
    repondre(tuple(entrees), table_journal(entrees))
