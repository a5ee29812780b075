"""The portal killed twice (SIGKILL) under 8 writing clients, over HTTP, on a SQLite file
and on PostgreSQL: afterwards, counted in the database, every acknowledged hire is there
exactly once (0 lost) and nobody has two files (0 doubled). A longer run with its
figures: ``bench/tuer_le_portail.py``, docs/security.md."""

from __future__ import annotations

import collections

import pytest

import rst_effectifs as rst
from rst_effectifs import bootstrap
from rst_effectifs.testing.serveur_tue import jeton, tuer_sous_charge

AGENT = rst.AgentRst(rst.Email.parse("agent@rst.fr"))
EMAIL = "rh@tue.fr"


@pytest.mark.parametrize("url_sql", ["sqlite", pytest.param(
    "postgresql", marks=pytest.mark.postgresql)], indirect=True)
def test_killing_the_server_twice_under_8_clients_loses_and_doubles_nothing(
        url_sql: str) -> None:
    ctx = bootstrap.depuis_url(url_sql, migrer=True)
    try:
        adherent = rst.executer(ctx, AGENT, rst.CreerAdherent("3003", "73282932000074",
                                                              "Tué", EMAIL))
        moi = rst.resoudre_acces(ctx, EMAIL, adherent.id)
        poste = rst.executer(ctx, moi, rst.AjouterPoste(adherent.id, "Vendeur"))
        bilan = tuer_sous_charge(url_sql, "3003", jeton(ctx, adherent.id, EMAIL), poste.id,
                                 clients=8, tuer=2, duree=1.5)
        with ctx.unite_de_travail() as uow:
            noms = collections.Counter(s.identite.nom for s in uow.salaries.tous(adherent.id))
        assert bilan.tues == 2 and bilan.erreurs == []
        assert bilan.acquittees and bilan.reessais > 0  # writes went on across the kills
        assert bilan.acquittees - set(noms) == set()  # 0 lost
        assert [n for n, fois in noms.items() if fois > 1] == []  # 0 doubled
    finally:
        bootstrap.fermer(ctx)
