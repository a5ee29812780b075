"""F8 in the database: an issued document can be neither updated nor deleted, even by
raw SQL; numbers stay one gapless series with 8 processes issuing at once and with a
process killed by SIGKILL in the middle of a batch (counted in the database).

The members to invoice are made once, through the use cases, in a SQLite file that each
test copies into its own fresh database (longer runs: ``bench/numerotation.py``)."""

from __future__ import annotations

import functools
import random
import shutil
from pathlib import Path

import pytest
from banc_factures import AN_2025, COUTS, EMETTEUR, copier_base
from sqlalchemy import create_engine, text

import rst_effectifs as rst
from rst_effectifs import bootstrap
from rst_effectifs.adapters.sql import upgrade
from rst_effectifs.domain.periodes import Periode
from rst_effectifs.testing import concurrence_factures as cf
from rst_effectifs.testing.invariants_factures import verifier_numeros_sans_trou

MOTEURS = ("sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql))
PERIODE = Periode(*AN_2025)
MEMBRES = 8


@pytest.fixture(scope="module")
def modele(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """A SQLite file holding :data:`MEMBRES` members with a 2025 closing to invoice, and
    their ids."""
    fichier = tmp_path_factory.mktemp("modele") / "modele.db"
    ctx = _ouvreur(f"sqlite:///{fichier}", migrer=True)()
    ids = cf.peupler(ctx, MEMBRES, PERIODE)
    bootstrap.fermer(ctx)
    return fichier, ids


@pytest.fixture(params=MOTEURS)
def base(request: pytest.FixtureRequest, modele: tuple[Path, list[str]],
         tmp_path: Path) -> str:
    """A fresh database of the engine holding :func:`modele`'s rows."""
    if request.param == "sqlite":
        fichier = tmp_path / "rst.db"
        shutil.copyfile(modele[0], fichier)
        return f"sqlite:///{fichier}"
    url = request.getfixturevalue("url_postgresql")
    assert isinstance(url, str)
    upgrade(url)
    copier_base(f"sqlite:///{modele[0]}", url)
    return url


def _ouvreur(url: str, migrer: bool = False) -> functools.partial[rst.Contexte]:
    return functools.partial(rst.depuis_url, url, migrer=migrer, emetteur=EMETTEUR,
                             couts_moyens=COUTS)


def _compter_sql(url: str) -> tuple[int, int, int, int, int]:
    """(documents, distinct ranks, lowest, highest, the series' counter), in plain SQL."""
    moteur = create_engine(url)
    try:
        with moteur.connect() as c:
            rangee = c.execute(text("SELECT count(*), count(DISTINCT rang), "
                                    "coalesce(min(rang), 0), coalesce(max(rang), 0) "
                                    "FROM factures WHERE xml <> '' AND contenu <> ''")).one()
            dernier = c.execute(text("SELECT coalesce(max(dernier), 0) FROM numerotation")
                                ).scalar_one()
            return (int(rangee[0]), int(rangee[1]), int(rangee[2]), int(rangee[3]), int(dernier))
    finally:
        moteur.dispose()


def _annee() -> int:
    return rst.HorlogeSysteme().maintenant().year


def test_a_raw_update_or_delete_of_an_issued_invoice_is_refused_by_the_database(
    base: str, modele: tuple[Path, list[str]],
) -> None:
    ctx = _ouvreur(base)()
    adherent_id = modele[1][0]
    (facture,) = rst.executer(ctx, cf.AGENT, rst.EmettreFacture(adherent_id, *AN_2025))
    bootstrap.fermer(ctx)
    moteur_sql = create_engine(base)
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
    assert _compter_sql(base) == (1, 1, 1, 1, 1)
    ctx = _ouvreur(base)()
    assert rst.executer(ctx, cf.AGENT, rst.ListerFactures(adherent_id)) == (facture,)
    bootstrap.fermer(ctx)


def test_eight_processes_issuing_at_once_give_one_gapless_series(
    base: str, modele: tuple[Path, list[str]],
) -> None:
    """Four processes issue the whole period, four others every member one by one in
    their own random order: each member is invoiced once, numbers are 1..N."""
    ids = modele[1]
    hasard = random.Random(26)
    listes: list[list[str] | None] = [None] * 4 + [hasard.sample(ids, len(ids))
                                                   for _ in range(4)]
    assert cf.emettre_en_parallele(_ouvreur(base), PERIODE, 8, listes) == ["ok"] * 8
    ctx = _ouvreur(base)()
    compte = cf.compter(ctx, _annee(), PERIODE, ids)
    assert compte.rangs == tuple(range(1, MEMBRES + 1)) and compte.a_facturer == 0
    assert set(compte.documents_par_membre.values()) == {1}
    assert _compter_sql(base) == (MEMBRES, MEMBRES, 1, MEMBRES, MEMBRES)
    with ctx.unite_de_travail() as uow:
        verifier_numeros_sans_trou(uow, _annee(), ids)
    bootstrap.fermer(ctx)


def test_a_batch_killed_halfway_leaves_no_gap_and_resumes_where_it_stopped(
    base: str, modele: tuple[Path, list[str]],
) -> None:
    """SIGKILL lands inside the second batch of 3 members, after its documents were
    written and numbered 4..6, before its commit: the database holds the first batch
    only (1..3, counter 3); running the batch again issues the rest as 4..8."""
    ids = modele[1]
    assert cf.tuer_en_plein_lot(_ouvreur(base), PERIODE, par_lot=3, lot=2)
    assert _compter_sql(base) == (3, 3, 1, 3, 3)
    ctx = _ouvreur(base)()
    with ctx.unite_de_travail() as uow:
        verifier_numeros_sans_trou(uow, _annee(), ids)
    bilan = rst.executer(ctx, cf.AGENT, rst.EmettreFactures(*AN_2025))
    assert bilan.adherents_factures == MEMBRES - 3 and bilan.restants == 0
    assert _compter_sql(base) == (MEMBRES, MEMBRES, 1, MEMBRES, MEMBRES)
    with ctx.unite_de_travail() as uow:
        verifier_numeros_sans_trou(uow, _annee(), ids)
    bootstrap.fermer(ctx)
