"""Import speed: a generated DSN of 50,000 individuals imported into
SQLite and PostgreSQL, against inserting the very same rows with one ``executemany`` per
table. Target: import / executemany <= 3.

    python bench/import_dsn.py                          # SQLite (temporary files) only
    python bench/import_dsn.py --postgresql URL         # and PostgreSQL
    RST_EFFECTIFS_TEST_POSTGRESQL_URL=... python bench/import_dsn.py

What is timed, for one adherent with five postes and no salarié yet:

- **read**: ``lire_dsn`` on the file (Latin-1, every rubric checked);
- **dry run**: ``importer_declaration(appliquer=False)``: the plan, nothing written;
- **apply**: ``importer_declaration(appliquer=True)``: plans again, writes the files,
  contracts, exits, presences and journal, commits — what ``rst-effectifs importer dsn
  FILE --appliquer`` does after reading;
- **executemany**: the rows the import wrote (read back from the database) inserted into
  an empty copy of the schema (adherent and postes already there), one ``executemany``
  per table, one transaction;
- **again**: importing the same file a second time (nothing to write).

The ratios printed are apply / executemany and (read + apply) / executemany.
On PostgreSQL everything happens in two schemas of its own (``rst_bench_import`` and
``rst_bench_import_ref``), dropped at the start and at the end.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, insert, select
from sqlalchemy.engine import make_url

import rst_effectifs as rst
from rst_effectifs.formats.dsn import lire_dsn
from rst_effectifs.adapters.sql import FabriqueSql
from rst_effectifs.adapters.sql import tables as t
from rst_effectifs.application.commandes import ImporterDeclaration
from rst_effectifs.application.imports import importer_declaration
from rst_effectifs.testing.conformite import nir_pour

INDIVIDUS = 50_000
SCHEMAS_PG = ("rst_bench_import", "rst_bench_import_ref")
SIREN, NIC = "842053175", "00019"
POSTES = (("542a", "Secrétaire de direction"), ("632a", "Maçon"), ("633a", "Électricien"),
          ("651a", "Grutier"), ("653a", "Cariste"))
NOMS = ["MARTIN", "BERNARD", "THOMAS", "PETIT", "ROBERT", "RICHARD", "DURAND", "DUBOIS",
        "MOREAU", "LAURENT", "SIMON", "MICHEL", "LEFÈVRE", "LEROY", "ROUX", "DAVID",
        "BERTRAND", "MOREL", "FOURNIER", "GIRARD", "BONNET", "DUPONT", "LAMBERT", "FONTAINE",
        "ROUSSEAU", "VINCENT", "MÜLLER", "LEFEBVRE", "FAURE", "ANDRÉ", "MERCIER", "BLANC",
        "GUÉRIN", "BOYER", "GARNIER", "CHEVALIER", "FRANÇOIS", "LEGRAND", "GAUTHIER",
        "GARCIA", "PERRIN", "ROBIN", "CLÉMENT", "MORIN", "NICOLAS", "HENRY", "ROUSSEL",
        "MATHIEU", "GAUTIER", "MASSON", "D'ALMEIDA", "DA SILVA", "N'DIAYE"]
PRENOMS = ["Léa", "Emma", "Chloé", "Inès", "Jade", "Louise", "Lucas", "Hugo", "Louis",
           "Gabriel", "Jules", "Adam", "Zoé", "Anaïs", "Théo", "Noé", "Jean-Paul", "Maël"]
TABLES = (t.salaries, t.contrats, t.mouvements, t.presences, t.morceaux, t.journal)
"""The tables an import of new people writes (plus one update of adherents and postes)."""

AGENT = rst.AgentRst(rst.Email.parse("bench@rst.example"))


# -- the DSN -----------------------------------------------------------------------------
def _jjmmaaaa(jour: dt.date) -> str:
    return f"{jour:%d%m%Y}"


def ecrire_dsn(chemin: Path, individus: int, graine: int = 6, nir_15: bool = False) -> None:
    """A monthly DSN of one establishment, ISO-8859-1: every person with a NIR on 13
    characters as the norm writes it (15, key included, with ``nir_15``: the file this
    bench wrote before the reader followed the norm) and one contract (CDI, or a CDD
    with its planned end); one in ten with an end of contract (block 62, reason 031),
    which means an exit."""
    hasard = random.Random(graine)
    lignes = ["S10.G00.00.001,'Bench'", "S20.G00.05.005,'01032024'",
              f"S21.G00.06.001,'{SIREN}'", f"S21.G00.11.001,'{NIC}'"]
    for n in range(individus):
        naissance = dt.date(1960, 1, 1) + dt.timedelta(days=hasard.randrange(45 * 365))
        nir = nir_pour(naissance, sexe="12"[n % 2], commune=1 + n % 990, ordre=1 + n // 990)
        debut = dt.date(2010, 1, 1) + dt.timedelta(days=hasard.randrange(14 * 365))
        code, libelle = POSTES[n % len(POSTES)]
        cdd = n % 3 == 0
        lignes += [
            f"S21.G00.30.001,'{nir.valeur if nir_15 else nir.valeur[:13]}'",
            f"S21.G00.30.002,'{hasard.choice(NOMS)}'",
            f"S21.G00.30.004,'{hasard.choice(PRENOMS)}'",
            f"S21.G00.30.006,'{_jjmmaaaa(naissance)}'",
            f"S21.G00.40.001,'{_jjmmaaaa(debut)}'",
            f"S21.G00.40.004,'{code}'",
            f"S21.G00.40.006,'{libelle}'",
            f"S21.G00.40.007,'{'02' if cdd else '01'}'",
            "S21.G00.40.008,'99'",
            f"S21.G00.40.009,'C{n:06d}'",
        ]
        fin = debut + dt.timedelta(days=30 + hasard.randrange(700))
        if cdd:
            lignes.append(f"S21.G00.40.010,'{_jjmmaaaa(fin)}'")
        if n % 10 == 9:
            lignes += [f"S21.G00.62.001,'{_jjmmaaaa(fin)}'", "S21.G00.62.002,'031'"]
        lignes.append(f"S21.G00.50.001,'{_jjmmaaaa(dt.date(2024, 3, 31))}'")
    lignes.append(f"S90.G00.90.001,'{len(lignes) + 1}'")
    chemin.write_text("\n".join(lignes) + "\n", encoding="latin-1")


# -- timing ------------------------------------------------------------------------------
def _chrono(action: Callable[[], Any]) -> tuple[float, Any]:
    debut = time.perf_counter()
    resultat = action()
    return time.perf_counter() - debut, resultat


def _adherent(ctx: rst.Contexte) -> tuple[rst.Adherent, rst.Acces]:
    adherent = rst.creer_adherent(ctx, AGENT, rst.CreerAdherent(
        numero="1", siret=SIREN + NIC, raison_sociale="Bench", email_connexion="rh@b.example"))
    acces = rst.Acces(rst.Email.parse("paie@b.example"), adherent.id,
                      frozenset({rst.Role.ADMINISTRATEUR}))
    for code, libelle in POSTES:
        rst.ajouter_poste(ctx, acces, rst.AjouterPoste(adherent.id, libelle, code_pcs=code))
    return adherent, acces


def _moteur(ctx: rst.Contexte) -> Engine:
    assert isinstance(ctx.unite_de_travail, FabriqueSql)
    return ctx.unite_de_travail.moteur


def mesurer(ctx: rst.Contexte, reference: rst.Contexte, dsn: Path) -> dict[str, float]:
    adherent, acces = _adherent(ctx)
    journal_avant = _journal(_moteur(ctx), adherent.id)
    temps: dict[str, float] = {}
    temps["read"], declaration = _chrono(lambda: lire_dsn(dsn))
    commande = ImporterDeclaration(adherent.id, declaration)
    temps["dry run"], plan = _chrono(lambda: importer_declaration(ctx, acces, commande))
    assert len(plan.embauches) == INDIVIDUS, (len(plan.embauches), plan.rejets[:3])
    applique = ImporterDeclaration(adherent.id, declaration, appliquer=True)
    temps["apply"], plan = _chrono(lambda: importer_declaration(ctx, acces, applique))
    assert plan.applique and len(plan.embauches) == INDIVIDUS
    temps["again"], encore = _chrono(lambda: importer_declaration(ctx, acces, applique))
    assert encore.vide
    temps["executemany"], compte = executemany(_moteur(ctx), _moteur(reference), adherent.id,
                                                journal_avant)
    print(f"  rows: {compte}", flush=True)
    return temps


def _journal(moteur: Engine, adherent_id: str) -> int:
    with moteur.connect() as connection:
        return len(connection.execute(select(t.journal.c.numero).where(
            t.journal.c.adherent_id == adherent_id)).all())


def executemany(source: Engine, cible: Engine, adherent_id: str,
                journal_avant: int) -> tuple[float, dict[str, int]]:
    """The rows the import wrote, inserted into the empty reference database: one
    ``executemany`` per table in one transaction. The adherent and postes rows are copied
    first, untimed; journal rows only those the import added."""
    with source.connect() as connection:
        def lire_rangees(table: Any, *filtre: Any) -> list[dict[str, Any]]:
            return [dict(r) for r in connection.execute(
                select(table).where(table.c.adherent_id == adherent_id, *filtre)).mappings()]

        prealables = {t.adherents.name: lire_rangees(t.adherents),
                      t.postes.name: lire_rangees(t.postes)}
        rangees = {table.name: lire_rangees(table) for table in TABLES if table is not t.journal}
        rangees[t.journal.name] = lire_rangees(t.journal, t.journal.c.numero > journal_avant)
    with cible.begin() as connection:
        for table in (t.adherents, t.postes):
            connection.execute(insert(table), prealables[table.name])

    def inserer() -> None:
        with cible.begin() as connection:
            for table in TABLES:
                if rangees[table.name]:
                    connection.execute(insert(table), rangees[table.name])

    duree, _ = _chrono(inserer)
    return duree, {nom: len(r) for nom, r in rangees.items()}


# -- engines ------------------------------------------------------------------------------
@contextmanager
def sqlite() -> Iterator[tuple[rst.Contexte, rst.Contexte]]:
    with tempfile.TemporaryDirectory() as dossier:
        ctx = rst.depuis_url(f"sqlite:///{Path(dossier) / 'import.db'}")
        reference = rst.depuis_url(f"sqlite:///{Path(dossier) / 'reference.db'}")
        try:
            yield ctx, reference
        finally:
            _moteur(ctx).dispose()
            _moteur(reference).dispose()


@contextmanager
def postgresql(url: str) -> Iterator[tuple[rst.Contexte, rst.Contexte]]:
    base = create_engine(url)

    def schemas_vierges(recreer: bool) -> None:
        with base.begin() as connection:
            for schema in SCHEMAS_PG:
                connection.exec_driver_sql(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
                if recreer:
                    connection.exec_driver_sql(f"CREATE SCHEMA {schema}")

    def dans(schema: str) -> rst.Contexte:
        isolee = make_url(url).update_query_dict({"options": f"-csearch_path={schema}"})
        return rst.depuis_url(isolee.render_as_string(hide_password=False), migrer=True)

    schemas_vierges(True)
    ctx, reference = dans(SCHEMAS_PG[0]), dans(SCHEMAS_PG[1])
    try:
        yield ctx, reference
    finally:
        _moteur(ctx).dispose()
        _moteur(reference).dispose()
        schemas_vierges(False)
        base.dispose()


def rapport(moteur: str, temps: dict[str, float]) -> str:
    base = temps["executemany"]
    lignes = [f"| {moteur} | {temps['read']:.1f} | {temps['dry run']:.1f} | "
              f"{temps['apply']:.1f} | {temps['again']:.1f} | {base:.1f} | "
              f"{temps['apply'] / base:.1f} | {(temps['read'] + temps['apply']) / base:.1f} |"]
    return "\n".join(lignes)


def main() -> None:
    global INDIVIDUS
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--postgresql", default=os.environ.get(
        "RST_EFFECTIFS_TEST_POSTGRESQL_URL"), help="PostgreSQL URL (default: "
        "$RST_EFFECTIFS_TEST_POSTGRESQL_URL; none: SQLite only)")
    parser.add_argument("--individus", type=int, default=INDIVIDUS)
    args = parser.parse_args()
    INDIVIDUS = args.individus
    moteurs: list[tuple[str, Callable[[], Any]]] = [("SQLite", sqlite)]
    if args.postgresql:
        moteurs.append(("PostgreSQL", lambda: postgresql(args.postgresql)))
    with tempfile.TemporaryDirectory() as dossier:
        dsn = Path(dossier) / "bench.dsn"
        duree, _ = _chrono(lambda: ecrire_dsn(dsn, INDIVIDUS))
        print(f"DSN of {INDIVIDUS} individuals: {dsn.stat().st_size / 1e6:.1f} MB "
              f"({sum(1 for _ in dsn.open(encoding=ENCODAGE))} lines), written in "
              f"{duree:.1f} s", flush=True)
        resultats = []
        for nom, ouvrir in moteurs:
            print(f"{nom}:", flush=True)
            with ouvrir() as (ctx, reference):
                temps = mesurer(ctx, reference, dsn)
            print("  " + ", ".join(f"{k} {v:.2f} s" for k, v in temps.items()), flush=True)
            resultats.append(rapport(nom, temps))
    print("\n| engine | read (s) | dry run (s) | apply (s) | again (s) | executemany (s) | "
          "apply / executemany | (read + apply) / executemany |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    print("\n".join(resultats))


if __name__ == "__main__":
    main()
