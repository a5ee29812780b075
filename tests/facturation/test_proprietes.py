"""Billing invariants (rst_effectifs.testing.invariants) under Hypothesis, on random
histories stored in memory: any rule, any period, any barème; then closings with late
changes in between."""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
from decimal import Decimal

from banc_facturation import COUTS_DES_EXEMPLES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import rst_effectifs as rst
from rst_effectifs.adapters.memory import EtatMemoire
from rst_effectifs.domain.facturation import REGLES_PREDEFINIES, assiette_de_reference
from rst_effectifs.testing.invariants import (
    recalculer_clotures,
    verifier_assiette,
    verifier_clotures_intactes,
    verifier_regularisations,
    verifier_sans_regularisation,
)
from rst_effectifs.testing.strategies import historiques

D = dt.date
ADHERENT_ID = "adherent-1"
POSTES = (
    rst.Poste(id="vente", libelle="Vente"),
    rst.Poste(id="nuit", libelle="Nuit", risques=frozenset({rst.Risque.TRAVAIL_DE_NUIT})),
    rst.Poste(id="chantier", libelle="Chantier", risques=frozenset({rst.Risque.AMIANTE})),
    rst.Poste(id="ancien", libelle="Ancien", archive=True, utilise=True),
)
ADHERENT = rst.Adherent(
    id=ADHERENT_ID, numero=rst.NumeroAdherent("000001"),
    siret=rst.Siret.parse("73282932000074"), raison_sociale="Essai",
    email_connexion=rst.Email.parse("contact@essai.fr"), postes=POSTES,
)
PROPRIETES = settings(max_examples=40, deadline=None,
                      suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])



def _salaries(debut: dt.date, fin: dt.date, min_size: int) -> st.SearchStrategy[
        list[rst.Salarie]]:
    return st.lists(historiques(ADHERENT_ID, [p.id for p in POSTES], debut=debut, fin=fin,
                                max_commandes=6),
                    min_size=min_size, max_size=6, unique_by=lambda s: s.id)


salaries = _salaries(D(2023, 1, 1), D(2026, 6, 30), 0)
# Closings are 2023 to 2026: histories and late changes mostly touch 2023–2024.
salaries_a_cloturer = _salaries(D(2022, 6, 1), D(2024, 12, 31), 1)
regles = st.sampled_from(sorted(REGLES_PREDEFINIES.values(), key=lambda r: r.nom)) | st.builds(
    rst.RegleDeComptage,
    nom=st.just("aleatoire"),
    mode=st.sampled_from(rst.ModeDeComptage),
    duree_min_embauche_jours=st.none() | st.integers(0, 120),
    natures_exclues=st.frozensets(st.sampled_from(rst.NatureContrat), max_size=3),
)


def _baremes(prix: st.SearchStrategy[Decimal]) -> st.SearchStrategy[rst.Bareme | None]:
    montants = st.decimals(Decimal(0), Decimal(200), places=3)
    return st.none() | st.builds(
        rst.Bareme, nom=st.just("aleatoire"), prix_sig=prix, prix_sia=prix, prix_sir=prix,
        droit_entree=montants, forfait_etablissement=montants,
        taux_tva=st.sampled_from([Decimal(0), Decimal("0.055"), Decimal("0.20")]),
    )


baremes = _baremes(st.decimals(Decimal(0), Decimal(200), places=3))
# F3 applies since 2025: per-person prices within both 2025's band (115.50 €:
# 92.40–138.60) and 2026's (116 €: 92.80–139.20); later years use 2025's cost.
baremes_dans_la_bande = _baremes(st.decimals(Decimal("92.80"), Decimal("138.60"), places=3))


@st.composite
def periodes(draw: st.DrawFn) -> rst.Periode:
    if draw(st.booleans()):
        an = draw(st.integers(2023, 2026))
        return rst.Periode(D(an, 1, 1), D(an, 12, 31))
    debut = draw(st.dates(D(2023, 1, 1), D(2026, 6, 30)))
    return rst.Periode(debut, debut + dt.timedelta(days=draw(st.integers(0, 400))))


def _contexte(histoires: list[rst.Salarie]) -> tuple[rst.Contexte, EtatMemoire]:
    etat = EtatMemoire()
    compteur = itertools.count(1)
    ctx = rst.en_memoire(horloge=rst.HorlogeFixe(), etat=etat,
                         nouvel_id=lambda: f"id-{next(compteur)}",
                         couts_moyens=COUTS_DES_EXEMPLES)  # F3: 2025's band after 2026
    with ctx.unite_de_travail() as uow:
        uow.adherents.ajouter(ADHERENT)
        for s in histoires:
            uow.salaries.ajouter(s)
        uow.commit()
    return ctx, etat


def _stockes(etat: EtatMemoire) -> list[rst.Salarie]:
    return list(etat.salaries.values())


@PROPRIETES
@given(histoires=salaries, regle=regles, periode=periodes(), bareme=baremes)
def test_any_assiette_holds_the_invariants_and_the_port_agrees_with_the_pure_function(
    histoires: list[rst.Salarie], regle: rst.RegleDeComptage, periode: rst.Periode,
    bareme: rst.Bareme | None,
) -> None:
    ctx, etat = _contexte(histoires)
    with ctx.unite_de_travail() as uow:
        par_le_port = uow.facturation.assiette(ADHERENT_ID, periode, regle, bareme)
    assert par_le_port == assiette_de_reference(ADHERENT, histoires, periode, regle, bareme)
    verifier_assiette(par_le_port, etat.adherents[ADHERENT_ID], _stockes(etat), regle, bareme)


# -- closings with late changes ------------------------------------------------------------
AGENT = rst.AgentRst(rst.Email.parse("agent@rst.fr"))
changements = st.lists(st.tuples(
    st.sampled_from(["sortir", "reintegrer", "annuler_mouvement", "annuler_contrat",
                     "embaucher", "ajouter_contrat"]),
    st.integers(0, 5),
    st.dates(D(2022, 10, 1), D(2025, 3, 31)),
    st.sampled_from([p.id for p in POSTES[:3]]),
), min_size=1, max_size=6)


def _changer(ctx: rst.Contexte, etat: EtatMemoire, sorte: str, i: int, le: dt.date,
             poste: str) -> None:
    """One late change through the use cases; a cancellation inside a frozen period goes
    through the regularisation path, outside it through the plain one."""
    fiches = sorted(etat.salaries.values(), key=lambda s: s.id)
    cle = f"{sorte}-{i}-{le}"
    if sorte == "embaucher" or not fiches:
        rst.embaucher(ctx, AGENT, rst.EmbaucherSalarie(
            ADHERENT_ID, "Tardif", f"Numero {i} {le:%Y%m%d}", D(1980, 1, 1),
            rst.NouveauContrat(rst.NatureContrat.CDD, le, poste, fin=le + dt.timedelta(days=45))))
        return
    s = fiches[i % len(fiches)]
    if sorte == "sortir":
        rst.sortir(ctx, AGENT, rst.SortirDeLEffectif(ADHERENT_ID, cle, (s.id,), le))
    elif sorte == "reintegrer":
        rst.reintegrer(ctx, AGENT, rst.ReintegrerDansLEffectif(ADHERENT_ID, cle, (s.id,), le))
    elif sorte == "ajouter_contrat":
        rst.ajouter_contrat(ctx, AGENT, rst.AjouterContrat(
            ADHERENT_ID, s.id, rst.NouveauContrat(rst.NatureContrat.CDI, le, poste)))
    elif sorte == "annuler_mouvement" and s.mouvements_actifs:
        mid = s.mouvements_actifs[-1].id
        try:
            rst.annuler_mouvement_regularise(ctx, AGENT, rst.AnnulerMouvementRegularise(
                ADHERENT_ID, s.id, mid, "Correction tardive"))
        except rst.RegleMetier as erreur:
            if erreur.code != "regularisation.inutile":
                raise
            rst.annuler_mouvement(ctx, AGENT, rst.AnnulerMouvement(ADHERENT_ID, s.id, mid))
    elif sorte == "annuler_contrat" and s.contrats_actifs:
        cid = s.contrats_actifs[-1].id
        try:
            rst.annuler_contrat_regularise(ctx, AGENT, rst.AnnulerContratRegularise(
                ADHERENT_ID, s.id, cid, "Correction tardive"))
        except rst.RegleMetier as erreur:
            if erreur.code != "regularisation.inutile":
                raise
            rst.annuler_contrat(ctx, AGENT, rst.AnnulerContrat(ADHERENT_ID, s.id, cid))


def _cloturer(ctx: rst.Contexte, an: int, regle: rst.RegleDeComptage,
              bareme: rst.Bareme | None) -> rst.Cloture:
    return rst.cloturer_periode(ctx, AGENT, rst.CloturerPeriode(
        ADHERENT_ID, D(an, 1, 1), D(an, 12, 31), regle_sur_mesure=regle,
        bareme_sur_mesure=bareme))


def _verifier(ctx: rst.Contexte, etat: EtatMemoire) -> None:
    clotures = sorted(etat.clotures.values(), key=lambda c: c.periode.debut)
    with ctx.unite_de_travail() as uow:
        verifier_regularisations(clotures, recalculer_clotures(uow, clotures))


@PROPRIETES
@given(histoires=salaries_a_cloturer, regle=regles, bareme=baremes_dans_la_bande,
       tardifs=changements, encore=changements)
def test_frozen_periods_never_change_and_regularisations_add_up_to_the_truth(
    histoires: list[rst.Salarie], regle: rst.RegleDeComptage, bareme: rst.Bareme | None,
    tardifs: list[tuple[str, int, dt.date, str]], encore: list[tuple[str, int, dt.date, str]],
) -> None:
    ctx, etat = _contexte(histoires)
    premiere = _cloturer(ctx, 2023, regle, bareme)
    verifier_assiette(premiere.assiette, ADHERENT, _stockes(etat), regle, bareme)
    for lot in (tardifs, encore):
        avant = sorted(etat.clotures.values(), key=lambda c: c.periode.debut)
        for changement in lot:
            with contextlib.suppress(rst.ErreurDomaine):  # a refusal changes nothing
                _changer(ctx, etat, *changement)
        an = max(c.periode.debut.year for c in avant) + 1
        cloture = _cloturer(ctx, an, regle, bareme)
        verifier_assiette(cloture.assiette, ADHERENT, _stockes(etat), regle, bareme)
        verifier_clotures_intactes(avant, list(etat.clotures.values()))
        _verifier(ctx, etat)
    verifier_sans_regularisation(_cloturer(ctx, 2026, regle, bareme))
    _verifier(ctx, etat)
