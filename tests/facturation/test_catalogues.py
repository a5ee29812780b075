"""The one look-up by name of the presets (counting rules, barèmes): an unknown name is
refused by listing the known ones, the same way for both catalogues (F2, A5)."""

from __future__ import annotations

import pytest

import rst_effectifs as rst
from rst_effectifs.domain.facturation import (
    BAREMES_PREDEFINIS,
    REGLES_PREDEFINIES,
    bareme_predefini,
    regle_predefinie,
)


def test_a_known_name_gives_its_preset() -> None:
    for nom, regle in REGLES_PREDEFINIES.items():
        assert regle_predefinie(nom) is regle
    for nom, bareme in BAREMES_PREDEFINIS.items():
        assert bareme_predefini(nom) is bareme


def test_an_unknown_rule_is_refused_listing_every_rule_in_order() -> None:
    with pytest.raises(rst.Introuvable) as info:
        regle_predefinie("au_doigt_mouille")
    erreur = info.value
    assert (erreur.code, erreur.regle, erreur.chemin) == ("regle.inconnue", "F2", "regle")
    assert erreur.message == ("Cette règle de comptage est inconnue. Règles disponibles : "
                              + ", ".join(sorted(REGLES_PREDEFINIES)) + ".")
    assert "au_doigt_mouille" not in erreur.message
    assert erreur.__cause__ is None and erreur.__context__ is None  # no KeyError kept (A5)


@pytest.mark.parametrize("nom", ["tarif_magique", 12, None, ["bareme_exemple"]])
def test_an_unknown_or_non_text_bareme_is_refused_the_same_way(nom: object) -> None:
    with pytest.raises(rst.Introuvable) as info:
        bareme_predefini(nom)  # type: ignore[arg-type]
    erreur = info.value
    assert (erreur.code, erreur.regle, erreur.chemin) == ("bareme.inconnu", "F2", "bareme")
    assert erreur.message == ("Ce barème est inconnu. Barèmes disponibles : "
                              + ", ".join(sorted(BAREMES_PREDEFINIS)) + ".")
    assert erreur.__context__ is None
