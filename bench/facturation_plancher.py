"""The billing run against its own floor, for every preset, and totals without
lines.

For each size (data from ``bench/donnees.py``) and engine it times, medians of
``--repetitions`` runs taken in turn:

- (f) the floor of each preset: the library's own statement for that rule
  (``instruction_morceaux`` or ``instruction_assiette``, as the run would pick it) executed
  through the raw driver cursor (sqlite3; psycopg's server-side cursor), its rows
  fetched as plain tuples, 5,000 at a time;
- (a) the library: ``assiette_de_tous(annee(2025), preset)``, every assiette consumed;
- (t) ``totaux_de_tous(annee(2025), present_dans_l_annee)`` against (t0), the
  hand-written totals query of ``bench/facturation.py`` (b''), and checks they count
  the same people.

Ratios: (a)/(f) per preset (target ≤ 1.3), (a) of each chain preset / (a) of
``present_dans_l_annee`` (target ≤ 1.3), (t)/(t0) (target ≤ 1.2).

    source .ci/postgres.sh   # or export RST_EFFECTIFS_TEST_POSTGRESQL_URL=...
    python bench/facturation_plancher.py --tailles 100000

PostgreSQL runs in schema ``rst_bench_plancher`` of the given database (dropped at the
start and the end); SQLite in a temporary file.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, Select, create_engine
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).parent))

import donnees

from facturation import totaux_a_la_main
from rst_effectifs.adapters.sql import FabriqueSql, upgrade
from rst_effectifs.adapters.sql.facturation_instructions import (
    instruction_assiette,
    instruction_lignes,
)
from rst_effectifs.adapters.sql.moteur import creer_moteur
from rst_effectifs.domain.facturation import REGLES_PREDEFINIES, annee

SCHEMA_PG = "rst_bench_plancher"
ANNEE = 2025
PRESENCE = "present_dans_l_annee"


def instruction_de_la_regle(dialecte: str, nom: str) -> Select[Any]:
    """The statement the billing run executes for this preset."""
    regle = REGLES_PREDEFINIES[nom]
    instruction = instruction_lignes(dialecte, annee(ANNEE), regle, None)
    return instruction if instruction is not None else instruction_assiette(
        dialecte, annee(ANNEE), regle, None)


def plancher(moteur: Engine, nom: str) -> tuple[float, int]:
    """(f): the statement through the raw driver cursor, rows fetched as tuples."""
    instruction = instruction_de_la_regle(moteur.dialect.name, nom)
    sql = str(instruction.compile(dialect=moteur.dialect, compile_kwargs={"literal_binds": True}))
    with moteur.connect() as connection:
        brute: Any = connection.connection.driver_connection
        debut = time.perf_counter()
        curseur = (brute.cursor() if moteur.dialect.name == "sqlite"
                   else brute.cursor(name="plancher"))
        curseur.execute(sql)
        nombre = 0
        while lot := curseur.fetchmany(5000):
            nombre += len(lot)
        curseur.close()
        secondes = time.perf_counter() - debut
        connection.rollback()
    return secondes, nombre


def bibliotheque(fabrique: FabriqueSql, nom: str) -> tuple[float, int]:
    """(a): every member's assiette, consumed and dropped."""
    debut = time.perf_counter()
    personnes = 0
    with fabrique() as uow:
        for assiette in uow.facturation.assiette_de_tous(annee(ANNEE), REGLES_PREDEFINIES[nom]):
            personnes += len(assiette.lignes)
    return time.perf_counter() - debut, personnes


def totaux(fabrique: FabriqueSql) -> tuple[float, int]:
    """(t): every member's totals, no line."""
    debut = time.perf_counter()
    personnes = 0
    with fabrique() as uow:
        for t in uow.facturation.totaux_de_tous(annee(ANNEE), REGLES_PREDEFINIES[PRESENCE]):
            personnes += t.nombre
    return time.perf_counter() - debut, personnes


def url_postgresql(base: str) -> str:
    moteur = create_engine(base)
    with moteur.begin() as connection:
        connection.exec_driver_sql(f"DROP SCHEMA IF EXISTS {SCHEMA_PG} CASCADE")
        connection.exec_driver_sql(f"CREATE SCHEMA {SCHEMA_PG}")
    moteur.dispose()
    isolee = make_url(base).update_query_dict({"options": f"-csearch_path={SCHEMA_PG}"})
    return isolee.render_as_string(hide_password=False)


def supprimer_schema(base: str) -> None:
    moteur = create_engine(base)
    with moteur.begin() as connection:
        connection.exec_driver_sql(f"DROP SCHEMA IF EXISTS {SCHEMA_PG} CASCADE")
    moteur.dispose()


def mesurer(nombre: int, pg: str | None, repetitions: int,
            regles: list[str]) -> list[dict[str, object]]:
    resultats: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory() as dossier:
        urls = {"SQLite": f"sqlite:///{Path(dossier) / 'bench.db'}"}
        if pg:
            urls["PostgreSQL"] = url_postgresql(pg)
        for url in urls.values():
            upgrade(url)
        moteurs = [create_engine(url) for url in urls.values()]
        debut = time.perf_counter()
        donnees.charger(moteurs, nombre, journal=False)
        print(f"{nombre} salariés loaded in {time.perf_counter() - debut:.0f} s",
              file=sys.stderr)
        for (nom_moteur, url), moteur in zip(urls.items(), moteurs, strict=True):
            fabrique = FabriqueSql(creer_moteur(url))
            mesures: dict[str, list[float]] = {}
            comptes: dict[str, int] = {}
            for _ in range(repetitions):
                for nom in regles:
                    f, _lignes = plancher(moteur, nom)
                    a, personnes = bibliotheque(fabrique, nom)
                    mesures.setdefault(f"f:{nom}", []).append(f)
                    mesures.setdefault(f"a:{nom}", []).append(a)
                    comptes[nom] = personnes
                t, n_t = totaux(fabrique)
                t0, n_t0 = totaux_a_la_main(moteur)
                assert n_t == n_t0, (n_t, n_t0)
                mesures.setdefault("t", []).append(t)
                mesures.setdefault("t0", []).append(t0)
            fabrique.fermer()
            medianes = {k: statistics.median(v) for k, v in mesures.items()}
            ligne = {"moteur": nom_moteur, "salaries": nombre, "lignes": comptes,
                     **medianes, "mesures": mesures}
            print(json.dumps(ligne), file=sys.stderr)
            resultats.append(ligne)
            moteur.dispose()
        if pg:
            supprimer_schema(pg)
    return resultats


def tableau(resultats: list[dict[str, object]], regles: list[str]) -> str:
    lignes = ["| engine | salariés | rule | lines | (f) floor s | (a) run s | (a)/(f) "
              "| (a)/(a presence) |", "|---|---:|---|---:|---:|---:|---:|---:|"]
    for r in resultats:
        v: dict[str, Any] = r
        for nom in regles:
            a, f = v[f"a:{nom}"], v[f"f:{nom}"]
            rapport = (f"{a / v[f'a:{PRESENCE}']:.2f}" if f"a:{PRESENCE}" in v else "")
            lignes.append(f"| {r['moteur']} | {r['salaries']:,} | {nom} "
                          f"| {v['lignes'][nom]:,} | {f:.2f} | {a:.2f} | {a / f:.2f} "
                          f"| {rapport} |")
    lignes += ["", "| engine | salariés | (t) totaux_de_tous s | (t0) by hand s | (t)/(t0) |",
               "|---|---:|---:|---:|---:|"]
    for r in resultats:
        v = r
        lignes.append(f"| {r['moteur']} | {r['salaries']:,} | {v['t']:.2f} | {v['t0']:.2f} "
                      f"| {v['t'] / v['t0']:.2f} |")
    return "\n".join(lignes)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tailles", type=int, nargs="+", default=[100_000])
    parser.add_argument("--postgresql", default=os.environ.get(
        "RST_EFFECTIFS_TEST_POSTGRESQL_URL"))
    parser.add_argument("--repetitions", type=int, default=3)
    parser.add_argument("--regles", nargs="+", default=sorted(REGLES_PREDEFINIES))
    args = parser.parse_args()
    tous: list[dict[str, object]] = []
    for nombre in args.tailles:
        tous += mesurer(nombre, args.postgresql, args.repetitions, args.regles)
    print(f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC")
    print(tableau(tous, args.regles))


if __name__ == "__main__":
    main()
