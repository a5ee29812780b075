"""S5 on any history: merging a file's copy gives the file back, and merging two
histories of one person either keeps both presences (their union) on a valid file or is
refused with an S5 code — never another error, never a guess."""

from __future__ import annotations

import datetime as dt
import itertools

import attrs
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import rst_effectifs as rst
from rst_effectifs.domain.fusion import fusionner, union
from rst_effectifs.testing.strategies import copie_en_double, doublons, historiques

D = dt.date
REGLAGES = settings(max_examples=100, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


def _ids() -> itertools.count[int]:
    return itertools.count(1)


@REGLAGES
@given(historiques(salarie_id="garde"), st.booleans())
def test_merging_a_whole_copy_gives_the_file_back(garde: rst.Salarie, sens: bool) -> None:
    double = copie_en_double(garde, "double")
    conserve, doublon = (double, garde) if sens else (garde, double)
    fusionne, annule, _evenements = fusionner(conserve, doublon, None, lambda: "inutile")
    assert fusionne.contrats_actifs == conserve.contrats_actifs
    assert fusionne.mouvements_actifs == conserve.mouvements_actifs
    assert fusionne.periodes_de_presence() == garde.periodes_de_presence()
    assert fusionne.identite.nir is not None or garde.identite.nir is None
    assert annule.annule and annule.periodes_de_presence() == ()


@REGLAGES
@given(st.data())
def test_two_histories_of_one_person_merge_into_their_union_or_are_refused(
    data: st.DataObject,
) -> None:
    garde = data.draw(historiques(salarie_id="garde"))
    autre = data.draw(historiques(salarie_id="autre", max_commandes=4))
    if data.draw(st.booleans()) and garde.contrats_actifs:
        autre = data.draw(doublons(garde, "autre"))
    autre = rst.Salarie(id=autre.id, adherent_id=garde.adherent_id,
                        identite=garde.identite, contrats=autre.contrats,
                        mouvements=autre.mouvements)
    compteur = _ids()
    try:
        fusionne, _annule, _evenements = fusionner(
            garde, autre, None, lambda: f"nouveau-{next(compteur)}")
    except rst.RegleMetier as erreur:
        assert erreur.regle == "S5" and erreur.code.startswith("fusion."), erreur
        event(erreur.code)
        return
    event("fusionnees")
    fusionne.verifier_invariants()
    assert fusionne.periodes_de_presence() == union(
        (*garde.periodes_de_presence(), *autre.periodes_de_presence()))
    ids = [c.id for c in fusionne.contrats] + [m.id for m in fusionne.mouvements]
    assert len(ids) == len(set(ids))


def test_a_file_of_another_adherent_answers_like_an_unknown_one() -> None:
    garde = copie_en_double(
        rst.Salarie.embaucher("g", "a1", rst.Identite("Roux", "Ines", D(1990, 1, 2)),
                              rst.Contrat("c", rst.NatureContrat.CDI, D(2020, 1, 1), "p"))[0],
        "x")
    ailleurs = attrs.evolve(copie_en_double(garde, "y"), adherent_id="a2")
    with pytest.raises(rst.Introuvable) as info:
        fusionner(garde, ailleurs, None, lambda: "inutile")
    assert (info.value.code, info.value.chemin) == ("salarie.introuvable", "doublon_id")
