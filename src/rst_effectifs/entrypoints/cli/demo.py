"""``rst-effectifs demo``: the library's main job on the embedded default, for a newcomer.

It works on its own SQLite file (``demo.db`` in the user's data folder, never the
database of ``--db``): creates the adherent whose SIRET the bundled sample DSN declares,
its postes (good practice 1), imports ``exemple.dsn``, then prints the effectif on
31/03/2024, the pre-billing check of 2026 (F6: who would be billed by mistake) and the
2026 assiette priced with the sample barème of the year (the law of 2026: electrical
clearance and driving authorisation are simple follow-up since 1 October 2025, P2b).
Running it again finds everything in place and changes nothing: the import plans nothing
the second time.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import click

from ...application.commandes import (
    AjouterPoste,
    CalculerAssiette,
    ConsulterEffectif,
    CreerAdherent,
    VerifierAvantFacturation,
)
from ...application.contexte import executer
from ...application.plan_import import PlanImport
from ...bootstrap import dossier_donnees, url_sqlite
from ...domain.adherents import Adherent, AgentRst
from ...domain.effectif import Effectif
from ...domain.erreurs import Introuvable
from ...domain.facturation import Assiette
from ...domain.identifiants import Email
from ...domain.suivi import Risque
from ...domain.textes import normaliser
from ...domain.verifications import RapportDeVerification
from ...exemples import EXEMPLES, chemin_exemple
from . import affichage
from .fichiers import fichier_illisible
from .imports import importer_fichier
from .racine import _session, cli, option_json
from .session import Session
from .tables import tables_assiette, tables_effectif, tables_plan, tables_rapport

__all__ = ["ADHERENT_DEMO", "POSTES_DEMO", "charger_demo", "demo", "exemples"]

ADHERENT_DEMO = CreerAdherent(
    numero="4242", siret="84205317500019", raison_sociale="Bâtiments Côte d'Émeraude",
    email_connexion="rh@emeraude.example")
"""The establishment of ``exemple.dsn`` (SIRET 842 053 175 00019, Saint-Malo)."""
AGENT_DEMO = "demo@rst.example"
POSTES_DEMO = (
    ("Secrétaire de direction", "542a", frozenset[Risque]()),
    ("Maçon", "632a", frozenset[Risque]()),
    ("Électricien", "633a", frozenset({Risque.HABILITATION_ELECTRIQUE})),
    ("Cariste", "653a", frozenset({Risque.AUTORISATION_CONDUITE})),
    ("Grutier", "651a", frozenset({Risque.AUTORISATION_CONDUITE})),
)
"""The postes the sample's jobs match by PCS-ESE code; the risks give SIR in 2024 and SIG
since 1 October 2025 (P2b)."""
LE = dt.date(2024, 3, 31)
ANNEE = 2026
FIN = dt.date(ANNEE, 12, 31)
REGLE, BAREME = "present_dans_l_annee", "bareme_exemple"


def _adherent(session: Session) -> tuple[Adherent, bool]:
    """The demo adherent, created on the first run (as an RST agent: ``--en-tant-que`` or
    the demo agent). The demo then acts as the account's login e-mail, whose stored
    administrator access the creation granted (A1, A3)."""
    agent = session.email or AGENT_DEMO
    session.email = None
    try:
        return session.adherent(ADHERENT_DEMO.numero), False
    except Introuvable:
        executer(session.ctx, AgentRst(Email.parse(agent, chemin="en_tant_que")),
                       ADHERENT_DEMO)
        return session.adherent(ADHERENT_DEMO.numero), True


def _postes(session: Session, adherent: Adherent) -> int:
    """Good practice 1: the postes before the people; those missing are added."""
    acteur = session.acteur(adherent)
    presents = {p.cle_libelle for p in adherent.postes}
    ajoutes = 0
    for libelle, code, risques in POSTES_DEMO:
        if normaliser(libelle) not in presents:
            executer(session.ctx, acteur, AjouterPoste(adherent.id, libelle, risques,
                                                            None, code))
            ajoutes += 1
    return ajoutes


def charger_demo(session: Session, fichier: str | None
                 ) -> tuple[Path, Adherent, bool, int, PlanImport]:
    """Point ``session`` at the demo's SQLite file and load the sample in it (what
    ``demo`` and ``portail --demo`` share): the adherent, its postes, the DSN."""
    chemin = Path(fichier) if fichier else dossier_donnees() / "demo.db"
    session.url = url_sqlite(chemin)
    adherent, cree = _adherent(session)
    postes_ajoutes = _postes(session, adherent)
    adherent = session.adherent(adherent.id)
    plan = importer_fichier(session, adherent, session.acteur(adherent), "dsn",
                            str(chemin_exemple("exemple.dsn")), appliquer=True,
                            creer_postes=False)
    return chemin, adherent, cree, postes_ajoutes, plan


@cli.command("demo")
@click.option("--fichier", metavar="CHEMIN",
              help="Fichier SQLite de la démonstration (par défaut demo.db dans le dossier "
                   "de données de l'utilisateur).")
@option_json
def demo(fichier: str | None) -> None:
    """Démonstration : importe l'exemple de DSN fourni dans une base SQLite à part, puis
    affiche l'effectif au 31/03/2024, les vérifications avant facturation et l'assiette
    2026. La relancer ne change rien."""
    session = _session()
    chemin, adherent, cree, postes_ajoutes, plan = charger_demo(session, fichier)
    acteur = session.acteur(adherent)
    effectif: Effectif = executer(session.ctx, acteur, ConsulterEffectif(adherent.id, LE))
    # F6 before billing: the sample's payroll leaves contracts ended without an exit; the
    # demo shows what the check says of them instead of billing them silently.
    verifications: RapportDeVerification = executer(session.ctx, acteur,
                                                     VerifierAvantFacturation(adherent.id, FIN))
    assiette: Assiette = executer(session.ctx, acteur, CalculerAssiette(
        adherent.id, dt.date(ANNEE, 1, 1), FIN, REGLE, BAREME))
    if session.json:
        affichage.ecrire_json({"base": session.url, "adherent": adherent, "adherent_cree": cree,
                               "postes_ajoutes": postes_ajoutes, "import": plan,
                               "effectif": effectif, "verifications": verifications,
                               "assiette": assiette})
        return
    affichage.message(
        f"Base de démonstration : {chemin}",
        f"Adhérent {adherent.numero.valeur} — {adherent.raison_sociale} (SIRET "
        f"{adherent.siret.valeur}) : {'créé' if cree else 'déjà présent'} ; "
        f"{postes_ajoutes} poste(s) ajouté(s).",
        "Import de l'exemple de DSN (mars 2024) :",
        *tables_plan(plan),
        *tables_effectif(effectif),
        *tables_rapport(verifications, f"Avant de facturer {ANNEE}, "),
        *(["Tant qu'elles ne sont pas corrigées (sortie enregistrée ou contrat ajouté), "
           "l'assiette ci-dessous les facture."] if verifications.anomalies else []),
        *tables_assiette(assiette),
        f"Pour continuer sur cette base : rst-effectifs --db {session.url} salaries lister",
    )


@cli.command("exemples")
@click.option("--dossier", metavar="DOSSIER", default=".", show_default=True,
              help="Où copier les fichiers (créé s'il manque).")
@option_json
def exemples(dossier: str) -> None:
    """Copier les fichiers d'exemple fournis (DSN, CSV, barème, coûts moyens) pour les
    essayer : un fichier déjà présent n'est pas remplacé."""
    session = _session()
    cible = Path(dossier)
    copies: list[str] = []
    gardes: list[str] = []
    try:
        cible.mkdir(parents=True, exist_ok=True)
        for nom in EXEMPLES:
            if (cible / nom).exists():
                gardes.append(nom)
            else:
                shutil.copyfile(chemin_exemple(nom), cible / nom)
                copies.append(nom)
    except OSError as erreur:
        raise fichier_illisible(erreur) from None
    if session.json:
        affichage.ecrire_json({"dossier": str(cible), "copies": copies, "deja_presents": gardes})
        return
    affichage.message(*(f"Copié : {cible / n}" for n in copies),
                      *(f"Déjà présent, gardé : {cible / n}" for n in gardes))
