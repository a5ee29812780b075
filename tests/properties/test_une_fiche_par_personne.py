"""S2: one file per person per adherent, whatever the order of hires, corrections and
cancellations, and however the same person's name is typed."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st
from proprietes_outils import REGLAGES, Bureau

import rst_effectifs as rst
from rst_effectifs.testing.strategies import identites, nouveaux_contrats, variantes


def _nirs_distincts(personnes: list[rst.Identite]) -> bool:
    nirs = [p.nir for p in personnes if p.nir is not None]
    return len(set(nirs)) == len(nirs)


# Distinct people: neither their normalised names and birth date nor their NIRs coincide.
PERSONNES = st.lists(identites(), min_size=1, max_size=4, unique_by=lambda p: p.cle).filter(
    _nirs_distincts)
ACTIONS = st.lists(st.tuples(st.sampled_from(["embaucher"] * 4 + ["annuler", "corriger"]),
                             st.integers(0, 3), st.integers(0, 20)), min_size=1, max_size=14)


def _texte_nir(identite: rst.Identite) -> str | None:
    return None if identite.nir is None else identite.nir.valeur


@REGLAGES
@given(personnes=PERSONNES, actions=ACTIONS, data=st.data())
def test_hiring_the_same_person_again_never_gives_two_live_files(
    personnes: list[rst.Identite], actions: list[tuple[str, int, int]], data: st.DataObject,
) -> None:
    bureau = Bureau()
    personne_de: dict[str, int] = {}  # file id -> index of the person it belongs to
    contrats = nouveaux_contrats(bureau.poste_ids, st.dates(dt.date(2020, 1, 1),
                                                            dt.date(2024, 12, 31)))
    for action, k, f in actions:
        k %= len(personnes)
        fiches = sorted(personne_de)
        fiche = fiches[f % len(fiches)] if fiches else None
        saisie = data.draw(variantes(personnes[k]))
        try:
            if action == "embaucher":
                salarie = rst.embaucher(bureau.ctx, bureau.acteur, rst.EmbaucherSalarie(
                    bureau.adherent_id, saisie.nom, saisie.prenoms, saisie.date_naissance,
                    data.draw(contrats), _texte_nir(saisie)))
                personne_de[salarie.id] = k
            elif action == "corriger" and fiche is not None:
                rst.corriger_identite(bureau.ctx, bureau.acteur, rst.CorrigerIdentite(
                    bureau.adherent_id, fiche, saisie.nom, saisie.prenoms,
                    saisie.date_naissance, _texte_nir(saisie)))
                personne_de[fiche] = k
            elif action == "annuler" and fiche is not None:
                rst.annuler_salarie(bureau.ctx, bureau.acteur,
                                    rst.AnnulerSalarie(bureau.adherent_id, fiche))
        except rst.RegleMetier as erreur:
            if erreur.code == "salarie.deja_existant":
                # The refusal names a live file of that very person (S2).
                existant = erreur.details["salarie_id"]
                assert personne_de[existant] == k
                assert not bureau.etat.salaries[(bureau.adherent_id, existant)].annule
            else:
                assert erreur.code == "salarie.annule", erreur

        vivantes = [personne_de[s.id] for s in bureau.salaries() if not s.annule]
        assert len(vivantes) == len(set(vivantes)), vivantes


@REGLAGES
@given(st.data())
def test_the_kit_variants_are_one_person_for_s2(data: st.DataObject) -> None:
    """The premise of the test above: a variant has the same S2 key and, when kept, NIR."""
    personne = data.draw(identites())
    variante = data.draw(variantes(personne))
    assert variante.cle == personne.cle
    assert variante.nir in (None, personne.nir)
