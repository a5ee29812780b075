"""``rst-effectifs compte``: show and change the adherent's account (A1); the
command-line face of ``application/compte.py``."""

from __future__ import annotations

import click

from ...application.commandes import ConsulterCompte, ModifierCompte
from ...application.contexte import executer
from ...domain.comptes import Compte
from .fiches import fiche_compte
from .options import option_adherent
from .parametres import ErreurUtilisation, GroupeRst
from .racine import cli, option_json, repondre, session_adherent_acteur

__all__: list[str] = []  # nothing to import: importing the module adds its commands to cli


@cli.group(cls=GroupeRst)
def compte() -> None:
    """Mon compte : raison sociale, e-mail de connexion, numéro télédéclarant (A1)."""


@compte.command("afficher")
@option_adherent
@option_json
def compte_afficher(adherent: str | None) -> None:
    """Afficher les informations du compte."""
    session, choisi, acteur = session_adherent_acteur(adherent)
    lu: Compte = executer(session.ctx, acteur, ConsulterCompte(choisi.id))
    repondre(lu, fiche_compte(lu))


@compte.command("modifier")
@click.option("--raison-sociale", help="Nouvelle raison sociale.")
@click.option("--email-connexion", help="Nouvelle adresse e-mail de connexion : elle devient "
                                        "administratrice du compte ; l'ancienne garde son "
                                        "accès jusqu'à ce qu'on le lui retire.")
@click.option("--numero-teledeclarant", help="Numéro télédéclarant (unique parmi les "
                                             "adhérents).")
@option_adherent
@option_json
def compte_modifier(raison_sociale: str | None, email_connexion: str | None,
                    numero_teledeclarant: str | None, adherent: str | None) -> None:
    """Modifier le compte (réservé aux administrateurs) ; ce qui n'est pas indiqué ne
    change pas."""
    if raison_sociale is None and email_connexion is None and numero_teledeclarant is None:
        raise ErreurUtilisation("Indiquez ce qui change : --raison-sociale, "
                                "--email-connexion ou --numero-teledeclarant.")
    session, choisi, acteur = session_adherent_acteur(adherent)
    modifie: Compte = executer(session.ctx, acteur, ModifierCompte(
        choisi.id, raison_sociale, email_connexion, numero_teledeclarant))
    repondre(modifie, "Compte enregistré.", fiche_compte(modifie))
