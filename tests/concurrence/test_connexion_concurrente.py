"""A6 under concurrency, on a SQLite file and on PostgreSQL, counted in the database:
one sign-in code validated by several processes at the same instant signs in exactly
once (one code marked used, one success, the others refused alike); 24 wrong codes sent
by 4 processes at once (6 rounds) count exactly ``ESSAIS_MAX`` tries, after which even the right
code is refused."""

from __future__ import annotations

import functools

import pytest
from sqlalchemy import func, select

import rst_effectifs as rst
from rst_effectifs.adapters.sql import FabriqueSql, upgrade
from rst_effectifs.adapters.sql.connexions import codes_connexion
from rst_effectifs.application import connexion as cx
from rst_effectifs.testing.concurrence import Banc
from rst_effectifs.testing.concurrence_connexion import code_envoye, ouvrir, une_seule_connexion

AGENT = rst.AgentRst(rst.Email.parse("agent@rst.fr"))
PROCESSUS = 4


def _essais(ctx: rst.Contexte, email: str) -> int:
    assert isinstance(ctx.unite_de_travail, FabriqueSql)
    with ctx.unite_de_travail.moteur.connect() as connection:
        return int(connection.execute(select(codes_connexion.c.essais).where(
            codes_connexion.c.email_cle == email)).scalar_one())


@pytest.mark.parametrize("url_sql", ["sqlite", pytest.param(
    "postgresql", marks=pytest.mark.postgresql)], indirect=True)
def test_one_code_signs_in_once_and_wrong_codes_count_exactly(url_sql: str) -> None:
    upgrade(url_sql)
    ctx = rst.depuis_url(url_sql, migrer=False)
    banc = Banc(functools.partial(ouvrir, url_sql), PROCESSUS)
    try:
        for tour in range(2):
            email = f"admin{tour}@concurrence.test"
            rst.creer_adherent(ctx, AGENT, rst.CreerAdherent(
                f"00000{tour}", "73282932000074", "Concurrence", email))
            code, demande = code_envoye(ctx, email)
            issues = banc.tour([("valider_connexion", (email, code, demande))] * PROCESSUS)
            assert une_seule_connexion(issues) == []
            assert isinstance(ctx.unite_de_travail, FabriqueSql)
            with ctx.unite_de_travail.moteur.connect() as connection:
                utilises = connection.execute(select(func.count()).select_from(codes_connexion)
                                              .where(codes_connexion.c.email_cle == email,
                                                     codes_connexion.c.utilise.is_not(None))
                                              ).scalar_one()
            assert utilises == 1
        email = "essais@concurrence.test"
        rst.creer_adherent(ctx, AGENT, rst.CreerAdherent(
            "000009", "73282932000074", "Concurrence", email))
        code, demande = code_envoye(ctx, email)
        faux = f"{(int(code) + 1) % 10**8:08d}"
        issues = []
        for _ in range(24 // PROCESSUS):
            issues += banc.tour([("valider_connexion", (email, faux, demande))] * PROCESSUS)
        assert {(i.genre, i.code) for i in issues} == {("refus", "connexion.code_refuse")}
        assert _essais(ctx, email) == cx.ESSAIS_MAX
        trop_tard = banc.tour([("valider_connexion", (email, code, demande))] * PROCESSUS)
        assert {(i.genre, i.code) for i in trop_tard} == {("refus", "connexion.code_refuse")}
        assert _essais(ctx, email) == cx.ESSAIS_MAX
    finally:
        banc.fermer()
        assert isinstance(ctx.unite_de_travail, FabriqueSql)
        ctx.unite_de_travail.fermer()


def _essais(ctx: rst.Contexte, email: str) -> int:
    assert isinstance(ctx.unite_de_travail, FabriqueSql)
    with ctx.unite_de_travail.moteur.connect() as connection:
        return int(connection.execute(select(codes_connexion.c.essais).where(
            codes_connexion.c.email_cle == email)).scalar_one())
