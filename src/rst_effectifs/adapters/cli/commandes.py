"""The ``rst-effectifs`` commands: one per use case a member has, grouped like the portal's
menus. Each command parses its options, resolves the adherent and who acts
(:mod:`.session`), calls one use case and prints its result (:mod:`.affichage`).

Refusals are caught at one place, :meth:`GroupeRacine.invoke`: a French message on
standard error and exit code 1 (3 when the storage failed); usage errors exit with 2.
"""

from __future__ import annotations

import datetime as dt
import errno
import functools
import os
import sys
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from decimal import Decimal
from importlib import metadata
from pathlib import Path
from typing import IO, Any, TypeVar, cast

import attrs
import click
from rich.table import Table

from ...application.commandes import (
    AccorderAcces,
    AjouterContrat,
    AjouterPoste,
    AnnulerContrat,
    AnnulerContratRegularise,
    AnnulerMouvement,
    AnnulerMouvementRegularise,
    AnnulerSalarie,
    ArchiverPoste,
    CalculerAssiette,
    CloturerPeriode,
    ConsulterAdherent,
    ConsulterCloture,
    ConsulterCompte,
    ConsulterEffectif,
    ConsulterJournal,
    ConsulterSalarie,
    CorrigerIdentite,
    CreerAdherent,
    EffectifSurPeriode,
    EmbaucherSalarie,
    ImporterDeclaration,
    ListerAcces,
    ListerClotures,
    ListerPostes,
    ListerSalaries,
    ModifierAcces,
    ModifierCompte,
    ModifierRisques,
    NouveauContrat,
    ReintegrerDansLEffectif,
    RenommerPoste,
    ResultatMouvements,
    RetirerAcces,
    SortirDeLEffectif,
    SupprimerPoste,
    VerifierAvantFacturation,
)
from ...application.contexte import executer
from ...application.declarations import DeclarationImportee
from ...application.imports import PlanImport
from ...domain.adherents import Acces, Acteur, Adherent, Role
from ...domain.clotures import Cloture
from ...domain.comptes import Compte
from ...domain.contrats import NatureContrat
from ...domain.effectif import Effectif
from ...domain.erreurs import DonneeInvalide, ErreurDomaine, ErreurRstEffectifs
from ...domain.facturation import BAREMES_PREDEFINIS, REGLES_PREDEFINIES, Assiette
from ...domain.postes import Poste
from ...domain.salaries import Salarie, Sortie
from ...domain.suivi import Risque
from ...domain.verifications import RapportDeVerification
from ...ports.salaries import PageSalaries
from ..configuration import lire_bareme, lire_couts_moyens
from ..csv_io import COLONNES_EFFECTIF, exporter_csv, lire_csv
from ..dsn import lire_dsn
from ..serialisation import ecrire
from . import affichage as af
from .parametres import (
    DATE,
    ENTIER,
    MODE_JSON,
    NATURE,
    RISQUE,
    ROLE,
    ErreurUtilisation,
    GroupeRst,
    TypeChoix,
    enveloppe_json,
)
from .session import VARIABLE_ADHERENT, VARIABLE_EMAIL, Session, poste_designe

__all__ = ["CODE_REFUS", "CODE_TECHNIQUE", "cli", "main"]

CODE_REFUS = 1
"""Exit code of a refusal: bad input or a business rule (every ``ErreurDomaine``)."""
CODE_TECHNIQUE = 3
"""Exit code when the storage failed (``ErreurTechnique``) or on an unexpected failure."""
VARIABLE_DEBUG = "RST_EFFECTIFS_DEBUG"
COLONNES_ASSIETTE = ("salarie_id", "nom", "prenoms", "type_de_suivi", "motif", "du", "au",
                     "cotisation", "droit_entree", "montant_ht")
LIMITE_PAR_DEFAUT = 50

F = TypeVar("F", bound=Callable[..., Any])


# -- the root group: options every command shares, refusals handled at one place ----------------
class GroupeRacine(GroupeRst):
    """The root group; :meth:`invoke` is where every refusal becomes a message and an exit
    code, so no traceback ever reaches the user."""

    def main(self, args: Sequence[str] | None = None, *extra: Any, **options: Any) -> Any:
        """Each run starts at the default level; ``--json`` anywhere (before ``--``) puts
        usage errors in the JSON envelope too, even those found before it is parsed."""
        arguments = list(sys.argv[1:] if args is None else args)
        avant = arguments[:arguments.index("--")] if "--" in arguments else arguments
        af.regler(silencieux=False, detaille=False)
        jeton = MODE_JSON.set("--json" in avant)
        try:
            return super().main(arguments, *extra, **options)
        finally:
            MODE_JSON.reset(jeton)

    def invoke(self, ctx: click.Context) -> Any:
        en_json = _session_de(ctx).json or MODE_JSON.get()
        try:
            return super().invoke(ctx)
        except ErreurRstEffectifs as erreur:
            code = CODE_REFUS if isinstance(erreur, ErreurDomaine) else CODE_TECHNIQUE
            af.afficher_erreur(erreur, _session_de(ctx).json or en_json, code)
            ctx.exit(code)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except Exception as erreur:
            if os.environ.get(VARIABLE_DEBUG):
                raise
            texte = (f"Erreur inattendue ({type(erreur).__name__}). Relancez avec "
                     f"{VARIABLE_DEBUG}=1 pour voir le détail, et signalez-la.")
            if _session_de(ctx).json or en_json:
                sys.stdout.write(enveloppe_json(CODE_TECHNIQUE, erreur={
                    "code": "technique.inattendue", "regle": "", "message": texte,
                    "chemin": None, "details": {}}))
            else:
                af.message(texte, erreur=True)
            ctx.exit(CODE_TECHNIQUE)


def _session_de(ctx: click.Context) -> Session:
    return ctx.find_root().ensure_object(Session)


def _session() -> Session:
    return _session_de(click.get_current_context())


def _noter_json(ctx: click.Context, _param: click.Parameter, valeur: bool) -> bool:
    if valeur:
        _session_de(ctx).json = True
    return valeur


def _noter_silence(_ctx: click.Context, _param: click.Parameter, valeur: bool) -> bool:
    if valeur:
        af.regler(silencieux=True)
    return valeur


def _noter_detail(_ctx: click.Context, _param: click.Parameter, valeur: bool) -> bool:
    if valeur:
        af.regler(detaille=True)
    return valeur


def option_json(f: F) -> F:
    """``--json``, ``--quiet`` and ``--verbose``: accepted before the command and after it."""
    f = click.option("-v", "--verbose", is_flag=True, is_eager=True, expose_value=False,
                     callback=_noter_detail,
                     help="Tout afficher (longues tables entières).")(f)
    f = click.option("-q", "--quiet", is_flag=True, is_eager=True, expose_value=False,
                     callback=_noter_silence,
                     help="N'afficher que les refus (le code de sortie dit le reste).")(f)
    return click.option("--json", "json_", is_flag=True, is_eager=True, expose_value=False,
                        callback=_noter_json,
                        help="Réponse JSON sur la sortie standard, toujours de la forme "
                             "{ok, code_sortie, resultat, erreur} (NIR masqués).")(f)


def option_adherent(f: F) -> F:
    return click.option(
        "--adherent", "adherent", envvar=VARIABLE_ADHERENT, metavar="NUMERO",
        help="Numéro d'adhérent (ou identifiant). Par défaut le seul adhérent de la base."
    )(f)


def _version() -> str:
    try:
        return metadata.version("rst_effectifs")
    except metadata.PackageNotFoundError:  # run from a source tree
        return "(version inconnue : paquet non installé)"


CONTEXTE = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


@click.group("rst-effectifs", cls=GroupeRacine, context_settings=CONTEXTE)
@click.option("--db", "url", envvar="RST_EFFECTIFS_DB", metavar="URL",
              help="Base de données : sqlite:///chemin.db ou postgresql+psycopg://… "
                   "Par défaut un fichier SQLite dans le dossier de données de l'utilisateur.")
@click.option("--en-tant-que", "email", envvar=VARIABLE_EMAIL, metavar="EMAIL",
              help="Adresse e-mail de la personne qui agit (journal). Par défaut l'adresse "
                   "de connexion du compte de l'adhérent.")
@option_json
@click.version_option(_version(), message="%(prog)s %(version)s",
                      help="Afficher la version et quitter.")
@click.pass_context
def cli(ctx: click.Context, url: str | None, email: str | None) -> None:
    """Postes, salariés, contrats, effectif et facturation des adhérents RST.

    Chaque commande a son aide : « rst-effectifs COMMANDE --help ».
    """
    session = _session_de(ctx)
    session.url = url or None
    session.email = email or None
    ctx.call_on_close(session.fermer)


def main() -> None:
    """The console script ``rst-effectifs``."""
    cli(prog_name="rst-effectifs")


# -- helpers --------------------------------------------------------------------------------------
def _sur(choix: str | None) -> tuple[Session, Adherent, Acteur]:
    """The session, the adherent a command works on and who acts on it."""
    session = _session()
    adherent = session.adherent(choix)
    return session, adherent, session.acteur(adherent)


def _aujourd_hui(session: Session) -> dt.date:
    return session.ctx.horloge.maintenant().date()


def _periode(annee: int | None, du: dt.date | None, au: dt.date | None
             ) -> tuple[dt.date, dt.date]:
    """A billing period: ``--annee`` or ``--du``/``--au``."""
    if annee is not None and (du is not None or au is not None):
        raise ErreurUtilisation("Choisissez --annee ou --du/--au, pas les deux.")
    if annee is not None:
        if not 1900 <= annee <= 2999:
            raise ErreurUtilisation("L'année s'écrit sur quatre chiffres (par ex. 2024).")
        return dt.date(annee, 1, 1), dt.date(annee, 12, 31)
    if du is None or au is None:
        raise ErreurUtilisation("Indiquez la période : --annee AAAA, ou --du DATE et --au DATE.")
    return du, au


def options_periode(f: F) -> F:
    for option in reversed((
        click.option("--annee", type=ENTIER, help="Année civile facturée (1er janvier–31 "
                     "décembre)."),
        click.option("--du", type=DATE, help="Premier jour de la période."),
        click.option("--au", type=DATE, help="Dernier jour de la période."),
    )):
        f = option(f)
    return f


REGLE = TypeChoix("regle", lambda: {n: n for n in REGLES_PREDEFINIES}, "Règle de comptage")
BAREME = TypeChoix("bareme", lambda: {n: n for n in BAREMES_PREDEFINIS}, "Barème")


@attrs.frozen
class ChoixFacturation:
    """What the billing options name: the rule, the barème (preset or file) and how F3
    is checked (a cost given, a file of costs, or the explicit waiver)."""

    regle: str
    bareme: str | None = None
    bareme_fichier: str | None = None
    cout_moyen: str | None = None
    couts: str | None = None
    sans_controle_bande: bool = False

    def options(self, annee: int) -> dict[str, Any]:
        """The command's billing fields for a period starting in ``annee``."""
        if self.bareme is not None and self.bareme_fichier is not None:
            raise ErreurUtilisation("Choisissez --bareme ou --bareme-fichier, pas les deux.")
        if self.cout_moyen is not None and self.couts is not None:
            raise ErreurUtilisation("Choisissez --cout-moyen ou --couts, pas les deux.")
        cout: str | Decimal | None = self.cout_moyen
        if self.couts is not None:
            connu = lire_couts_moyens(self.couts).get(annee)
            cout = None if connu is None else connu.montant
        return {"regle": self.regle, "bareme": self.bareme,
                "bareme_sur_mesure": (None if self.bareme_fichier is None
                                      else lire_bareme(self.bareme_fichier)),
                "cout_moyen": cout, "sans_controle_bande": self.sans_controle_bande}


def options_facturation(f: Callable[..., None]) -> Callable[..., None]:
    """``--regle`` and the barème options; the command receives one ``choix``."""
    @functools.wraps(f)
    def commande(*args: Any, regle: str, bareme: str | None, bareme_fichier: str | None,
                 cout_moyen: str | None, couts: str | None, sans_controle_bande: bool,
                 **kwargs: Any) -> None:
        f(*args, choix=ChoixFacturation(regle, bareme, bareme_fichier, cout_moyen, couts,
                                        sans_controle_bande), **kwargs)

    for option in reversed((
        click.option("--regle", type=REGLE, required=True,
                     help="Règle de comptage prédéfinie : "
                          + ", ".join(REGLES_PREDEFINIES) + "."),
        click.option("--bareme", type=BAREME,
                     help="Barème prédéfini pour chiffrer : "
                          + ", ".join(BAREMES_PREDEFINIS) + "."),
        click.option("--bareme-fichier", metavar="FICHIER",
                     help="Barème sur mesure, fichier TOML ou JSON (voir docs/cli.md)."),
        click.option("--cout-moyen", metavar="MONTANT",
                     help="F3 : coût moyen national de l'année (par ex. 118.00), pour "
                          "vérifier la bande légale du barème."),
        click.option("--couts", metavar="FICHIER",
                     help="F3 : fichier TOML ou JSON des coûts moyens nationaux par année "
                          "(2026 = \"118.00\")."),
        click.option("--sans-controle-bande", is_flag=True,
                     help="F3 : ne pas vérifier la bande légale (la clôture l'enregistre)."),
    )):
        commande = option(commande)
    return commande


def _nom(salarie: Salarie) -> str:
    return f"{salarie.identite.nom} {salarie.identite.prenoms}"


def _pluriel(n: int, mot: str) -> str:
    return f"{n} {mot}{'s' if n > 1 else ''}"


# == adherent ==================================================================================
@cli.group(cls=GroupeRst)
def adherent() -> None:
    """Le compte de l'adhérent (A1)."""


@adherent.command("creer")
@click.option("--numero", required=True, help="Numéro d'adhérent (figure sur les factures).")
@click.option("--siret", required=True, help="SIRET de l'établissement (14 chiffres).")
@click.option("--raison-sociale", required=True, help="Raison sociale.")
@click.option("--email-connexion", required=True, help="Adresse e-mail de connexion du compte.")
@click.option("--numero-teledeclarant", help="Numéro télédéclarant, s'il est connu.")
@option_json
def adherent_creer(numero: str, siret: str, raison_sociale: str, email_connexion: str,
                   numero_teledeclarant: str | None) -> None:
    """Créer un adhérent (réservé aux agents RST : --en-tant-que EMAIL)."""
    session = _session()
    cree: Adherent = executer(session.ctx, session.acteur(None), CreerAdherent(
        numero=numero, siret=siret, raison_sociale=raison_sociale,
        email_connexion=email_connexion, numero_teledeclarant=numero_teledeclarant))
    if session.json:
        af.ecrire_json(cree)
        return
    if not af.identifiants(cree.id):
        af.message(f"Adhérent créé : numéro {cree.numero.valeur}.", _fiche_adherent(cree))


def _fiche_adherent(a: Adherent) -> Table:
    return af.fiche(None, [
        ("Numéro d'adhérent", a.numero.valeur), ("Identifiant", a.id),
        ("SIRET", a.siret.valeur), ("Raison sociale", a.raison_sociale),
        ("E-mail de connexion", a.email_connexion.valeur),
        ("Numéro télédéclarant",
         None if a.numero_teledeclarant is None else a.numero_teledeclarant.valeur),
        ("Postes actifs", sum(1 for p in a.postes if p.actif)),
        ("Clôturé jusqu'au", a.cloture_au),
    ])


@adherent.command("afficher")
@option_adherent
@option_json
def adherent_afficher(adherent: str | None) -> None:
    """Afficher le compte de l'adhérent."""
    session, choisi, acteur = _sur(adherent)
    lu: Adherent = executer(session.ctx, acteur, ConsulterAdherent(choisi.id))
    if session.json:
        af.ecrire_json(lu)
        return
    af.message(_fiche_adherent(lu))


# == compte ====================================================================================
@cli.group(cls=GroupeRst)
def compte() -> None:
    """Mon compte : raison sociale, e-mail de connexion, numéro télédéclarant (A1)."""


def _fiche_compte(c: Compte) -> Table:
    return af.fiche(None, [
        ("Numéro d'adhérent", c.numero.valeur), ("Identifiant", c.adherent_id),
        ("SIRET", c.siret.valeur), ("Raison sociale", c.raison_sociale),
        ("E-mail de connexion", c.email_connexion.valeur),
        ("Numéro télédéclarant",
         None if c.numero_teledeclarant is None else c.numero_teledeclarant.valeur),
    ])


@compte.command("afficher")
@option_adherent
@option_json
def compte_afficher(adherent: str | None) -> None:
    """Afficher les informations du compte."""
    session, choisi, acteur = _sur(adherent)
    lu: Compte = executer(session.ctx, acteur, ConsulterCompte(choisi.id))
    if session.json:
        af.ecrire_json(lu)
        return
    af.message(_fiche_compte(lu))


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
    session, choisi, acteur = _sur(adherent)
    modifie: Compte = executer(session.ctx, acteur, ModifierCompte(
        choisi.id, raison_sociale, email_connexion, numero_teledeclarant))
    if session.json:
        af.ecrire_json(modifie)
        return
    af.message("Compte enregistré.", _fiche_compte(modifie))


# == acces =====================================================================================
@cli.group(cls=GroupeRst)
def acces() -> None:
    """Mes accès : qui peut agir sur l'adhérent, avec quels rôles (A3). Réservé aux
    administrateurs."""


AIDE_ROLE = "Rôle (répétable) : " + ", ".join(r.value for r in Role) + "."


def _table_acces(liste: Sequence[Acces], titre: str | None = None) -> Table:
    return af.table(titre, ("E-mail", "Rôles"), [
        (a.email.valeur, ", ".join(sorted(r.value for r in a.roles))) for a in liste])


def _acces_modifie(a: Acces, quoi: str) -> None:
    if _session().json:
        af.ecrire_json(a)
        return
    af.message(f"Accès {quoi} : {a.email.valeur}.", _table_acces([a]))


@acces.command("lister")
@option_adherent
@option_json
def acces_lister(adherent: str | None) -> None:
    """Lister les accès à l'adhérent."""
    session, choisi, acteur = _sur(adherent)
    liste: tuple[Acces, ...] = executer(session.ctx, acteur, ListerAcces(choisi.id))
    if session.json:
        af.ecrire_json(liste)
        return
    af.message(_table_acces(liste, f"{len(liste)} accès"))


@acces.command("accorder")
@click.argument("email")
@click.option("--role", "roles", type=ROLE, multiple=True, required=True, help=AIDE_ROLE)
@option_adherent
@option_json
def acces_accorder(email: str, roles: tuple[Role, ...], adherent: str | None) -> None:
    """Donner à EMAIL, qui n'en a pas encore, un accès à l'adhérent avec ces rôles."""
    session, choisi, acteur = _sur(adherent)
    _acces_modifie(executer(session.ctx, acteur, AccorderAcces(
        choisi.id, email, frozenset(roles))), "accordé")


@acces.command("modifier")
@click.argument("email")
@click.option("--role", "roles", type=ROLE, multiple=True, required=True, help=AIDE_ROLE)
@option_adherent
@option_json
def acces_modifier(email: str, roles: tuple[Role, ...], adherent: str | None) -> None:
    """Remplacer les rôles de l'accès de EMAIL (le dernier administrateur le reste)."""
    session, choisi, acteur = _sur(adherent)
    _acces_modifie(executer(session.ctx, acteur, ModifierAcces(
        choisi.id, email, frozenset(roles))), "modifié")


@acces.command("retirer")
@click.argument("email")
@option_adherent
@option_json
def acces_retirer(email: str, adherent: str | None) -> None:
    """Retirer l'accès de EMAIL (pas celui du dernier administrateur)."""
    session, choisi, acteur = _sur(adherent)
    executer(session.ctx, acteur, RetirerAcces(choisi.id, email))
    if session.json:
        af.ecrire_json({"email": email.strip(), "retire": True})
        return
    af.message(f"Accès retiré : {email.strip()}.")


# == postes ====================================================================================
@cli.group(cls=GroupeRst)
def postes() -> None:
    """Les postes de travail et leurs risques (P1–P5) : à tenir à jour avant d'embaucher."""


def _table_postes(liste: Sequence[Poste], titre: str | None = None) -> Table:
    return af.table(titre, ("Identifiant", "Libellé", "PCS-ESE", "Suivi", "Risques", "État"), [
        (p.id, p.libelle, None if p.code_pcs is None else p.code_pcs.valeur,
         p.type_de_suivi, p.risques,
         "archivé" if p.archive else ("utilisé" if p.utilise else "actif"))
        for p in liste
    ])


def _poste_modifie(poste: Poste, quoi: str) -> None:
    if _session().json:
        af.ecrire_json(poste)
        return
    if af.identifiants(poste.id):
        return
    af.message(f"Poste {quoi} : « {poste.libelle} ».", _table_postes([poste]))


AIDE_RISQUE = ("Risque du poste (répétable) : " + ", ".join(r.value for r in Risque) + ".")


@postes.command("ajouter")
@click.argument("libelle")
@click.option("--risque", "risques", type=RISQUE, multiple=True, help=AIDE_RISQUE)
@click.option("--justification-sir", help="SIR ajouté par l'employeur (R4624-23 III) : "
                                          "sa justification écrite.")
@click.option("--pcs", help="Code PCS-ESE de l'emploi (par ex. 632a).")
@option_adherent
@option_json
def postes_ajouter(libelle: str, risques: tuple[Risque, ...], justification_sir: str | None,
                   pcs: str | None, adherent: str | None) -> None:
    """Ajouter le poste LIBELLE."""
    session, choisi, acteur = _sur(adherent)
    poste: Poste = executer(session.ctx, acteur, AjouterPoste(
        choisi.id, libelle, frozenset(risques), justification_sir, pcs))
    _poste_modifie(poste, "ajouté")


@postes.command("lister")
@click.option("--archives", is_flag=True, help="Montrer aussi les postes archivés.")
@option_adherent
@option_json
def postes_lister(archives: bool, adherent: str | None) -> None:
    """Lister les postes."""
    session, choisi, acteur = _sur(adherent)
    liste: tuple[Poste, ...] = executer(session.ctx, acteur, ListerPostes(choisi.id, archives))
    if session.json:
        af.ecrire_json(liste)
        return
    af.message(_table_postes(liste, f"{_pluriel(len(liste), 'poste')}"))


@postes.command("renommer")
@click.argument("poste")
@click.argument("libelle")
@option_adherent
@option_json
def postes_renommer(poste: str, libelle: str, adherent: str | None) -> None:
    """Renommer POSTE (identifiant, libellé ou code PCS-ESE) en LIBELLE."""
    session, choisi, acteur = _sur(adherent)
    modifie: Poste = executer(session.ctx, acteur, RenommerPoste(
        choisi.id, poste_designe(choisi, poste).id, libelle))
    _poste_modifie(modifie, "renommé")


@postes.command("archiver")
@click.argument("poste")
@option_adherent
@option_json
def postes_archiver(poste: str, adherent: str | None) -> None:
    """Archiver POSTE : il ne reçoit plus de contrat mais reste dans l'historique (P4)."""
    session, choisi, acteur = _sur(adherent)
    modifie: Poste = executer(session.ctx, acteur, ArchiverPoste(
        choisi.id, poste_designe(choisi, poste).id))
    _poste_modifie(modifie, "archivé")


@postes.command("supprimer")
@click.argument("poste")
@option_adherent
@option_json
def postes_supprimer(poste: str, adherent: str | None) -> None:
    """Supprimer POSTE, s'il n'a jamais servi (sinon, archivez-le : P4)."""
    session, choisi, acteur = _sur(adherent)
    vise = poste_designe(choisi, poste)
    executer(session.ctx, acteur, SupprimerPoste(choisi.id, vise.id))
    if session.json:
        af.ecrire_json({"supprime": vise.id})
        return
    af.message(f"Poste supprimé : « {vise.libelle} ».")


@postes.command("risques")
@click.argument("poste")
@click.option("--risque", "risques", type=RISQUE, multiple=True,
              help=AIDE_RISQUE + " Sans --risque : aucun risque.")
@click.option("--justification-sir", help="SIR ajouté par l'employeur : sa justification.")
@option_adherent
@option_json
def postes_risques(poste: str, risques: tuple[Risque, ...], justification_sir: str | None,
                   adherent: str | None) -> None:
    """Remplacer les risques de POSTE (son type de suivi en découle : P2)."""
    session, choisi, acteur = _sur(adherent)
    modifie: Poste = executer(session.ctx, acteur, ModifierRisques(
        choisi.id, poste_designe(choisi, poste).id, frozenset(risques), justification_sir))
    _poste_modifie(modifie, "modifié")


# == salariés ==================================================================================
@cli.group(cls=GroupeRst)
def salaries() -> None:
    """Les fiches des salariés (S1–S4) : une seule fiche par personne."""


def options_contrat(f: F) -> F:
    for option in reversed((
        click.option("--nature", type=NATURE, required=True,
                     help="Nature du contrat : code DSN (01 CDI, 02 CDD, 03 intérim…) ou nom "
                          "(CDI, CDD, MISSION_INTERIM…)."),
        click.option("--debut", type=DATE, required=True, help="Date de début du contrat."),
        click.option("--fin", type=DATE, help="Date de fin prévue."),
        click.option("--poste", required=True,
                     help="Poste : identifiant, libellé ou code PCS-ESE."),
        click.option("--dispositif", help="Dispositif de politique publique (2 chiffres, "
                                          "par ex. 64 apprentissage)."),
        click.option("--numero", help="Numéro du contrat."),
    )):
        f = option(f)
    return f


def _nouveau_contrat(adherent: Adherent, nature: NatureContrat, debut: dt.date,
                     fin: dt.date | None, poste: str, dispositif: str | None,
                     numero: str | None) -> NouveauContrat:
    return NouveauContrat(nature=nature, debut=debut, poste_id=poste_designe(adherent, poste).id,
                          fin=fin, dispositif=dispositif, numero=numero)


def _salarie_modifie(salarie: Salarie, adherent: Adherent, titre: str,
                    cree: str | None = None) -> None:
    """The file after a change; with ``--quiet``, only the id of what was created
    (``cree``: a new contract's id; else the file's)."""
    session = _session()
    if session.json:
        af.ecrire_json(salarie)
        return
    if af.identifiants(cree or salarie.id):
        return
    af.message(titre, *_fiche_salarie(salarie, adherent, _aujourd_hui(session)))


def _fiche_salarie(s: Salarie, adherent: Adherent, aujourd_hui: dt.date) -> list[Table]:
    postes_ = adherent.postes_par_id()
    identite = af.fiche(f"{_nom(s)}", [
        ("Identifiant", s.id), ("Nom", s.identite.nom), ("Prénoms", s.identite.prenoms),
        ("Né(e) le", s.identite.date_naissance),
        ("NIR", None if s.identite.nir is None else s.identite.nir.masque()),
        ("Entrée", s.date_entree),
        ("Dans l'effectif aujourd'hui", s.present_le(aujourd_hui)),
        ("Fiche annulée", s.annule),
    ])
    contrats = af.table("Contrats", ("Identifiant", "Nature", "Début", "Fin", "Poste",
                                     "Dispositif", "Numéro", "État"), [
        (c.id, f"{c.nature.value} {c.nature.name}", c.debut, c.fin,
         postes_[c.poste_id].libelle if c.poste_id in postes_ else c.poste_id,
         c.dispositif, c.numero, "annulé" if c.annule else "")
        for c in s.contrats
    ])
    mouvements = af.table("Sorties et réintégrations", ("Identifiant", "Mouvement", "Le",
                                                        "Motif", "État"), [
        (m.id, "sortie" if isinstance(m, Sortie) else "réintégration", m.le, m.motif,
         "annulé" if m.annule else "")
        for m in s.mouvements
    ])
    return [identite, contrats, mouvements]


@salaries.command("embaucher")
@click.option("--nom", required=True, help="Nom de famille.")
@click.option("--prenoms", required=True, help="Prénoms.")
@click.option("--naissance", type=DATE, required=True, help="Date de naissance.")
@click.option("--nir", help="NIR (numéro de sécurité sociale, 15 caractères), s'il est connu.")
@options_contrat
@option_adherent
@option_json
def salaries_embaucher(nom: str, prenoms: str, naissance: dt.date, nir: str | None,
                       nature: NatureContrat, debut: dt.date, fin: dt.date | None, poste: str,
                       dispositif: str | None, numero: str | None, adherent: str | None) -> None:
    """Créer la fiche d'un nouveau salarié avec son premier contrat (E1, S2)."""
    session, choisi, acteur = _sur(adherent)
    contrat = _nouveau_contrat(choisi, nature, debut, fin, poste, dispositif, numero)
    cree: Salarie = executer(session.ctx, acteur, EmbaucherSalarie(
        choisi.id, nom, prenoms, naissance, contrat, nir=nir))
    _salarie_modifie(cree, choisi, f"Salarié embauché : {_nom(cree)}.")


@salaries.command("lister")
@click.option("--nom", help="Début du nom de famille (casse et accents ignorés).")
@click.option("--poste", help="Seulement les salariés ayant eu un contrat sur ce poste.")
@click.option("--present-le", type=DATE, help="Seulement les salariés présents ce jour-là.")
@click.option("--apres", metavar="CURSEUR", help="Page suivante : le curseur donné par la "
                                                  "page précédente.")
@click.option("--limite", type=ENTIER, default=LIMITE_PAR_DEFAUT, show_default=True,
              help="Taille de la page (1 à 500).")
@click.option("--tout", is_flag=True, help="Toutes les pages à la suite.")
@option_adherent
@option_json
def salaries_lister(nom: str | None, poste: str | None, present_le: dt.date | None,
                    apres: str | None, limite: int, tout: bool, adherent: str | None) -> None:
    """Lister les salariés, par ordre alphabétique, page par page."""
    session, choisi, acteur = _sur(adherent)
    poste_id = None if poste is None else poste_designe(choisi, poste).id
    trouves: list[Salarie] = []
    while True:
        page: PageSalaries = executer(session.ctx, acteur, ListerSalaries(
            choisi.id, nom=nom, poste_id=poste_id, present_le=present_le, apres=apres,
            limite=limite))
        trouves += page.salaries
        apres = page.suivant
        if not tout or apres is None:
            break
    if session.json:
        af.ecrire_json({"salaries": tuple(trouves), "suivant": apres})
        return
    jour = present_le or _aujourd_hui(session)
    lignes: list[str | Table] = [af.table(
        f"{_pluriel(len(trouves), 'salarié')}",
        ("Identifiant", "Nom", "Prénoms", "Naissance", "NIR", f"Présent le {af.date_fr(jour)}"),
        [(s.id, s.identite.nom, s.identite.prenoms, s.identite.date_naissance,
          None if s.identite.nir is None else s.identite.nir.masque(), s.present_le(jour))
         for s in trouves])]
    if apres is not None:
        lignes.append(f"Page suivante : --apres {apres}")
    af.message(*lignes)


@salaries.command("afficher")
@click.argument("salarie")
@option_adherent
@option_json
def salaries_afficher(salarie: str, adherent: str | None) -> None:
    """Afficher la fiche de SALARIE avec ses contrats, sorties et réintégrations."""
    session, choisi, acteur = _sur(adherent)
    lu: Salarie = executer(session.ctx, acteur, ConsulterSalarie(choisi.id, salarie))
    if session.json:
        af.ecrire_json(lu)
        return
    af.message(*_fiche_salarie(lu, choisi, _aujourd_hui(session)))


@salaries.command("corriger")
@click.argument("salarie")
@click.option("--nom", help="Nom de famille corrigé.")
@click.option("--prenoms", help="Prénoms corrigés.")
@click.option("--naissance", type=DATE, help="Date de naissance corrigée.")
@click.option("--nir", help="NIR corrigé ou ajouté.")
@click.option("--sans-nir", is_flag=True, help="Retirer le NIR enregistré par erreur.")
@option_adherent
@option_json
def salaries_corriger(salarie: str, nom: str | None, prenoms: str | None,
                      naissance: dt.date | None, nir: str | None, sans_nir: bool,
                      adherent: str | None) -> None:
    """Corriger l'identité de SALARIE sur sa fiche (S4) ; le reste est gardé."""
    if nir is not None and sans_nir:
        raise ErreurUtilisation("Choisissez --nir ou --sans-nir, pas les deux.")
    session, choisi, acteur = _sur(adherent)
    actuel: Salarie = executer(session.ctx, acteur, ConsulterSalarie(choisi.id, salarie))
    identite = actuel.identite
    nir_actuel = None if identite.nir is None else identite.nir.valeur
    corrige: Salarie = executer(session.ctx, acteur, CorrigerIdentite(
        choisi.id, actuel.id, nom if nom is not None else identite.nom,
        prenoms if prenoms is not None else identite.prenoms,
        naissance or identite.date_naissance,
        None if sans_nir else (nir if nir is not None else nir_actuel)))
    _salarie_modifie(corrige, choisi, f"Identité corrigée : {_nom(corrige)}.")


@salaries.command("annuler")
@click.argument("salarie")
@option_adherent
@option_json
def salaries_annuler(salarie: str, adherent: str | None) -> None:
    """Annuler la fiche de SALARIE créée par erreur, s'il n'a jamais compté (S3)."""
    session, choisi, acteur = _sur(adherent)
    annule: Salarie = executer(session.ctx, acteur, AnnulerSalarie(choisi.id, salarie))
    _salarie_modifie(annule, choisi, f"Fiche annulée : {_nom(annule)}.")


@salaries.command("fusionner")
@click.argument("conserve")
@click.argument("doublon")
@option_adherent
@option_json
def salaries_fusionner(conserve: str, doublon: str, adherent: str | None) -> None:
    """Fusionner DOUBLON dans CONSERVE, deux fiches d'une même personne (S5) : ses
    contrats et mouvements passent sur CONSERVE, DOUBLON est annulée."""
    # Imported here: the command stays one self-contained block of this module.
    from ...application.commandes import FusionnerSalaries
    from ...application.fusion import fusionner_salaries

    session, choisi, acteur = _sur(adherent)
    fusionne = fusionner_salaries(session.ctx, acteur,
                                  FusionnerSalaries(choisi.id, conserve, doublon))
    _salarie_modifie(fusionne, choisi, f"Fiche {doublon} fusionnée dans {_nom(fusionne)}.")


# == contrats ==================================================================================
@cli.group(cls=GroupeRst)
def contrats() -> None:
    """Les contrats (C1–C4) : un changement de contrat est un nouveau contrat sur la même fiche."""


@contrats.command("ajouter")
@click.argument("salarie")
@options_contrat
@option_adherent
@option_json
def contrats_ajouter(salarie: str, nature: NatureContrat, debut: dt.date, fin: dt.date | None,
                     poste: str, dispositif: str | None, numero: str | None,
                     adherent: str | None) -> None:
    """Ajouter un contrat à SALARIE ; le contrat en cours se termine la veille (C3)."""
    session, choisi, acteur = _sur(adherent)
    avant = {c.id for c in executer(session.ctx, acteur, ConsulterSalarie(
        choisi.id, salarie)).contrats}
    modifie: Salarie = executer(session.ctx, acteur, AjouterContrat(
        choisi.id, salarie, _nouveau_contrat(choisi, nature, debut, fin, poste, dispositif,
                                             numero)))
    nouveau = next((c.id for c in modifie.contrats if c.id not in avant), None)
    _salarie_modifie(modifie, choisi, f"Contrat ajouté à {_nom(modifie)}.", nouveau)


@contrats.command("annuler")
@click.argument("salarie")
@click.argument("contrat")
@click.option("--motif", help="Contrat d'une période déjà clôturée : le motif de l'annulation "
                              "(la prochaine clôture régularise, F4).")
@option_adherent
@option_json
def contrats_annuler(salarie: str, contrat: str, motif: str | None,
                     adherent: str | None) -> None:
    """Annuler le contrat CONTRAT de SALARIE, saisi par erreur (C4)."""
    session, choisi, acteur = _sur(adherent)
    if motif is None:
        modifie: Salarie = executer(session.ctx, acteur, AnnulerContrat(choisi.id, salarie,
                                                                      contrat))
    else:
        modifie = executer(session.ctx, acteur, AnnulerContratRegularise(
            choisi.id, salarie, contrat, motif))
    _salarie_modifie(modifie, choisi, f"Contrat annulé pour {_nom(modifie)}.")


# == sortir / réintégrer / annuler un mouvement ================================================
def _mouvoir(sens: str, salaries_: tuple[str, ...], le: dt.date, motif: str | None,
             requete: str | None, adherent: str | None) -> None:
    session, choisi, acteur = _sur(adherent)
    requete_id = requete or uuid.uuid4().hex
    resultat: ResultatMouvements
    if sens == "sortir":
        resultat = executer(session.ctx, acteur, SortirDeLEffectif(
            choisi.id, requete_id, salaries_, le, motif))
    else:
        resultat = executer(session.ctx, acteur, ReintegrerDansLEffectif(
            choisi.id, requete_id, salaries_, le, motif))
    if session.json:
        af.ecrire_json(resultat)
        return
    if af.identifiants(*(m for _s, m in resultat.mouvements)):
        return
    n = len(resultat.mouvements)
    if sens == "sortir":
        texte = (f"{_pluriel(n, 'salarié')} sorti{'s' if n > 1 else ''} de l'effectif ; "
                 f"dernier jour de présence le {af.date_fr(le)}.")
    else:
        texte = (f"{_pluriel(n, 'salarié')} réintégré{'s' if n > 1 else ''} dans l'effectif "
                 f"à partir du {af.date_fr(le)}.")
    if resultat.deja_traitee:
        texte = "Demande déjà traitée : rien n'a changé. " + texte
    af.message(texte, af.table(None, ("Salarié", "Mouvement"), resultat.mouvements),
               f"Demande : {resultat.requete_id}")


def options_mouvement(f: F) -> F:
    for option in reversed((
        click.argument("salaries_", metavar="SALARIE...", nargs=-1, required=True),
        click.option("--le", type=DATE, required=True, help="La date du mouvement."),
        click.option("--motif", help="Motif (sortie : code DSN à 3 chiffres, par ex. 031)."),
        click.option("--requete", metavar="ID",
                     help="Identifiant de la demande : la renvoyer ne change rien (E5)."),
    )):
        f = option(f)
    return f


@cli.command("sortir")
@options_mouvement
@option_adherent
@option_json
def sortir_cmd(salaries_: tuple[str, ...], le: dt.date, motif: str | None, requete: str | None,
               adherent: str | None) -> None:
    """Sortir un ou plusieurs salariés de l'effectif ; LE est le dernier jour de présence.
    Tout ou rien (E5)."""
    _mouvoir("sortir", salaries_, le, motif, requete, adherent)


@cli.command("reintegrer")
@options_mouvement
@option_adherent
@option_json
def reintegrer_cmd(salaries_: tuple[str, ...], le: dt.date, motif: str | None,
                   requete: str | None, adherent: str | None) -> None:
    """Réintégrer un ou plusieurs salariés dans l'effectif ; LE est le premier jour de
    présence. Tout ou rien (E5)."""
    _mouvoir("reintegrer", salaries_, le, motif, requete, adherent)


@cli.group(cls=GroupeRst)
def mouvements() -> None:
    """Les sorties et réintégrations déjà enregistrées (E6)."""


@mouvements.command("annuler")
@click.argument("salarie")
@click.argument("mouvement")
@click.option("--motif", help="Mouvement d'une période déjà clôturée : le motif de "
                              "l'annulation (la prochaine clôture régularise, F4).")
@option_adherent
@option_json
def mouvements_annuler(salarie: str, mouvement: str, motif: str | None,
                       adherent: str | None) -> None:
    """Annuler la sortie ou réintégration MOUVEMENT de SALARIE, faite par erreur (E6)."""
    session, choisi, acteur = _sur(adherent)
    if motif is None:
        modifie: Salarie = executer(session.ctx, acteur, AnnulerMouvement(
            choisi.id, salarie, mouvement))
    else:
        modifie = executer(session.ctx, acteur, AnnulerMouvementRegularise(
            choisi.id, salarie, mouvement, motif))
    _salarie_modifie(modifie, choisi, f"Mouvement annulé pour {_nom(modifie)}.")


# == effectif ==================================================================================
def _effectif(session: Session, choisi: Adherent, acteur: Acteur, le: dt.date | None,
              du: dt.date | None, au: dt.date | None) -> Effectif:
    if le is not None and (du is not None or au is not None):
        raise ErreurUtilisation("Choisissez --le ou --du/--au, pas les deux.")
    if du is not None or au is not None:
        if du is None or au is None:
            raise ErreurUtilisation("Une période demande --du et --au.")
        return cast(Effectif, executer(session.ctx, acteur,
                                       EffectifSurPeriode(choisi.id, du, au)))
    return cast(Effectif, executer(session.ctx, acteur, ConsulterEffectif(
        choisi.id, le or _aujourd_hui(session))))


def options_effectif(f: F) -> F:
    for option in reversed((
        click.option("--le", type=DATE, help="Présents ce jour-là (par défaut aujourd'hui)."),
        click.option("--du", type=DATE, help="Présents au moins un jour de la période : début."),
        click.option("--au", type=DATE, help="… et fin de la période."),
    )):
        f = option(f)
    return f


def tables_effectif(effectif: Effectif) -> list[str | Table]:
    quand = (f"au {af.date_fr(effectif.debut)}" if effectif.debut == effectif.fin
             else f"du {af.date_fr(effectif.debut)} au {af.date_fr(effectif.fin)}")
    totaux = ", ".join(f"{t.value} {n}" for t, n in effectif.par_type.items())
    return [
        af.table(f"Effectif {quand} : {_pluriel(effectif.nombre, 'salarié')}",
                 ("Identifiant", "Nom", "Prénoms", "Suivi"),
                 [(ligne.salarie_id, ligne.nom, ligne.prenoms, ligne.type_de_suivi)
                  for ligne in effectif.lignes]),
        f"Par type de suivi : {totaux}.",
    ]


@cli.command("effectif")
@options_effectif
@option_adherent
@option_json
def effectif_cmd(le: dt.date | None, du: dt.date | None, au: dt.date | None,
                 adherent: str | None) -> None:
    """L'effectif : les salariés présents un jour donné, ou sur une période (E4)."""
    session, choisi, acteur = _sur(adherent)
    effectif = _effectif(session, choisi, acteur, le, du, au)
    if session.json:
        af.ecrire_json(effectif)
        return
    af.message(*tables_effectif(effectif))


# == facturation ===============================================================================
def tables_assiette(a: Assiette, titre: str | None = None) -> list[str | Table]:
    p = a.periode
    entete = titre or (f"Assiette du {af.date_fr(p.debut)} au {af.date_fr(p.fin)} "
                       f"(règle {a.regle}{f', barème {a.bareme}' if a.bareme else ''})")
    sorties: list[str | Table] = [af.table(
        entete, ("Nom", "Prénoms", "Suivi", "Motif", "Du", "Au", "Cotisation", "Droit d'entrée",
                 "Montant HT"),
        [(ligne.nom, ligne.prenoms, ligne.type_de_suivi, ligne.motif, ligne.du, ligne.au,
          ligne.cotisation, ligne.droit_entree, ligne.montant_ht) for ligne in a.lignes],
        droite=("Montant HT",))]
    totaux = ", ".join(f"{t.type_de_suivi.value} {t.nombre}" for t in a.totaux)
    sorties.append(f"Comptés par tête : {a.nombre} ({totaux}) ; droits d'entrée : "
                   f"{a.droits_entree}.")
    if a.montants is not None:
        m = a.montants
        sorties.append(af.table(
            "Montants (euros)", ("Ligne", "Quantité", "Prix unitaire", "Montant HT"),
            [*((ligne.libelle, ligne.quantite, ligne.prix_unitaire, ligne.montant_ht)
               for ligne in m.lignes),
             ("Total HT", None, None, m.total_ht),
             (f"TVA {m.taux_tva * 100:.0f} %", None, None, m.tva),
             ("Total TTC", None, None, m.total_ttc)],
            droite=("Quantité", "Prix unitaire", "Montant HT")))
    return sorties


def option_tous(f: F) -> F:
    return click.option("--tous", is_flag=True,
                        help="Pour tous les adhérents de la base (agents RST : --en-tant-que).")(f)


R = TypeVar("R")


def _pour_tous(session: Session, faire: Callable[[Acteur, str], R], quoi: str
               ) -> tuple[list[tuple[str, R]], list[tuple[str, ErreurDomaine]]]:
    """A billing run over every member, as an RST agent, with a progress bar on a terminal.
    A refusal for one member does not stop the others; it is reported with its id."""
    acteur = session.acteur(None)
    ids = session.ids_adherents()
    faits: list[tuple[str, R]] = []
    refus: list[tuple[str, ErreurDomaine]] = []
    with af.progression(af.progression_visible(session.json)) as barre:
        tache = None if barre is None else barre.add_task(quoi, total=len(ids),
                                                          unite="adhérents")
        for adherent_id in ids:
            try:
                faits.append((adherent_id, faire(acteur, adherent_id)))
            except ErreurDomaine as erreur:
                refus.append((adherent_id, erreur))
            if barre is not None and tache is not None:
                barre.advance(tache)
    return faits, refus


def _fin_de_tournee(session: Session, faits: Sequence[tuple[str, Any]],
                    refus: Sequence[tuple[str, ErreurDomaine]],
                    afficher: Callable[[Any], list[str | Table]]) -> None:
    if session.json:
        af.ecrire_json({
            "resultats": [{"adherent_id": i, "resultat": af.en_json(r)} for i, r in faits],
            "refus": [{"adherent_id": i, "code": e.code, "regle": e.regle, "message": e.message}
                      for i, e in refus],
        }, CODE_REFUS if refus else 0)
    else:
        for _id, resultat in faits:
            af.message(*afficher(resultat))
        if refus:
            af.message(f"{_pluriel(len(refus), 'adhérent')} en erreur :", *(
                f"  - {i} : {e.message} [{e.code}]" for i, e in refus), erreur=True)
    if refus:
        click.get_current_context().exit(CODE_REFUS)


@cli.command("assiette")
@options_periode
@options_facturation
@option_tous
@option_adherent
@option_json
def assiette_cmd(annee: int | None, du: dt.date | None, au: dt.date | None,
                 choix: ChoixFacturation, tous: bool, adherent: str | None) -> None:
    """L'assiette de facturation d'une période : qui est compté, pourquoi, et les montants
    avec un barème (F1–F3)."""
    debut, fin = _periode(annee, du, au)
    options = choix.options(debut.year)
    session = _session()
    if tous:
        faits, refus = _pour_tous(session, lambda acteur, i: executer(
            session.ctx, acteur, CalculerAssiette(i, debut, fin, **options)), "Assiettes")
        _fin_de_tournee(session, faits, refus, lambda a: tables_assiette(
            a, f"Adhérent {a.adherent_id}"))
        return
    session, choisi, acteur = _sur(adherent)
    assiette: Assiette = executer(session.ctx, acteur, CalculerAssiette(
        choisi.id, debut, fin, **options))
    if session.json:
        af.ecrire_json(assiette)
        return
    af.message(*tables_assiette(assiette))


def tables_cloture(c: Cloture) -> list[str | Table]:
    p = c.periode
    sorties: list[str | Table] = [
        f"Période du {af.date_fr(p.debut)} au {af.date_fr(p.fin)} clôturée le "
        f"{af.cellule(c.cloturee_le)} par {c.par} : {c.assiette.nombre} compté(s) par tête, "
        f"{c.assiette.droits_entree} droit(s) d'entrée.",
        *tables_assiette(c.assiette),
    ]
    for r in c.regularisations:
        sorties.append(af.table(
            f"Régularisation de la période du {af.date_fr(r.periode.debut)} au "
            f"{af.date_fr(r.periode.fin)}",
            ("Nom", "Prénoms", "Élément", "Suivi", "Quantité", "Motif", "Montant HT"),
            [(ligne.nom, ligne.prenoms, ligne.element, ligne.type_de_suivi, ligne.quantite,
              ligne.motif, ligne.montant_ht) for ligne in r.lignes],
            droite=("Quantité", "Montant HT")))
    return sorties


@cli.command("cloturer")
@options_periode
@options_facturation
@option_tous
@option_adherent
@option_json
def cloturer_cmd(annee: int | None, du: dt.date | None, au: dt.date | None,
                 choix: ChoixFacturation, tous: bool, adherent: str | None) -> None:
    """Clôturer une période : son assiette est figée ; les changements ultérieurs y
    seront des régularisations (F4)."""
    debut, fin = _periode(annee, du, au)
    options = choix.options(debut.year)
    session = _session()
    if tous:
        faits, refus = _pour_tous(session, lambda acteur, i: executer(
            session.ctx, acteur, CloturerPeriode(i, debut, fin, **options)), "Clôtures")
        _fin_de_tournee(session, faits, refus, tables_cloture)
        return
    session, choisi, acteur = _sur(adherent)
    cloture: Cloture = executer(session.ctx, acteur, CloturerPeriode(
        choisi.id, debut, fin, **options))
    if session.json:
        af.ecrire_json(cloture)
        return
    af.message(*tables_cloture(cloture))


@cli.group(cls=GroupeRst)
def clotures() -> None:
    """Les périodes déjà clôturées (F4)."""


@clotures.command("lister")
@option_adherent
@option_json
def clotures_lister(adherent: str | None) -> None:
    """Lister les périodes clôturées, la plus ancienne d'abord."""
    session, choisi, acteur = _sur(adherent)
    liste: tuple[Cloture, ...] = executer(session.ctx, acteur, ListerClotures(choisi.id))
    if session.json:
        af.ecrire_json(liste)
        return
    af.message(af.table(
        _pluriel(len(liste), "clôture"),
        ("Du", "Au", "Règle", "Barème", "Comptés", "Droits d'entrée", "Clôturée le", "Par"),
        [(c.periode.debut, c.periode.fin, c.regle.nom, None if c.bareme is None else c.bareme.nom,
          c.assiette.nombre, c.assiette.droits_entree, c.cloturee_le, c.par) for c in liste]))


@clotures.command("afficher")
@options_periode
@option_adherent
@option_json
def clotures_afficher(annee: int | None, du: dt.date | None, au: dt.date | None,
                      adherent: str | None) -> None:
    """Afficher une clôture telle qu'elle a été enregistrée."""
    debut, fin = _periode(annee, du, au)
    session, choisi, acteur = _sur(adherent)
    cloture: Cloture = executer(session.ctx, acteur, ConsulterCloture(choisi.id, debut, fin))
    if session.json:
        af.ecrire_json(cloture)
        return
    af.message(*tables_cloture(cloture))


def tables_rapport(r: RapportDeVerification, titre: str = "") -> list[str | Table]:
    if r.est_vide:
        return [f"{titre}Aucune anomalie au {af.date_fr(r.le)}."]
    return [af.table(
        f"{titre}{_pluriel(len(r.anomalies), 'anomalie')} au {af.date_fr(r.le)}",
        ("Type", "Salarié(s)", "Constat", "À faire"),
        [(a.type, ", ".join(a.salarie_ids), a.message, a.action) for a in r.anomalies])]


@cli.command("verifier")
@click.option("--le", type=DATE, help="Date de la vérification (par défaut aujourd'hui).")
@option_tous
@option_adherent
@option_json
def verifier_cmd(le: dt.date | None, tous: bool, adherent: str | None) -> None:
    """Les vérifications avant facturation : sorties oubliées, présents sans contrat,
    doublons probables, contrats sur un poste archivé (F6)."""
    session = _session()
    if tous:
        faits, refus = _pour_tous(session, lambda acteur, i: executer(
            session.ctx, acteur, VerifierAvantFacturation(i, le)), "Vérifications")
        _fin_de_tournee(session, faits, refus, lambda r: tables_rapport(
            r, f"Adhérent {r.adherent_id} : "))
        return
    session, choisi, acteur = _sur(adherent)
    rapport: RapportDeVerification = executer(session.ctx, acteur, VerifierAvantFacturation(
        choisi.id, le))
    if session.json:
        af.ecrire_json(rapport)
        return
    af.message(*tables_rapport(rapport))


# == journal ===================================================================================
@cli.command("journal")
@click.option("--salarie", help="Seulement les entrées de ce salarié (identifiant).")
@click.option("--du", type=DATE, help="Seulement les entrées de ce jour (UTC) ou après.")
@click.option("--au", type=DATE, help="Seulement les entrées de ce jour (UTC) ou avant.")
@click.option("--limite", type=ENTIER, default=LIMITE_PAR_DEFAUT, show_default=True,
              help="Les N entrées les plus récentes (0 : toutes).")
@option_adherent
@option_json
def journal_cmd(salarie: str | None, du: dt.date | None, au: dt.date | None, limite: int,
                adherent: str | None) -> None:
    """Le journal des changements : qui, quand, quoi (A5). Réservé aux administrateurs."""
    if limite < 0:
        raise DonneeInvalide("La limite est un nombre positif (0 : toutes les entrées).",
                             code="donnee.limite_invalide", chemin="limite")
    session, choisi, acteur = _sur(adherent)
    entrees = list(executer(session.ctx, acteur, ConsulterJournal(
        choisi.id, salarie_id=salarie, debut=du, fin=au)))
    if limite:
        entrees = entrees[-limite:]
    if session.json:
        af.ecrire_json(tuple(entrees))
        return
    af.message(af.table(
        _pluriel(len(entrees), "entrée"), ("Quand", "Qui", "Quoi", "Salarié", "Détail"),
        [(e.quand, e.qui, e.quoi, e.salarie_id, ", ".join(f"{k}={v}" for k, v in e.donnees))
         for e in entrees]))


# == importer ==================================================================================
@contextmanager
def _fichier(chemin: str) -> Iterator[IO[bytes]]:
    """Open an input file; a missing or unreadable one is a French refusal."""
    try:
        flux = open(chemin, "rb")  # noqa: SIM115 - closed below
    except OSError as erreur:
        raise _fichier_illisible(erreur) from None
    with flux:
        yield flux


_RAISONS = {errno.ENOENT: "ce fichier n'existe pas", errno.EACCES: "accès refusé",
            errno.EISDIR: "c'est un dossier"}


def _fichier_illisible(erreur: OSError) -> DonneeInvalide:
    raison = _RAISONS.get(erreur.errno or 0, "lecture ou écriture impossible")
    return DonneeInvalide(f"Fichier « {erreur.filename} » : {raison}.",
                          code="fichier.inaccessible", chemin="fichier")


class _LignesLues:
    """A binary file that advances a progress task by the lines read (the readers
    iterate over lines or read chunks; both are counted)."""

    def __init__(self, flux: IO[bytes], avancer: Callable[[int], None]) -> None:
        self._flux = flux
        self._avancer = avancer

    def read(self, taille: int = -1) -> bytes:
        morceau = self._flux.read(taille)
        self._avancer(morceau.count(b"\n"))
        return morceau

    def read1(self, taille: int = -1) -> bytes:
        return self.read(taille)

    def readline(self, taille: int = -1) -> bytes:
        ligne = self._flux.readline(taille)
        self._avancer(ligne.count(b"\n"))
        return ligne

    def __iter__(self) -> Iterator[bytes]:
        return self

    def __next__(self) -> bytes:
        ligne = self.readline()
        if not ligne:
            raise StopIteration
        return ligne

    def __getattr__(self, nom: str) -> Any:
        return getattr(self._flux, nom)


def _compter_lignes(flux: IO[bytes]) -> int:
    """The file's lines, for the progress bar's total (one fast pass, then rewound)."""
    total = sum(morceau.count(b"\n") for morceau in iter(lambda: flux.read(1 << 20), b""))
    flux.seek(0)
    return total


def _lire_declaration(format_: str, chemin: str, visible: bool) -> DeclarationImportee:
    lire: Callable[[IO[bytes]], DeclarationImportee] = lire_dsn if format_ == "dsn" else lire_csv
    with _fichier(chemin) as flux, af.progression(visible) as barre:
        if barre is None:
            return lire(flux)
        tache = barre.add_task(f"Lecture de {Path(chemin).name}", unite="lignes",
                               total=_compter_lignes(flux))
        return lire(cast(IO[bytes], _LignesLues(
            flux, lambda n: barre.advance(tache, n))))


def _personnes(plan: PlanImport) -> list[str]:
    return sorted({n for p in plan.postes_non_trouves for n in p.personnes}
                  | {f"{r.nom} {r.prenoms}" for r in plan.rejets})


def rien_importe(plan: PlanImport) -> str | None:
    """Why an import changed nothing although the file holds people it could not take,
    or ``None`` when it did something (or everyone was already up to date)."""
    if not plan.vide or not (plan.postes_non_trouves or plan.rejets):
        return None
    raisons = []
    if plan.postes_non_trouves:
        raisons.append(f"{_pluriel(len(plan.postes_non_trouves), 'poste')} introuvable"
                       f"{'s' if len(plan.postes_non_trouves) > 1 else ''} — créez-les "
                       "(postes ajouter) ou relancez avec --creer-postes")
    if plan.rejets:
        raisons.append(f"{_pluriel(len(plan.rejets), 'personne')} refusée"
                       f"{'s' if len(plan.rejets) > 1 else ''} — voir la raison de chacune")
    n = len(_personnes(plan))
    return (f"Rien n'a été importé : {_pluriel(n, 'personne')} laissée{'s' if n > 1 else ''} "
            f"de côté ({' ; '.join(raisons)}).")


def tables_plan(plan: PlanImport) -> list[str | Table]:
    sorties: list[str | Table] = []
    if not plan.vide:
        sorties.append("Import enregistré." if plan.applique else
                       "Simulation : rien n'a été enregistré (--appliquer pour enregistrer).")
    if plan.postes_crees:
        sorties += af.table_limitee("Postes créés (risques à compléter)", ("Libellé", "PCS-ESE"),
                                    [(p.libelle, p.code_pcs) for p in plan.postes_crees])
    if plan.embauches:
        sorties += af.table_limitee(
            "Nouvelles fiches", ("Ligne", "Nom", "Prénoms", "NIR", "Contrats"),
            [(e.ligne, e.nom, e.prenoms, e.nir_masque,
              "; ".join(f"{c.nature.value} du {af.date_fr(c.debut)} ({c.poste})"
                        for c in e.contrats)) for e in plan.embauches])
    if plan.changements:
        sorties += af.table_limitee(
            "Changements de contrat", ("Ligne", "Nom", "Prénoms", "Nature", "Début", "Poste"),
            [(c.ligne, c.nom, c.prenoms, c.contrat.nature.value, c.contrat.debut,
              c.contrat.poste) for c in plan.changements])
    if plan.sorties:
        sorties += af.table_limitee(
            "Sorties de l'effectif", ("Ligne", "Nom", "Prénoms", "Le", "Motif"),
            [(s.ligne, s.nom, s.prenoms, s.le, s.motif) for s in plan.sorties])
    if plan.nirs_completes:
        sorties += af.table_limitee("NIR ajoutés aux fiches", ("Ligne", "Nom", "Prénoms", "NIR"),
                                    [(n.ligne, n.nom, n.prenoms, n.nir_masque)
                                     for n in plan.nirs_completes])
    if plan.postes_non_trouves:
        sorties += af.table_limitee(
            "Postes introuvables : créez-les (ou --creer-postes), puis relancez",
            ("PCS-ESE", "Libellé", "Lignes", "Personnes laissées de côté"),
            [(p.code_pcs, p.libelle, ", ".join(map(str, p.lignes)), ", ".join(p.personnes))
             for p in plan.postes_non_trouves])
    if plan.rejets:
        sorties += af.table_limitee(
            "Personnes refusées", ("Ligne", "Nom", "Prénoms", "Raison", "Code"),
            [(r.ligne, r.nom, r.prenoms, r.message, r.code) for r in plan.rejets])
    if plan.etablissements_ignores:
        sorties.append("Établissements d'un autre SIRET ignorés : "
                       + ", ".join(plan.etablissements_ignores) + ".")
    pourquoi = rien_importe(plan)
    if pourquoi is not None:
        sorties.append(pourquoi)
    elif plan.vide:
        sorties.append(f"Rien à changer ({_pluriel(len(plan.inchanges), 'personne')} déjà "
                       "à jour) : ce fichier est déjà importé.")
    else:
        sorties.append(f"{plan.nombre_de_changements} changement(s) ; "
                       f"{len(plan.inchanges)} personne(s) déjà à jour.")
    return sorties


def importer_fichier(session: Session, choisi: Adherent, acteur: Acteur, format_: str,
                     chemin: str, appliquer: bool, creer_postes: bool) -> PlanImport:
    """Read, then plan or apply: the steps shared by ``importer`` and ``demo``."""
    visible = af.progression_visible(session.json)
    declaration = _lire_declaration(format_, chemin, visible)
    personnes = sum(len(e.individus) for e in declaration.etablissements)
    with af.progression(visible) as barre:
        if barre is not None:
            barre.add_task(f"{'Enregistrement' if appliquer else 'Préparation du plan'} "
                           f"({_pluriel(personnes, 'personne')})", unite="personnes",
                           total=None)
        plan: PlanImport = executer(session.ctx, acteur, ImporterDeclaration(
            choisi.id, declaration, appliquer=appliquer, creer_postes=creer_postes))
        return plan


@cli.command("importer")
@click.argument("format_", metavar="dsn|csv", type=TypeChoix(
    "format", lambda: {"dsn": "dsn", "csv": "csv"}, "Format"))
@click.argument("fichier")
@click.option("--appliquer", is_flag=True,
              help="Enregistrer (en une transaction). Sans cette option : simulation.")
@click.option("--creer-postes", is_flag=True,
              help="Créer les postes qu'aucun poste actif ne reconnaît (sans risques).")
@option_adherent
@option_json
def importer_cmd(format_: str, fichier: str, appliquer: bool, creer_postes: bool,
                 adherent: str | None) -> None:
    """Importer un fichier DSN (norme NEODeS) ou CSV : simulation par défaut, puis
    --appliquer. Réimporter le même fichier ne change rien. Si personne n'a pu être
    importé (postes introuvables, personnes refusées), la commande le dit et sort avec
    le code 1."""
    session, choisi, acteur = _sur(adherent)
    plan = importer_fichier(session, choisi, acteur, format_, fichier, appliquer, creer_postes)
    code = CODE_REFUS if rien_importe(plan) is not None else 0
    if session.json:
        af.ecrire_json(plan, code)
    elif code:
        *tables, pourquoi = tables_plan(plan)
        af.message(*tables)
        af.message(pourquoi, erreur=True)  # shown even with --quiet
    else:
        af.message(*tables_plan(plan))
    if code:
        click.get_current_context().exit(code)


# == exporter ==================================================================================
FORMAT_EXPORT = TypeChoix("format", lambda: {"csv": "csv", "json": "json"}, "Format")


def _ecrire(contenu: str, sortie: str | None) -> None:
    if sortie is None:
        sys.stdout.write(contenu)
        return
    try:
        Path(sortie).write_text(contenu, encoding="utf-8", newline="")
    except OSError as erreur:
        raise _fichier_illisible(erreur) from None
    if not _session().json:
        af.message(f"Écrit dans {sortie}.", erreur=True)


@cli.group(cls=GroupeRst)
def exporter() -> None:
    """Exporter l'effectif ou une assiette en CSV (séparateur ;) ou JSON."""


def options_export(f: F) -> F:
    f = click.option("--sortie", metavar="FICHIER", help="Fichier à écrire (par défaut la "
                                                         "sortie standard).")(f)
    return click.option("--format", "format_", type=FORMAT_EXPORT, default="csv",
                        show_default=True, help="csv ou json.")(f)


@exporter.command("effectif")
@options_effectif
@options_export
@option_adherent
def exporter_effectif(le: dt.date | None, du: dt.date | None, au: dt.date | None,
                      format_: str, sortie: str | None, adherent: str | None) -> None:
    """Exporter l'effectif d'un jour ou d'une période."""
    session, choisi, acteur = _sur(adherent)
    effectif = _effectif(session, choisi, acteur, le, du, au)
    _ecrire(exporter_csv(effectif.lignes, COLONNES_EFFECTIF) if format_ == "csv"
            else ecrire(effectif, af.convertisseur()) + "\n", sortie)


@exporter.command("assiette")
@options_periode
@options_facturation
@options_export
@option_adherent
def exporter_assiette(annee: int | None, du: dt.date | None, au: dt.date | None,
                      choix: ChoixFacturation, format_: str, sortie: str | None,
                      adherent: str | None) -> None:
    """Exporter l'assiette d'une période (une ligne par salarié compté)."""
    debut, fin = _periode(annee, du, au)
    session, choisi, acteur = _sur(adherent)
    assiette: Assiette = executer(session.ctx, acteur, CalculerAssiette(
        choisi.id, debut, fin, **choix.options(debut.year)))
    _ecrire(exporter_csv(assiette.lignes, COLONNES_ASSIETTE) if format_ == "csv"
            else ecrire(assiette, af.convertisseur()) + "\n", sortie)

