"""Required texts: the printable fast path refuses exactly what the category check does."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rst_effectifs.domain.erreurs import DonneeInvalide
from rst_effectifs.domain.textes import texte_requis

INTERDITES = ("Cc", "Cf", "Cs", "Co", "Cn")


def _requis(valeur: str) -> str:
    return texte_requis(valeur, champ="nom", code="x.invalide", regle="S1", maximum=10_000,
                        libelle="Le nom")


@given(st.text(st.characters(codec=None), min_size=1, max_size=40))
def test_refuse_exactement_les_categories_interdites(texte: str) -> None:
    propre = " ".join(texte.split())
    interdit = any(unicodedata.category(c) in INTERDITES for c in propre)
    if not propre:
        return
    if interdit:
        with pytest.raises(DonneeInvalide) as refus:
            _requis(texte)
        assert "non autorisés" in refus.value.message
    else:
        assert _requis(texte) == propre


@pytest.mark.parametrize("separateur", ["\u00a0", "\u2028", "\u2029", "\u3000", "\t"])
def test_separateurs_unicode_deviennent_une_espace(separateur: str) -> None:
    assert _requis(f"Jean{separateur}Paul") == "Jean Paul"


@pytest.mark.parametrize("caractere", ["\u200b", "\x07", "\ue000", "\u0378"])
def test_caracteres_invisibles_refuses(caractere: str) -> None:
    with pytest.raises(DonneeInvalide):
        _requis(f"Jean{caractere}Paul")


def _normaliser_de_reference(texte: str) -> str:
    decompose = unicodedata.normalize("NFKD", texte)
    sans_accents = "".join(c for c in decompose if not unicodedata.combining(c))
    plie = sans_accents.casefold().replace("-", " ").replace("'", " ").replace("’", " ")
    return " ".join(plie.split())


@given(st.text(max_size=30) | st.text(min_size=190, max_size=260)
       | st.from_regex(r"[A-Za-z' -]{0,40}", fullmatch=True))
def test_normaliser_agrees_with_the_plain_computation(texte: str) -> None:
    """The ASCII fast path and the cache (short texts only) change nothing."""
    from rst_effectifs.domain.textes import normaliser

    assert normaliser(texte) == _normaliser_de_reference(texte)
    assert normaliser(texte) == normaliser(texte)
