"""The converter's hooks for simple types, collections and identifiers (``docs/json.md``).

Strict on the way in (no coercion of ``5`` into ``"5"``), each refusal a
:class:`DonneeInvalide` with ``json.champ_invalide``; part of
:mod:`rst_effectifs.formats.json`, which composes them in ``make_converter``.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import re
import types
from collections import abc
from collections.abc import Callable
from decimal import Decimal
from typing import Any, Union, cast, get_args, get_origin

from cattrs.errors import IterableValidationError, IterableValidationNote
from cattrs.fns import identity
from cattrs.preconf.json import JsonConverter

from ...domain.dates import date_dans_les_bornes
from ...domain.erreurs import DonneeInvalide
from ...domain.identifiants import (
    CodePcsEse,
    Email,
    Nir,
    NumeroAdherent,
    NumeroTeledeclarant,
    Siren,
    Siret,
)
from ...domain.ntt import Ntt

StructureHook = Callable[[Any, Any], Any]
UnstructureHook = Callable[[Any], Any]

CODE_JSON_INVALIDE = "json.invalide"
"""The text is not JSON at all (syntax, encoding, nesting too deep, duplicate key)."""
CODE_CHAMP_INVALIDE = "json.champ_invalide"
"""A field is missing, unknown, of the wrong JSON type or outside its allowed values."""
CODE_NIR_MASQUE = "json.nir_masque"
"""A converter that writes masked NIRs refuses to read one: it cannot be trusted."""

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)
_DECIMAL = re.compile(r"-?[0-9]{1,30}(?:\.[0-9]{1,30})?", re.ASCII)
_LONGUEUR_MAX_DATE_HEURE = 40
_NIR_ILLISIBLE = "** ** ** ** *** *** **"

_IDENTIFIANTS: tuple[type[Any], ...] = (
    Siren,
    Siret,
    Email,
    CodePcsEse,
    NumeroAdherent,
    NumeroTeledeclarant,
    Ntt,
)


def _champ_invalide(message: str) -> DonneeInvalide:
    return DonneeInvalide(message, code=CODE_CHAMP_INVALIDE)


# --------------------------------------------------------------- simple types


def _structurer_texte(valeur: Any, _: Any) -> str:
    if not isinstance(valeur, str):
        raise _champ_invalide("Un texte est attendu.")
    return valeur


def _structurer_entier(valeur: Any, _: Any) -> int:
    if not isinstance(valeur, int) or isinstance(valeur, bool):
        raise _champ_invalide("Un nombre entier est attendu.")
    return valeur


def _structurer_booleen(valeur: Any, _: Any) -> bool:
    if not isinstance(valeur, bool):
        raise _champ_invalide("true ou false est attendu.")
    return valeur


def _structurer_date(valeur: Any, _: Any) -> dt.date:
    if not isinstance(valeur, str) or not _DATE.fullmatch(valeur):
        raise _champ_invalide("Une date au format AAAA-MM-JJ est attendue.")
    try:
        jour = dt.date.fromisoformat(valeur)
    except ValueError:
        jour = None  # its message quotes the value: raised below, outside the handler (A5)
    if jour is None:
        raise _champ_invalide("Cette date n'existe pas dans le calendrier.")
    return date_dans_les_bornes(jour)


def _structurer_date_heure(valeur: Any, _: Any) -> dt.datetime:
    message = "Une date et heure ISO 8601 avec décalage horaire est attendue."
    if not isinstance(valeur, str) or len(valeur) > _LONGUEUR_MAX_DATE_HEURE:
        raise _champ_invalide(message)
    try:
        instant = dt.datetime.fromisoformat(valeur)
    except ValueError:
        instant = None  # its message quotes the value: never chained (A5)
    if instant is None or instant.utcoffset() is None:
        raise _champ_invalide(message)
    return instant


def _structurer_decimal(valeur: Any, _: Any) -> Decimal:
    """Amounts travel as decimal text (``"89.00"``) or whole numbers, never as floats:
    binary fractions are not cents (F2)."""
    if isinstance(valeur, int) and not isinstance(valeur, bool):
        return Decimal(valeur)
    if not isinstance(valeur, str) or not _DECIMAL.fullmatch(valeur):
        raise _champ_invalide("Un nombre décimal écrit en texte est attendu (par ex. « 89.00 »).")
    return Decimal(valeur)


def _unstructurer_decimal(valeur: Decimal) -> str:
    return format(valeur, "f")


def _est_enum(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, enum.Enum)


def _fabrique_structure_enum(tp: type[enum.Enum]) -> StructureHook:
    valeurs = ", ".join(str(m.value) for m in tp)

    def structurer_enum(valeur: Any, _: Any) -> enum.Enum:
        # Compare type and value so that true never passes for 1, nor 1 for "1".
        for membre in tp:
            if type(membre.value) is type(valeur) and membre.value == valeur:
                return membre
        raise _champ_invalide(f"Valeur inconnue ; valeurs possibles : {valeurs}.")

    return structurer_enum


def _unstructurer_enum(valeur: enum.Enum) -> Any:
    return valeur._value_  # ``value`` is a descriptor; a list page writes two per file


def _est_optionnel(tp: Any) -> bool:
    """``X | None`` with one X: the only untagged unions the library uses."""
    if get_origin(tp) not in (Union, types.UnionType):
        return False
    args = get_args(tp)
    return len(args) == 2 and type(None) in args


def _fabrique_structure_optionnel(converter: JsonConverter) -> Callable[[Any], StructureHook]:
    def fabrique(tp: Any) -> StructureHook:
        (autre,) = (a for a in get_args(tp) if a is not type(None))
        crochet = converter.get_structure_hook(autre)

        def structurer_optionnel(valeur: Any, _: Any) -> Any:
            return None if valeur is None else crochet(valeur, autre)

        return structurer_optionnel

    return fabrique


def _fabrique_destructure_optionnel(
    converter: JsonConverter,
) -> Callable[[Any], UnstructureHook]:
    """``X | None`` written as X is, ``None`` as null. When X is written as itself (a
    text, a number), so is the optional: cattrs then reads the attribute inline instead
    of calling a hook per field (a list page writes seven per file)."""

    def fabrique(tp: Any) -> UnstructureHook:
        (autre,) = (a for a in get_args(tp) if a is not type(None))
        crochet = converter.get_unstructure_hook(autre)
        if crochet is identity:
            return identity

        def destructurer_optionnel(valeur: Any) -> Any:
            return None if valeur is None else crochet(valeur)

        return destructurer_optionnel

    return fabrique


# ---------------------------------------------------------------- collections


def _origine(tp: Any) -> Any:
    return get_origin(tp) or tp


def _est_collection(tp: Any) -> bool:
    return _origine(tp) in (tuple, list, frozenset, set, abc.Sequence)


def _cle_de_tri(valeur: Any) -> str:
    return json.dumps(valeur, sort_keys=True, ensure_ascii=False)


def _structurer_elements(
    valeurs: list[Any] | tuple[Any, ...], crochets: list[tuple[StructureHook, Any]], tp: Any
) -> list[Any]:
    """Structure each element, gathering failures with their index like cattrs does."""
    resultat: list[Any] = []
    erreurs: list[Exception] = []
    for index, (valeur, (crochet, type_element)) in enumerate(
        zip(valeurs, crochets, strict=True)
    ):
        try:
            resultat.append(crochet(valeur, type_element))
        except Exception as exc:
            exc.add_note(
                IterableValidationNote(f"Structuring {tp} @ index {index}", index, type_element)
            )
            erreurs.append(exc)
    if erreurs:
        raise IterableValidationError(f"While structuring {tp!r}", erreurs, tp)
    return resultat


def _fabrique_structure_collection(converter: JsonConverter) -> Callable[[Any], StructureHook]:
    def fabrique(tp: Any) -> StructureHook:
        origine, args = _origine(tp), get_args(tp)
        fixe = origine is tuple and bool(args) and not (len(args) == 2 and args[1] is Ellipsis)
        types_elements: tuple[Any, ...] = args if fixe else ((args[0],) if args else (Any,))
        crochets = [(converter.get_structure_hook(a), a) for a in types_elements]
        construire: Callable[[list[Any]], Any] = (
            tuple if origine in (tuple, abc.Sequence) else origine)

        def structurer_collection(valeur: Any, _: Any) -> Any:
            if not isinstance(valeur, list | tuple):
                raise _champ_invalide("Une liste est attendue.")
            if fixe and len(valeur) != len(crochets):
                raise _champ_invalide(f"Une liste de {len(crochets)} éléments est attendue.")
            return construire(
                _structurer_elements(valeur, crochets if fixe else crochets * len(valeur), tp)
            )

        return structurer_collection

    return fabrique


def _fabrique_destructure_collection(converter: JsonConverter) -> Callable[[Any], UnstructureHook]:
    def fabrique(tp: Any) -> UnstructureHook:
        origine, args = _origine(tp), get_args(tp)
        fixe = origine is tuple and bool(args) and not (len(args) == 2 and args[1] is Ellipsis)
        if fixe:
            crochets = [converter.get_unstructure_hook(a) for a in args]

            def destructurer_nuplet(valeur: Any) -> list[Any]:
                return [c(v) for c, v in zip(crochets, valeur, strict=True)]

            return destructurer_nuplet
        crochet: UnstructureHook = (
            converter.get_unstructure_hook(args[0]) if args else converter.unstructure
        )
        if origine in (frozenset, set):

            def destructurer_ensemble(valeur: Any) -> list[Any]:
                # Sorted: set order varies between runs, JSON output must not.
                return sorted((crochet(v) for v in valeur), key=_cle_de_tri)

            return destructurer_ensemble

        def destructurer_liste(valeur: Any) -> list[Any]:
            return [crochet(v) for v in valeur]

        return destructurer_liste

    return fabrique


# ---------------------------------------------------------------- identifiers


def _fabrique_identifiant(cls: Any) -> StructureHook:
    def structurer_identifiant(valeur: Any, _: Any) -> Any:
        return cls.parse(valeur)

    return structurer_identifiant


def _valeur(identifiant: Any) -> str:
    return cast(str, identifiant.valeur)


def _refuser_nir(_valeur: Any, _tp: Any = None) -> Any:
    raise DonneeInvalide(
        "Ce NIR a été masqué à l'écriture : il ne peut pas être relu.",
        code=CODE_NIR_MASQUE,
        regle="S1",
    )


def _structurer_nir(valeur: Any, _: Any) -> Nir:
    return Nir.parse(valeur)


def _unstructurer_nir_masque(nir: Nir) -> str:
    return nir.masque()


def _structurer_nir_texte(valeur: Any, _: Any) -> str | None:
    """A command's ``nir`` stays the text it was given, once checked (S1)."""
    if valeur is None:
        return None
    Nir.parse(valeur)
    return cast(str, valeur)


def _unstructurer_nir_texte_masque(valeur: str | None) -> str | None:
    if valeur is None:
        return None
    try:
        return Nir.parse(valeur).masque()
    except DonneeInvalide:
        return _NIR_ILLISIBLE


