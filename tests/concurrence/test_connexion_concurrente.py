"""A6 under concurrency: one sign-in code validated by four processes at the same
instant signs in exactly once, on a SQLite file and on PostgreSQL (counted in the
database: one code marked used, one success, the others refused alike)."""

from __future__ import annotations

import functools

import pytest
from sqlalchemy import func, select

import rst_effectifs as rst
from rst_effectifs.adapters.sql import FabriqueSql, upgrade
from rst_effectifs.adapters.sql.connexions import codes_connexion
from rst_effectifs.testing.concurrence import Banc
from rst_effectifs.testing.concurrence_connexion import code_envoye, ouvrir, une_seule_connexion

AGENT = rst.AgentRst(rst.Email.parse("agent@rst.fr"))
PROCESSUS = 4


@pytest.mark.parametrize("url_sql", ["sqlite", pytest.param(
    "postgresql", marks=pytest.mark.postgresql)], indirect=True)
def test_one_code_validated_by_several_processes_signs_in_once(url_sql: str) -> None:
    upgrade(url_sql)
    ctx = rst.depuis_url(url_sql, migrer=False)
    banc = Banc(functools.partial(ouvrir, url_sql), PROCESSUS)
    try:
        for tour in range(2):
            email = f"admin{tour}@concurrence.test"
            rst.creer_adherent(ctx, AGENT, rst.CreerAdherent(
                f"00000{tour}", "73282932000074", "Concurrence", email))
            code = code_envoye(ctx, email)
            issues = banc.tour([("valider_connexion", (email, code))] * PROCESSUS)
            assert une_seule_connexion(issues) == []
            assert isinstance(ctx.unite_de_travail, FabriqueSql)
            with ctx.unite_de_travail.moteur.connect() as connexion:
                utilises = connexion.execute(select(func.count()).select_from(codes_connexion)
                                             .where(codes_connexion.c.email_cle == email,
                                                    codes_connexion.c.utilise.is_not(None))
                                             ).scalar_one()
            assert utilises == 1
    finally:
        banc.fermer()
        assert isinstance(ctx.unite_de_travail, FabriqueSql)
        ctx.unite_de_travail.fermer()
