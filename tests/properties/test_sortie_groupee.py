"""E5: a grouped exit is all or nothing. One bad salarié in the selection — already out,
unknown, or entered after the exit date — and nothing at all is stored, while the
refusal lists exactly the salariés that failed."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st
from proprietes_outils import REGLAGES, UN_JOUR, Bureau

import rst_effectifs as rst
from rst_effectifs.testing.strategies import MOTIFS_DE_SORTIE, identites, nouveaux_contrats

SORTIE = dt.date(2024, 6, 30)
AVANT = st.dates(dt.date(2019, 1, 1), SORTIE - 2 * UN_JOUR)  # leaves room for an earlier exit
APRES = st.dates(SORTIE + UN_JOUR, dt.date(2025, 12, 31))
DEFAUTS = st.sampled_from(["deja_sorti", "inconnu", "avant_entree"])
CODES = {"deja_sorti": "sortie.deja_sorti", "inconnu": "salarie.introuvable",
         "avant_entree": "sortie.avant_entree"}


def _embaucher(bureau: Bureau, data: st.DataObject, debuts: st.SearchStrategy[dt.date]) -> str:
    """Hire a new person; S2 may find the drawn person already has a file: draw again."""
    while True:
        identite = data.draw(identites())
        contrat = data.draw(nouveaux_contrats(bureau.poste_ids, debuts, avec_fin=False))
        nir = None if identite.nir is None else identite.nir.valeur
        try:
            return rst.embaucher(bureau.ctx, bureau.acteur, rst.EmbaucherSalarie(
                bureau.adherent_id, identite.nom, identite.prenoms, identite.date_naissance,
                contrat, nir)).id
        except rst.RegleMetier as erreur:
            assert erreur.code == "salarie.deja_existant"


def _mauvais(bureau: Bureau, data: st.DataObject, defaut: str, n: int) -> str:
    if defaut == "inconnu":
        return f"inconnu-{n}"
    if defaut == "avant_entree":
        return _embaucher(bureau, data, APRES)
    salarie_id = _embaucher(bureau, data, AVANT)
    entree = bureau.etat.salaries[(bureau.adherent_id, salarie_id)].contrats[0].debut
    le = data.draw(st.dates(entree, SORTIE - UN_JOUR))
    rst.sortir(bureau.ctx, bureau.acteur, rst.SortirDeLEffectif(
        bureau.adherent_id, f"avant-{n}", (salarie_id,), le))
    return salarie_id


@REGLAGES
@given(bons=st.integers(0, 4), defauts=st.lists(DEFAUTS, min_size=1, max_size=3),
       motif=st.none() | st.sampled_from(MOTIFS_DE_SORTIE), data=st.data())
def test_one_bad_salarie_in_a_grouped_exit_changes_nothing(
    bons: int, defauts: list[str], motif: str | None, data: st.DataObject,
) -> None:
    bureau = Bureau()
    bons_ids = [_embaucher(bureau, data, AVANT) for _ in range(bons)]
    mauvais = {_mauvais(bureau, data, defaut, n): defaut for n, defaut in enumerate(defauts)}
    selection = tuple(data.draw(st.permutations([*bons_ids, *mauvais])))
    avant = bureau.instantane()

    demande = rst.SortirDeLEffectif(bureau.adherent_id, "fin-de-saison", selection, SORTIE,
                                    motif)
    try:
        rst.sortir(bureau.ctx, bureau.acteur, demande)
    except rst.RefusGroupe as refus:
        echecs = [(e.salarie_id, e.code) for e in refus.echecs]
    else:
        raise AssertionError("a selection with a bad salarié was accepted")

    assert bureau.instantane() == avant
    assert sorted(echecs) == sorted((sid, CODES[defaut]) for sid, defaut in mauvais.items())
    if bons_ids:
        # The refused request left no trace: its id still serves, for the good ones only.
        fait = rst.sortir(bureau.ctx, bureau.acteur, rst.SortirDeLEffectif(
            bureau.adherent_id, "fin-de-saison", tuple(bons_ids), SORTIE, motif))
        assert not fait.deja_traitee
        assert {sid for sid, _m in fait.mouvements} == set(bons_ids)
        assert not bureau.presents(SORTIE + UN_JOUR) & set(bons_ids)
        assert bureau.presents(SORTIE) >= set(bons_ids)
