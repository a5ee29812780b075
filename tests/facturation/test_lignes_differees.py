"""``Assiette.depuis_lignes_brutes`` (lines built on first read) gives the assiette
``depuis_lignes`` gives from the same lines: equal, same hash, same JSON, priced alike."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest

import rst_effectifs as rst
from rst_effectifs.domain.facturation import (
    REGLES_PREDEFINIES,
    LigneAssiette,
    LigneBrute,
    LignesDifferees,
    MotifDeComptage,
    annee,
)
from rst_effectifs.formats.json import make_converter

T, M = rst.TypeDeSuivi, MotifDeComptage
BRUTES: list[LigneBrute] = [
    ("s2", "Dubois", "Anaïs", T.SIR, M.PRESENT_DANS_L_ANNEE,
     dt.date(2025, 1, 1).toordinal(), dt.date(2025, 12, 31).toordinal(), True, False),
    ("s1", "Martin", "Léa", T.SIA, M.PRESENT_DANS_L_ANNEE,
     dt.date(2025, 3, 2).toordinal(), dt.date(2025, 6, 30).toordinal(), True, True),
]
BAREME = rst.Bareme("essai", prix_sig=Decimal("100.005"), prix_sia=Decimal("120"),
                    prix_sir=Decimal("130"), droit_entree=Decimal("50"))


def _lignes() -> list[LigneAssiette]:
    return [LigneAssiette(s, n, p, t, m, dt.date.fromordinal(du), dt.date.fromordinal(au),
                          c, e) for s, n, p, t, m, du, au, c, e in BRUTES]


@pytest.mark.parametrize("bareme", [None, BAREME])
def test_deferred_lines_make_the_same_assiette(bareme: rst.Bareme | None) -> None:
    regle = REGLES_PREDEFINIES["present_dans_l_annee"]
    attendue = rst.Assiette.depuis_lignes("a1", annee(2025), regle, _lignes(), bareme)
    differee = rst.Assiette.depuis_lignes_brutes(
        "a1", annee(2025), regle, BRUTES, {T.SIR: 1, T.SIA: 1}, 1, bareme)
    assert isinstance(differee.lignes, LignesDifferees)
    assert len(differee.lignes) == 2  # counted without building the lines
    assert differee == attendue and hash(differee) == hash(attendue)
    assert differee.lignes == attendue.lignes and differee.lignes[1] == attendue.lignes[1]
    assert list(differee.lignes) == list(attendue.lignes)
    convertisseur = make_converter()
    texte = json.dumps(convertisseur.unstructure(differee))
    assert texte == json.dumps(convertisseur.unstructure(attendue))
    assert convertisseur.structure(json.loads(texte), rst.Assiette) == attendue


def test_deferred_lines_are_not_equal_to_other_lines_or_other_things() -> None:
    lignes = LignesDifferees(BRUTES)
    assert lignes != tuple(_lignes()[:1])
    assert lignes != "s2"
    assert lignes == LignesDifferees(list(BRUTES))
    assert repr(lignes) == repr(tuple(_lignes()))
