"""Run-time type checks of attrs input classes against their annotations.

Inputs arrive from callers that do not run mypy (front ends, JSON, other apps); a wrong
type becomes a ``DonneeInvalide`` naming the field instead of a ``TypeError`` deep down.
"""

from __future__ import annotations

import datetime as dt
import types
from typing import Any, Union, cast, get_args, get_origin, get_type_hints

import attrs

from ..domain.erreurs import DonneeInvalide

_TYPES: dict[type, dict[str, Any]] = {}


def _types(cls: type) -> dict[str, Any]:
    if cls not in _TYPES:
        _TYPES[cls] = get_type_hints(cls)
    return _TYPES[cls]


def _conforme(valeur: object, tp: Any) -> bool:
    origine, args = get_origin(tp), get_args(tp)
    if tp is type(None):
        return valeur is None
    if origine in (Union, types.UnionType):
        return any(_conforme(valeur, a) for a in args)
    if origine is tuple:
        if not isinstance(valeur, tuple):
            return False
        if len(args) == 2 and args[1] is Ellipsis:
            return all(_conforme(v, args[0]) for v in valeur)
        return len(args) == len(valeur) and all(
            _conforme(v, a) for v, a in zip(valeur, args, strict=True)
        )
    if origine is frozenset:
        return isinstance(valeur, frozenset) and all(_conforme(v, args[0]) for v in valeur)
    if tp is bool:
        return isinstance(valeur, bool)
    if tp is int:
        return isinstance(valeur, int) and not isinstance(valeur, bool)
    if tp is dt.date:
        return isinstance(valeur, dt.date) and not isinstance(valeur, dt.datetime)
    return isinstance(valeur, tp)


def verifier_types(objet: object) -> None:
    """Raise ``DonneeInvalide`` (``donnee.type_invalide``) on the first field whose value
    does not match its annotation."""
    indications = _types(type(objet))
    for champ in attrs.fields(cast(Any, type(objet))):
        if not _conforme(getattr(objet, champ.name), indications[champ.name]):
            raise DonneeInvalide(
                f"Le champ « {champ.name} » n'a pas le type attendu.",
                code="donnee.type_invalide",
                chemin=champ.name,
            )
