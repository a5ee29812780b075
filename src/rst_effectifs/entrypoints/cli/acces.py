"""``rst-effectifs acces``: who may act on the adherent, with which roles (A3); the
command-line face of ``application/acces.py``."""

from __future__ import annotations

import click

from ...application.commandes import AccorderAcces, ListerAcces, ModifierAcces, RetirerAcces
from ...application.contexte import executer
from ...domain.adherents import Acces, Role
from .options import option_adherent
from .parametres import ROLE, GroupeRst
from .racine import cli, option_json, repondre, session_adherent_acteur
from .tables import table_acces

__all__: list[str] = []  # nothing to import: importing the module adds its commands to cli


@cli.group(cls=GroupeRst)
def acces() -> None:
    """Mes accès : qui peut agir sur l'adhérent, avec quels rôles (A3). Réservé aux
    administrateurs."""


AIDE_ROLE = "Rôle (répétable) : " + ", ".join(r.value for r in Role) + "."


def _acces_modifie(a: Acces, quoi: str) -> None:
    repondre(a, f"Accès {quoi} : {a.email.valeur}.", table_acces([a]))


@acces.command("lister")
@option_adherent
@option_json
def acces_lister(adherent: str | None) -> None:
    """Lister les accès à l'adhérent."""
    session, choisi, acteur = session_adherent_acteur(adherent)
    liste: tuple[Acces, ...] = executer(session.ctx, acteur, ListerAcces(choisi.id))
    repondre(liste, table_acces(liste, f"{len(liste)} accès"))


@acces.command("accorder")
@click.argument("email")
@click.option("--role", "roles", type=ROLE, multiple=True, required=True, help=AIDE_ROLE)
@option_adherent
@option_json
def acces_accorder(email: str, roles: tuple[Role, ...], adherent: str | None) -> None:
    """Donner à EMAIL, qui n'en a pas encore, un accès à l'adhérent avec ces rôles."""
    session, choisi, acteur = session_adherent_acteur(adherent)
    _acces_modifie(executer(session.ctx, acteur, AccorderAcces(
        choisi.id, email, frozenset(roles))), "accordé")


@acces.command("modifier")
@click.argument("email")
@click.option("--role", "roles", type=ROLE, multiple=True, required=True, help=AIDE_ROLE)
@option_adherent
@option_json
def acces_modifier(email: str, roles: tuple[Role, ...], adherent: str | None) -> None:
    """Remplacer les rôles de l'accès de EMAIL (le dernier administrateur le reste)."""
    session, choisi, acteur = session_adherent_acteur(adherent)
    _acces_modifie(executer(session.ctx, acteur, ModifierAcces(
        choisi.id, email, frozenset(roles))), "modifié")


@acces.command("retirer")
@click.argument("email")
@option_adherent
@option_json
def acces_retirer(email: str, adherent: str | None) -> None:
    """Retirer l'accès de EMAIL (pas celui du dernier administrateur)."""
    session, choisi, acteur = session_adherent_acteur(adherent)
    executer(session.ctx, acteur, RetirerAcces(choisi.id, email))
    repondre({"email": email.strip(), "retire": True}, f"Accès retiré : {email.strip()}.")
