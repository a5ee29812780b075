"""F2 without lines: ``totaux_de_tous`` equals the totals of the full run and of the
domain's reference, for every adherent, on memory, SQLite and PostgreSQL, under the
presets and random rules (both SQL paths), random periods and barèmes."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from decimal import Decimal

from attrs import evolve
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import rst_effectifs as rst
from rst_effectifs.domain.facturation import REGLES_PREDEFINIES, assiette_de_reference
from rst_effectifs.domain.totaux import TotauxAssiette
from rst_effectifs.testing.strategies import historiques

D = dt.date
NUMEROS = itertools.count(1)
"""Adherent numbers, unique across the examples stored in one test's store."""
POSTES = (
    rst.Poste(id="vente", libelle="Vente"),
    rst.Poste(id="nuit", libelle="Nuit", risques=frozenset({rst.Risque.TRAVAIL_DE_NUIT})),
    rst.Poste(id="chantier", libelle="Chantier", risques=frozenset({rst.Risque.AMIANTE})),
)
PROPRIETES = settings(max_examples=25, deadline=None,
                      suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                             HealthCheck.function_scoped_fixture])

histoires = st.lists(
    historiques("modele", [p.id for p in POSTES], debut=D(2022, 1, 1), fin=D(2026, 6, 30),
                max_commandes=8),
    max_size=5,
    # one file per person (S2): distinct ids, and distinct NIRs, or identities without one
    unique_by=(lambda s: s.id, lambda s: s.identite.nir.valeur if s.identite.nir is not None
               else ("sans NIR", s.identite.cle)),
)
PRESETS = st.sampled_from(sorted(REGLES_PREDEFINIES.values(), key=lambda r: r.nom))
regles = PRESETS | PRESETS | PRESETS | st.builds(
    rst.RegleDeComptage,
    nom=st.just("aleatoire"),
    mode=st.sampled_from(rst.ModeDeComptage),
    duree_min_embauche_jours=st.none() | st.integers(0, 120),
    natures_exclues=st.frozensets(st.sampled_from(rst.NatureContrat), max_size=2),
)
baremes = st.none() | st.builds(
    rst.Bareme, nom=st.just("aleatoire"),
    prix_sig=st.decimals(Decimal(0), Decimal(200), places=3),
    prix_sia=st.decimals(Decimal(0), Decimal(200), places=3),
    prix_sir=st.decimals(Decimal(0), Decimal(200), places=3),
    droit_entree=st.decimals(Decimal(0), Decimal(100), places=3),
    forfait_etablissement=st.decimals(Decimal(0), Decimal(100), places=2),
)


@st.composite
def periodes(draw: st.DrawFn) -> rst.Periode:
    if draw(st.booleans()):
        an = draw(st.integers(2022, 2026))
        return rst.Periode(D(an, 1, 1), D(an, 12, 31))
    debut = draw(st.dates(D(2022, 1, 1), D(2026, 6, 30)))
    return rst.Periode(debut, debut + dt.timedelta(days=draw(st.integers(0, 400))))


def bornes(lots: list[list[rst.Salarie]]) -> list[dt.date]:
    """The histories' own dates, a day either side: periods starting or ending there
    put every boundary of the counting under test (a hire on the first day, a change
    on the last one)."""
    jours = {D(2025, 1, 1)}
    for s in itertools.chain.from_iterable(lots):
        for c in s.contrats:
            jours.update(j for j in (c.debut, c.fin) if j is not None)
        jours.update(m.le for m in s.mouvements)
    return sorted({j + dt.timedelta(days=k) for j in jours for k in (-1, 0, 1)})


@PROPRIETES
@given(lots=st.lists(histoires, min_size=1, max_size=3), regle=regles, bareme=baremes,
       donnees=st.data())
def test_totals_without_lines_equal_the_totals_of_the_full_run(
    fabrique_contexte: Callable[[], rst.Contexte], lots: list[list[rst.Salarie]],
    regle: rst.RegleDeComptage, bareme: rst.Bareme | None, donnees: st.DataObject,
) -> None:
    if donnees.draw(st.integers(0, 2)) == 0:
        periode = donnees.draw(periodes())
    else:
        jours = bornes(lots)
        debut = donnees.draw(st.sampled_from(jours))
        fin = donnees.draw(st.sampled_from([j for j in jours if j >= debut]))
        periode = rst.Periode(debut, fin)
    ctx = fabrique_contexte()
    stockes: dict[str, tuple[rst.Adherent, list[rst.Salarie]]] = {}
    for n, salaries in zip(NUMEROS, lots, strict=False):
        adherent = rst.Adherent(
            id=f"adherent-{n:04d}", numero=rst.NumeroAdherent(f"{n:06d}"),
            siret=rst.Siret.parse("73282932000074"), raison_sociale=f"Essai {n}",
            email_connexion=rst.Email.parse("contact@essai.fr"), postes=POSTES,
        )
        a_lui = [evolve(s, adherent_id=adherent.id) for s in salaries]
        with ctx.unite_de_travail() as uow:
            uow.adherents.ajouter(adherent)
            for s in a_lui:
                uow.salaries.ajouter(s)
            uow.commit()
        stockes[adherent.id] = (adherent, a_lui)
    with ctx.unite_de_travail() as uow:
        totaux = list(uow.facturation.totaux_de_tous(periode, regle, bareme))
        assiettes = list(uow.facturation.assiette_de_tous(periode, regle, bareme))
    assert totaux == [TotauxAssiette.de_l_assiette(a) for a in assiettes]
    for t in totaux:
        if t.adherent_id in stockes:
            adherent, a_lui = stockes[t.adherent_id]
            reference = assiette_de_reference(adherent, a_lui, periode, regle, bareme)
            assert t == TotauxAssiette.de_l_assiette(reference)
            assert t.nombre == reference.nombre


def test_totals_at_the_period_s_edges(fabrique_contexte: Callable[[], rst.Contexte]) -> None:
    """A hire on the period's first day owes the entry fee; a change of poste on its
    last day decides the follow-up type; the 1 January rule reads the first day's poste."""
    ctx = fabrique_contexte()
    agent = rst.AgentRst(rst.Email.parse("agent@rst.fr"))
    adherent = rst.creer_adherent(ctx, agent, rst.CreerAdherent(
        numero="000042", siret="73282932000074", raison_sociale="Boulangerie",
        email_connexion="contact@elise.fr"))
    vente = rst.ajouter_poste(ctx, agent, rst.AjouterPoste(adherent.id, "Vente")).id
    chantier = rst.ajouter_poste(ctx, agent, rst.AjouterPoste(
        adherent.id, "Désamiantage", frozenset({rst.Risque.AMIANTE}))).id

    def embaucher(nom: str, debut: dt.date, fin: dt.date | None) -> str:
        return rst.embaucher(ctx, agent, rst.EmbaucherSalarie(
            adherent.id, nom, "Camille", D(1990, 5, 4),
            rst.NouveauContrat(rst.NatureContrat.CDD, debut, vente, fin=fin))).id

    embaucher("Premier", D(2025, 1, 1), None)
    change = embaucher("Dernier", D(2024, 6, 1), D(2025, 12, 30))
    rst.ajouter_contrat(ctx, agent, rst.AjouterContrat(adherent.id, change, rst.NouveauContrat(
        rst.NatureContrat.CDI, D(2025, 12, 31), chantier)))
    periode = rst.Periode(D(2025, 1, 1), D(2025, 12, 31))
    attendus = {"present_dans_l_annee": ({rst.TypeDeSuivi.SIG: 1, rst.TypeDeSuivi.SIR: 1}, 1),
                "present_au_1er_janvier": ({rst.TypeDeSuivi.SIG: 2}, 1)}
    for nom, (par_type, droits) in attendus.items():
        regle = REGLES_PREDEFINIES[nom]
        with ctx.unite_de_travail() as uow:
            [totaux] = uow.facturation.totaux_de_tous(periode, regle)
            [assiette] = uow.facturation.assiette_de_tous(periode, regle)
        assert totaux == TotauxAssiette.de_l_assiette(assiette)
        assert {t: n for t, n in totaux.par_type.items() if n} == par_type
        assert totaux.droits_entree == droits
