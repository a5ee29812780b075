"""Query strings and form fields to commands: ``?limite=20&risques=amiante&risques=bruit``.

A query string carries text only, so :func:`structurer_parametres` reads each parameter
as the field it names wants it (a whole number, ``true``/``false``/``1``/``0``, an ISO date,
an enum value, repeated keys for a collection) and hands the result to the strict JSON
structuring: JSON bodies stay strict, this is a separate door. Part of
:mod:`rst_effectifs.formats.json` (``docs/json.md``).
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, TypeVar, get_args, get_type_hints

import attrs
from cattrs.preconf.json import JsonConverter

from ...domain.erreurs import DonneeInvalide
from .erreurs import _CLE_ILLISIBLE, _NOM_DE_CHAMP, RACINE
from .lecture import champs_de, structurer
from .types import CODE_CHAMP_INVALIDE, _est_collection, _est_optionnel

T = TypeVar("T")

CODE_PARAMETRES_INVALIDES = "requete.parametres_invalides"
"""The parameters are not a mapping of texts (a front end's bug, HTTP 400). The code
keeps its public spelling."""
CODE_REQUETE_INVALIDE = CODE_PARAMETRES_INVALIDES
"""Former name of :data:`CODE_PARAMETRES_INVALIDES`, kept for callers."""

Parametres = Mapping[str, str | Sequence[str]] | Iterable[tuple[str, str]]
"""``request.query_params.multi_items()`` (pairs, keys may repeat) or a mapping of a
name to its text or list of texts."""

_ENTIER = re.compile(r"-?[0-9]{1,18}", re.ASCII)
_VRAI, _FAUX = frozenset({"true", "1"}), frozenset({"false", "0"})


def _types(type_: Any) -> dict[str, Any]:
    """The field types of a command class, read once (``get_type_hints`` evaluates every
    annotation: a third of the decoding of a query string)."""
    return _types_de(type_) if attrs.has(type_) else {}


@functools.cache
def _types_de(classe: type) -> dict[str, Any]:
    return get_type_hints(classe)


def _refus(nom: str, message: str, code: str = CODE_CHAMP_INVALIDE) -> DonneeInvalide:
    return DonneeInvalide(message, code=code, chemin=nom, details={nom: message})


def _grouper(parametres: Any) -> dict[str, list[str]]:
    paires = parametres.items() if isinstance(parametres, Mapping) else parametres
    groupes: dict[str, list[str]] = {}
    try:
        for nom, valeur in paires:
            valeurs = [valeur] if isinstance(valeur, str) else list(valeur)
            if not isinstance(nom, str) or not all(isinstance(v, str) for v in valeurs):
                raise TypeError
            groupes.setdefault(nom, []).extend(valeurs)
    except (TypeError, ValueError):
        groupes = {RACINE: []}
    if RACINE in groupes:
        raise _refus(RACINE, "Les paramètres de la requête sont mal formés.",
                     CODE_PARAMETRES_INVALIDES)
    return groupes


def _scalaire(nom: str, texte: str, tp: Any) -> Any:
    """One text as the JSON value the converter expects for ``tp``."""
    if _est_optionnel(tp):
        (autre,) = (a for a in get_args(tp) if a is not type(None))
        return None if texte == "" else _scalaire(nom, texte, autre)
    if tp is bool:
        if texte.lower() in _VRAI | _FAUX:
            return texte.lower() in _VRAI
        raise _refus(nom, "true, false, 1 ou 0 est attendu.")
    if tp is int:
        if not _ENTIER.fullmatch(texte):
            raise _refus(nom, "Un nombre entier est attendu.")
        return int(texte)
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        for membre in tp:  # an enum of numbers is given as digits
            if str(membre.value) == texte:
                return membre.value
        valeurs = ", ".join(str(m.value) for m in tp)
        raise _refus(nom, f"Valeur inconnue ; valeurs possibles : {valeurs}.")
    if attrs.has(tp) or _est_collection(tp):
        raise _refus(nom, "Ce paramètre ne peut pas être donné dans l'adresse.")
    return texte  # texts, identifiers, ISO dates and Decimal text: the converter checks


def _valeur(nom: str, textes: list[str], tp: Any) -> Any:
    if _est_collection(tp):
        args = get_args(tp)
        element = args[0] if args else str
        if len(args) > 1 and args[1] is not Ellipsis:
            raise _refus(nom, "Ce paramètre ne peut pas être donné dans l'adresse.")
        return [_scalaire(nom, t, element) for t in textes]
    if _est_optionnel(tp) and _est_collection(next(a for a in get_args(tp) if a is not type(None))):
        raise _refus(nom, "Ce paramètre ne peut pas être donné dans l'adresse.")
    if len(textes) != 1:
        raise _refus(nom, "Ce paramètre est donné plusieurs fois.")
    return _scalaire(nom, textes[0], tp)


def _nom_de_parametre(chemin: str | None) -> str | None:
    """``$.risques[1]`` → ``risques``: a query string has no nesting."""
    if chemin is None or not chemin.startswith(f"{RACINE}."):
        return chemin
    return re.split(r"[.\[]", chemin[len(RACINE) + 1:], maxsplit=1)[0]


def _structurer_sous_ses_noms(type_: type[T], corps: dict[str, Any],
                              converter: JsonConverter | None, url: Mapping[str, Any],
                              nommer: Callable[[str | None], str | None]) -> T:
    """``structurer``, its refusal naming the parameter or form field the caller sent
    (``nommer``) rather than the command's path."""
    try:
        return structurer(type_, corps, converter, **url)
    except DonneeInvalide as refus:
        erreur = refus
    erreur.chemin = nommer(erreur.chemin)
    erreur.details = {(nommer(k) or k): v for k, v in erreur.details.items()}
    raise erreur


def structurer_parametres(type_: type[T], parametres: Parametres,
                          converter: JsonConverter | None = None, **champs_de_l_url: Any) -> T:
    """Query-string parameters (and the URL's fields) to the command ``type_``.

    Strict like a body: an unknown parameter, a repeated one that is not a collection,
    a text that is not what the field wants are refused with :class:`DonneeInvalide`
    whose ``chemin`` is the parameter's name; the domain's own refusals keep their code.
    A URL field also given as a parameter must say the same (``json.contredit_l_url``).
    """
    groupes = _grouper(parametres)
    types_ = _types(type_)
    noms = champs_de(type_)
    inconnus = sorted({n if _NOM_DE_CHAMP.fullmatch(n) else _CLE_ILLISIBLE
                       for n in groupes if n not in noms})
    if inconnus:
        raise DonneeInvalide("Ce paramètre est inconnu.", code=CODE_CHAMP_INVALIDE,
                             chemin=inconnus[0],
                             details=dict.fromkeys(inconnus, "Ce paramètre est inconnu."))
    corps = {nom: _valeur(nom, textes, types_[nom]) for nom, textes in groupes.items()}
    url = {nom: (_valeur(nom, [v], types_[nom]) if isinstance(v, str) and nom in types_ else v)
           for nom, v in champs_de_l_url.items()}
    return _structurer_sous_ses_noms(type_, corps, converter, url, _nom_de_parametre)


structurer_requete = structurer_parametres
"""Former name of :func:`structurer_parametres`, kept for callers."""


def _nom_de_champ(chemin: str | None) -> str | None:
    """``$.contrat.debut`` → ``contrat.debut``: a form field's name."""
    if chemin is None or not chemin.startswith(f"{RACINE}."):
        return chemin
    return re.split(r"\[", chemin[len(RACINE) + 1:], maxsplit=1)[0]


_DATE_ISO = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)
_DATE_FR = re.compile(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})", re.ASCII)


def _est_date(tp: Any) -> bool:
    if _est_optionnel(tp):
        tp = next(a for a in get_args(tp) if a is not type(None))
    return tp is dt.date


def _date_de_formulaire(nom: str, texte: str) -> str:
    """A form's date: ISO as a date input sends it, or JJ/MM/AAAA as a person types it
    where the browser has no date input; anything else is refused in those words."""
    texte = texte.strip()
    if _DATE_ISO.fullmatch(texte):
        return texte
    trouve = _DATE_FR.fullmatch(texte)
    if trouve is None:
        raise _refus(nom, "Une date au format JJ/MM/AAAA est attendue.")
    jour, mois, annee = trouve.groups()
    return f"{annee}-{int(mois):02d}-{int(jour):02d}"


def _imbriquer(type_: Any, groupes: dict[str, list[str]], prefixe: str = "") -> dict[str, Any]:
    """Dotted names (``contrat.debut``) to nested objects, each text read as its field."""
    types_ = _types(type_)
    noms = champs_de(type_) if attrs.has(type_) else frozenset()
    directs: dict[str, list[str]] = {}
    imbriques: dict[str, dict[str, list[str]]] = {}
    for nom, textes in groupes.items():
        tete, point, reste = nom.partition(".")
        if tete not in noms:
            nom_entier = prefixe + (tete if _NOM_DE_CHAMP.fullmatch(tete) else _CLE_ILLISIBLE)
            raise _refus(nom_entier, "Ce champ est inconnu.")
        if point:
            imbriques.setdefault(tete, {})[reste] = textes
        else:
            directs[tete] = textes
    corps: dict[str, Any] = {}
    for nom, textes in directs.items():
        tp = types_[nom]
        if _est_collection(tp) or (_est_optionnel(tp) and _est_collection(
                next(a for a in get_args(tp) if a is not type(None)))):
            textes = [t for t in textes if t != ""]  # a hidden empty field: none ticked
        elif textes and all(t == "" for t in textes):
            continue  # an empty field: the default applies (or "missing" is said)
        elif _est_date(tp):
            textes = [_date_de_formulaire(prefixe + nom, t) for t in textes]
        corps[nom] = _valeur(prefixe + nom, textes, tp)
    for nom, sous in imbriques.items():
        tp = types_[nom]
        if _est_optionnel(tp):
            (tp,) = (a for a in get_args(tp) if a is not type(None))
        if not attrs.has(tp):
            raise _refus(prefixe + nom, "Ce champ est inconnu.")
        if all(t == "" for textes in sous.values() for t in textes):
            continue
        corps[nom] = _imbriquer(tp, sous, f"{prefixe}{nom}.")
    return corps


def structurer_formulaire(type_: type[T], champs: Parametres,
                          converter: JsonConverter | None = None, **champs_de_l_url: Any) -> T:
    """An HTML form's fields to the command ``type_``, read like a query string but for
    two things a form needs: ``contrat.debut`` names the field ``debut`` of the nested
    ``contrat``, and an empty field is left out (its default applies, or it is said
    missing). A refusal's ``chemin`` is the form field's name, to show the message next
    to it."""
    corps = _imbriquer(type_, _grouper(champs))
    url = {nom: v for nom, v in champs_de_l_url.items()}
    return _structurer_sous_ses_noms(type_, corps, converter, url, _nom_de_champ)

