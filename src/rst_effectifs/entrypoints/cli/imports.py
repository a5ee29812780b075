"""``rst-effectifs importer``: a DSN or CSV file read with a progress bar, then planned or
applied (I1–I6); the command-line face of ``application/imports.py``. ``demo`` imports
its sample file through :func:`importer_fichier` too."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import IO, cast

import click

from ...application.commandes import ImporterDeclaration
from ...application.contexte import executer
from ...application.declarations import DeclarationImportee
from ...application.imports import PlanImport
from ...domain.adherents import Acteur, Adherent
from ...formats.csv_io import lire_csv
from ...formats.dsn import lire_dsn
from ...formats.encodages import AUTO, ENCODAGES
from . import affichage
from .fichiers import LignesLues, ouvrir_fichier, total_de_lignes
from .options import option_adherent
from .parametres import TypeChoix
from .racine import CODE_REFUS, cli, option_json, session_adherent_acteur
from .session import Session
from .tables import rien_importe, tables_plan

__all__ = ["importer_fichier"]


ENCODAGES_CLI = {nom: nom for nom in ENCODAGES} | {"latin-1": "iso-8859-1"}


def lire_declaration(format_: str, chemin: str, visible: bool,
                     encodage: str = AUTO) -> DeclarationImportee:
    lecteur = lire_dsn if format_ == "dsn" else lire_csv
    lire: Callable[[IO[bytes]], DeclarationImportee] = partial(lecteur, encodage=encodage)
    with ouvrir_fichier(chemin) as flux, affichage.progression(visible) as barre:
        if barre is None:
            return lire(flux)
        tache = barre.add_task(f"Lecture de {Path(chemin).name}", unite="lignes",
                               total=total_de_lignes(flux))
        return lire(cast(IO[bytes], LignesLues(
            flux, lambda n: barre.advance(tache, n))))


def importer_fichier(session: Session, choisi: Adherent, acteur: Acteur, format_: str,
                     chemin: str, appliquer: bool, creer_postes: bool, *,
                     encodage: str = AUTO, confirmer_ecarts: bool = False) -> PlanImport:
    """Read, then plan or apply: the steps shared by ``importer`` and ``demo``."""
    visible = affichage.progression_visible(session.json)
    declaration = lire_declaration(format_, chemin, visible, encodage)
    personnes = sum(len(e.individus) for e in declaration.etablissements)
    with affichage.progression(visible) as barre:
        if barre is not None:
            barre.add_task(f"{'Enregistrement' if appliquer else 'Préparation du plan'} "
                           f"({affichage.pluriel(personnes, 'personne')})", unite="personnes",
                           total=None)
        plan: PlanImport = executer(session.ctx, acteur, ImporterDeclaration(
            choisi.id, declaration, appliquer=appliquer, creer_postes=creer_postes,
            confirmer_ecarts=confirmer_ecarts))
        return plan


@cli.command("importer")
@click.argument("format_", metavar="dsn|csv", type=TypeChoix(
    "format", lambda: {"dsn": "dsn", "csv": "csv"}, "Format"))
@click.argument("fichier")
@click.option("--appliquer", is_flag=True,
              help="Enregistrer (en une transaction). Sans cette option : simulation.")
@click.option("--creer-postes", is_flag=True,
              help="Créer les postes qu'aucun poste actif ne reconnaît (sans risques).")
@click.option("--confirmer-ecarts", is_flag=True,
              help="Avec --appliquer : importer le reste du fichier quand le plan laisse "
                   "des personnes de côté (sans cette option, l'import est refusé).")
@click.option("--encodage", default=AUTO, show_default=True, type=TypeChoix(
    "encodage", lambda: ENCODAGES_CLI, "Encodage"),
    help="Encodage du fichier : auto (détection), iso-8859-1, windows-1252 ou utf-8.")
@option_adherent
@option_json
def importer_cmd(format_: str, fichier: str, appliquer: bool, creer_postes: bool,
                 confirmer_ecarts: bool, encodage: str, adherent: str | None) -> None:
    """Importer un fichier DSN (norme NEODeS) ou CSV : simulation par défaut, puis
    --appliquer. Réimporter le même fichier ne change rien. Si le plan laisse des
    personnes de côté, --appliquer demande --confirmer-ecarts. Si personne n'a pu être
    importé (postes introuvables, personnes refusées), la commande le dit et sort avec
    le code 1."""
    session, choisi, acteur = session_adherent_acteur(adherent)
    plan = importer_fichier(session, choisi, acteur, format_, fichier, appliquer, creer_postes,
                            encodage=encodage, confirmer_ecarts=confirmer_ecarts)
    code = CODE_REFUS if rien_importe(plan) is not None else 0
    if session.json:
        affichage.ecrire_json(plan, code)
    elif code:
        *tables, pourquoi = tables_plan(plan)
        affichage.message(*tables)
        affichage.message(pourquoi, erreur=True)  # shown even with --quiet
    else:
        affichage.message(*tables_plan(plan))
    if code:
        click.get_current_context().exit(code)
