"""E4: the headcount the use cases give equals presence counted by hand from the raw
contracts and movements, on any date and over any period; and a contract change for
someone already present never moves it (C3, E3)."""

from __future__ import annotations

import datetime as dt

from hypothesis import assume, event, given
from hypothesis import strategies as st
from proprietes_outils import (
    REGLAGES,
    UN_JOUR,
    Bureau,
    dates_cles,
    entree_brute,
    present_brut,
    presents_bruts,
    presents_bruts_sur,
)

import rst_effectifs as rst
from rst_effectifs.testing.strategies import historiques, nouveaux_contrats, scenarios

DATES = st.dates(dt.date(2017, 1, 1), dt.date(2027, 12, 31))


def _verifier_effectifs(bureau: Bureau, data: st.DataObject) -> None:
    salaries = bureau.salaries()
    cles = dates_cles(salaries)
    for jour in [*cles, *data.draw(st.lists(DATES, max_size=5))]:
        assert bureau.presents(jour) == presents_bruts(salaries, jour), jour
    bornes = data.draw(st.lists(st.sampled_from(cles) if cles else DATES, min_size=2,
                                max_size=8))
    periodes = [(min(a, b), max(a, b)) for a, b in zip(bornes[::2], bornes[1::2], strict=False)]
    periodes += data.draw(st.lists(
        st.tuples(DATES, st.integers(0, 400)).map(lambda t: (t[0], t[0] + t[1] * UN_JOUR)),
        max_size=2))
    for debut, fin in periodes:
        assert bureau.presents_sur(debut, fin) == presents_bruts_sur(salaries, debut, fin), (
            debut, fin)


@REGLAGES
@given(st.data())
def test_headcount_of_played_scenarios_matches_a_count_by_hand(data: st.DataObject) -> None:
    bureau = Bureau()
    bureau.jouer(data.draw(scenarios(bureau.adherent_id)))
    _verifier_effectifs(bureau, data)


@REGLAGES
@given(st.data())
def test_headcount_of_random_histories_matches_a_count_by_hand(data: st.DataObject) -> None:
    bureau = Bureau()
    bureau.deposer(data.draw(st.lists(historiques(bureau.adherent_id, bureau.poste_ids),
                                      min_size=1, max_size=5, unique_by=lambda s: s.id)))
    _verifier_effectifs(bureau, data)


@REGLAGES
@given(st.data())
def test_a_contract_starting_while_present_never_changes_the_headcount(
    data: st.DataObject,
) -> None:
    """A new contract that starts after the entry date, on a day the salarié is present,
    changes no one's presence on any date.

    That is the whole scope: E3 makes a contract that starts while the person is out
    reintegrate them, and one starting before the entry moves the entry (E1), so those
    two cases do change the headcount, on purpose.
    """
    bureau = Bureau()
    salaries = data.draw(st.lists(historiques(bureau.adherent_id, bureau.poste_ids),
                                  min_size=1, max_size=4, unique_by=lambda s: s.id))
    bureau.deposer(salaries)
    salarie = data.draw(st.sampled_from(salaries))
    entree = entree_brute(salarie)
    assume(entree is not None and not salarie.annule)
    assert entree is not None
    bornes = [c.debut for c in salarie.contrats_actifs]
    bornes += [c.fin for c in salarie.contrats_actifs if c.fin is not None]
    apres_tout = max(bornes) + UN_JOUR  # past every contract: the change C3 accepts
    debut = data.draw(st.one_of(
        st.integers(0, 200).map(lambda n: apres_tout + n * UN_JOUR),
        st.integers(1, 3000).map(lambda n: entree + n * UN_JOUR),
    ))
    assume(debut > entree and present_brut(salarie, debut))
    contrat = data.draw(nouveaux_contrats(bureau.poste_ids, st.just(debut)))

    avant = bureau.salaries()
    jours = [*dates_cles(avant), debut - UN_JOUR, debut, debut + UN_JOUR]
    effectifs_avant = {jour: bureau.presents(jour) for jour in jours}
    try:
        rst.ajouter_contrat(bureau.ctx, bureau.acteur,
                            rst.AjouterContrat(bureau.adherent_id, salarie.id, contrat))
        event("contract accepted")
    except rst.ErreurDomaine as erreur:
        event(f"contract refused: {erreur.code}")
    apres = bureau.salaries()
    for jour in sorted({*jours, *dates_cles(apres)}):
        attendu = effectifs_avant.get(jour, presents_bruts(avant, jour))
        assert bureau.presents(jour) == attendu, jour
