"""attrs validators derived from the annotations of input classes (commands, import data).

Inputs arrive from callers that do not run mypy (front ends, JSON, other apps); a wrong
type becomes a ``DonneeInvalide`` naming the field instead of a ``TypeError`` deep down.
:func:`types_verifies` is an attrs ``field_transformer``: it resolves each annotation
when the class is defined and composes attrs' own validators for it, so a form it does
not support fails there (``TypeError``), never when the class is called.
"""

from __future__ import annotations

import datetime as dt
import types
from collections.abc import Callable, Sequence
from typing import Any, Literal, Union, get_args, get_origin, get_type_hints

import attrs
from attrs import validators

from ..domain.erreurs import DonneeInvalide

__all__ = ["Validateur", "types_verifies", "validateur_de", "verifie_par_ses_annotations"]

Validateur = Callable[[Any, Any, Any], None]
"""An attrs validator: ``(instance, attribute, value)``, raising when the value is wrong."""


def _entier(_instance: object, _attribut: object, valeur: object) -> None:
    """``int`` but not ``bool`` (a bool is an int to ``isinstance``)."""
    if not isinstance(valeur, int) or isinstance(valeur, bool):
        raise TypeError("entier attendu")


def _date(_instance: object, _attribut: object, valeur: object) -> None:
    """``date`` but not ``datetime`` (a datetime is a date to ``isinstance``)."""
    if not isinstance(valeur, dt.date) or isinstance(valeur, dt.datetime):
        raise TypeError("date attendue")


def _un_des_types(permis: set[type]) -> Validateur:
    """A ``Literal``'s values have their own types: ``in_`` alone takes ``True`` for ``1``
    (they are equal)."""
    def valider(_instance: object, _attribut: object, valeur: object) -> None:
        if type(valeur) not in permis:
            raise TypeError("type de la valeur littérale")
    return valider


def _nuplet(elements: Sequence[Validateur]) -> Validateur:
    """``tuple[A, B]``: a tuple of that length, each position checked (attrs has
    ``deep_iterable`` for ``tuple[A, ...]`` only)."""
    def valider(instance: Any, attribut: Any, valeur: Any) -> None:
        if not isinstance(valeur, tuple) or len(valeur) != len(elements):
            raise TypeError("n-uplet attendu")
        for valider_element, element in zip(elements, valeur, strict=True):
            valider_element(instance, attribut, element)
    return valider


_COLLECTIONS: dict[Any, type] = {list: list, frozenset: frozenset, set: set}
"""``X[E]`` forms checked as: an instance of the class, each element an ``E``."""


def validateur_de(annotation: Any) -> Validateur:
    """The attrs validator of one resolved annotation; ``TypeError`` for a form not
    supported (so that the class using it cannot be defined)."""
    origine, args = get_origin(annotation), get_args(annotation)
    if annotation is None or annotation is type(None):
        return validators.instance_of(type(None))
    if origine in (Union, types.UnionType):
        autres = [a for a in args if a is not type(None)]
        seul = (validateur_de(autres[0]) if len(autres) == 1
                else validators.or_(*(validateur_de(a) for a in autres)))
        return validators.optional(seul) if len(autres) < len(args) else seul
    if origine is Literal:
        return validators.and_(validators.in_(args), _un_des_types({type(a) for a in args}))
    if origine is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return validators.deep_iterable(validateur_de(args[0]), validators.instance_of(tuple))
        return _nuplet([validateur_de(a) for a in args])
    if origine in _COLLECTIONS and len(args) == 1:
        return validators.deep_iterable(validateur_de(args[0]),
                                        validators.instance_of(_COLLECTIONS[origine]))
    if annotation is int:
        return _entier
    if annotation is dt.date:
        return _date
    if isinstance(annotation, type) and origine is None and annotation is not Any:
        return validators.instance_of(annotation)
    raise TypeError(f"annotation non prise en charge : {annotation!r}")


_NOMS: dict[Any, str] = {str: "un texte", int: "un nombre entier", bool: "vrai ou faux",
                         float: "un nombre à virgule", dt.date: "une date",
                         dt.datetime: "une date et heure", type(None): "rien",
                         list: "une liste", tuple: "un n-uplet", dict: "un dictionnaire",
                         set: "un ensemble", frozenset: "un ensemble", bytes: "des octets"}


def decrire_type(annotation: Any) -> str:
    """What a field of this annotation takes, in French (``un texte ou rien``)."""
    origine, args = get_origin(annotation), get_args(annotation)
    if origine in (Union, types.UnionType):
        return " ou ".join(decrire_type(a) for a in args)
    if origine is Literal:
        return "l'une des valeurs " + ", ".join(repr(a) for a in args)
    if origine in (tuple, frozenset, list, set) and args:
        return f"{_NOMS[origine]} de : {decrire_type(args[0])}"
    if annotation in _NOMS:
        return _NOMS[annotation]
    return f"un {getattr(annotation, '__name__', str(annotation))}"


def decrire_valeur(valeur: object) -> str:
    """What was received, by its type only: never the value (it may be a NIR, S1)."""
    return _NOMS.get(type(valeur), f"un {type(valeur).__name__}")


def _refus_de_type(nom: str, verifier: Validateur, annotation: Any) -> Validateur:
    """The field's validator: attrs' ``TypeError``/``ValueError`` becomes the domain's
    ``DonneeInvalide`` (``donnee.type_invalide``) naming the field, the type it takes
    and the type received, raised outside the ``except`` so that attrs' message, which
    quotes the value (a NIR maybe), is not even its context (S1)."""
    attendu = decrire_type(annotation)

    def valider(instance: Any, attribut: Any, valeur: Any) -> None:
        try:
            verifier(instance, attribut, valeur)
        except (TypeError, ValueError):
            pass
        else:
            return
        recu = decrire_valeur(valeur)
        raise DonneeInvalide(
            f"Le champ « {nom} » attend {attendu} ; reçu : {recu}.",
            code="donnee.type_invalide",
            chemin=nom,
            details={"attendu": attendu, "recu": recu},
        )
    return valider


_MARQUE = "__rst_types_verifies__"
"""Set by :func:`types_verifies` on the class it transforms (attrs copies it to the
slotted class it builds), so that a base class can require it of its subclasses."""


def verifie_par_ses_annotations(cls: type) -> bool:
    """Whether ``cls`` itself (not only a base) was built with :func:`types_verifies`."""
    return cls.__dict__.get(_MARQUE, False) is True


def types_verifies(
    cls: type, champs: list[attrs.Attribute[Any]],
) -> list[attrs.Attribute[Any]]:
    """attrs ``field_transformer``: each field gets the validator of its annotation,
    before its own validators if it has any."""
    try:
        annotations = get_type_hints(cls)
    except (NameError, TypeError) as erreur:
        raise TypeError(f"{cls.__qualname__} : annotations illisibles ({erreur})") from erreur
    resultat = []
    setattr(cls, _MARQUE, True)
    for champ in champs:
        if getattr(champ, "inherited", False):  # checked by the class declaring it
            resultat.append(champ)
            continue
        try:
            verifier = validateur_de(annotations[champ.name])
        except TypeError as erreur:
            raise TypeError(f"{cls.__qualname__}.{champ.name} : {erreur}") from None
        propre = _refus_de_type(champ.name, verifier, annotations[champ.name])
        validateur = propre if champ.validator is None else validators.and_(propre, champ.validator)
        resultat.append(champ.evolve(validator=validateur))
    return resultat
