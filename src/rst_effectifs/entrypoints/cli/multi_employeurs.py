"""``rst-effectifs multi-employeurs``: workers employed by several members (F7). RST
agents list the people found by NIR across members and record them (``--en-tant-que``
an agent's e-mail); a member declares that one of its workers has other employers and
reads what is recorded for that file. The command-line face of
``application/multi_employeurs.py``."""

from __future__ import annotations

import click
from rich.table import Table

from ...application.commandes import (
    ConsulterMultiEmployeur,
    DeclarerMultiEmployeur,
    EnregistrerMultiEmployeur,
    FicheDesignee,
    ListerMultiEmployeurs,
)
from ...application.contexte import executer
from ...domain.multi_employeurs import (
    DeclarationMultiEmployeur,
    MultiEmployeurDuSalarie,
    PageMultiEmployeurs,
    SituationMultiEmployeur,
)
from . import affichage
from .options import LIMITE_PAR_DEFAUT, option_adherent
from .parametres import ENTIER, ErreurUtilisation, GroupeRst
from .racine import _session, cli, option_json, repondre, session_adherent_acteur

__all__: list[str] = []  # nothing to import: importing the module adds its commands to cli


@cli.group("multi-employeurs", cls=GroupeRst)
def multi_employeurs() -> None:
    """Salariés de plusieurs adhérents : cotisation partagée à parts égales (F7)."""


def _declaration(d: DeclarationMultiEmployeur | None) -> str:
    if d is None:
        return ""
    texte = f"oui ({affichage.pluriel(d.autres_employeurs, 'autre employeur')})"
    return texte + (" après le 28/02" if d.en_retard else "")


def tables_situation(s: SituationMultiEmployeur) -> list[str | Table]:
    """One person across members (NIR masked), then what RST can do."""
    sorties: list[str | Table] = [affichage.table(
        f"NIR {s.nir_masque} — situation au 31/01/{s.annee}",
        ("Adhérent", "Raison sociale", "Salarié", "Identifiant", "Contrat", "Depuis", "Suivi",
         "CSP", "Déclaré", "Part"),
        [(e.numero_adherent, e.raison_sociale, f"{e.nom} {e.prenoms}", e.salarie_id, e.nature,
          e.depuis, e.type_de_suivi, e.categorie, _declaration(e.declaration),
          None if e.part is None else f"{e.part.rang}/{e.part.nombre}")
         for e in s.emplois])]
    if s.enregistre:
        sorties.append(f"Enregistré multi-employeur pour {s.annee}.")
    elif s.refus is not None:
        sorties.append(f"Ne peut pas être enregistré : {s.refus}")
    else:
        fiches = " ".join(f"--fiche {e.numero_adherent}:{e.salarie_id}" for e in s.emplois)
        sorties.append(f"À enregistrer : rst-effectifs multi-employeurs enregistrer "
                       f"--annee {s.annee} {fiches}")
    return sorties


@multi_employeurs.command("lister")
@click.option("--annee", type=ENTIER, required=True, help="L'année (situation au 31 janvier).")
@click.option("--decalage", type=ENTIER, default=0, show_default=True,
              help="Passer les N premières personnes (page suivante).")
@click.option("--limite", type=ENTIER, default=LIMITE_PAR_DEFAUT, show_default=True,
              help="Personnes par page.")
@option_json
def lister(annee: int, decalage: int, limite: int) -> None:
    """Les personnes présentes, par NIR, chez plusieurs adhérents et celles qu'un adhérent
    a déclarées (réservé aux agents RST : --en-tant-que EMAIL). NIR masqués."""
    session = _session()
    page: PageMultiEmployeurs = executer(session.ctx, session.acteur(None), ListerMultiEmployeurs(
        annee, decalage=decalage, limite=limite))
    lignes: list[str | Table] = [f"{affichage.pluriel(len(page.personnes), 'personne')} à examiner "
                                 f"pour {annee}."]
    for personne in page.personnes:
        lignes += tables_situation(personne)
    if page.suivant is not None:
        lignes.append(f"Page suivante : --decalage {page.suivant}")
    repondre(page, *lignes)


def _fiche(texte: str) -> FicheDesignee:
    """``NUMERO:SALARIE_ID`` (member number or adherent id, then the file's id)."""
    adherent, separateur, salarie = texte.partition(":")
    if not separateur or not adherent.strip() or not salarie.strip():
        raise ErreurUtilisation(f"--fiche s'écrit NUMERO_ADHERENT:ID_SALARIE (reçu « {texte} »).")
    with _session().lecture() as uow:
        adherent_id = uow.adherents.id_par_numero(adherent.strip()) or adherent.strip()
    return FicheDesignee(adherent_id, salarie.strip())


@multi_employeurs.command("enregistrer")
@click.option("--annee", type=ENTIER, required=True, help="L'année (situation au 31 janvier).")
@click.option("--fiche", "fiches", multiple=True, required=True, metavar="NUMERO:ID",
              help="La fiche du salarié chez un adhérent (au moins deux).")
@option_json
def enregistrer(annee: int, fiches: tuple[str, ...]) -> None:
    """Enregistrer une personne comme salarié multi-employeur de l'année : chaque adhérent
    paie une part égale de sa cotisation (réservé aux agents RST : --en-tant-que EMAIL)."""
    session = _session()
    resultat: SituationMultiEmployeur = executer(
        session.ctx, session.acteur(None),
        EnregistrerMultiEmployeur(annee, tuple(_fiche(f) for f in fiches)), tentatives=3)
    repondre(resultat, *tables_situation(resultat))


@multi_employeurs.command("declarer")
@click.argument("salarie")
@click.option("--annee", type=ENTIER, required=True, help="L'année (situation au 31 janvier).")
@click.option("--autres", type=ENTIER, default=1, show_default=True,
              help="Combien d'autres employeurs le salarié a.")
@option_adherent
@option_json
def declarer(salarie: str, annee: int, autres: int, adherent: str | None) -> None:
    """Déclarer que le salarié SALARIE a d'autres employeurs (situation au 31 janvier, à
    envoyer avant le 28 février)."""
    session, choisi, acteur = session_adherent_acteur(adherent)
    faite: DeclarationMultiEmployeur = executer(session.ctx, acteur, DeclarerMultiEmployeur(
        choisi.id, salarie, annee, autres), tentatives=3)
    autres_employeurs = affichage.pluriel(faite.autres_employeurs, "autre employeur")
    repondre(faite, f"Déclaré pour {annee} : {autres_employeurs}.")


@multi_employeurs.command("afficher")
@click.argument("salarie")
@option_adherent
@option_json
def afficher(salarie: str, adherent: str | None) -> None:
    """Ce que l'adhérent a déclaré pour le salarié SALARIE et les parts enregistrées."""
    session, choisi, acteur = session_adherent_acteur(adherent)
    lu: MultiEmployeurDuSalarie = executer(session.ctx, acteur, ConsulterMultiEmployeur(
        choisi.id, salarie))
    repondre(lu, affichage.table(
        "Salarié multi-employeur", ("Année", "Déclaré", "Part de la cotisation"),
        [(annee, _declaration(next((d for d in lu.declarations if d.annee == annee), None)),
          next((p.part.libelle for p in lu.parts if p.annee == annee), None))
         for annee in sorted({d.annee for d in lu.declarations}
                             | {p.annee for p in lu.parts})]))
