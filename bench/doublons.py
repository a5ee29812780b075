"""Cost of finding doubled files before billing (F6).

One member of N salariés (default 50,000), a few hundred of them doubled past S2 as
concurrent hires left them before it was enforced (the NIR on one file of each pair, so
that the unique indexes accept them), bulk-loaded through the adapter's row mapping.
Times the set-based storage query (``DepotSalaries.groupes_de_doublons``: one query per
member) against loading every file and grouping in Python (what the report did before),
median of 5 runs each, and checks both find the same groups.

    python bench/doublons.py                        # SQLite (temporary file)
    python bench/doublons.py --postgresql URL       # and PostgreSQL (schema rst_bench_doublons)
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import create_engine, insert, text
from sqlalchemy.engine import make_url

import rst_effectifs as rst
from rst_effectifs.adapters.sql.salaries_rangees import rangees_par_table
from rst_effectifs.domain.verifications import fiche, groupes_de_doublons
from rst_effectifs.testing.conformite import adherent_exemple, salarie_simple
from rst_effectifs.testing.strategies import copie_en_double

SCHEMA_PG = "rst_bench_doublons"


def _salaries(n: int, doubles: int) -> list[rst.Salarie]:
    salaries = [salarie_simple(f"s{i:06d}", "a1", "a1-vente", nom=f"Nom{i}", prenoms="Léa",
                               naissance=dt.date(1960 + i % 40, 1 + i % 12, 1 + i % 28),
                               debut=dt.date(2020, 1, 1) + dt.timedelta(days=i % 1500))
                for i in range(n)]
    pas = max(1, n // doubles)
    salaries += [copie_en_double(salaries[i], f"d{i:06d}", ordre_nir=1 + i % 999)
                 for i in range(0, pas * doubles, pas)]
    return salaries


def _charger(url: str, salaries: list[rst.Salarie]) -> None:
    ctx = rst.depuis_url(url, migrer=True)
    with ctx.unite_de_travail() as uow:
        uow.adherents.ajouter(adherent_exemple("a1"))
        uow.commit()
    ctx.unite_de_travail.fermer()  # type: ignore[attr-defined]
    moteur = create_engine(url)
    with moteur.begin() as connection:
        for table, rangees in rangees_par_table(salaries).items():
            if rangees:
                connection.execute(insert(table), rangees)
        connection.execute(text("ANALYZE"))
    moteur.dispose()


def _mediane(action: Callable[[], object], fois: int = 5) -> tuple[float, object]:
    durees, resultat = [], None
    for _ in range(fois):
        debut = time.perf_counter()
        resultat = action()
        durees.append(time.perf_counter() - debut)
    return statistics.median(durees), resultat


def mesurer(url: str, nom: str, n: int, doubles: int) -> None:
    _charger(url, _salaries(n, doubles))
    ctx = rst.depuis_url(url, migrer=False)

    def en_sql() -> object:
        with ctx.unite_de_travail() as uow:
            return list(uow.salaries.groupes_de_doublons("a1"))

    def en_python() -> object:
        with ctx.unite_de_travail() as uow:
            tous = uow.salaries.tous("a1")
        return groupes_de_doublons(fiche(s) for s in tous if not s.annule)

    t_en_sql, groupes = _mediane(en_sql)
    t_python, reference = _mediane(en_python)
    assert groupes == reference and len(groupes) == doubles, (len(groupes), doubles)
    ctx.unite_de_travail.fermer()  # type: ignore[attr-defined]
    print(f"{nom}: {n} files, {doubles} doubled: storage query {t_en_sql * 1000:.1f} ms, "
          f"load all + Python {t_python * 1000:.1f} ms (median of 5)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=50_000)
    parser.add_argument("--doubles", type=int, default=124)
    parser.add_argument("--postgresql", help="PostgreSQL URL (a schema of its own is used)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as dossier:
        mesurer(f"sqlite:///{Path(dossier) / 'bench.db'}", "SQLite", args.n, args.doubles)
    if args.postgresql:
        url = make_url(args.postgresql)
        moteur = create_engine(url)
        with moteur.begin() as connection:
            connection.execute(text(f"DROP SCHEMA IF EXISTS {SCHEMA_PG} CASCADE"))
            connection.execute(text(f"CREATE SCHEMA {SCHEMA_PG}"))
        try:
            schema_url = url.update_query_dict({"options": f"-csearch_path={SCHEMA_PG}"})
            mesurer(schema_url.render_as_string(hide_password=False), "PostgreSQL", args.n,
                    args.doubles)
        finally:
            with moteur.begin() as connection:
                connection.execute(text(f"DROP SCHEMA IF EXISTS {SCHEMA_PG} CASCADE"))
            moteur.dispose()


if __name__ == "__main__":
    main()
