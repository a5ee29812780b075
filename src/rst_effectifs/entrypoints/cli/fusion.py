"""``rst-effectifs salaries fusionner``: two files of one person merged into one (S5); the
command-line face of ``application/fusion.py``, kept as its own module to mirror it."""

from __future__ import annotations

import click

from ...application.commandes import FusionnerSalaries
from ...application.contexte import executer
from ...domain.salaries import Salarie
from .fiches import nom_complet
from .options import option_adherent
from .racine import option_json, session_adherent_acteur
from .salaries import salarie_modifie, salaries

__all__: list[str] = []  # nothing to import: importing the module adds its commands to cli


@salaries.command("fusionner")
@click.argument("conserve")
@click.argument("doublon")
@option_adherent
@option_json
def salaries_fusionner(conserve: str, doublon: str, adherent: str | None) -> None:
    """Fusionner DOUBLON dans CONSERVE, deux fiches d'une même personne (S5) : ses
    contrats et mouvements passent sur CONSERVE, DOUBLON est annulée."""
    session, choisi, acteur = session_adherent_acteur(adherent)
    fusionne: Salarie = executer(session.ctx, acteur,
                                 FusionnerSalaries(choisi.id, conserve, doublon))
    salarie_modifie(fusionne, choisi, f"Fiche {doublon} fusionnée dans {nom_complet(fusionne)}.")
