"""Run-time type checks of attrs input classes against their annotations.

Inputs arrive from callers that do not run mypy (front ends, JSON, other apps); a wrong
type becomes a ``DonneeInvalide`` naming the field instead of a ``TypeError`` deep down.
"""

from __future__ import annotations

import datetime as dt
import types
from collections.abc import Callable
from typing import Any, Union, cast, get_args, get_origin, get_type_hints

import attrs

from ..domain.erreurs import DonneeInvalide

Verificateur = Callable[[object], bool]

_VERIFICATEURS: dict[type, tuple[tuple[str, Verificateur], ...]] = {}


def _compiler(tp: Any) -> Verificateur:
    """A checker for one annotation, built once per class (the reader of a 50,000-person
    DSN builds hundreds of thousands of checked objects)."""
    origine, args = get_origin(tp), get_args(tp)
    if tp is type(None):
        return lambda v: v is None
    if origine in (Union, types.UnionType):
        return _compiler_union(args)
    if origine is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            element = _compiler(args[0])
            return lambda v: isinstance(v, tuple) and all(element(e) for e in v)
        elements = tuple(_compiler(a) for a in args)
        return lambda v: isinstance(v, tuple) and len(v) == len(elements) and all(
            c(e) for c, e in zip(elements, v, strict=True)
        )
    if origine is frozenset:
        element = _compiler(args[0])
        return lambda v: isinstance(v, frozenset) and all(element(e) for e in v)
    if tp is bool:
        return lambda v: isinstance(v, bool)
    if tp is int:
        return lambda v: isinstance(v, int) and not isinstance(v, bool)
    if tp is dt.date:
        return lambda v: isinstance(v, dt.date) and not isinstance(v, dt.datetime)
    return lambda v: isinstance(v, tp)


_SPECIAUX = (bool, int, dt.date)
"""Annotations whose check is more than ``isinstance`` (bool is an int, datetime a date)."""


def _compiler_union(args: tuple[Any, ...]) -> Verificateur:
    """``X | None`` is the common case: test ``None`` first, then one ``isinstance`` over
    the plain classes, then the rest; no generator per value."""
    optionnel = type(None) in args
    autres = tuple(a for a in args if a is not type(None))
    simples = tuple(a for a in autres
                    if isinstance(a, type) and get_origin(a) is None and a not in _SPECIAUX)
    composes = tuple(_compiler(a) for a in autres if a not in simples)
    if not composes:
        return ((lambda v: v is None or isinstance(v, simples)) if optionnel
                else (lambda v: isinstance(v, simples)))
    if not simples and len(composes) == 1:
        seul = composes[0]
        return (lambda v: v is None or seul(v)) if optionnel else seul
    return lambda v: ((optionnel and v is None) or isinstance(v, simples)
                      or any(o(v) for o in composes))


def _verificateurs(cls: type) -> tuple[tuple[str, Verificateur], ...]:
    if cls not in _VERIFICATEURS:
        indications = get_type_hints(cls)
        _VERIFICATEURS[cls] = tuple(
            (champ.name, _compiler(indications[champ.name]))
            for champ in attrs.fields(cast(Any, cls))
        )
    return _VERIFICATEURS[cls]


def verifier_types(objet: object) -> None:
    """Raise ``DonneeInvalide`` (``donnee.type_invalide``) on the first field whose value
    does not match its annotation."""
    for nom, conforme in _verificateurs(type(objet)):
        if not conforme(getattr(objet, nom)):
            raise DonneeInvalide(
                f"Le champ « {nom} » n'a pas le type attendu.",
                code="donnee.type_invalide",
                chemin=nom,
            )
