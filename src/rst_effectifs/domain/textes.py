"""Text rules shared by the domain: required labels and the comparison key.

Labels are compared ignoring case, accents and repeated spaces (P1, S2).
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
    # After the split above no separator but the ASCII space is left, so a printable
    # text has no control, format, surrogate, private or unassigned character.
    if not propre.isprintable() and any(
        unicodedata.category(c) in ("Cc", "Cf", "Cs", "Co", "Cn") for c in propre
    ):
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
