"""The set-based SQL assiette (F2, F5) equals the domain's reference ``assiette_de_reference``
on random histories, for every preset rule and random ones, on SQLite and PostgreSQL:
contiguous chains, minimum durations, excluded natures, exits and reintegrations,
cancelled contracts, minors raised to SIA, new hires of the period."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator
from decimal import Decimal

import pytest
from attrs import evolve
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import rst_effectifs as rst
from rst_effectifs.adapters.sql import FabriqueSql
from rst_effectifs.domain.facturation import REGLES_PREDEFINIES, assiette_de_reference
from rst_effectifs.testing.invariants import verifier_totaux, verifier_une_fois_par_personne
from rst_effectifs.testing.strategies import historiques

D = dt.date
POSTES = (
    rst.Poste(id="vente", libelle="Vente"),
    rst.Poste(id="nuit", libelle="Nuit", risques=frozenset({rst.Risque.TRAVAIL_DE_NUIT})),
    rst.Poste(id="chantier", libelle="Chantier", risques=frozenset({rst.Risque.AMIANTE})),
    rst.Poste(id="ancien", libelle="Ancien", archive=True, utilise=True),
)
MODELE = "adherent-modele"
PROPRIETES = settings(max_examples=30, deadline=None,
                      suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                             HealthCheck.function_scoped_fixture])

histoires = st.lists(
    historiques(MODELE, [p.id for p in POSTES], debut=D(2022, 1, 1), fin=D(2026, 6, 30),
                max_commandes=8),
    # One file per person (S2, which the schema enforces for files without a NIR).
    max_size=6, unique_by=(lambda s: s.id, lambda s: s.identite.cle),
)
regles_aleatoires = st.builds(
    rst.RegleDeComptage,
    nom=st.just("aleatoire"),
    mode=st.sampled_from(rst.ModeDeComptage),
    duree_min_embauche_jours=st.none() | st.integers(0, 120),
    natures_exclues=st.frozensets(st.sampled_from(rst.NatureContrat), max_size=3),
)
baremes = st.none() | st.builds(
    rst.Bareme, nom=st.just("aleatoire"),
    prix_sig=st.decimals(Decimal(0), Decimal(200), places=3),
    prix_sia=st.decimals(Decimal(0), Decimal(200), places=3),
    prix_sir=st.decimals(Decimal(0), Decimal(200), places=3),
    droit_entree=st.decimals(Decimal(0), Decimal(100), places=2),
)


@st.composite
def periodes(draw: st.DrawFn) -> rst.Periode:
    if draw(st.booleans()):
        an = draw(st.integers(2022, 2026))
        return rst.Periode(D(an, 1, 1), D(an, 12, 31))
    debut = draw(st.dates(D(2022, 1, 1), D(2026, 6, 30)))
    return rst.Periode(debut, debut + dt.timedelta(days=draw(st.integers(0, 400))))


class Base:
    """One migrated database per test; each example stores a new adherent in it."""

    def __init__(self, url: str) -> None:
        self.ctx = rst.depuis_url(url, horloge=rst.HorlogeFixe(), migrer=True)
        self.numeros = itertools.count(1)
        self.stockes: dict[str, tuple[rst.Adherent, list[rst.Salarie]]] = {}

    def stocker(self, salaries: list[rst.Salarie]) -> tuple[rst.Adherent, list[rst.Salarie]]:
        n = next(self.numeros)
        adherent = rst.Adherent(
            id=f"adherent-{n:04d}", numero=rst.NumeroAdherent(f"{n:06d}"),
            siret=rst.Siret.parse("73282932000074"), raison_sociale=f"Essai {n}",
            email_connexion=rst.Email.parse("contact@essai.fr"), postes=POSTES,
        )
        a_lui = [evolve(s, adherent_id=adherent.id) for s in salaries]
        with self.ctx.unite_de_travail() as uow:
            uow.adherents.ajouter(adherent)
            for s in a_lui:
                uow.salaries.ajouter(s)
            uow.commit()
        self.stockes[adherent.id] = (adherent, a_lui)
        return adherent, a_lui


@pytest.fixture
def base(url_sql: str) -> Iterator[Base]:
    b = Base(url_sql)
    yield b
    fabrique = b.ctx.unite_de_travail
    assert isinstance(fabrique, FabriqueSql)
    fabrique.fermer()


@pytest.mark.parametrize("nom_regle", sorted(REGLES_PREDEFINIES))
@PROPRIETES
@given(salaries=histoires, periode=periodes(), bareme=baremes)
def test_the_sql_assiette_of_every_preset_equals_the_reference(
    base: Base, nom_regle: str, salaries: list[rst.Salarie], periode: rst.Periode,
    bareme: rst.Bareme | None,
) -> None:
    regle = REGLES_PREDEFINIES[nom_regle]
    adherent, a_lui = base.stocker(salaries)
    with base.ctx.unite_de_travail() as uow:
        par_sql = uow.facturation.assiette(adherent.id, periode, regle, bareme)
    assert par_sql == assiette_de_reference(adherent, a_lui, periode, regle, bareme)
    verifier_une_fois_par_personne(par_sql)
    verifier_totaux(par_sql, bareme)


@PROPRIETES
@given(lots=st.lists(histoires, min_size=1, max_size=3), regle=regles_aleatoires,
       periode=periodes(), bareme=baremes)
def test_the_sql_billing_run_of_every_adherent_equals_the_reference(
    base: Base, lots: list[list[rst.Salarie]], regle: rst.RegleDeComptage,
    periode: rst.Periode, bareme: rst.Bareme | None,
) -> None:
    for salaries in lots:
        base.stocker(salaries)
    with base.ctx.unite_de_travail() as uow:
        toutes = list(uow.facturation.assiette_de_tous(periode, regle, bareme))
    assert [a.adherent_id for a in toutes] == sorted(base.stockes)
    for assiette in toutes:
        adherent, a_lui = base.stockes[assiette.adherent_id]
        assert assiette == assiette_de_reference(adherent, a_lui, periode, regle, bareme)
