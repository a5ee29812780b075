"""Reading and writing JSON text: :func:`structurer`, :func:`lire`, :func:`ecrire`; part
of :mod:`rst_effectifs.formats.json` (``docs/json.md``)."""

from __future__ import annotations

import json
import types
from collections.abc import Mapping
from typing import Any, TypeVar, get_origin, overload

import attrs
from cattrs.errors import StructureHandlerNotFoundError
from cattrs.preconf.json import JsonConverter

from ...domain.erreurs import DonneeInvalide
from .convertisseur import _converter_par_defaut
from .erreurs import RACINE, _en_donnee_invalide
from .types import CODE_JSON_INVALIDE

T = TypeVar("T")

CODE_CONTREDIT_L_URL = "json.contredit_l_url"
"""A body field names another value than the URL gives for it."""



def _est_un_type(valeur: Any) -> bool:
    """A class, ``tuple[Poste, ...]`` or ``X | None``: what decoded JSON never is, which
    tells the two argument orders of :func:`structurer` apart."""
    return (isinstance(valeur, type | types.UnionType) or get_origin(valeur) is not None)


def _structurer(donnees: Any, type_: type[T], converter: JsonConverter | None) -> T:
    convertisseur = converter or _converter_par_defaut()
    try:
        return convertisseur.structure(donnees, type_)
    except StructureHandlerNotFoundError:
        raise  # the caller asked for a type this converter does not know: a bug
    except Exception as exc:
        erreur = _en_donnee_invalide(exc)
    # Raised outside the handler, so neither ``__cause__`` nor ``__context__`` keeps
    # cattrs' tree of failures, whose exceptions may quote the values they refused (A5).
    raise erreur


def champs_de(type_: Any) -> frozenset[str]:
    """The names a JSON object of ``type_`` may hold (its attrs fields with ``init``)."""
    if not attrs.has(type_):
        return frozenset()
    return frozenset(a.name for a in attrs.fields(type_) if a.init)


def fusionner_url(type_: Any, corps: Any, champs_de_l_url: Mapping[str, Any]) -> Any:
    """The body with the URL's fields added. A body naming a URL field with the same
    value is accepted (clients often echo the id); another value is refused with
    ``json.contredit_l_url`` naming the field: which one was meant cannot be guessed."""
    if not champs_de_l_url:
        return corps
    inconnus = sorted(set(champs_de_l_url) - champs_de(type_))
    if inconnus:  # the route's code names them, not the client: a programming error
        raise TypeError(f"{getattr(type_, '__name__', type_)} has no field {', '.join(inconnus)}")
    if not isinstance(corps, Mapping):
        return corps  # refused by the converter as it stands, path "$"
    for nom, valeur in champs_de_l_url.items():
        if nom in corps and corps[nom] != valeur:
            message = f"Le champ « {nom} » du corps contredit l'adresse de la requête."
            raise DonneeInvalide(message, code=CODE_CONTREDIT_L_URL, chemin=f"{RACINE}.{nom}",
                                 details={f"{RACINE}.{nom}": message})
    return {**corps, **champs_de_l_url}


@overload
def structurer(type_: type[T], donnees: Any, /, converter: JsonConverter | None = None,
               **champs_de_l_url: Any) -> T: ...
@overload
def structurer(donnees: Any, type_: type[T], /, converter: JsonConverter | None = None,
               **champs_de_l_url: Any) -> T: ...
def structurer(premier: Any, second: Any, /, converter: JsonConverter | None = None,
               **champs_de_l_url: Any) -> Any:
    """Decoded JSON (dicts, lists, texts, numbers) to ``type_``, or ``DonneeInvalide``.

    ``structurer(EmbaucherSalarie, corps, adherent_id=...)``: keyword arguments are the
    fields a route takes from its URL, merged into the body (:func:`fusionner_url`).
    The order ``structurer(donnees, type_)`` is still read: decoded JSON is never a type.
    """
    nouvel_ordre = _est_un_type(premier) and not _est_un_type(second)
    type_, donnees = (premier, second) if nouvel_ordre else (second, premier)
    return _structurer(fusionner_url(type_, donnees, champs_de_l_url), type_, converter)


def _refuser_constante(nom: str) -> Any:
    raise ValueError(f"{nom} is not JSON")


def _objet_sans_doublon(paires: list[tuple[str, Any]]) -> dict[str, Any]:
    objet = dict(paires)
    if len(objet) != len(paires):
        raise ValueError("duplicate key")
    return objet


def _charger(texte: str | bytes) -> Any:
    message = "Le texte reçu n'est pas du JSON valide."
    # Every refusal below is raised outside the ``except`` that saw the failure: the
    # decoder's exceptions keep the whole document (``JSONDecodeError.doc``,
    # ``UnicodeDecodeError.object``), which a logger printing causes would write out (A5).
    if isinstance(texte, bytes | bytearray):
        decode: str | None
        try:
            decode = bytes(texte).decode("utf-8")
        except UnicodeDecodeError:
            decode = None
        if decode is None:
            raise DonneeInvalide(
                "Le texte reçu n'est pas encodé en UTF-8.", code=CODE_JSON_INVALIDE, chemin=RACINE
            )
        texte = decode
    if not isinstance(texte, str):
        raise DonneeInvalide(message, code=CODE_JSON_INVALIDE, chemin=RACINE)
    try:
        return json.loads(
            texte, parse_constant=_refuser_constante, object_pairs_hook=_objet_sans_doublon
        )
    except json.JSONDecodeError as exc:
        erreur = DonneeInvalide(
            f"{message} (ligne {exc.lineno}, colonne {exc.colno})",
            code=CODE_JSON_INVALIDE,
            chemin=RACINE,
            details={"ligne": exc.lineno, "colonne": exc.colno},
        )
    except (ValueError, RecursionError):
        erreur = DonneeInvalide(message, code=CODE_JSON_INVALIDE, chemin=RACINE)
    raise erreur


def lire(texte: str | bytes, type_: type[T], converter: JsonConverter | None = None,
         **champs_de_l_url: Any) -> T:
    """JSON text to ``type_``; any fault is a ``DonneeInvalide`` naming where. Keyword
    arguments are fields taken from the URL, as for :func:`structurer`."""
    return _structurer(fusionner_url(type_, _charger(texte), champs_de_l_url), type_, converter)


def ecrire(objet: Any, converter: JsonConverter | None = None) -> str:
    """An object to JSON text (UTF-8 characters kept, keys in field order)."""
    convertisseur = converter or _converter_par_defaut()
    return json.dumps(convertisseur.unstructure(objet), ensure_ascii=False, allow_nan=False)

