"""Text rules shared by the domain: required labels, search texts and the comparison key.

Labels are compared ignoring case, accents and repeated spaces (P1, S2). Every text the
library stores or searches holds only characters every storage can hold and is bounded
in length (T1): too long is a refusal, never a cut.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from .erreurs import DonneeInvalide


def normaliser(texte: str) -> str:
    """The comparison form of a text: no accents, case-folded, single spaces, no hyphens.

    Short texts are cached: names repeat, a DSN import compares every person's names
    (S2) and a billing run sorts every member's lines by them. Long ones (free text, a
    hostile filter) are not, so the cache stays small."""
    if len(texte) <= _LONGUEUR_EN_CACHE:
        return _normaliser_court(texte)
    return _normaliser(texte)


_LONGUEUR_EN_CACHE = 200


@lru_cache(maxsize=8192)
def _normaliser_court(texte: str) -> str:
    return _normaliser(texte)


def _normaliser(texte: str) -> str:
    if texte.isascii():
        sans_accents = texte
    else:
        decompose = unicodedata.normalize("NFKD", texte)
        sans_accents = "".join(c for c in decompose if not unicodedata.combining(c))
    plie = sans_accents.casefold().replace("-", " ").replace("'", " ").replace("’", " ")
    return " ".join(plie.split())


CATEGORIES_INTERDITES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn"})
"""T1: control characters (NUL included), format characters (zero-width, direction
overrides), unpaired surrogates (not UTF-8), private-use and unassigned code points.
PostgreSQL refuses NUL in text and no engine can encode a lone surrogate; the others
are invisible or meaningless in a name and would make two equal-looking texts differ."""


def caracteres_interdits(texte: str) -> bool:
    """Whether ``texte`` holds a character of :data:`CATEGORIES_INTERDITES` (T1).

    ``isprintable`` is false for every one of them, so the category walk only runs on
    texts holding one (or a separator other than the ASCII space)."""
    return not texte.isprintable() and any(
        unicodedata.category(c) in CATEGORIES_INTERDITES for c in texte
    )


def texte_de_recherche(
    valeur: object, *, champ: str, maximum: int, libelle: str
) -> str | None:
    """T1: a search text (``None``: no filter) of at most ``maximum`` characters, without
    a character a stored text cannot hold, so every storage answers it the same way."""
    if valeur is None:
        return None
    if not isinstance(valeur, str):
        raise DonneeInvalide(f"{libelle} doit être un texte.", code="donnee.type_invalide",
                             regle="T1", chemin=champ)
    if len(valeur) > maximum:
        raise DonneeInvalide(f"{libelle} ne peut dépasser {maximum} caractères.",
                             code="donnee.trop_long", regle="T1", chemin=champ)
    if caracteres_interdits(valeur):
        raise DonneeInvalide(f"{libelle} contient des caractères non autorisés.",
                             code="donnee.caractere_interdit", regle="T1", chemin=champ)
    return valeur


def texte_requis(
    valeur: object, *, champ: str, code: str, regle: str, maximum: int, libelle: str
) -> str:
    """A trimmed, printable, non-empty text of at most ``maximum`` characters."""
    if not isinstance(valeur, str):
        raise DonneeInvalide(
            f"{libelle} doit être un texte.", code=code, regle=regle, chemin=champ
        )
    propre = " ".join(valeur.split())
    if not propre:
        raise DonneeInvalide(f"{libelle} est obligatoire.", code=code, regle=regle, chemin=champ)
    if len(propre) > maximum:
        raise DonneeInvalide(
            f"{libelle} ne peut dépasser {maximum} caractères.",
            code=code,
            regle=regle,
            chemin=champ,
        )
    # After the split above no separator but the ASCII space is left (T1).
    if caracteres_interdits(propre):
        raise DonneeInvalide(
            f"{libelle} contient des caractères non autorisés.",
            code=code,
            regle=regle,
            chemin=champ,
        )
    return propre


def texte_optionnel(
    valeur: object, *, champ: str, code: str, regle: str, maximum: int, libelle: str
) -> str | None:
    """Like :func:`texte_requis`, but ``None`` and blank texts mean "not given"."""
    if valeur is None or (isinstance(valeur, str) and not valeur.strip()):
        return None
    return texte_requis(
        valeur, champ=champ, code=code, regle=regle, maximum=maximum, libelle=libelle
    )
