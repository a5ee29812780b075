"""The portal's good practices, in the words of RST's guide to members (« Bonnes pratiques
du portail adhérent »): each page shows the one that applies to it in one line, the
« Aide » page shows them all. One place, so a page and the help never disagree."""

from __future__ import annotations

from collections.abc import Mapping

from attrs import frozen


@frozen
class BonnePratique:
    titre: str
    texte: str
    chemin: str
    """Where it is done, as the guide says (« Mon compte → Gérer mes postes »)."""


BONNES_PRATIQUES: Mapping[str, BonnePratique] = {
    "postes": BonnePratique(
        "Mettre à jour la liste des postes de travail",
        "Avant d'ajouter un salarié, pensez à actualiser votre liste de postes : cela "
        "facilitera l'ajout des salariés et garantira des informations plus fiables.",
        "Mon compte → Gérer mes postes"),
    "contrat": BonnePratique(
        "En cas de changement de contrat d'un salarié",
        "Ne supprimez pas sa fiche salarié pour en créer une nouvelle : ajoutez simplement "
        "un nouveau contrat dans la fiche du salarié déjà existante.",
        "Mes salariés → Liste de mes salariés"),
    "effectif": BonnePratique(
        "Sortir ou réintégrer un salarié dans l'effectif",
        "Cochez le salarié concerné, rendez-vous dans le menu à droite et choisissez "
        "l'action souhaitée : Sortir de l'effectif ou Réintégrer dans l'effectif. Cela "
        "permet d'actualiser vos effectifs et d'éviter une facturation incorrecte !",
        "Mes salariés → Liste de mes salariés"),
    "numero": BonnePratique(
        "Votre numéro d'adhérent",
        "Il apparaît sur vos factures : veillez à toujours le mentionner lors de vos "
        "échanges avec un interlocuteur de RST.",
        "Mon compte"),
    "connexion": BonnePratique(
        "Se connecter",
        "Lors de votre connexion, veillez à utiliser l'adresse mail rattachée au compte, "
        "c'est-à-dire celle utilisée lors de votre première inscription sur le portail.",
        "Connexion"),
}

CONTACT = ("Le service adhérents de RST, aux coordonnées indiquées sur vos factures et "
           "vos appels de cotisation.")
"""Who a member contacts (the guide: the member number is on the invoices, quote it)."""

__all__ = ["BONNES_PRATIQUES", "CONTACT", "BonnePratique"]
