"""``gc_paused``: the cyclic collector is off inside, back as it was after — also after a
refusal — and the bulk readers and the import leave it as they found it."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from rst_effectifs.application.bulk import gc_paused
from rst_effectifs.exemples import chemin_exemple
from rst_effectifs.formats.csv_io import CsvInvalide, analyser_csv
from rst_effectifs.formats.dsn import DsnInvalide, analyser_dsn


@pytest.fixture
def collecteur_actif() -> Iterator[None]:
    gc.enable()
    yield
    gc.enable()


def test_paused_inside_and_on_again_after(collecteur_actif: None) -> None:
    with gc_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_on_again_after_an_error(collecteur_actif: None) -> None:
    with pytest.raises(ValueError), gc_paused():
        raise ValueError("x")
    assert gc.isenabled()


def test_a_caller_that_disabled_it_keeps_it_disabled(collecteur_actif: None) -> None:
    gc.disable()
    with gc_paused():
        assert not gc.isenabled()
    assert not gc.isenabled()


def test_nested_pauses_restore_the_outer_state(collecteur_actif: None) -> None:
    with gc_paused():
        with gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_readers_leave_the_collector_on_whether_they_read_or_refuse(
    collecteur_actif: None,
) -> None:
    texte = chemin_exemple("exemple.dsn").read_bytes().decode("latin-1")
    assert analyser_dsn(texte).individus
    assert gc.isenabled()
    with pytest.raises(DsnInvalide):
        analyser_dsn("pas une DSN")
    assert gc.isenabled()
    with pytest.raises(CsvInvalide):
        analyser_csv("")
    assert gc.isenabled()


def test_the_billing_run_hands_each_assiette_over_with_the_collector_on(
    collecteur_actif: None, tmp_path: object
) -> None:
    """The SQL billing run pauses the collector while it builds one member's lines, never
    while the caller holds an assiette (the generator is suspended then)."""
    import datetime as dt

    import rst_effectifs as rst
    from rst_effectifs.adapters.sql import FabriqueSql
    from rst_effectifs.domain.facturation import REGLES_PREDEFINIES, annee

    ctx = rst.depuis_url(f"sqlite:///{tmp_path}/gc.db")
    agent = rst.AgentRst(rst.Email.parse("agent@rst.fr"))
    for n in (1, 2):
        adherent = rst.creer_adherent(ctx, agent, rst.CreerAdherent(
            numero=f"00421{n}", siret="73282932000074", raison_sociale=f"Boulangerie {n}",
            email_connexion=f"contact{n}@exemple.fr"))
        moi = rst.Acces(rst.Email.parse(f"contact{n}@exemple.fr"), adherent.id,
                        frozenset({rst.Role.ADMINISTRATEUR}))
        vente = rst.ajouter_poste(ctx, moi, rst.AjouterPoste(adherent.id, "Vendeuse"))
        rst.embaucher(ctx, moi, rst.EmbaucherSalarie(
            adherent.id, nom="Durand", prenoms="Léa", date_naissance=dt.date(1990, 5, 4),
            contrat=rst.NouveauContrat(rst.NatureContrat.CDI, dt.date(2025, 1, 6), vente.id)))
    fabrique = ctx.unite_de_travail
    assert isinstance(fabrique, FabriqueSql)
    vues = 0
    with fabrique() as uow:
        for regle in ("present_dans_l_annee", "embauches_plus_de_31_jours"):
            for assiette in uow.facturation.assiette_de_tous(annee(2025),
                                                             REGLES_PREDEFINIES[regle]):
                assert gc.isenabled()
                vues += assiette.nombre
    assert gc.isenabled() and vues == 4
    fabrique.fermer()
