"""What the dated risk catalogue (P2b) costs the billing run: the library's statement,
whose follow-up type is one ``CASE`` over the poste's stored risk bits and the day
(``adapters/sql/suivi.py``), against the same statement reading one stored type per
poste (the former ``postes.type_de_suivi``, as before the catalogue was dated).

For each engine and rule, medians of ``--repetitions`` runs taken in turn (dated,
stored, dated, stored…): the statement of ``instruction_lignes`` executed through the raw
driver cursor (sqlite3; psycopg's server-side cursor), rows fetched as plain tuples,
5,000 at a time. The data is ``bench/donnees.py`` (a quarter of the postes carry
driving authorisation alone, so the catalogue change matters for them).

    export RST_EFFECTIFS_TEST_POSTGRESQL_URL=postgresql+psycopg://…   # optional
    python bench/suivi_date.py --tailles 100000

PostgreSQL runs in schema ``rst_bench_suivi`` of the given database (dropped at the start
and the end); SQLite in a temporary file.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).parent))

import donnees

from rst_effectifs.adapters.sql import facturation_instructions, upgrade
from rst_effectifs.domain.facturation import REGLES_PREDEFINIES, annee

SCHEMA_PG = "rst_bench_suivi"
ANNEE = 2025
REGLES = ("present_au_1er_janvier", "present_dans_l_annee", "embauches_plus_de_31_jours")


def sql_de(moteur: Engine, nom: str, date: bool) -> str:
    """The billing run's statement for the rule, with the dated type or the stored one."""
    original = facturation_instructions.type_du_poste
    if not date:
        facturation_instructions.type_du_poste = (  # type: ignore[assignment]
            lambda poste, _a_partir_du, _suivi=None: poste.type_de_suivi)
    try:
        instruction = facturation_instructions.instruction_lignes(
            moteur.dialect.name, annee(ANNEE), REGLES_PREDEFINIES[nom], None)
    finally:
        facturation_instructions.type_du_poste = original  # type: ignore[assignment]
    assert instruction is not None
    return str(instruction.compile(dialect=moteur.dialect, compile_kwargs={"literal_binds": True}))


def chronometrer(moteur: Engine, sql: str) -> tuple[float, int]:
    with moteur.connect() as connection:
        brute: Any = connection.connection.driver_connection
        debut = time.perf_counter()
        curseur = (brute.cursor() if moteur.dialect.name == "sqlite"
                   else brute.cursor(name="suivi"))
        curseur.execute(sql)
        nombre = 0
        while lot := curseur.fetchmany(5000):
            nombre += len(lot)
        curseur.close()
        secondes = time.perf_counter() - debut
        connection.rollback()
    return secondes, nombre


def url_postgresql(base: str) -> str:
    moteur = create_engine(base)
    with moteur.begin() as connection:
        connection.exec_driver_sql(f"DROP SCHEMA IF EXISTS {SCHEMA_PG} CASCADE")
        connection.exec_driver_sql(f"CREATE SCHEMA {SCHEMA_PG}")
    moteur.dispose()
    isolee = make_url(base).update_query_dict({"options": f"-csearch_path={SCHEMA_PG}"})
    return isolee.render_as_string(hide_password=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tailles", type=int, default=100_000)
    parser.add_argument("--postgresql", default=os.environ.get(
        "RST_EFFECTIFS_TEST_POSTGRESQL_URL"))
    parser.add_argument("--repetitions", type=int, default=5)
    args = parser.parse_args()
    lignes = ["| engine | salariés | rule | rows | dated type s | stored type s | ratio |",
              "|---|---:|---|---:|---:|---:|---:|"]
    with tempfile.TemporaryDirectory() as dossier:
        urls = {"SQLite": f"sqlite:///{Path(dossier) / 'bench.db'}"}
        if args.postgresql:
            urls["PostgreSQL"] = url_postgresql(args.postgresql)
        for url in urls.values():
            upgrade(url)
        moteurs = [create_engine(url) for url in urls.values()]
        donnees.charger(moteurs, args.tailles, journal=False)
        for nom_moteur, moteur in zip(urls, moteurs, strict=True):
            for nom in REGLES:
                date, stocke = sql_de(moteur, nom, True), sql_de(moteur, nom, False)
                mesures: dict[bool, list[float]] = {True: [], False: []}
                comptes: set[int] = set()
                for _ in range(args.repetitions):
                    for genre, sql in ((True, date), (False, stocke)):
                        secondes, nombre = chronometrer(moteur, sql)
                        mesures[genre].append(secondes)
                        comptes.add(nombre)
                assert len(comptes) == 1, comptes  # the same rows either way
                d, s = (statistics.median(mesures[g]) for g in (True, False))
                lignes.append(f"| {nom_moteur} | {args.tailles:,} | {nom} | {comptes.pop():,} "
                              f"| {d:.3f} | {s:.3f} | {d / s:.2f} |")
            moteur.dispose()
        if args.postgresql:
            moteur = create_engine(args.postgresql)
            with moteur.begin() as connection:
                connection.exec_driver_sql(f"DROP SCHEMA IF EXISTS {SCHEMA_PG} CASCADE")
            moteur.dispose()
    print(f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC")
    print("\n".join(lignes))


if __name__ == "__main__":
    main()
