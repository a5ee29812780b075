"""Experiment on the billing run's floor: could any design of the billing run reach
(a)/(b) <= 1.5? This fetches the rows the library's billing statement returns
(``instruction_morceaux``, one or a few rows per billed person) into Arrow columns through
ADBC drivers — C all the way, no Python object per row — and compares that with the
bench's (b), the hand-written ``COUNT`` of the same people. Nothing is built from the
rows: it is the floor of any run that returns the people, below what ``bench/
facturation.py`` calls (b').

Not a dependency of the package: install the drivers into the bench's environment
first (all from PyPI):

    pip install pyarrow adbc-driver-manager adbc-driver-postgresql adbc-driver-sqlite
    source .ci/postgres.sh
    python bench/plancher_colonnes.py --tailles 100000 1000000

PostgreSQL runs in schema ``rst_bench_colonnes`` (dropped at the start and the end),
SQLite in a temporary file. Medians of 3 runs, taken in turn.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import adbc_driver_postgresql.dbapi as adbc_postgresql
import adbc_driver_sqlite.dbapi as adbc_sqlite
from sqlalchemy import create_engine
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).parent))

import donnees

from rst_effectifs.adapters.sql import upgrade
from rst_effectifs.adapters.sql.facturation_instructions import instruction_morceaux
from rst_effectifs.domain.facturation import REGLES_PREDEFINIES, annee

SCHEMA_PG = "rst_bench_colonnes"
COMPTE = """
SELECT count(*) FROM (
  SELECT DISTINCT p.adherent_id, p.salarie_id
  FROM presences p JOIN salaries s
    ON s.adherent_id = p.adherent_id AND s.salarie_id = p.salarie_id
  WHERE NOT s.annule AND p.debut <= '2025-12-31' AND (p.fin IS NULL OR p.fin >= '2025-01-01')
) presents
"""
"""The bench's (b), written as SQL text (the same statement on both engines)."""


def _mesurer(connection: Any, instruction: str) -> tuple[float, float, int, int]:
    comptes, colonnes = [], []
    for _ in range(3):
        curseur = connection.cursor()
        debut = time.perf_counter()
        curseur.execute(COMPTE)
        personnes = int(curseur.fetchone()[0])
        milieu = time.perf_counter()
        curseur.execute(instruction)
        table = curseur.fetch_arrow_table()
        fin = time.perf_counter()
        curseur.close()
        comptes.append(milieu - debut)
        colonnes.append(fin - milieu)
    return statistics.median(comptes), statistics.median(colonnes), personnes, table.num_rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tailles", type=int, nargs="+", default=[100_000])
    parser.add_argument("--postgresql", default=os.environ.get(
        "RST_EFFECTIFS_TEST_POSTGRESQL_URL"))
    args = parser.parse_args()
    print("| engine | salariés | billed | rows fetched | (b) count s "
          "| Arrow fetch s | fetch / (b) |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for nombre in args.tailles:
        with tempfile.TemporaryDirectory() as dossier:
            fichier = Path(dossier) / "colonnes.db"
            urls = {"SQLite": f"sqlite:///{fichier}"}
            if args.postgresql:
                base = create_engine(args.postgresql)
                with base.begin() as connection:
                    connection.exec_driver_sql(f"DROP SCHEMA IF EXISTS {SCHEMA_PG} CASCADE")
                    connection.exec_driver_sql(f"CREATE SCHEMA {SCHEMA_PG}")
                urls["PostgreSQL"] = make_url(args.postgresql).update_query_dict(
                    {"options": f"-csearch_path={SCHEMA_PG}"}).render_as_string(
                    hide_password=False)
            for url in urls.values():
                upgrade(url)
            moteurs = {nom: create_engine(url) for nom, url in urls.items()}
            donnees.charger(list(moteurs.values()), nombre, journal=False)
            for nom, moteur in moteurs.items():
                instruction = str(instruction_morceaux(
                    moteur.dialect.name, annee(2025), REGLES_PREDEFINIES["present_dans_l_annee"],
                    None).compile(moteur, compile_kwargs={"literal_binds": True}))
                if nom == "SQLite":
                    connection = adbc_sqlite.connect(str(fichier))
                else:
                    libpq = make_url(urls[nom]).set(drivername="postgresql")
                    connection = adbc_postgresql.connect(libpq.render_as_string(
                        hide_password=False))
                compte, colonnes, personnes, rangees = _mesurer(connection, instruction)
                connection.close()
                moteur.dispose()
                print(f"| {nom} | {nombre:,} | {personnes:,} | {rangees:,} | {compte:.2f} "
                      f"| {colonnes:.2f} | {colonnes / compte:.1f} |", flush=True)
            if args.postgresql:
                with base.begin() as connection:
                    connection.exec_driver_sql(f"DROP SCHEMA {SCHEMA_PG} CASCADE")
                base.dispose()


if __name__ == "__main__":
    main()
