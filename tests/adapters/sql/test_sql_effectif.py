"""The SQL read side agrees with the domain's reference computation (E4, P3, F5):
random histories of contracts, exits, reintegrations and cancellations, minors turning
18 (29 February included), random dates and periods."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator

import pytest
from attrs import evolve
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import rst_effectifs as rst
from rst_effectifs.adapters.sql import FabriqueSql, creer_moteur, upgrade
from rst_effectifs.adapters.sql.salaries_rangees import majorite
from rst_effectifs.domain.effectif import calculer_effectif
from rst_effectifs.domain.postes import Poste

POSTES = (
    Poste(id="p-sig", libelle="Vendeuse"),
    Poste(id="p-sia", libelle="Boulanger de nuit", risques=frozenset({rst.Risque.TRAVAIL_DE_NUIT})),
    Poste(id="p-sir", libelle="Cariste", risques=frozenset({rst.Risque.AUTORISATION_CONDUITE})),
    Poste(id="p-emp", libelle="Soudeur", justification_sir="Exposition décidée par l'employeur"),
)
DEBUT = dt.date(2023, 1, 1)
_IDS = itertools.count(1)


@pytest.fixture
def fabrique(url_sql: str) -> Iterator[FabriqueSql]:
    upgrade(url_sql)
    fabrique = FabriqueSql(creer_moteur(url_sql))
    yield fabrique
    fabrique.fermer()


jours = st.integers(min_value=0, max_value=3 * 365)
operations = st.lists(
    st.tuples(st.sampled_from(["contrat", "sortie", "reintegration", "annuler_mouvement",
                               "annuler_contrat"]), jours, st.sampled_from(POSTES),
              st.booleans()),
    max_size=6,
)
personnes = st.tuples(
    st.dates(min_value=dt.date(1996, 1, 1), max_value=dt.date(2012, 12, 31)),
    jours, st.sampled_from(POSTES), st.one_of(st.none(), st.integers(0, 400)), operations,
    st.booleans(),
)


def _histoire(adherent_id: str, numero: int, personne: tuple) -> rst.Salarie:
    naissance, debut, poste, duree, ops, annule = personne
    ids = (f"x{numero}-{i}" for i in itertools.count())
    premier = rst.Contrat(id=next(ids), nature=rst.NatureContrat.CDD, poste_id=poste.id,
                          debut=DEBUT + dt.timedelta(days=debut),
                          fin=None if duree is None else DEBUT + dt.timedelta(days=debut + duree))
    salarie, _ = rst.Salarie.embaucher(f"s{numero}", adherent_id,
                                       rst.Identite(f"Nom{numero % 3}", f"Prénom{numero}",
                                                    naissance),
                                       premier)
    for genre, jour, poste_op, drapeau in ops:
        le = DEBUT + dt.timedelta(days=jour)
        try:
            if genre == "contrat":
                nouveau = rst.Contrat(id=next(ids), nature=rst.NatureContrat.CDI,
                                      poste_id=poste_op.id, debut=le)
                salarie, _ = salarie.ajouter_contrat(nouveau, next(ids))
            elif genre == "sortie":
                salarie, _ = salarie.sortir(next(ids), le)
            elif genre == "reintegration":
                salarie, _ = salarie.reintegrer(next(ids), le)
            elif genre == "annuler_mouvement" and salarie.mouvements_actifs:
                salarie, _ = salarie.annuler_mouvement(salarie.mouvements_actifs[-1].id, None)
            elif genre == "annuler_contrat" and drapeau and len(salarie.contrats_actifs) > 1:
                salarie, _ = salarie.annuler_contrat(salarie.contrats_actifs[-1].id, None)
        except rst.ErreurDomaine:
            pass
    if annule:
        salarie, _ = salarie.annuler(None)
    return salarie


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.lists(personnes, max_size=8),
       st.lists(st.tuples(st.integers(-60, 4 * 365), st.integers(0, 400)), min_size=1,
                max_size=4))
def test_sql_headcount_equals_the_domain_computation(fabrique, histoires, fenetres):
    adherent_id = f"a{next(_IDS)}"
    siret = "73282932000074"
    adherent = rst.Adherent(id=adherent_id, numero=rst.NumeroAdherent(f"{next(_IDS)}"),
                            siret=rst.Siret(siret), raison_sociale="Test",
                            email_connexion=rst.Email.parse("a@exemple.fr"), postes=POSTES)
    salaries = [_histoire(adherent_id, i, p) for i, p in enumerate(histoires)]
    with fabrique() as uow:
        uow.adherents.ajouter(adherent)
        for s in salaries:
            uow.salaries.ajouter(evolve(s, version=0))
        uow.commit()

    postes = adherent.postes_par_id()
    debuts = [DEBUT + dt.timedelta(days=decalage) for decalage, _l in fenetres]
    # P3's edge: the eve of an 18th birthday and the day itself (1 March for 29 February).
    debuts += [majorite(s.identite.date_naissance) - dt.timedelta(days=veille)
               for s in salaries[:3] for veille in (0, 1)]
    longueurs = itertools.cycle(longueur for _d, longueur in fenetres)
    with fabrique() as uow:
        for debut in debuts:
            for fin in (None, debut + dt.timedelta(days=next(longueurs))):
                attendu = calculer_effectif(adherent_id, salaries, postes, debut, fin)
                assert uow.effectif.effectif(adherent_id, debut, fin) == attendu


@pytest.mark.parametrize(("naissance", "veille", "jour"), [
    (dt.date(2007, 6, 15), dt.date(2025, 6, 14), dt.date(2025, 6, 15)),
    (dt.date(2008, 2, 29), dt.date(2026, 2, 28), dt.date(2026, 3, 1)),
])
def test_a_minor_counts_under_sia_until_the_eve_of_their_18th_birthday(
        contexte, naissance, veille, jour):
    """P3 on every storage: on a SIG poste, SIA up to the eve, SIG from the birthday."""
    from portail_sql import contrat, nouvel_adherent

    adherent, moi = nouvel_adherent(contexte)
    poste = rst.ajouter_poste(contexte, moi, rst.AjouterPoste(adherent.id, "Vendeuse"))
    rst.embaucher(contexte, moi, rst.EmbaucherSalarie(
        adherent.id, nom="Petit", prenoms="Tom", date_naissance=naissance,
        contrat=contrat(poste.id, dt.date(2024, 9, 1))))

    def type_le(le: dt.date) -> rst.TypeDeSuivi:
        effectif = rst.consulter_effectif(contexte, moi, rst.ConsulterEffectif(adherent.id, le))
        return effectif.lignes[0].type_de_suivi

    assert type_le(veille) is rst.TypeDeSuivi.SIA
    assert type_le(jour) is rst.TypeDeSuivi.SIG
    sur_periode = rst.effectif_sur_periode(contexte, moi, rst.EffectifSurPeriode(
        adherent.id, veille - dt.timedelta(days=30), veille))
    assert sur_periode.lignes[0].type_de_suivi is rst.TypeDeSuivi.SIA
