"""``rst-effectifs base doublons``: what keeps a database from its schema upgrade.

Run without upgrading the database first (the other commands upgrade it on opening):
revision 0005 stops on files held twice, and this lists them so they can be merged or
cancelled (docs/cli.md, docs/security.md).
"""

from __future__ import annotations

from ... import bootstrap
from . import affichage as af
from .parametres import GroupeRst
from .racine import _session, cli, option_json


@cli.group("base", cls=GroupeRst)
def base() -> None:
    """La base de données elle-même."""


@base.command("doublons")
@option_json
def base_doublons() -> None:
    """Les fiches actives en double (mêmes nom, prénoms et date de naissance, sans NIR)
    qui empêchent la mise à jour du schéma (règle S2) : à fusionner ou annuler."""
    session = _session()
    groupes = bootstrap.doublons_bloquants(session.url)
    if session.json:
        af.ecrire_json([{"adherent_id": g.adherent_id, "salarie_ids": list(g.salarie_ids)}
                        for g in groupes])
        return
    if not groupes:
        af.message("Aucune fiche en double : la base peut être mise à jour.")
        return
    af.message(af.table(f"{len(groupes)} groupe(s) de fiches en double",
                        ("Adhérent", "Fiches"),
                        [(g.adherent_id, ", ".join(g.salarie_ids)) for g in groupes]))
