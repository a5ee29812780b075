"""Refusals for front ends: cattrs' failures as one :class:`DonneeInvalide` naming each
bad field, a refusal as its JSON body (:func:`erreur_en_json`) and its HTTP status
(:func:`statut_http`); part of :mod:`rst_effectifs.formats.json`."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import attrs
from cattrs.errors import ClassValidationError, ForbiddenExtraKeysError, IterableValidationError

from ...domain.erreurs import DonneeInvalide, ErreurDomaine, ErreurRstEffectifs, RefusGroupe
from .types import CODE_CHAMP_INVALIDE

RACINE = "$"
_NOM_DE_CHAMP = re.compile(r"[a-z_]{1,40}", re.ASCII)
_CLE_ILLISIBLE = "<clé inconnue>"



def _feuilles(exc: BaseException, chemin: str) -> Iterator[tuple[str, BaseException]]:
    """Walk cattrs' exception groups down to the failures, with the path of each."""
    if isinstance(exc, IterableValidationError):
        avec_index, sans_index = exc.group_exceptions()
        for sous, note_index in avec_index:
            yield from _feuilles(sous, f"{chemin}[{note_index.index!r}]")
        for sous in sans_index:
            yield from _feuilles(sous, chemin)
    elif isinstance(exc, ClassValidationError):
        avec_nom, sans_nom = exc.group_exceptions()
        for sous, note_nom in avec_nom:
            yield from _feuilles(sous, f"{chemin}.{note_nom.name}")
        for sous in sans_nom:
            yield from _feuilles(sous, chemin)
    elif isinstance(exc, BaseExceptionGroup):
        for membre in exc.exceptions:
            yield from _feuilles(membre, chemin)
    else:
        yield chemin, exc


@attrs.frozen
class _Defaut:
    chemin: str
    code: str
    regle: str
    message: str


def _defauts(chemin: str, exc: BaseException) -> Iterator[_Defaut]:
    if isinstance(exc, ErreurDomaine):
        # A domain validator names the field relative to the object it checked.
        ou = f"{chemin}.{exc.chemin}" if exc.chemin else chemin
        yield _Defaut(ou, exc.code, exc.regle, exc.message)
    elif isinstance(exc, ForbiddenExtraKeysError):
        # A key is named only when it could be a field name: any other is input (A5).
        for cle in sorted({c if _NOM_DE_CHAMP.fullmatch(c) else _CLE_ILLISIBLE
                           for c in map(str, exc.extra_fields)}):
            yield _Defaut(f"{chemin}.{cle}", CODE_CHAMP_INVALIDE, "", "Ce champ est inconnu.")
    elif isinstance(exc, KeyError):
        yield _Defaut(chemin, CODE_CHAMP_INVALIDE, "", "Ce champ est obligatoire.")
    elif isinstance(exc, RecursionError):
        yield _Defaut(chemin, CODE_CHAMP_INVALIDE, "", "Ces données sont trop imbriquées.")
    else:
        yield _Defaut(chemin, CODE_CHAMP_INVALIDE, "", "Cette valeur est invalide.")


def _en_donnee_invalide(exc: BaseException) -> DonneeInvalide:
    defauts = [d for chemin, f in _feuilles(exc, RACINE) for d in _defauts(chemin, f)]
    if not defauts:  # an empty group: nothing to point at
        defauts = [_Defaut(RACINE, CODE_CHAMP_INVALIDE, "", "Ces données sont invalides.")]
    premier = defauts[0]
    details: dict[str, str] = {}
    for d in defauts:
        details.setdefault(d.chemin, d.message)
    return DonneeInvalide(
        premier.message,
        code=premier.code,
        regle=premier.regle,
        chemin=premier.chemin,
        details=details,
    )



def _en_json(valeur: Any) -> Any:
    """A detail as JSON data, its type kept: a number stays a number, a tuple a list."""
    if isinstance(valeur, Mapping):
        return {str(k): _en_json(v) for k, v in valeur.items()}
    if isinstance(valeur, Sequence | frozenset | set) and not isinstance(valeur, str):
        return [_en_json(v) for v in valeur]
    return valeur


def erreur_en_json(erreur: ErreurRstEffectifs) -> dict[str, Any]:
    """What a front end sends back for a refusal: stable code, rule, French message."""
    donnees: dict[str, Any] = {
        "code": erreur.code,
        "regle": erreur.regle,
        "message": erreur.message,
        "chemin": erreur.chemin,
        "details": {cle: _en_json(v) for cle, v in erreur.details.items()},
    }
    if isinstance(erreur, RefusGroupe):
        donnees["echecs"] = [
            {"salarie_id": e.salarie_id, "code": e.code, "regle": e.regle, "message": e.message}
            for e in erreur.echecs
        ]
    return donnees
