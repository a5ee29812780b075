"""F8 in the database: an issued document can be neither updated nor deleted, even by
raw SQL; numbers stay one gapless series with 8 processes issuing at once and with a
process killed by SIGKILL in the middle of a batch (counted in the database)."""

from __future__ import annotations

import functools
import random

import pytest
from banc_factures import AN_2025, COUTS, EMETTEUR, Membre, contexte
from sqlalchemy import create_engine, text

import rst_effectifs as rst
from rst_effectifs import bootstrap
from rst_effectifs.adapters.sql import upgrade
from rst_effectifs.domain.periodes import Periode
from rst_effectifs.testing import concurrence_factures as cf
from rst_effectifs.testing.invariants_factures import verifier_numeros_sans_trou

MOTEURS = ("sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql))
PERIODE = Periode(*AN_2025)


def _url(request: pytest.FixtureRequest, moteur: str) -> str:
    url = request.getfixturevalue(f"url_{moteur}")
    assert isinstance(url, str)
    return url


def _compter_sql(url: str) -> tuple[int, int, int, int]:
    """(documents, distinct ranks, lowest, highest) of the series, in plain SQL."""
    moteur = create_engine(url)
    try:
        with moteur.connect() as c:
            ligne = c.execute(text("SELECT count(*), count(DISTINCT rang), "
                                   "coalesce(min(rang), 0), coalesce(max(rang), 0) "
                                   "FROM factures WHERE xml <> '' AND contenu <> ''")).one()
            return (int(ligne[0]), int(ligne[1]), int(ligne[2]), int(ligne[3]))
    finally:
        moteur.dispose()


@pytest.mark.parametrize("moteur", MOTEURS)
def test_a_raw_update_or_delete_of_an_issued_invoice_is_refused_by_the_database(
    request: pytest.FixtureRequest, moteur: str,
) -> None:
    url = _url(request, moteur)
    ctx = contexte(moteur, url)
    m = Membre(ctx)
    m.embaucher("Alice", AN_2025[0].replace(year=2020))
    m.cloturer(AN_2025)
    (facture,) = m.emettre(AN_2025)
    bootstrap.fermer(ctx)
    moteur_sql = create_engine(url)
    try:
        for instruction in ("UPDATE factures SET total_ht = 0",
                            "UPDATE factures SET contenu = '{}' WHERE numero = :n",
                            "DELETE FROM factures WHERE numero = :n",
                            "DELETE FROM factures"):
            with pytest.raises(Exception, match="un document émis ne change jamais"), \
                    moteur_sql.begin() as c:
                c.execute(text(instruction), {"n": facture.numero})
    finally:
        moteur_sql.dispose()
    assert _compter_sql(url) == (1, 1, 1, 1)
    ctx = contexte(moteur, url)
    assert rst.executer(ctx, cf.AGENT, rst.ListerFactures(m.id)) == (facture,)
    bootstrap.fermer(ctx)


def _ouvreur(url: str) -> functools.partial[rst.Contexte]:
    return functools.partial(rst.depuis_url, url, migrer=False, emetteur=EMETTEUR,
                             couts_moyens=COUTS)


@pytest.mark.parametrize("moteur", MOTEURS)
def test_eight_processes_issuing_at_once_give_one_gapless_series(
    request: pytest.FixtureRequest, moteur: str,
) -> None:
    """Four processes issue the whole period, four others every member one by one in
    their own random order: each member is invoiced once, numbers are 1..N."""
    url = _url(request, moteur)
    upgrade(url)
    ctx = _ouvreur(url)()
    ids = cf.peupler(ctx, 8, PERIODE)
    hasard = random.Random(26)
    listes: list[list[str] | None] = [None] * 4 + [hasard.sample(ids, len(ids))
                                                   for _ in range(4)]
    bilans = cf.emettre_en_parallele(_ouvreur(url), PERIODE, 8, listes)
    assert bilans == ["ok"] * 8
    compte = cf.compter(ctx, compte_annee(),
                        PERIODE, ids)
    assert compte.rangs == tuple(range(1, 9)) and compte.a_facturer == 0
    assert set(compte.documents_par_membre.values()) == {1}
    assert _compter_sql(url) == (8, 8, 1, 8)
    with ctx.unite_de_travail() as uow:
        verifier_numeros_sans_trou(uow, compte_annee(), ids)
    bootstrap.fermer(ctx)


def compte_annee() -> int:
    return rst.HorlogeSysteme().maintenant().year


@pytest.mark.parametrize("moteur", MOTEURS)
def test_a_batch_killed_halfway_leaves_no_gap_and_resumes_where_it_stopped(
    request: pytest.FixtureRequest, moteur: str,
) -> None:
    url = _url(request, moteur)
    upgrade(url)
    ctx = _ouvreur(url)()
    ids = cf.peupler(ctx, 24, PERIODE)
    vus = cf.tuer_en_plein_lot(_ouvreur(url), PERIODE, lambda: _compter_sql(url)[0],
                               par_lot=3)
    documents, distincts, premier, dernier = _compter_sql(url)
    assert vus > 0 and documents >= vus
    assert documents == distincts == dernier and premier == 1  # 1..N, whole batches
    assert documents % 3 == 0
    with ctx.unite_de_travail() as uow:
        verifier_numeros_sans_trou(uow, compte_annee(), ids)
    bilan = rst.executer(ctx, cf.AGENT, rst.EmettreFactures(*AN_2025))
    assert bilan.adherents_factures == 24 - documents and bilan.restants == 0
    assert _compter_sql(url) == (24, 24, 1, 24)
    bootstrap.fermer(ctx)
