"""Reading and writing JSON text: :func:`structurer`, :func:`lire`, :func:`ecrire`; part
of :mod:`rst_effectifs.adapters.serialisation` (``docs/json.md``)."""

from __future__ import annotations

import json
from typing import Any, TypeVar

from cattrs.errors import StructureHandlerNotFoundError
from cattrs.preconf.json import JsonConverter

from ..domain.erreurs import DonneeInvalide
from .json_convertisseur import _converter_par_defaut
from .json_erreurs import RACINE, _en_donnee_invalide
from .json_types import CODE_JSON_INVALIDE

T = TypeVar("T")



def structurer(donnees: Any, type_: type[T], converter: JsonConverter | None = None) -> T:
    """Decoded JSON (dicts, lists, texts, numbers) to ``type_``, or ``DonneeInvalide``."""
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
            details={"ligne": str(exc.lineno), "colonne": str(exc.colno)},
        )
    except (ValueError, RecursionError):
        erreur = DonneeInvalide(message, code=CODE_JSON_INVALIDE, chemin=RACINE)
    raise erreur


def lire(texte: str | bytes, type_: type[T], converter: JsonConverter | None = None) -> T:
    """JSON text to ``type_``; any fault is a ``DonneeInvalide`` naming where."""
    return structurer(_charger(texte), type_, converter)


def ecrire(objet: Any, converter: JsonConverter | None = None) -> str:
    """An object to JSON text (UTF-8 characters kept, keys in field order)."""
    convertisseur = converter or _converter_par_defaut()
    return json.dumps(convertisseur.unstructure(objet), ensure_ascii=False, allow_nan=False)

