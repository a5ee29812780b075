"""Click plumbing in French: command classes whose help and usage errors speak French,
and parameter types (dates, contract natures, risks, whole numbers) with French refusals.

Click's own messages are English; the few a user meets (missing option, unknown option
or command, a value an option lacks, an extra argument, a bad value) are translated at
one place, :func:`en_francais` (an unknown command gets the closest ones), and shown by
:class:`ErreurUtilisation` (exit code 2) — in the ``--json`` envelope when ``--json`` was
given (:data:`MODE_JSON`, :func:`enveloppe_json`).
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
import sys
from collections.abc import Callable, Sequence
from contextvars import ContextVar
from typing import IO, TYPE_CHECKING, Any, NoReturn, TypeVar, cast

import click

from ...domain.adherents import Role
from ...domain.contrats import NatureContrat
from ...domain.dates import date_dans_les_bornes
from ...domain.suivi import Risque

__all__ = [
    "CODE_USAGE",
    "DATE",
    "ENTIER",
    "MODE_JSON",
    "NATURE",
    "RISQUE",
    "ROLE",
    "CommandeRst",
    "ErreurUtilisation",
    "GroupeRst",
    "en_francais",
    "enveloppe_json",
]

CODE_USAGE = 2
"""Exit code of a command line that cannot be understood (click's own convention)."""

AIDE = "Afficher cette aide et quitter."

MODE_JSON: ContextVar[bool] = ContextVar("rst_effectifs_mode_json", default=False)
"""``--json`` was on the command line: usage errors answer in the JSON envelope too."""


def enveloppe_json(code_sortie: int, resultat: Any = None,
                   erreur: dict[str, Any] | None = None) -> str:
    """The one ``--json`` answer, on standard output: ``ok``, ``code_sortie`` (the exit
    code), ``resultat`` (``null`` on failure) and ``erreur`` (``null`` on success)."""
    return json.dumps({"ok": code_sortie == 0, "code_sortie": code_sortie,
                       "resultat": resultat, "erreur": erreur},
                      ensure_ascii=False, indent=2) + "\n"


# -- usage errors -----------------------------------------------------------------------
class ErreurUtilisation(click.UsageError):
    """A usage error shown in French: the usage line, the help hint, then the message."""

    def show(self, file: IO[Any] | None = None) -> None:
        if MODE_JSON.get():
            usage = "" if self.ctx is None else self.ctx.get_usage().replace(
                "Usage:", "Utilisation :", 1)
            sys.stdout.write(enveloppe_json(self.exit_code, erreur={
                "code": "cli.utilisation", "regle": "", "message": self.message,
                "chemin": None, "details": {"usage": usage}}))
            return
        sortie = file or sys.stderr
        if self.ctx is not None:
            usage = self.ctx.get_usage().replace("Usage:", "Utilisation :", 1)
            click.echo(usage, file=sortie)
            click.echo(f"Aide : « {self.ctx.command_path} --help ».\n", file=sortie)
        click.echo(f"Erreur d'utilisation : {self.message}", file=sortie)


def _indication(erreur: click.UsageError) -> str:
    param = getattr(erreur, "param", None)
    if param is None:
        indice = getattr(erreur, "param_hint", None)
        if isinstance(indice, str):
            return indice
        if isinstance(indice, Sequence) and indice:
            return " / ".join(str(i) for i in indice)
        return "un paramètre"
    if isinstance(param, click.Argument):
        return (param.metavar or param.name or "argument").upper()
    return " / ".join(cast(click.Option, param).opts)


_TRADUCTIONS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"No such command '(.+)'\."), "Commande inconnue : « {0} »."),
    (re.compile(r"Option '(.+)' requires an argument\."), "L'option {0} attend une valeur."),
    (re.compile(r"Option '(.+)' requires (\d+) arguments\."), "L'option {0} attend {1} valeurs."),
    (re.compile(r"Got unexpected extra arguments? \((.+)\)"), "Argument(s) en trop : {0}."),
    (re.compile(r"Missing command\."), "Il manque la commande."),
)


def en_francais(erreur: click.UsageError) -> click.UsageError:
    """The same usage error with a French message (already French ones are kept)."""
    if isinstance(erreur, ErreurUtilisation | click.exceptions.NoArgsIsHelpError):
        return erreur
    if isinstance(erreur, click.MissingParameter):
        message = f"Il manque {_indication(erreur)}."
    elif isinstance(erreur, click.NoSuchOption):
        message = f"Option inconnue : {erreur.option_name}."
        if erreur.possibilities:
            message += f" Vouliez-vous dire {', '.join(erreur.possibilities)} ?"
    elif isinstance(erreur, click.BadParameter):
        message = f"Valeur invalide pour {_indication(erreur)} : {erreur.message}"
    else:
        message = erreur.message
        for motif, gabarit in _TRADUCTIONS:
            trouve = motif.search(message)
            if trouve:
                message = gabarit.format(*trouve.groups())
                break
        message += _suggestion(erreur)
    traduite = ErreurUtilisation(message, erreur.ctx)
    return traduite


def _suggestion(erreur: click.UsageError) -> str:
    """For an unknown command, the closest ones of its group (« salarie » → salaries)."""
    inconnue = re.search(r"No such command '(.+)'\.", erreur.message)
    groupe = None if erreur.ctx is None else erreur.ctx.command
    if inconnue is None or not isinstance(groupe, click.Group) or erreur.ctx is None:
        return ""
    proches = difflib.get_close_matches(inconnue.group(1), groupe.list_commands(erreur.ctx),
                                        n=3, cutoff=0.6)
    return f" Vouliez-vous dire {' ou '.join(proches)} ?" if proches else ""


# -- commands and groups ----------------------------------------------------------------
def _aide_francaise(enregistrement: tuple[str, str]) -> tuple[str, str]:
    nom, texte = enregistrement
    texte = (texte.replace("[required]", "[obligatoire]").replace("default: ", "défaut : ")
             .replace("env var: ", "variable : "))
    return nom, texte


def _illisible(valeur: object) -> bool:
    if isinstance(valeur, str):
        try:
            valeur.encode("utf-8")
        except UnicodeEncodeError:
            return True
        return False
    return isinstance(valeur, tuple | list) and any(_illisible(v) for v in valeur)


def _verifier_textes(ctx: click.Context) -> None:
    """Bytes of the command line or the environment that are not UTF-8 reach Python as
    lone surrogates, which no storage can hold: a usage error naming the option."""
    for param in ctx.command.params:
        if param.name is not None and _illisible(ctx.params.get(param.name)):
            raise ErreurUtilisation(
                f"Valeur invalide pour {' / '.join(param.opts)} : ce texte n'est pas en "
                "UTF-8.", ctx)


class _EnFrancais(click.Command):
    """Help in French, usage errors translated (see :func:`en_francais`)."""

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = AIDE
        return option

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        formatter.write_usage(ctx.command_path, " ".join(self.collect_usage_pieces(ctx)),
                              prefix="Utilisation : ")

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        options = [_aide_francaise(r) for p in self.get_params(ctx)
                   if (r := p.get_help_record(ctx)) is not None]
        if options:
            with formatter.section("Options"):
                formatter.write_dl(options)

    def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command's examples (its ``epilog``), one command line each, not rewrapped."""
        if self.epilog:
            with formatter.section("Exemples"):
                for ligne in self.epilog.splitlines():
                    formatter.write(f"{' ' * formatter.current_indent}{ligne}\n")

    def make_context(self, info_name: str | None, args: list[str],
                     parent: click.Context | None = None, **extra: Any) -> click.Context:
        try:
            ctx = super().make_context(info_name, args, parent, **extra)
        except click.UsageError as erreur:
            raise en_francais(erreur) from None
        _verifier_textes(ctx)
        return ctx


class CommandeRst(_EnFrancais):
    """A command whose help is French and whose usage errors are translated."""


class GroupeRst(_EnFrancais, click.Group):
    """A group of commands, in French like :class:`CommandeRst`; its sub-commands and
    sub-groups are made of these classes too."""

    command_class = CommandeRst
    group_class = type

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("subcommand_metavar", "COMMANDE [ARGUMENTS]...")
        super().__init__(*args, **kwargs)

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        super().format_options(ctx, formatter)
        self.format_commands(ctx, formatter)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        lignes = []
        for nom in self.list_commands(ctx):
            commande = self.get_command(ctx, nom)
            if commande is not None and not commande.hidden:
                lignes.append((nom, commande.get_short_help_str(limit=formatter.width - 20)))
        if lignes:
            with formatter.section("Commandes"):
                formatter.write_dl(lignes)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.UsageError as erreur:
            raise en_francais(erreur) from None


# -- parameter types ----------------------------------------------------------------------
_ISO = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)
_FRANCAISE = re.compile(r"([0-9]{2})/([0-9]{2})/([0-9]{4})", re.ASCII)

T = TypeVar("T")


if TYPE_CHECKING:
    _Base = click.ParamType[Any, Any]  # generic in recent click only
else:
    _Base = click.ParamType


class _Type(_Base):
    def echouer(self, message: str, param: click.Parameter | None,
                ctx: click.Context | None) -> NoReturn:
        raise click.BadParameter(message, ctx, param)


class TypeDate(_Type):
    """``AAAA-MM-JJ`` or ``JJ/MM/AAAA``."""

    name = "date"

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> dt.date:
        if isinstance(value, dt.date):
            return value
        texte = str(value).strip()
        francaise = _FRANCAISE.fullmatch(texte)
        if francaise:
            jour, mois, annee = francaise.groups()
            texte = f"{annee}-{mois}-{jour}"
        if not _ISO.fullmatch(texte):
            self.echouer("une date s'écrit AAAA-MM-JJ ou JJ/MM/AAAA.", param, ctx)
        try:
            jour = dt.date.fromisoformat(texte)
        except ValueError:
            self.echouer("cette date n'existe pas dans le calendrier.", param, ctx)
        # D1: a refusal (exit 1) naming the option, like the command would name its field.
        nom = param.opts[0] if isinstance(param, click.Option) else None
        return date_dans_les_bornes(jour, nom)

    def get_metavar(self, param: click.Parameter, ctx: click.Context | None = None) -> str:
        return "DATE"


class TypeEntier(_Type):
    name = "entier"

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> int:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        texte = str(value).strip()
        if not re.fullmatch(r"-?[0-9]{1,9}", texte, re.ASCII):
            self.echouer("un nombre entier est attendu.", param, ctx)
        return int(texte)

    def get_metavar(self, param: click.Parameter, ctx: click.Context | None = None) -> str:
        return "N"


class TypeChoix(_Type):
    """One of a closed list of codes, case ignored; ``noms`` maps more spellings to a code."""

    def __init__(self, name: str, valeurs: Callable[[], dict[str, T]], quoi: str) -> None:
        self.name = name
        self._valeurs = valeurs
        self._quoi = quoi

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> Any:
        valeurs = self._valeurs()
        if not isinstance(value, str):
            return value
        trouve = valeurs.get(value.strip().casefold())
        if trouve is None:
            codes = ", ".join(valeurs)
            self.echouer(f"{self._quoi} inconnu(e) ; valeurs possibles : {codes}.", param, ctx)
        return trouve

    def get_metavar(self, param: click.Parameter, ctx: click.Context | None = None) -> str:
        return self.name.upper()


def _natures() -> dict[str, NatureContrat]:
    valeurs: dict[str, NatureContrat] = {}
    for nature in NatureContrat:
        valeurs[nature.value] = nature
        valeurs[nature.name.casefold()] = nature
    return valeurs


def _risques() -> dict[str, Risque]:
    return {r.value: r for r in Risque}


DATE = TypeDate()
ENTIER = TypeEntier()
NATURE = TypeChoix("nature", _natures, "Nature de contrat (code DSN ou nom)")
RISQUE = TypeChoix("risque", _risques, "Risque")
ROLE = TypeChoix("role", lambda: {r.value: r for r in Role}, "Rôle")
