"""The root of the ``rst-effectifs`` command line: the ``cli`` group, its global options
(``--db``, ``--en-tant-que``, ``--json``, ``-q``/``-v``) and the session every command
reads. Kept apart so that each menu module only adds its commands to ``cli``.

Refusals are caught at one place, :meth:`GroupeRacine.invoke`: a French message on
standard error and exit code 1 (3 when the storage failed); usage errors exit with 2.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Callable, Sequence
from importlib import metadata
from typing import Any, TypeVar

import click
from rich.table import Table

from ...domain.adherents import Acteur, Adherent
from ...domain.erreurs import ErreurDomaine, ErreurRstEffectifs
from . import affichage
from .parametres import MODE_JSON, GroupeRst, enveloppe_json
from .session import VARIABLE_EMAIL, Session

__all__ = ["CODE_REFUS", "CODE_TECHNIQUE", "GroupeRacine", "aujourd_hui", "cli", "main",
           "option_json", "repondre", "session_adherent_acteur"]

CODE_REFUS = 1
"""Exit code of a refusal: bad input or a business rule (every ``ErreurDomaine``)."""
CODE_TECHNIQUE = 3
"""Exit code when the storage failed (``ErreurTechnique``) or on an unexpected failure."""
VARIABLE_DEBUG = "RST_EFFECTIFS_DEBUG"

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
        affichage.regler(silencieux=False, detaille=False)
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
            affichage.afficher_erreur(erreur, _session_de(ctx).json or en_json, code)
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
                affichage.message(texte, erreur=True)
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
        affichage.regler(silencieux=True)
    return valeur


def _noter_detail(_ctx: click.Context, _param: click.Parameter, valeur: bool) -> bool:
    if valeur:
        affichage.regler(detaille=True)
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


# -- what every command asks of the session -----------------------------------------------------
def session_adherent_acteur(choix: str | None) -> tuple[Session, Adherent, Acteur]:
    """The session, the adherent a command works on and who acts on it."""
    session = _session()
    adherent = session.adherent(choix)
    return session, adherent, session.acteur(adherent)


def aujourd_hui(session: Session) -> dt.date:
    return session.ctx.horloge.maintenant().date()


def repondre(resultat: object, *lignes: str | Table, ids: Sequence[str] | None = None
             ) -> None:
    """A command's answer: ``resultat`` in the JSON envelope with ``--json``; else, with
    ``--quiet``, only ``ids`` (what it created) when given; else ``lignes``."""
    if _session().json:
        affichage.ecrire_json(resultat)
    elif ids is None or not affichage.identifiants(*ids):
        affichage.message(*lignes)
