"""PostgreSQL: a unit locking many identities at once takes every S2 key, in several
statements (a select list holds at most 1,664 columns), and holds them until it ends."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import text

from rst_effectifs.adapters.sql import FabriqueSql, creer_moteur, upgrade
from rst_effectifs.adapters.sql.verrous import cles_identites
from rst_effectifs.domain.salaries import Identite


@pytest.mark.postgresql
def test_two_thousand_identities_are_locked_and_held_until_the_unit_ends(
        url_postgresql: str) -> None:
    upgrade(url_postgresql)
    fabrique = FabriqueSql(creer_moteur(url_postgresql))
    identites = [Identite(nom=f"Nom{n:04d}", prenoms="Alex",
                          date_naissance=dt.date(1980, 1, 1) + dt.timedelta(days=n))
                 for n in range(2000)]
    attendus = len(cles_identites(identites)) + 1  # and the member's key, shared
    assert attendus > 1664
    autre = fabrique.moteur.connect()
    compter = text("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' "
                   "AND pid = :pid")
    with fabrique() as uow:
        uow.verrouiller_identites("a1", identites)  # type: ignore[attr-defined]
        pid = uow.connection().execute(  # type: ignore[attr-defined]
            text("SELECT pg_backend_pid()")).scalar_one()
        assert autre.execute(compter, {"pid": pid}).scalar_one() == attendus
    assert autre.execute(compter, {"pid": pid}).scalar_one() == 0
    autre.close()
    fabrique.fermer()
