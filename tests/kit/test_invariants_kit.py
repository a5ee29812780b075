"""The kit's ready-made invariants on random histories, as a consumer writes them (one
line each), and each one failing when the rule it guards is broken.

Fixed seed (``derandomize``): the same examples every run, so that the mutation run of
docs/testing-kit.md is repeatable."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

import pytest
from attrs import evolve
from banc_kit import ADHERENT, ADHERENT_ID, KIT, POSTE_IDS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import rst_effectifs as rst
from rst_effectifs.adapters.memory import EtatMemoire
from rst_effectifs.domain.facturation import REGLES_PREDEFINIES
from rst_effectifs.testing.invariants import verifier_assiette, verifier_montants
from rst_effectifs.testing.invariants_effectif import (
    verifier_changement_de_contrat,
    verifier_effectif,
    verifier_memes_reponses,
)
from rst_effectifs.testing.oracle import jours, present_le
from rst_effectifs.testing.oracle_lecture import dossier
from rst_effectifs.testing.strategies import historiques, nouveaux_contrats

D = dt.date
AGENT = rst.AgentRst(rst.Email.parse("agent@rst.fr"))

salaries = st.lists(historiques(ADHERENT_ID, POSTE_IDS, debut=D(2023, 1, 1),
                                fin=D(2026, 6, 30), max_commandes=6),
                    max_size=5, unique_by=lambda s: s.id)
regles = st.sampled_from(sorted(REGLES_PREDEFINIES.values(), key=lambda r: r.nom)) | st.builds(
    rst.RegleDeComptage, nom=st.just("aleatoire"), mode=st.sampled_from(rst.ModeDeComptage),
    duree_min_embauche_jours=st.none() | st.integers(0, 90),
    natures_exclues=st.frozensets(st.sampled_from(rst.NatureContrat), max_size=2))
prix = st.decimals(Decimal(0), Decimal(200), places=3)
baremes = st.none() | st.builds(
    rst.Bareme, nom=st.just("aleatoire"), prix_sig=prix, prix_sia=prix, prix_sir=prix,
    droit_entree=prix, forfait_etablissement=prix,
    taux_tva=st.sampled_from([Decimal(0), Decimal("0.055"), Decimal("0.20")]))


@st.composite
def periodes(draw: st.DrawFn) -> tuple[D, D]:
    if draw(st.booleans()):
        an = draw(st.integers(2023, 2026))
        return D(an, 1, 1), D(an, 12, 31)
    debut = draw(st.dates(D(2023, 1, 1), D(2026, 6, 30)))
    return debut, debut + dt.timedelta(days=draw(st.integers(0, 200)))


def _dates(histoires: list[rst.Salarie]) -> list[D]:
    """Where the rules change their answer: every event date, the day before and after."""
    dates = {d for s in histoires for d in (
        *(c.debut for c in s.contrats), *(c.fin for c in s.contrats if c.fin),
        *(m.le for m in s.mouvements))}
    return sorted({d + dt.timedelta(days=k) for d in dates for k in (-1, 0, 1)})


@st.composite
def bornes(draw: st.DrawFn, histoires: list[rst.Salarie]) -> tuple[D, D]:
    """A period, its ends often on an event's date or next to it."""
    dates = _dates(histoires)
    if not dates or draw(st.booleans()):
        return draw(periodes())
    debut, fin = sorted((draw(st.sampled_from(dates)), draw(st.sampled_from(dates))))
    return debut, fin


def _contexte(histoires: list[rst.Salarie], url: str | None = None,
              adherent: rst.Adherent = ADHERENT) -> rst.Contexte:
    compteur = itertools.count(1)
    nouvel_id = lambda: f"id-{next(compteur)}"  # noqa: E731
    ctx = (rst.en_memoire(etat=EtatMemoire(), nouvel_id=nouvel_id) if url is None
           else rst.depuis_url(url, nouvel_id=nouvel_id, migrer=False))
    with ctx.unite_de_travail() as uow:
        uow.adherents.ajouter(adherent)
        for s in histoires:
            uow.salaries.ajouter(s)
        uow.commit()
    return ctx


def _stockes(ctx: rst.Contexte) -> tuple[rst.Adherent, list[rst.Salarie]]:
    with ctx.unite_de_travail() as uow:
        return uow.adherents.obtenir(ADHERENT_ID), list(uow.salaries.tous(ADHERENT_ID))


@KIT
@given(histoires=salaries, regle=regles, data=st.data(), bareme=baremes)
def test_any_assiette_holds_the_kit_invariants(
    histoires: list[rst.Salarie], regle: rst.RegleDeComptage, data: st.DataObject,
    bareme: rst.Bareme | None,
) -> None:
    periode = data.draw(bornes(histoires))
    ctx = _contexte(histoires)
    with ctx.unite_de_travail() as uow:
        assiette = uow.facturation.assiette(ADHERENT_ID, rst.Periode(*periode), regle, bareme)
    verifier_assiette(assiette, *_stockes(ctx), regle, bareme)


@KIT
@given(histoires=salaries, data=st.data())
def test_any_headcount_is_the_oracle_s(histoires: list[rst.Salarie], data: st.DataObject
                                       ) -> None:
    periode = data.draw(bornes(histoires))
    le = data.draw(st.sampled_from(_dates(histoires) or [D(2025, 1, 1)]))
    ctx = _contexte(histoires)
    adherent, stockes = _stockes(ctx)
    verifier_effectif(rst.executer(ctx, AGENT, rst.ConsulterEffectif(ADHERENT_ID, le)),
                      adherent, stockes)
    verifier_effectif(rst.executer(ctx, AGENT, rst.EffectifSurPeriode(ADHERENT_ID, *periode)),
                      adherent, stockes)


@KIT
@given(histoire=historiques(ADHERENT_ID, POSTE_IDS, debut=D(2023, 1, 1), fin=D(2026, 6, 30),
                            max_commandes=6), data=st.data())
def test_the_presence_questions_answer_as_the_oracle(histoire: rst.Salarie,
                                                     data: st.DataObject) -> None:
    """E1-E3: ``present_le`` on the days around each event, ``present_sur`` over periods
    ending there, against the oracle's day-by-day presence."""
    fiche = dossier(histoire)
    for _ in range(3):
        debut, fin = data.draw(bornes([histoire]))
        assert histoire.present_le(fin) == present_le(fiche, fin), fin
        assert histoire.present_sur(rst.Periode(debut, fin)) == any(
            present_le(fiche, jour) for jour in jours(debut, fin)), (debut, fin)


@KIT
@given(avant=historiques(ADHERENT_ID, POSTE_IDS, debut=D(2023, 1, 1), fin=D(2026, 6, 30),
                         max_commandes=4),
       contrat=nouveaux_contrats(POSTE_IDS, debuts=st.dates(D(2022, 6, 1), D(2026, 12, 31))))
def test_a_contract_change_never_changes_the_headcount(avant: rst.Salarie,
                                                       contrat: rst.NouveauContrat) -> None:
    try:
        apres, _evenements = avant.ajouter_contrat(
            rst.Contrat(id="nouveau", nature=contrat.nature, debut=contrat.debut,
                        poste_id=contrat.poste_id, fin=contrat.fin,
                        dispositif=contrat.dispositif), "retour")
    except rst.ErreurDomaine:
        return  # refused (C2, D2…): nothing changed
    verifier_changement_de_contrat(avant, apres)


@st.composite
def dossiers_cibles(draw: st.DrawFn, salarie_id: str) -> rst.Salarie:
    """One file aimed at the rules' edges: short contracts chained or one day apart
    around the rules' minimums, agency missions inside chains, a minor turning 18, an
    exit and a return."""
    naissance = draw(st.dates(D(2005, 6, 1), D(2008, 1, 1)) | st.dates(D(1960, 1, 1),
                                                                       D(1999, 1, 1)))
    identite = rst.Identite("Cible", salarie_id.title(), naissance)
    debut, salarie = draw(st.dates(D(2023, 6, 1), D(2025, 6, 1))), None
    for i in range(draw(st.integers(1, 4))):
        ouvert = draw(st.booleans()) and draw(st.booleans())
        fin = None if ouvert else debut + dt.timedelta(days=draw(st.integers(0, 75)))
        contrat = rst.Contrat(id=f"{salarie_id}-{i}", debut=debut, fin=fin,
                              nature=draw(st.sampled_from([rst.NatureContrat.CDD] * 3 + [
                                  rst.NatureContrat.MISSION_INTERIM, rst.NatureContrat.CDI])),
                              poste_id=draw(st.sampled_from(POSTE_IDS)))
        try:
            salarie, _ = (rst.Salarie.embaucher(salarie_id, ADHERENT_ID, identite, contrat)
                          if salarie is None else salarie.ajouter_contrat(contrat, f"r{i}"))
        except rst.ErreurDomaine:
            break
        if fin is None:
            break
        debut = fin + dt.timedelta(days=draw(st.sampled_from([1, 1, 1, 2, 3, 40])))
    assert salarie is not None
    for i in range(draw(st.integers(0, 3))):
        le = draw(st.dates(D(2023, 6, 1), D(2026, 6, 30)))
        sortie = not salarie.est_dans_l_effectif
        try:
            salarie, _ = (salarie.reintegrer(f"m{i}", le) if sortie
                          else salarie.sortir(f"m{i}", le))
        except rst.ErreurDomaine:
            continue
    return salarie


cibles = st.lists(st.sampled_from(["ana", "bea", "cid"]), min_size=1, max_size=3,
                  unique=True).flatmap(lambda ids: st.tuples(*map(dossiers_cibles, ids)))
regles_cibles = st.builds(
    rst.RegleDeComptage, nom=st.just("cible"), mode=st.sampled_from(rst.ModeDeComptage),
    duree_min_embauche_jours=st.sampled_from([None, 0, 20, 31, 45, 60]),
    natures_exclues=st.sampled_from([frozenset(), frozenset({rst.NatureContrat.MISSION_INTERIM})]))


@KIT
@given(fiches=cibles, regle=regles_cibles, bareme=baremes, data=st.data())
def test_edges_of_chains_minors_and_exits_hold_the_invariants(
    fiches: tuple[rst.Salarie, ...], regle: rst.RegleDeComptage, bareme: rst.Bareme | None,
    data: st.DataObject,
) -> None:
    histoires = list(fiches)
    ctx = _contexte(histoires)
    adherent, stockes = _stockes(ctx)
    for _ in range(3):
        debut, fin = data.draw(bornes(histoires))
        with ctx.unite_de_travail() as uow:
            assiette = uow.facturation.assiette(ADHERENT_ID, rst.Periode(debut, fin), regle,
                                                bareme)
        verifier_assiette(assiette, adherent, stockes, regle, bareme)
        verifier_effectif(rst.executer(ctx, AGENT, rst.EffectifSurPeriode(ADHERENT_ID, debut,
                                                                           fin)),
                          adherent, stockes)
        verifier_effectif(rst.executer(ctx, AGENT, rst.ConsulterEffectif(ADHERENT_ID, fin)),
                          adherent, stockes)


def _fiche(salarie_id: str, nom: str, naissance: D, *contrats: tuple[D, D | None, str, str],
           sorties: tuple[D, ...] = ()) -> rst.Salarie:
    """A file built by the domain's own commands (hire, contract changes, exits)."""
    fiche = None
    for i, (debut, fin, nature, poste) in enumerate(contrats):
        contrat = rst.Contrat(id=f"{salarie_id}-{i}", nature=rst.NatureContrat(nature),
                              debut=debut, fin=fin, poste_id=poste)
        fiche, _ = (rst.Salarie.embaucher(salarie_id, ADHERENT_ID, rst.Identite(
            nom, "Camille", naissance), contrat) if fiche is None
            else fiche.ajouter_contrat(contrat, f"{salarie_id}-r{i}"))
    assert fiche is not None
    for i, le in enumerate(sorties):
        fiche, _ = fiche.sortir(f"{salarie_id}-s{i}", le)
    return fiche


ADULTE = D(1990, 5, 4)
DISTRIBUTION = [  # docs/billing.md's cast, then: a mission before a CDD, a mission between
    # two CDDs, a minor who left before turning 18, and namesakes told apart by their ids
    _fiche("alice", "Alice", ADULTE, (D(2020, 3, 1), None, "01", "vente")),
    _fiche("bruno", "Bruno", ADULTE, (D(2019, 6, 1), None, "01", "nuit"),
           sorties=(D(2025, 3, 31),)),
    _fiche("chloe", "Chloe", ADULTE, (D(2025, 2, 1), D(2025, 2, 20), "02", "vente"),
           sorties=(D(2025, 2, 20),)),
    _fiche("david", "David", ADULTE, (D(2025, 5, 1), D(2025, 6, 15), "02", "chantier"),
           sorties=(D(2025, 6, 15),)),
    _fiche("emma", "Emma", ADULTE, (D(2025, 1, 1), D(2025, 12, 31), "03", "vente")),
    _fiche("farid", "Farid", ADULTE, (D(2025, 9, 1), None, "01", "nuit")),
    _fiche("gaelle", "Gaelle", D(2008, 6, 1), (D(2024, 9, 1), D(2026, 8, 31), "02", "vente")),
    _fiche("hugo", "Hugo", ADULTE, (D(2024, 12, 1), D(2024, 12, 31), "02", "vente"),
           sorties=(D(2024, 12, 31),)),
    _fiche("ines", "Ines", ADULTE, (D(2025, 10, 1), D(2025, 10, 20), "02", "vente"),
           (D(2025, 10, 21), D(2025, 11, 30), "02", "vente"), sorties=(D(2025, 11, 30),)),
    _fiche("karim", "Karim", ADULTE, (D(2024, 1, 1), D(2024, 3, 31), "03", "vente"),
           (D(2024, 4, 1), None, "02", "nuit")),
    _fiche("nadia", "Nadia", ADULTE, (D(2024, 1, 1), D(2024, 5, 31), "02", "vente"),
           (D(2024, 6, 1), D(2024, 8, 31), "03", "chantier"),
           (D(2024, 9, 1), None, "02", "vente")),
    _fiche("leo", "Leo", D(2007, 3, 15), (D(2024, 9, 1), None, "02", "vente"),
           sorties=(D(2025, 2, 28),)),
    _fiche("z-jade", "Jade", D(1991, 1, 1), (D(2024, 2, 1), None, "01", "vente")),
    _fiche("a-jade", "Jade", D(1992, 1, 1), (D(2024, 2, 1), None, "01", "chantier")),
]


@pytest.mark.parametrize("regle", [
    *sorted(REGLES_PREDEFINIES.values(), key=lambda r: r.nom),
    rst.RegleDeComptage("vingt", rst.ModeDeComptage.PRESENT_DANS_L_ANNEE, 20),
    rst.RegleDeComptage("tout_1er", rst.ModeDeComptage.PRESENT_AU_1ER_JANVIER, 45,
                        frozenset({rst.NatureContrat.MISSION_INTERIM})),
], ids=lambda r: r.nom)
def test_the_invariants_hold_on_the_worked_examples_at_every_edge(
        regle: rst.RegleDeComptage) -> None:
    ctx = _contexte(DISTRIBUTION)
    adherent, stockes = _stockes(ctx)
    bareme = rst.Bareme("b", prix_sig="100.005", prix_sia="110", prix_sir="120.5",
                        droit_entree="66", forfait_etablissement="0")
    dates = _dates(DISTRIBUTION)
    periodes_ = [(D(2024, 1, 1), D(2024, 12, 31)), (D(2025, 1, 1), D(2025, 12, 31)),
                 *zip(dates[::7], dates[3::7], strict=False)]
    for debut, fin in periodes_:
        with ctx.unite_de_travail() as uow:
            assiette = uow.facturation.assiette(ADHERENT_ID, rst.Periode(debut, fin), regle,
                                                bareme)
        verifier_assiette(assiette, adherent, stockes, regle, bareme)
        verifier_effectif(rst.executer(ctx, AGENT, rst.EffectifSurPeriode(ADHERENT_ID, debut,
                                                                           fin)),
                          adherent, stockes)
    for le in dates[::2]:
        verifier_effectif(rst.executer(ctx, AGENT, rst.ConsulterEffectif(ADHERENT_ID, le)),
                          adherent, stockes)


def test_memory_and_sql_answer_alike(url_sql: str) -> None:
    """F5 on SQLite and PostgreSQL (the ``url_sql`` fixture gives each in turn)."""
    url, moteur = url_sql, url_sql.split(":")[0]
    numeros = itertools.count(100)
    rst.depuis_url(url, migrer=True).unite_de_travail.fermer()  # type: ignore[attr-defined]

    @settings(max_examples=6, deadline=None, derandomize=True,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(histoires=salaries, regle=st.sampled_from(sorted(REGLES_PREDEFINIES)),
           periode=periodes())
    def memes(histoires: list[rst.Salarie], regle: str, periode: tuple[D, D]) -> None:
        numero = next(numeros)  # one adherent per example in the one database
        adherent = evolve(ADHERENT, id=f"a{numero}", numero=rst.NumeroAdherent(f"{numero}"))
        fiches = [evolve(s, adherent_id=adherent.id) for s in histoires]
        sql = _contexte(fiches, url, adherent)
        contextes = {"memoire": _contexte(fiches, None, adherent), moteur: sql}
        try:
            verifier_memes_reponses(contextes, AGENT, rst.CalculerAssiette(
                adherent.id, *periode, regle=regle, sans_controle_bande=True))
            verifier_memes_reponses(contextes, AGENT, rst.EffectifSurPeriode(adherent.id,
                                                                             *periode))
        finally:
            sql.unite_de_travail.fermer()  # type: ignore[attr-defined]

    memes()


# -- each invariant fails when its rule is broken ------------------------------------------------
def _lea() -> rst.Salarie:
    contrat = rst.Contrat(id="c1", nature=rst.NatureContrat.CDI, debut=D(2024, 1, 1),
                          poste_id="vente")
    lea, _ = rst.Salarie.embaucher("lea", ADHERENT_ID, rst.Identite(
        "Durand", "Léa", D(1990, 5, 4)), contrat)
    return lea


def test_a_contract_change_that_adds_a_gap_or_recreates_the_file_is_caught() -> None:
    lea = _lea()
    change = rst.Contrat(id="c2", nature=rst.NatureContrat.CDD, debut=D(2025, 3, 1),
                         poste_id="nuit")
    apres, _ = lea.ajouter_contrat(change, "r1")
    verifier_changement_de_contrat(lea, apres)
    with_gap = evolve(apres, mouvements=(rst.Sortie("s1", D(2025, 2, 27)),
                                         rst.Reintegration("r1", D(2025, 3, 1))))
    with pytest.raises(AssertionError, match=r"C3: .* on 28/02/2025"):
        verifier_changement_de_contrat(lea, with_gap)
    recree = evolve(apres, contrats=tuple(evolve(c, annule=c.id == "c1") for c in apres.contrats))
    with pytest.raises(AssertionError, match="C3"):
        verifier_changement_de_contrat(lea, recree)


def test_storages_that_disagree_are_caught() -> None:
    lea = _lea()
    contextes = {"un": _contexte([lea]), "autre": _contexte([])}
    with pytest.raises(AssertionError, match=r"F5: ConsulterEffectif answered differently on "
                                             r"\['autre'\]"):
        verifier_memes_reponses(contextes, AGENT, rst.ConsulterEffectif(ADHERENT_ID,
                                                                        D(2025, 1, 1)))


def test_an_amount_off_by_a_cent_is_caught() -> None:
    ctx = _contexte([_lea()])
    bareme = rst.Bareme("b", prix_sig="89.125", prix_sia=100, prix_sir=120, droit_entree=66)
    with ctx.unite_de_travail() as uow:
        assiette = uow.facturation.assiette(ADHERENT_ID, rst.Periode(D(2024, 1, 1),
                                                                     D(2024, 12, 31)),
                                            REGLES_PREDEFINIES["present_dans_l_annee"], bareme)
    verifier_montants(assiette, bareme)
    (ligne,) = assiette.lignes
    assert ligne.montant_ht == Decimal("155.13")  # 89.13 + 66.00, each half-up
    faux = evolve(assiette, lignes=(evolve(ligne, montant_ht=Decimal("155.12")),))
    with pytest.raises(AssertionError, match=r"F2: line of lea is 155\.12"):
        verifier_montants(faux, bareme)
