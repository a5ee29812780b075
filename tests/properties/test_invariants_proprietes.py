"""Whatever the sequence of use cases, the store stays valid after every step: each file
passes its own invariants (C2, E2), active poste labels stay unique (P1), versions only
go up, the journal only grows (A5), and a refused step leaves everything as it was."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

from hypothesis import given
from hypothesis import strategies as st
from proprietes_outils import REGLAGES, Bureau, Instantane

import rst_effectifs as rst
from rst_effectifs.domain.textes import normaliser
from rst_effectifs.testing.strategies import EtapeJouee, historiques, scenarios

K = TypeVar("K")
Agregat = TypeVar("Agregat", rst.Adherent, rst.Salarie)


def _versions_croissantes(avant: Mapping[K, Agregat], apres: Mapping[K, Agregat]) -> None:
    for cle, nouveau in apres.items():
        ancien = avant.get(cle)
        if ancien is None:
            assert nouveau.version == 1, (cle, nouveau.version)
        elif nouveau != ancien:
            assert nouveau.version > ancien.version, cle
    assert set(avant) <= set(apres), "an aggregate disappeared"


def _verifier_magasin(bureau: Bureau) -> None:
    for salarie in bureau.salaries():
        salarie.verifier_invariants()
        assert salarie.version >= 1
    for adherent in bureau.etat.adherents.values():
        actifs = [normaliser(p.libelle) for p in adherent.postes if p.actif]
        assert len(actifs) == len(set(actifs)), actifs


@REGLAGES
@given(st.data())
def test_every_accepted_step_leaves_every_aggregate_valid(data: st.DataObject) -> None:
    bureau = Bureau()
    precedent: list[Instantane] = [bureau.instantane()]

    def apres_chaque(etape: EtapeJouee) -> None:
        adherents, salaries, requetes, journal = bureau.instantane()
        a0, s0, _r0, j0 = precedent[0]
        if not etape.acceptee:
            assert (adherents, salaries, requetes, journal) == precedent[0], etape
        _versions_croissantes(a0, adherents)
        _versions_croissantes(s0, salaries)
        assert journal[: len(j0)] == j0
        _verifier_magasin(bureau)
        precedent[0] = (adherents, salaries, requetes, journal)

    joues = bureau.jouer(data.draw(scenarios(bureau.adherent_id)), apres_chaque)
    assert joues


@REGLAGES
@given(historiques(poste_ids=("poste-1", "poste-2")))
def test_the_kit_histories_are_valid_files(salarie: rst.Salarie) -> None:
    """The kit's promise: a drawn history passes every invariant a stored file must."""
    salarie.verifier_invariants()
    assert salarie.contrats
    assert {c.poste_id for c in salarie.contrats} <= {"poste-1", "poste-2"}
