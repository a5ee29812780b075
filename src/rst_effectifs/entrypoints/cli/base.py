"""``rst-effectifs base doublons``: what keeps a database from its schema upgrade.

Run without upgrading the database first (the other commands upgrade it on opening):
revision 0005 stops on files held twice, and this lists them so they can be merged or
cancelled (docs/cli.md, docs/security.md).
"""

from __future__ import annotations

from ... import bootstrap
from . import affichage
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
        affichage.ecrire_json([{"adherent_id": g.adherent_id, "salarie_ids": list(g.salarie_ids)}
                               for g in groupes])
        return
    if not groupes:
        affichage.message("Aucune fiche en double : la base peut être mise à jour.")
        return
    affichage.message(affichage.table(f"{len(groupes)} groupe(s) de fiches en double",
                                      ("Adhérent", "Fiches"),
                                      [(g.adherent_id, ", ".join(g.salarie_ids)) for g in groupes]))


def _etat_json(etat: bootstrap.EtatDuSchema) -> dict[str, object]:
    return {"revision": etat.revision, "revision_attendue": etat.tete, "a_jour": etat.a_jour,
            "connue": etat.connue, "a_appliquer": list(etat.a_appliquer)}


@base.command("migrer")
@option_json
def base_migrer() -> None:
    """Met le schéma de la base à jour (migrations Alembic), en une seule transaction.
    Sur PostgreSQL, à lancer avec le rôle propriétaire du schéma avant d'ouvrir la base
    avec une nouvelle version ; un fichier SQLite, lui, est mis à jour à son ouverture."""
    session = _session()
    avant = bootstrap.migrer(session.url)
    if session.json:
        affichage.ecrire_json({"revision_avant": avant.revision, "revision": avant.tete,
                               "appliquees": list(avant.a_appliquer)})
        return
    if not avant.a_appliquer:
        affichage.message(f"Révision {avant.tete}.", "Schéma déjà à jour : rien à migrer.")
        return
    affichage.message(f"Révision {avant.revision or 'aucune (base vide)'} → {avant.tete} : "
                      f"{', '.join(avant.a_appliquer)}.",
                      f"Schéma mis à jour : {len(avant.a_appliquer)} migration(s) appliquée(s).")


@base.command("etat")
@option_json
def base_etat() -> None:
    """La révision du schéma de la base, celle qu'attend cette version, et les migrations
    qu'appliquerait « base migrer » ; ne change rien (code de sortie 0 dans tous les cas :
    « base verifier » échoue, lui, si le schéma n'est pas à jour)."""
    session = _session()
    etat = bootstrap.etat_du_schema(session.url)
    if session.json:
        affichage.ecrire_json(_etat_json(etat))
        return
    lignes = [f"Révision de la base : {etat.revision or 'aucune (base vide)'} ; "
              f"attendue : {etat.tete}."]
    if etat.a_jour:
        lignes.append("Schéma à jour : rien à migrer.")
    elif not etat.connue:
        lignes.append("Révision inconnue (base écrite par une version plus récente) : "
                      "mettez la bibliothèque à jour.")
    else:
        lignes.append(f"À appliquer : {', '.join(etat.a_appliquer)} "
                      "(lancez « rst-effectifs base migrer »).")
    affichage.message(*lignes)


@base.command("verifier")
@option_json
def base_verifier() -> None:
    """Vérifie que le schéma est à jour et conforme aux tables de la bibliothèque (Alembic
    check) ; code de sortie 3 sinon (technique.schema_perime, technique.schema_inconnu,
    technique.schema_different), avec la commande à lancer."""
    session = _session()
    etat = bootstrap.verifier_schema(session.url)
    if session.json:
        affichage.ecrire_json(_etat_json(etat))
        return
    affichage.message(f"Révision {etat.tete}.",
                      "Schéma à jour et conforme aux tables de la bibliothèque.")
