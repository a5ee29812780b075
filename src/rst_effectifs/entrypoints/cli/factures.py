"""``rst-effectifs factures``: issue invoices and credit notes (F8) — one member's closing
or, for RST staff, every member's closings of a period with a progress bar, resumable —
list them, write one's PDF (Factur-X) or XML; the command-line face of
``application/factures.py``."""

from __future__ import annotations

import datetime as dt
import gc
import os
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import click
from rich.table import Table

from ...application.commandes import (
    ConsulterFacture,
    EmettreFacture,
    EmettreFactures,
    ListerFactures,
)
from ...application.contexte import Contexte, executer
from ...application.factures import TAILLE_LOT, BilanEmission
from ...domain.dates import date_fr
from ...domain.factures import Facture
from ...domain.monnaie import euros
from ...formats.configuration import lire_bareme, lire_couts_moyens, lire_emetteur
from ...ports.factures import FactureEmise
from . import affichage
from .options import BAREME, option_adherent, options_periode, periode
from .parametres import GroupeRst
from .racine import CODE_REFUS, _session, cli, option_json, repondre, session_adherent_acteur

__all__: list[str] = []  # nothing to import: importing the module adds its commands to cli

VARIABLE_EMETTEUR = "RST_EFFECTIFS_EMETTEUR"
"""The TOML or JSON file of the RST as seller (``exemples/emetteur.toml``'s layout)."""


def _avec_emetteur(ctx: Contexte, fichier: str | None) -> Contexte:
    chemin = fichier or os.environ.get(VARIABLE_EMETTEUR) or None
    return ctx if chemin is None else attrs.evolve(ctx, emetteur=lire_emetteur(chemin))


def _prix(bareme: str | None, bareme_fichier: str | None, cout_moyen: str | None,
          couts: str | None, sans_controle_bande: bool, annee: int) -> dict[str, Any]:
    cout: str | Decimal | None = cout_moyen
    if couts is not None:
        connu = lire_couts_moyens(couts).get(annee)
        cout = None if connu is None else connu.montant
    return {"bareme": bareme, "cout_moyen": cout, "sans_controle_bande": sans_controle_bande,
            "bareme_sur_mesure": None if bareme_fichier is None else lire_bareme(bareme_fichier)}


def table_factures(factures: tuple[Facture, ...] | list[Facture]) -> Table:
    return affichage.table("Factures et avoirs", ("Numéro", "Émise le", "Nature", "Période",
                                                  "Total HT", "Total TTC", "Corrige"), [
        (f.numero, date_fr(f.emise_le), f.nature.value,
         f"{date_fr(f.periode.debut)}–{date_fr(f.periode.fin)}",
         euros(f.signe * f.total_ht), euros(f.signe * f.total_ttc), f.corrige or "")
        for f in factures])


@cli.group(cls=GroupeRst)
def factures() -> None:
    """Les factures et avoirs, émis à partir des clôtures (F8)."""


@factures.command("emettre")
@options_periode
@click.option("--bareme", type=BAREME, help="Barème des clôtures faites sans barème.")
@click.option("--bareme-fichier", metavar="FICHIER", help="Barème sur mesure (TOML ou JSON).")
@click.option("--cout-moyen", metavar="MONTANT", help="F3 : coût moyen national de l'année.")
@click.option("--couts", metavar="FICHIER", help="F3 : fichier des coûts moyens nationaux.")
@click.option("--sans-controle-bande", is_flag=True, help="F3 : ne pas vérifier la bande.")
@click.option("--emetteur", metavar="FICHIER",
              help=f"Identité de RST émettrice (TOML ou JSON ; ou ${VARIABLE_EMETTEUR}).")
@click.option("--par-lot", type=click.IntRange(1, 5000), default=TAILLE_LOT, show_default=True,
              help="Adhérents par transaction.")
@option_adherent
@option_json
def emettre(annee: int | None, du: dt.date | None, au: dt.date | None, bareme: str | None,
            bareme_fichier: str | None, cout_moyen: str | None, couts: str | None,
            sans_controle_bande: bool, emetteur: str | None, par_lot: int,
            adherent: str | None) -> None:
    """Émettre les factures (et avoirs de régularisation) des clôtures d'une période : d'un
    adhérent avec --adherent, sinon de tous (agents RST). Relancée après un arrêt, elle
    reprend où elle en était : les adhérents déjà facturés sont sautés."""
    debut, fin = periode(annee, du, au)
    prix = _prix(bareme, bareme_fichier, cout_moyen, couts, sans_controle_bande, debut.year)
    session = _session()
    ctx = _avec_emetteur(session.ctx, emetteur)
    if adherent is not None:
        session, choisi, acteur = session_adherent_acteur(adherent)
        emis: tuple[Facture, ...] = executer(ctx, acteur, EmettreFacture(
            choisi.id, debut, fin, **prix))
        repondre(emis, table_factures(emis))
        return
    acteur = session.acteur(None)
    bilan = _tous(ctx, acteur, debut, fin, prix, par_lot,
                  affichage.progression_visible(session.json))
    lignes = [f"{affichage.pluriel(bilan.adherents_factures, 'adhérent')} facturé(s), "
              f"{affichage.pluriel(len(bilan.numeros), 'document')} émis."]
    if bilan.numeros:
        lignes.append(f"Numéros : {bilan.numeros[0]} à {bilan.numeros[-1]}.")
    lignes += [f"  - {r.adherent_id} : {r.message} [{r.code}]" for r in bilan.refus]
    repondre(bilan, *lignes)
    if bilan.refus:
        click.get_current_context().exit(CODE_REFUS)


def _tous(ctx: Contexte, acteur: Any, debut: dt.date, fin: dt.date, prix: dict[str, Any],
          par_lot: int, visible: bool) -> BilanEmission:
    """Batches of ``par_lot`` members, the bar moving after each (the use case commits
    each batch: a run stopped halfway is resumed by running the command again). The
    objects made so far (the library, the engine) live until the process ends: frozen
    out of the cyclic collector's way, whose full passes would otherwise walk them again
    and again while thousands of documents are made."""
    gc.freeze()
    apres: str | None = None
    numeros: list[str] = []
    refus: list[Any] = []
    factures_ = 0
    with affichage.progression(visible) as barre:
        tache = None
        while True:
            lot: BilanEmission = executer(ctx, acteur, EmettreFactures(
                debut, fin, apres=apres, limite=par_lot, par_lot=par_lot, **prix))
            numeros += lot.numeros
            refus += lot.refus
            factures_ += lot.adherents_factures
            if barre is not None:
                if tache is None:
                    tache = barre.add_task("Factures", unite="adhérents",
                                           total=factures_ + len(refus) + lot.restants)
                barre.update(tache, completed=factures_ + len(refus))
            if lot.suivant is None:
                return BilanEmission(debut, fin, factures_, tuple(numeros), tuple(refus),
                                     lot.restants)
            apres = lot.suivant


@factures.command("lister")
@option_adherent
@option_json
def lister(adherent: str | None) -> None:
    """Les factures et avoirs d'un adhérent, dans l'ordre d'émission."""
    session, choisi, acteur = session_adherent_acteur(adherent)
    liste: tuple[Facture, ...] = executer(session.ctx, acteur, ListerFactures(choisi.id))
    repondre(liste, table_factures(liste))


@factures.command("pdf")
@click.argument("numero")
@click.option("--sortie", metavar="FICHIER", help="Fichier PDF à écrire (par défaut "
              "NUMERO.pdf).")
@option_adherent
@option_json
def pdf(numero: str, sortie: str | None, adherent: str | None) -> None:
    """Écrire le PDF Factur-X d'une facture ou d'un avoir (extra « factures »)."""
    from ...formats.factur_x import pdf_facture

    session, choisi, acteur = session_adherent_acteur(adherent)
    document: FactureEmise = executer(session.ctx, acteur, ConsulterFacture(choisi.id, numero))
    chemin = Path(sortie or f"{document.facture.numero}.pdf")
    chemin.write_bytes(pdf_facture(document))
    repondre({"numero": document.facture.numero, "fichier": str(chemin)},
             f"PDF écrit : {chemin}")


@factures.command("xml")
@click.argument("numero")
@option_adherent
@option_json
def xml(numero: str, adherent: str | None) -> None:
    """Écrire le XML CII (Factur-X, profil EN 16931) d'une facture ou d'un avoir."""
    session, choisi, acteur = session_adherent_acteur(adherent)
    document: FactureEmise = executer(session.ctx, acteur, ConsulterFacture(choisi.id, numero))
    if session.json:  # the envelope, as for every command
        affichage.ecrire_json({"numero": document.facture.numero, "xml": document.xml})
        return
    click.echo(document.xml)
