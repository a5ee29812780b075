"""``rst-effectifs jetons``: the bearer tokens of the acting e-mail, for machine clients
(A7); the command-line face of ``application/connexion.py`` (signing in by e-mail, A6,
is a web front end's: the CLI acts as the ``RST_EFFECTIFS_EMAIL`` it is given)."""

from __future__ import annotations

import click
from rich.table import Table

from ...application.connexion import (
    EmettreJeton,
    JetonEmis,
    JetonListe,
    ListerJetons,
    RevoquerJeton,
)
from ...application.contexte import executer
from . import affichage
from .options import option_adherent
from .parametres import GroupeRst
from .racine import cli, option_json, repondre, session_adherent_acteur

__all__: list[str] = []  # nothing to import: importing the module adds its commands to cli


@cli.group(cls=GroupeRst)
def jetons() -> None:
    """Jetons d'accès : pour qu'une application (celle de RST) agisse en votre nom (A7)."""


def _table(liste: list[JetonListe], titre: str) -> Table:
    colonnes = ("Identifiant", "Libellé", "Créé le", "Expire le", "Révoqué le")
    return affichage.table(titre, colonnes, [
        (j.jeton_id, j.libelle, f"{j.cree:%Y-%m-%d %H:%M}",
         None if j.expire is None else f"{j.expire:%Y-%m-%d}",
         None if j.revoque is None else f"{j.revoque:%Y-%m-%d %H:%M}") for j in liste])


@jetons.command("emettre")
@click.argument("libelle")
@click.option("--jours", type=int, default=90, show_default=True,
              help="Durée de validité, en jours (1 à 366).")
@option_adherent
@option_json
def jetons_emettre(libelle: str, jours: int, adherent: str | None) -> None:
    """Émettre un jeton nommé LIBELLE ; son texte n'est affiché qu'une fois."""
    session, choisi, acteur = session_adherent_acteur(adherent)
    emis: JetonEmis = executer(session.ctx, acteur, EmettreJeton(choisi.id, libelle, jours))
    repondre({"jeton_id": emis.jeton_id, "jeton": emis.texte, "libelle": emis.libelle,
              "expire": emis.expire.isoformat()},
             f"Jeton {emis.jeton_id} émis, valable jusqu'au {emis.expire:%Y-%m-%d}.",
             f"Texte du jeton (il ne sera plus affiché) : {emis.texte}",
             ids=(emis.jeton_id,))


@jetons.command("lister")
@option_adherent
@option_json
def jetons_lister(adherent: str | None) -> None:
    """Lister vos jetons, révoqués compris."""
    session, choisi, acteur = session_adherent_acteur(adherent)
    liste: list[JetonListe] = executer(session.ctx, acteur, ListerJetons(choisi.id))
    repondre(liste, _table(liste, f"{len(liste)} jeton(s)"))


@jetons.command("revoquer")
@click.argument("jeton_id")
@option_adherent
@option_json
def jetons_revoquer(jeton_id: str, adherent: str | None) -> None:
    """Révoquer le jeton JETON_ID : il ne sert plus."""
    session, choisi, acteur = session_adherent_acteur(adherent)
    revoque: JetonListe = executer(session.ctx, acteur, RevoquerJeton(choisi.id, jeton_id))
    repondre(revoque, f"Jeton {revoque.jeton_id} révoqué.")
