"""What every identifier value object shares: text input bounded before any check, the
attrs validator that keeps a stored value in normalised form, and stdnum refusals that
carry no trace of the input (A5)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar, Self

from attrs import Attribute
from stdnum.exceptions import ValidationError

from .erreurs import DonneeInvalide

LONGUEUR_MAX_TEXTE = 1000
"""Any text longer than this is refused before any other check."""


def texte_borne(
    texte: object, *, code: str, regle: str, nom: str, chemin: str | None, feminin: bool = False
) -> str:
    """Refuse non-text and over-long input; return the text stripped of outer blanks."""
    if not isinstance(texte, str):
        raise DonneeInvalide(f"{nom} doit être un texte.", code=code, regle=regle, chemin=chemin)
    if len(texte) > LONGUEUR_MAX_TEXTE:
        raise DonneeInvalide(
            f"{nom} est trop long{'ue' if feminin else ''} "
            f"(plus de {LONGUEUR_MAX_TEXTE} caractères).",
            code=code,
            regle=regle,
            chemin=chemin,
        )
    return texte.strip()


def verifier_normalise(
    normaliser: Callable[[str], str], code: str, regle: str, nom: str
) -> Callable[[Any, Attribute[str], str], None]:
    """attrs validator: the stored value must already be in normalised form."""

    def valider(_instance: Any, _attribut: Attribute[str], valeur: str) -> None:
        if not isinstance(valeur, str) or normaliser(valeur) != valeur:
            raise DonneeInvalide(
                f"{nom} n'est pas sous sa forme normalisée ; utilisez parse().",
                code=code,
                regle=regle,
            )

    return valider


def valider_sans_trace(valider: Callable[[str], object], texte: str) -> str | None:
    """stdnum's normalised form, or ``None`` when it refuses. The refusal is raised by
    the caller, outside this handler, so no chained exception (a ``ValueError`` of
    ``int()`` quotes its input) carries the value (A5)."""
    try:
        return str(valider(texte))
    except (ValidationError, ValueError, TypeError):
        return None


def sans_exception(normaliser: Callable[[str, str | None], str]) -> Callable[[str], str]:
    """The normalised form, or ``""`` when refused: what :func:`verifier_normalise`
    compares a stored value with."""

    @functools.lru_cache(maxsize=4096)  # pure; every file and session read checks again
    def strict(valeur: str) -> str:
        try:
            return normaliser(valeur, None)
        except DonneeInvalide:
            return ""

    return strict


class ValeurNormalisee:
    """An identifier held in normalised form in ``valeur``. A subclass names its
    normaliser and its refusal (``_code``, ``_regle``, ``_nom``), and checks its field
    with :func:`verifier_normalise` of them; ``parse`` is then the same for every one."""

    __slots__ = ()
    _code: ClassVar[str]
    _regle: ClassVar[str]
    _nom: ClassVar[str]
    _feminin: ClassVar[bool] = False
    _normaliser: ClassVar[Callable[[str, str | None], str]]

    if TYPE_CHECKING:
        valeur: str

        def __init__(self, valeur: str) -> None: ...

    @classmethod
    def parse(cls, texte: str, *, chemin: str | None = None) -> Self:
        """Validate and normalise (outer blanks trimmed; see the class for what else)."""
        brut = texte_borne(texte, code=cls._code, regle=cls._regle, nom=cls._nom,
                           chemin=chemin, feminin=cls._feminin)
        return cls(cls._normaliser(brut, chemin))

    def __str__(self) -> str:
        return self.valeur


__all__ = [
    "LONGUEUR_MAX_TEXTE",
    "ValeurNormalisee",
    "sans_exception",
    "texte_borne",
    "valider_sans_trace",
    "verifier_normalise",
]
