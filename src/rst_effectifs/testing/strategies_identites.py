"""Hypothesis strategies for people: family and given names with accents, apostrophes
and hyphens, valid identities (S1) and the look-alikes S2 must recognise. Re-exported by
:mod:`rst_effectifs.testing.strategies`; needs the ``test`` extra (hypothesis)."""

from __future__ import annotations

import datetime as dt
import random
import string
import unicodedata
from collections.abc import Sequence

from hypothesis import strategies as st

from ..domain.identifiants import Nir
from ..domain.salaries import Identite
from .strategies_identifiants import nirs

_ACCENTS = {"a": "àâä", "c": "ç", "e": "éèêë", "i": "îï", "o": "ôö", "u": "ùûü", "y": "ÿ"}
LETTRES = string.ascii_lowercase + "".join(_ACCENTS.values()) + "œæ"
_NOMS_REELS = ("Dupont", "Le Gall", "D'Artagnan", "N'Diaye", "Lefèvre-Pontalis", "Müller",
               "Nguyễn", "Ben Saïd", "Œuvrard", "de La Tour d'Auvergne", "Ibáñez", "O'Neil")
_PRENOMS_REELS = ("Jean-Pierre", "Élodie", "Zoé", "Anaïs", "Noël", "Chloé Marie", "François",
                  "Maëlle", "Jérôme", "Ève-Marie", "Loïc", "Çağla")


@st.composite
def _mot(draw: st.DrawFn) -> str:
    lettres = draw(st.text(LETTRES, min_size=1, max_size=10))
    return lettres[0].upper() + lettres[1:] if draw(st.booleans()) else lettres


@st.composite
def _compose(draw: st.DrawFn, separateurs: str, reels: Sequence[str]) -> str:
    if draw(st.integers(0, 2)) == 0:
        return draw(st.sampled_from(reels))
    mots = draw(st.lists(_mot(), min_size=1, max_size=3))
    texte = mots[0]
    for mot in mots[1:]:
        texte += draw(st.sampled_from(separateurs)) + mot
    return texte


def noms() -> st.SearchStrategy[str]:
    """Family names with accents, apostrophes (``D'Artagnan``) and hyphens (S1)."""
    return _compose(" -'", _NOMS_REELS)


def prenoms() -> st.SearchStrategy[str]:
    """Given names, possibly several, accented or hyphenated (``Ève-Marie``)."""
    return _compose(" -", _PRENOMS_REELS)


def dates_de_naissance() -> st.SearchStrategy[dt.date]:
    """Birth dates of working people, minors included (P3)."""
    return st.dates(dt.date(1945, 1, 1), dt.date(2010, 12, 31))


@st.composite
def _identites(draw: st.DrawFn, avec_nir: bool | None, corse: bool | None) -> Identite:
    naissance = draw(dates_de_naissance())
    nir = draw(nirs(corse=corse, naissance=naissance)) if (
        draw(st.booleans()) if avec_nir is None else avec_nir) else None
    return Identite(nom=draw(noms()), prenoms=draw(prenoms()), date_naissance=naissance,
                    nir=nir)


def identites(
    avec_nir: bool | None = None, corse: bool | None = None
) -> st.SearchStrategy[Identite]:
    """Valid identities (S1). ``avec_nir``: True always a NIR, False never, None either.
    A NIR matches the birth year and month; ``corse`` is passed to :func:`nirs`."""
    return _identites(avec_nir, corse)


def _sans_accent(c: str) -> str:
    return unicodedata.normalize("NFKD", c)[0]


# Strategies drawn many times inside composites are built once: building one per draw
# costs Hypothesis a validation each time.
BOOLEENS = st.booleans()
_GRAINES = st.integers(0, 2**32 - 1)
_FORMES_NIR = st.integers(0, 2)
_SEPARATEURS = {"-": "- ", "'": "'’ ", "’": "'’ ", " ": " -"}


def _varier(hasard: random.Random, texte: str) -> str:
    sortie = []
    for c in texte:
        choix = hasard.randrange(6)
        base = _sans_accent(c).lower()
        if c in _SEPARATEURS:
            c = hasard.choice(_SEPARATEURS[c])
        elif choix == 0 and base in _ACCENTS:
            c = hasard.choice(base + _ACCENTS[base])
        elif choix == 1 and len(c.swapcase()) == 1:
            c = c.swapcase()
        sortie.append(c)
    marge = hasard.choice(["", " ", "  "])
    return marge + "".join(sortie) + marge


def varier_identite(draw: st.DrawFn, identite: Identite, garder_nir: bool | None) -> Identite:
    # One seed per variant: a draw per character would make long scenarios slow.
    hasard = random.Random(draw(_GRAINES))
    garder = draw(BOOLEENS) if garder_nir is None else garder_nir
    return Identite(
        nom=_varier(hasard, identite.nom),
        prenoms=_varier(hasard, identite.prenoms),
        date_naissance=identite.date_naissance,
        nir=identite.nir if garder else None,
    )


_VARIANTES = st.composite(varier_identite)


def variantes(identite: Identite, garder_nir: bool | None = None) -> st.SearchStrategy[Identite]:
    """The same person as S2 sees them: case, accents, hyphens/spaces, apostrophes and
    outer blanks varied; the NIR kept or dropped (``garder_nir``: None either)."""
    return _VARIANTES(identite, garder_nir)


def texte_nir(draw: st.DrawFn, nir: Nir) -> str:
    """How a front end may send a NIR: compact, spaced as on the card, or lower-case."""
    v = nir.valeur
    forme = draw(_FORMES_NIR)
    if forme == 0:
        return v
    if forme == 1:
        return f"{v[0]} {v[1:3]} {v[3:5]} {v[5:7]} {v[7:10]} {v[10:13]} {v[13:]}"
    return v.lower()


__all__ = [
    "BOOLEENS",
    "LETTRES",
    "dates_de_naissance",
    "identites",
    "noms",
    "prenoms",
    "texte_nir",
    "variantes",
    "varier_identite",
]
