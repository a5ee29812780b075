"""Revision 0012 (the dated risk catalogue, P2b): it fills ``postes.risques_bits`` from
the risk codes already stored exactly as the library writes it, rewrites nothing else of
a poste, and a database written before it then counts a driving-authorisation worker SIR
on 30/09/2025 and SIG on 01/10/2025."""

from __future__ import annotations

import datetime as dt
from itertools import combinations

from sqlalchemy import insert, select

import rst_effectifs as rst
from rst_effectifs.adapters.sql import creer_moteur, upgrade
from rst_effectifs.adapters.sql import tables as t
from rst_effectifs.adapters.sql.adherents import rangee_adherent, rangee_poste
from rst_effectifs.adapters.sql.salaries_rangees import rangees_par_table
from rst_effectifs.adapters.sql.suivi import BITS_DES_RISQUES, bits_des_risques
from rst_effectifs.testing.conformite import adherent_exemple, salarie_simple

Risque = rst.Risque
COLONNES_APRES_0011 = {"ntt", "precision_naissance"}
"""Columns of ``salaries`` added by revision 0015."""


def _postes() -> tuple[rst.Poste, ...]:
    """No risk, each risk alone, some pairs (codes that share a prefix among them), all."""
    ensembles = [frozenset[rst.Risque](), *(frozenset({r}) for r in Risque),
                 *(frozenset(p) for p in combinations(
                     [Risque.AGENTS_BIOLOGIQUES_2, Risque.AGENTS_BIOLOGIQUES_3_4,
                      Risque.AUTORISATION_CONDUITE, Risque.AMIANTE], 2)), frozenset(Risque)]
    return tuple(rst.Poste(id=f"p{i}", libelle=f"Poste {i}", risques=risques,
                           justification_sir="Isolé" if i == 3 else None)
                 for i, risques in enumerate(ensembles))


def test_revision_0012_fills_the_risk_bits_the_library_writes(url_sql: str) -> None:
    upgrade(url_sql, "0011")
    adherent = adherent_exemple("m1", postes=_postes())
    cariste = salarie_simple("s1", "m1", "p9", debut=dt.date(2024, 1, 8))  # conduite alone
    assert rst.Risque.AUTORISATION_CONDUITE in adherent.postes[9].risques
    moteur = creer_moteur(url_sql)
    try:
        with moteur.begin() as connection:
            connection.execute(insert(t.adherents), rangee_adherent(adherent, 1))
            connection.execute(insert(t.postes), [
                {k: v for k, v in rangee_poste(adherent.id, i, p).items() if k != "risques_bits"}
                for i, p in enumerate(adherent.postes)])
            for table, rangees in rangees_par_table([cariste]).items():
                if rangees:  # as revision 0011 stored them: no column of a later revision
                    connection.execute(insert(table), [
                        {k: v for k, v in rangee.items() if k not in COLONNES_APRES_0011}
                        for rangee in rangees])
        colonnes = [c for c in t.postes.c if c.name != "risques_bits"]
        with moteur.connect() as connection:
            avant = {r.poste_id: dict(r._mapping) for r in connection.execute(select(*colonnes))}
    finally:
        moteur.dispose()

    upgrade(url_sql)

    moteur = creer_moteur(url_sql)
    try:
        with moteur.connect() as connection:
            apres = {r.poste_id: dict(r._mapping) for r in connection.execute(select(t.postes))}
    finally:
        moteur.dispose()
    assert {pid: rangee["risques_bits"] for pid, rangee in apres.items()} == {
        p.id: bits_des_risques(p.risques) for p in adherent.postes}
    assert apres["p1"]["risques_bits"] == 1 << BITS_DES_RISQUES[Risque.AMIANTE]
    assert {pid: {k: v for k, v in rangee.items() if k != "risques_bits"}
            for pid, rangee in apres.items()} == avant  # nothing else rewritten
    ctx = rst.depuis_url(url_sql, migrer=False)
    try:
        agent = rst.AgentRst(rst.Email.parse("agent@rst.fr"))
        for le, attendu in ((dt.date(2025, 9, 30), rst.TypeDeSuivi.SIR),
                            (dt.date(2025, 10, 1), rst.TypeDeSuivi.SIG)):
            effectif = rst.consulter_effectif(ctx, agent, rst.ConsulterEffectif("m1", le))
            assert effectif.lignes[0].type_de_suivi is attendu, le
    finally:
        rst.bootstrap.fermer(ctx)
