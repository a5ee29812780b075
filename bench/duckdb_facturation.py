"""DuckDB reading the SQLite file for the yearly billing run, against the floor and the
library.

On one SQLite database built by ``bench/donnees.py`` (reused when the file exists), in
one process, medians of ``--repetitions`` runs taken in turn, per preset:

- (f) the floor, as ``bench/facturation_plancher.py``: the library's own statement
  (``instruction_lignes``) through the raw sqlite3 cursor, rows fetched as tuples, 5,000 at
  a time;
- (a) the library: ``assiette_de_tous(annee(2025), preset)``, every assiette consumed;
- (d) DuckDB, the SQLite file attached through DuckDB's ``sqlite_scanner`` extension
  (loaded from a local file, see below), running the same statement (the library's
  text compiled for the PostgreSQL dialect, which DuckDB reads: day numbers by date
  subtraction instead of SQLite's ``julianday``), rows fetched as tuples 5,000 at a
  time;
- (d0) the same DuckDB statement counted inside DuckDB (``SELECT count(*) FROM (...)``):
  the engine's work without handing rows to Python (the optimiser may drop the sort
  and the unread columns too), a lower bound no fetching beats;
- (ad) the library's run with its rows read from DuckDB instead of sqlite3 (the
  adapter's fold unchanged): what an optional DuckDB extra would cost;

and, under ``present_dans_l_annee``, the invoice totals: (t) ``totaux_de_tous`` against
(dt) the library's totals statement (``instruction_totaux``) run by DuckDB.

Outside the timings it checks that DuckDB returns the same rows as sqlite3 (every row,
in order), and the same totals per member and type.

The extension: DuckDB downloads extensions at run time from extensions.duckdb.org,
which this machine cannot reach (``INSTALL sqlite`` fails). The DuckDB-signed binary is
also repackaged on PyPI (``duckdb-extension-sqlite-scanner``, one release per DuckDB
version, not published by DuckDB Labs); it loads with signature checks on. Neither is a
dependency of the project:

    pip install 'duckdb==1.5.5' 'duckdb-extension-sqlite-scanner==1.5.5'
    python bench/duckdb_facturation.py --fichier /tmp/bench_100k.db --salaries 100000
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import functools
import json
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import duckdb
from sqlalchemy import Engine, Select, create_engine
from sqlalchemy.dialects import postgresql

sys.path.insert(0, str(Path(__file__).parent))

import donnees
from facturation_plancher import ANNEE, PRESENCE, bibliotheque, instruction_de_la_regle, plancher

from rst_effectifs.adapters.sql import FabriqueSql, upgrade
from rst_effectifs.adapters.sql import facturation as module_sql
from rst_effectifs.adapters.sql.facturation import FacturationSql
from rst_effectifs.adapters.sql.facturation_instructions import instruction_totaux
from rst_effectifs.adapters.sql.moteur import creer_moteur
from rst_effectifs.domain.facturation import REGLES_PREDEFINIES, RegleDeComptage, annee
from rst_effectifs.domain.periodes import Periode

LOT = 5000


def extension_sqlite() -> Path:
    """The sqlite_scanner binary for this DuckDB version, from the PyPI repackaging."""
    import duckdb_extension_sqlite_scanner as paquet  # type: ignore[import-untyped]

    return (Path(paquet.__file__).parent / "extensions" / f"v{duckdb.__version__}"
            / "sqlite_scanner.duckdb_extension")


def essayer_installation() -> str:
    """What DuckDB's own way (download at run time) gives on this machine."""
    try:
        duckdb.connect().execute("INSTALL sqlite")
    except duckdb.Error as e:
        return f"INSTALL sqlite failed: {str(e).splitlines()[0]}"
    return "INSTALL sqlite worked"


def connection_duckdb(fichier: Path) -> duckdb.DuckDBPyConnection:
    connection = duckdb.connect()
    connection.execute(f"LOAD '{extension_sqlite()}'")
    connection.execute(f"ATTACH '{fichier}' AS bench (TYPE sqlite, READ_ONLY)")
    connection.execute("USE bench")
    return connection


def en_duckdb(instruction: Select[Any]) -> str:
    """The library's statement as DuckDB reads it: PostgreSQL's SQL, values inlined, the
    inlined date typed (DuckDB does not guess a date from a string beside ``-``)."""
    sql = str(instruction.compile(dialect=postgresql.dialect(),  # type: ignore[no-untyped-call]
                                  compile_kwargs={"literal_binds": True}))
    return sql.replace("- '0001-01-01'", "- DATE '0001-01-01'")


def lots_duckdb(connection: duckdb.DuckDBPyConnection,
                sql: str) -> Iterator[list[tuple[Any, ...]]]:
    curseur = connection.cursor()  # a cursor starts in the default catalog
    curseur.execute("USE bench")
    curseur.execute(sql)
    while lot := curseur.fetchmany(LOT):
        yield lot
    curseur.close()


def duckdb_lignes(connection: duckdb.DuckDBPyConnection, nom: str) -> tuple[float, int]:
    """(d): the statement run by DuckDB, rows fetched as tuples."""
    sql = en_duckdb(instruction_de_la_regle("postgresql", nom))
    debut = time.perf_counter()
    nombre = sum(len(lot) for lot in lots_duckdb(connection, sql))
    return time.perf_counter() - debut, nombre


def duckdb_compte(connection: duckdb.DuckDBPyConnection, nom: str) -> tuple[float, int]:
    """(d0): the same statement counted inside DuckDB, no row handed to Python."""
    sql = en_duckdb(instruction_de_la_regle("postgresql", nom))
    debut = time.perf_counter()
    rangee = connection.execute(f"SELECT count(*) FROM ({sql}) AS q").fetchone()
    assert rangee is not None
    return time.perf_counter() - debut, int(rangee[0])


@contextlib.contextmanager
def sur_duckdb(connection: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """The library's run with its rows read from DuckDB: the bench swaps the adapter's
    row source (``_lots``) and the statement's dialect; the fold is the library's."""
    origine, instruction_origine = FacturationSql._lots, module_sql.instruction_lignes

    def lots(_self: FacturationSql, instruction: Select[Any]) -> Iterator[list[tuple[Any, ...]]]:
        return lots_duckdb(connection, en_duckdb(instruction))

    def instruction(_dialecte: str, periode: Periode, regle: RegleDeComptage,
                    adherent_id: str | None) -> Select[Any] | None:
        # The statement in DuckDB's SQL (PostgreSQL's).
        return instruction_origine("postgresql", periode, regle, adherent_id)

    FacturationSql._lots = lots  # type: ignore[method-assign,assignment]
    module_sql.instruction_lignes = instruction  # type: ignore[assignment]
    try:
        yield
    finally:
        FacturationSql._lots = origine  # type: ignore[method-assign]
        module_sql.instruction_lignes = instruction_origine


def bibliotheque_sur_duckdb(fabrique: FabriqueSql, connection: duckdb.DuckDBPyConnection,
                            nom: str) -> tuple[float, int]:
    """(ad): the library's run, its rows read from DuckDB."""
    with sur_duckdb(connection):
        return bibliotheque(fabrique, nom)


def memes_assiettes(fabrique: FabriqueSql, connection: duckdb.DuckDBPyConnection,
                    nom: str) -> int:
    """The run on DuckDB's rows gives the same assiettes, lines read, as on sqlite3's;
    returns the number of lines."""
    regle = REGLES_PREDEFINIES[nom]
    with fabrique() as uow:
        attendues = list(uow.facturation.assiette_de_tous(annee(ANNEE), regle))
    with sur_duckdb(connection), fabrique() as uow:
        obtenues = list(uow.facturation.assiette_de_tous(annee(ANNEE), regle))
    assert len(obtenues) == len(attendues), nom
    lignes = 0
    for a, b in zip(attendues, obtenues, strict=True):
        assert a == b and list(a.lignes) == list(b.lignes), (nom, a.adherent_id)
        lignes += len(a.lignes)
    return lignes


def totaux_bibliotheque(fabrique: FabriqueSql) -> tuple[float, dict[str, Any]]:
    """(t): ``totaux_de_tous`` under the presence rule, per member."""
    debut = time.perf_counter()
    resultat: dict[str, Any] = {}
    with fabrique() as uow:
        for t in uow.facturation.totaux_de_tous(annee(ANNEE), REGLES_PREDEFINIES[PRESENCE]):
            resultat[t.adherent_id] = t
    return time.perf_counter() - debut, resultat


def totaux_duckdb(connection: duckdb.DuckDBPyConnection) -> tuple[float, list[Any]]:
    """(dt): the library's totals statement run by DuckDB."""
    sql = en_duckdb(instruction_totaux("postgresql", annee(ANNEE), REGLES_PREDEFINIES[PRESENCE]))
    debut = time.perf_counter()
    rangees = connection.execute(sql).fetchall()
    return time.perf_counter() - debut, rangees


def memes_lignes(fichier: Path, connection: duckdb.DuckDBPyConnection, nom: str) -> int:
    """Every row of DuckDB equal to sqlite3's, in order; returns their number."""
    import sqlite3

    brute = sqlite3.connect(fichier)
    moteur = create_engine("sqlite://")
    instruction = instruction_de_la_regle("sqlite", nom)
    sql = str(instruction.compile(dialect=moteur.dialect, compile_kwargs={"literal_binds": True}))
    curseur = brute.execute(sql)
    nombre = 0
    for lot in lots_duckdb(connection, en_duckdb(instruction_de_la_regle("postgresql", nom))):
        attendu = curseur.fetchmany(len(lot))
        assert [tuple(r) for r in lot] == attendu, (nom, nombre)
        nombre += len(lot)
    assert curseur.fetchone() is None, nom
    brute.close()
    return nombre


def memes_totaux(bib: dict[str, Any], rangees: list[Any]) -> None:
    """DuckDB's totals rows give every member's counts of ``totaux_de_tous``."""
    par_membre: dict[str, tuple[dict[str, int], int]] = {}
    for adherent_id, type_, nombre, nouveaux in rangees:
        types, n = par_membre.get(adherent_id, ({}, 0))
        if type_ is not None:
            types[type_] = int(nombre)
        par_membre[adherent_id] = (types, n + int(nouveaux))
    for adherent_id, t in bib.items():
        types, nouveaux = par_membre.get(adherent_id, ({}, 0))
        attendu = {k.value: v for k, v in t.par_type.items() if v}
        assert {k: v for k, v in types.items() if v} == attendu, adherent_id
        assert nouveaux == t.droits_entree, adherent_id


def preparer(fichier: Path, salaries: int) -> None:
    if fichier.exists():
        return
    url = f"sqlite:///{fichier}"
    upgrade(url)
    debut = time.perf_counter()
    donnees.charger([create_engine(url)], salaries, journal=False)
    print(f"{salaries} salariés loaded in {time.perf_counter() - debut:.0f} s", file=sys.stderr)


def mesures_de(moteur: Engine, fabrique: FabriqueSql, connection: duckdb.DuckDBPyConnection,
               ) -> list[tuple[str, Callable[[str], tuple[float, int]]]]:
    """The timed figures of one preset, in the order they are taken."""
    return [("f", functools.partial(plancher, moteur)),
            ("a", functools.partial(bibliotheque, fabrique)),
            ("d", functools.partial(duckdb_lignes, connection)),
            ("d0", functools.partial(duckdb_compte, connection)),
            ("ad", functools.partial(bibliotheque_sur_duckdb, fabrique, connection))]


def mesurer(fichier: Path, repetitions: int, regles: list[str]) -> dict[str, Any]:
    url = f"sqlite:///{fichier}"
    moteur = create_engine(url)
    fabrique = FabriqueSql(creer_moteur(url))
    connection = connection_duckdb(fichier)
    verifie = {nom: memes_lignes(fichier, connection, nom) for nom in regles}
    print(f"same rows: {verifie}", file=sys.stderr)
    assiettes = {nom: memes_assiettes(fabrique, connection, nom) for nom in regles}
    print(f"same assiettes, lines: {assiettes}", file=sys.stderr)
    mesures: dict[str, list[float]] = {}
    bib_totaux: dict[str, Any] = {}
    lignes_totaux: list[Any] = []
    for _ in range(repetitions):
        for nom in regles:
            for cle, fonction in mesures_de(moteur, fabrique, connection):
                secondes, _nombre = fonction(nom)
                mesures.setdefault(f"{cle}:{nom}", []).append(secondes)
        t, bib_totaux = totaux_bibliotheque(fabrique)
        d_t, lignes_totaux = totaux_duckdb(connection)
        mesures.setdefault("t", []).append(t)
        mesures.setdefault("dt", []).append(d_t)
    memes_totaux(bib_totaux, lignes_totaux)
    fabrique.fermer()
    moteur.dispose()
    medianes = {k: statistics.median(v) for k, v in mesures.items()}
    return {"lignes": verifie, **medianes, "mesures": mesures}


def tableau(r: dict[str, Any], salaries: int, regles: list[str]) -> str:
    lignes = [f"{salaries:,} salariés",
              "| rule | lines | (f) floor s | (a) run s | (d) DuckDB rows s | (d0) DuckDB "
              "count s | (ad) run on DuckDB s | (f)/(d) | (a)/(d) | (a)/(ad) |",
              "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for nom in regles:
        f, a, d, d0, ad = (r[f"{k}:{nom}"] for k in ("f", "a", "d", "d0", "ad"))
        lignes.append(f"| {nom} | {r['lignes'][nom]:,} | {f:.2f} | {a:.2f} | {d:.2f} "
                      f"| {d0:.2f} | {ad:.2f} | {f / d:.2f} | {a / d:.2f} | {a / ad:.2f} |")
    lignes += ["", "| (t) totaux_de_tous s | (dt) DuckDB totals s | (t)/(dt) |",
               "|---:|---:|---:|", f"| {r['t']:.2f} | {r['dt']:.2f} | {r['t'] / r['dt']:.2f} |"]
    return "\n".join(lignes)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fichier", type=Path, required=True,
                        help="SQLite file, built by bench/donnees.py when missing")
    parser.add_argument("--salaries", type=int, default=100_000)
    parser.add_argument("--repetitions", type=int, default=3)
    parser.add_argument("--regles", nargs="+",
                        default=[PRESENCE, "embauches_plus_de_31_jours"])
    args = parser.parse_args()
    print(essayer_installation(), file=sys.stderr)
    print(f"DuckDB {duckdb.__version__}, extension {extension_sqlite()}", file=sys.stderr)
    preparer(args.fichier, args.salaries)
    resultat = mesurer(args.fichier, args.repetitions, args.regles)
    print(json.dumps(resultat), file=sys.stderr)
    print(f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC")
    print(tableau(resultat, args.salaries, args.regles))


if __name__ == "__main__":
    main()
