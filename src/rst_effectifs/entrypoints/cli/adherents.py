"""``rst-effectifs adherent``: create an adherent (RST agents) and show one (A1); the
command-line face of ``application/adherents.py``."""

from __future__ import annotations

import click

from ...application.commandes import ConsulterAdherent, CreerAdherent
from ...application.contexte import executer
from ...domain.adherents import Adherent
from .fiches import fiche_adherent
from .options import option_adherent
from .parametres import GroupeRst
from .racine import _session, cli, option_json, repondre, session_adherent_acteur

__all__: list[str] = []  # nothing to import: importing the module adds its commands to cli


@cli.group(cls=GroupeRst)
def adherent() -> None:
    """Le compte de l'adhérent (A1)."""


@adherent.command("creer")
@click.option("--numero", required=True, help="Numéro d'adhérent (figure sur les factures).")
@click.option("--siret", required=True, help="SIRET de l'établissement (14 chiffres).")
@click.option("--raison-sociale", required=True, help="Raison sociale.")
@click.option("--email-connexion", required=True, help="Adresse e-mail de connexion du compte.")
@click.option("--numero-teledeclarant", help="Numéro télédéclarant, s'il est connu.")
@click.option("--particulier-employeur", is_flag=True,
              help="F9 : l'employeur est un particulier (refusé depuis le 2 janvier 2025 : "
                   "le service national le suit).")
@option_json
def adherent_creer(numero: str, siret: str, raison_sociale: str, email_connexion: str,
                   numero_teledeclarant: str | None, particulier_employeur: bool) -> None:
    """Créer un adhérent (réservé aux agents RST : --en-tant-que EMAIL)."""
    session = _session()
    cree: Adherent = executer(session.ctx, session.acteur(None), CreerAdherent(
        numero=numero, siret=siret, raison_sociale=raison_sociale,
        email_connexion=email_connexion, numero_teledeclarant=numero_teledeclarant,
        particulier_employeur=particulier_employeur))
    repondre(cree, f"Adhérent créé : numéro {cree.numero.valeur}.", fiche_adherent(cree),
             ids=(cree.id,))


@adherent.command("afficher")
@option_adherent
@option_json
def adherent_afficher(adherent: str | None) -> None:
    """Afficher le compte de l'adhérent."""
    session, choisi, acteur = session_adherent_acteur(adherent)
    lu: Adherent = executer(session.ctx, acteur, ConsulterAdherent(choisi.id))
    repondre(lu, fiche_adherent(lu))
