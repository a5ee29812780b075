"""Issuing a year's invoices for every member against ``totaux_de_tous`` on the same data.

(e) ``emettre_factures`` (the use case, as RST staff): every member's 2025 closing read,
its documents built, numbered under the numbering lock, its CII XML written, stored, in
batches of 1000 members per transaction — against (t) ``totaux_de_tous(2025,
present_au_1er_janvier, barème)``, the invoice totals without any line. Goal: (e)/(t) ≤ 2.
PDFs are not part of (e): they are made on demand (docs/invoices.md).

Data: ``bench/donnees.py``'s generator with the member sizes drawn so that there are
``--adherents`` members for ``--salaries`` files; every member gets an address, and a
2025 closing under ``present_au_1er_janvier`` priced at a barème inside the band, built
in bulk from the library's own ``assiette_de_tous`` and ``cloturer`` and inserted with
the adapter's row mapping (setup, not timed). Each timed run is a child process that
reports its own peak RSS (``VmHWM``) and first freezes its start-up objects out of the
cyclic collector, as ``rst-effectifs factures emettre`` does; (t) and (e) alternate,
``--repetitions`` times each, and the medians are compared. ``--comparer-a
OTHER/src`` also runs, after each (e), the (e) of another version of the library (an
older checkout) on the same data. Between two (e) runs the documents are deleted — the
bench lifts the immutability triggers for that moment only. PostgreSQL runs in schema
``rst_bench_factures_<salariés>_<adherents>`` of the given database, SQLite in a file of
``--dossier`` (a temporary folder by default); both are dropped at the end unless
``--garder``, and a kept database holding these sizes is used again without loading it
(the full size takes tens of minutes to load).

    python bench/factures.py --salaries 100000 --adherents 1000
    python bench/factures.py --salaries 1000000 --adherents 10000 \\
        --postgresql postgresql+psycopg://user:pw@127.0.0.1/db --dossier /var/tmp/b --garder
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import math
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

from sqlalchemy import create_engine, insert, text, update
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parent))
import donnees  # noqa: E402

from rst_effectifs import Adresse, AgentRst, Bareme, Email, EmettreFactures  # noqa: E402
from rst_effectifs.adapters.sql import FabriqueSql, creer_moteur, upgrade  # noqa: E402
from rst_effectifs.adapters.sql import tables as t  # noqa: E402
from rst_effectifs.adapters.sql.adherents import adresse_en_json  # noqa: E402
from rst_effectifs.adapters.sql.facturation import rangee_cloture  # noqa: E402
from rst_effectifs.application.contexte import Contexte, executer  # noqa: E402
from rst_effectifs.adapters.horloges import HorlogeSysteme  # noqa: E402
from rst_effectifs.domain.clotures import cloturer  # noqa: E402
from rst_effectifs.domain.facturation import REGLES_PREDEFINIES, annee  # noqa: E402
from rst_effectifs.exemples import chemin_exemple  # noqa: E402
from rst_effectifs.formats.configuration import lire_emetteur  # noqa: E402

SCHEMA_PG = "rst_bench_factures"
"""Prefix of the PostgreSQL schema (the sizes follow)."""
REGLE = REGLES_PREDEFINIES["present_au_1er_janvier"]
BAREME = Bareme("bareme_bench", prix_sig=Decimal("100"), prix_sia=Decimal("110"),
                prix_sir=Decimal("120"), droit_entree=Decimal("66"),
                forfait_etablissement=Decimal("35"))
ADRESSE = adresse_en_json(Adresse(("1 rue du Banc",), "75011", "Paris"))
AGENT = AgentRst(Email("bench@rst.test"))


def tailles_pour(membres: int):  # type: ignore[no-untyped-def]
    """``donnees.tailles`` drawing ``membres`` lognormal sizes scaled to the total."""
    def tailles(nombre: int, hasard: random.Random) -> list[int]:
        brutes = [math.exp(hasard.gauss(1.4, 1.9)) for _ in range(membres)]
        echelle = (nombre - membres) / sum(brutes)
        resultat = [1 + int(b * echelle) for b in brutes]
        resultat[resultat.index(max(resultat))] += nombre - sum(resultat)
        return resultat
    return tailles


def pic_memoire_mo() -> float:
    for ligne in Path("/proc/self/status").read_text().splitlines():
        if ligne.startswith("VmHWM:"):
            return int(ligne.split()[1]) / 1024
    return 0.0


def cloturer_tous(url: str) -> int:
    """Every member's 2025 closing, from the library's own run and domain function."""
    moteur = creer_moteur(url)
    fabrique = FabriqueSql(moteur)
    quand = dt.datetime(2026, 1, 15, tzinfo=dt.UTC)
    rangees = []
    clotures = 0
    with fabrique() as uow:
        for assiette in uow.facturation.assiette_de_tous(annee(2025), REGLE, BAREME):
            adherent = uow.adherents.obtenir(assiette.adherent_id)
            _a, cloture, _e = cloturer(adherent, assiette, REGLE, BAREME, [], [], quand,
                                       "bench@rst.test")
            rangees.append(rangee_cloture(cloture))
            clotures += 1
    with moteur.begin() as connection:
        for i in range(0, len(rangees), 2000):
            connection.execute(insert(t.clotures), rangees[i:i + 2000])
        connection.execute(update(t.adherents).values(adresse=ADRESSE,
                                                      cloture_au=dt.date(2025, 12, 31)))
    moteur.dispose()
    return clotures


def remettre_a_zero(url: str) -> None:
    """Delete every document and the series (the triggers lifted for this moment); the
    journal keeps its entries (append-only, A5)."""
    moteur = create_engine(url)
    with moteur.begin() as c:
        if moteur.dialect.name == "postgresql":
            c.exec_driver_sql("ALTER TABLE factures DISABLE TRIGGER USER")
            c.exec_driver_sql("DELETE FROM factures")
            c.exec_driver_sql("ALTER TABLE factures ENABLE TRIGGER USER")
        else:
            sql = [r[0] for r in c.execute(text(
                "SELECT sql FROM sqlite_master WHERE type = 'trigger' "
                "AND tbl_name = 'factures'"))]
            for nom in ("factures_sans_update", "factures_sans_delete"):
                c.exec_driver_sql(f"DROP TRIGGER {nom}")
            c.exec_driver_sql("DELETE FROM factures")
            for instruction in sql:
                c.exec_driver_sql(instruction)
        c.exec_driver_sql("DELETE FROM numerotation")
    if moteur.dialect.name == "postgresql":  # each (e) run starts from the same table
        with moteur.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
            c.exec_driver_sql("VACUUM factures")
    moteur.dispose()


def _enfant(url: str, quoi: str) -> None:
    fabrique = FabriqueSql(creer_moteur(url))
    gc.freeze()  # as ``rst-effectifs factures emettre`` does before its batches
    debut = time.perf_counter()
    if quoi == "totaux":
        with fabrique() as uow:
            membres = sum(1 for _ in uow.facturation.totaux_de_tous(annee(2025), REGLE,
                                                                    BAREME))
        documents = 0
    else:
        ctx = Contexte(fabrique, HorlogeSysteme(),
                       emetteur=lire_emetteur(chemin_exemple("emetteur.toml")))
        bilan = executer(ctx, AGENT, EmettreFactures(dt.date(2025, 1, 1),
                                                     dt.date(2025, 12, 31)))
        membres, documents = bilan.adherents_factures, len(bilan.numeros)
        assert not bilan.refus, bilan.refus[:3]
    secondes = time.perf_counter() - debut
    fabrique.fermer()
    print(json.dumps({"secondes": secondes, "membres": membres, "documents": documents,
                      "pic_mo": pic_memoire_mo()}))


def enfant(url: str, quoi: str, source: str | None = None) -> dict[str, float]:
    """One timed run in a child process; ``source``: the ``src`` folder of another
    version of the library to run instead (``--comparer-a``)."""
    env = None if source is None else {**os.environ, "PYTHONPATH": source}
    sortie = subprocess.run([sys.executable, __file__, "--enfant", url, quoi], check=True,
                            capture_output=True, text=True, env=env)
    resultat: dict[str, float] = json.loads(sortie.stdout.strip().splitlines()[-1])
    return resultat


def url_postgresql(base: str, schema: str, garder: bool) -> str:
    """The URL of ``schema`` in database ``base``: emptied first unless ``garder``."""
    moteur = create_engine(base)
    with moteur.begin() as connection:
        if not garder:
            connection.exec_driver_sql(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
        connection.exec_driver_sql(f"CREATE SCHEMA IF NOT EXISTS {schema}")
    moteur.dispose()
    isolee = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    return isolee.render_as_string(hide_password=False)


def supprimer_schema(base: str, schema: str) -> None:
    moteur = create_engine(base)
    with moteur.begin() as connection:
        connection.exec_driver_sql(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
    moteur.dispose()


def deja_charge(url: str, adherents: int) -> bool:
    """Whether a kept database holds the data and closings of this run (migrated to the
    current revision first)."""
    upgrade(url)
    moteur = create_engine(url)
    with moteur.connect() as connection:
        membres = connection.execute(text("SELECT count(*) FROM adherents")).scalar_one()
        clotures = connection.execute(text("SELECT count(*) FROM clotures")).scalar_one()
    moteur.dispose()
    return bool(membres == clotures == adherents)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--salaries", type=int, default=100_000)
    parser.add_argument("--adherents", type=int, default=1_000)
    parser.add_argument("--postgresql")
    parser.add_argument("--repetitions", type=int, default=3)
    parser.add_argument("--dossier", help="folder of the SQLite file (default: temporary)")
    parser.add_argument("--garder", action="store_true",
                        help="keep the databases, and use them again when already loaded")
    parser.add_argument("--comparer-a", metavar="SRC",
                        help="the src folder of another version of the library whose (e) "
                             "runs after each (e), as a row '(before)'")
    parser.add_argument("--enfant", nargs=2)
    args = parser.parse_args()
    if args.enfant:
        _enfant(*args.enfant)
        return
    donnees.tailles = tailles_pour(args.adherents)
    nom = f"{SCHEMA_PG}_{args.salaries}_{args.adherents}"
    with tempfile.TemporaryDirectory() as temporaire:
        dossier = Path(args.dossier or temporaire)
        fichier = dossier / f"{nom}.db"
        if not args.garder:
            fichier.unlink(missing_ok=True)
        urls = {"SQLite": f"sqlite:///{fichier}"}
        if args.postgresql:
            urls["PostgreSQL"] = url_postgresql(args.postgresql, nom, args.garder)
        try:
            a_charger = {n: u for n, u in urls.items()
                         if not (args.garder and deja_charge(u, args.adherents))}
            for url in a_charger.values():
                upgrade(url)
            moteurs = [create_engine(url) for url in a_charger.values()]
            debut = time.perf_counter()
            if moteurs:
                comptes = donnees.charger(moteurs, args.salaries, journal=False)
                print(f"loaded {comptes} in {time.perf_counter() - debut:.0f} s",
                      file=sys.stderr)
            for moteur in moteurs:
                moteur.dispose()
            lignes = []
            for nom_moteur, url in urls.items():
                if nom_moteur in a_charger:
                    debut = time.perf_counter()
                    clotures = cloturer_tous(url)
                    print(f"{nom_moteur}: {clotures} closings in "
                          f"{time.perf_counter() - debut:.0f} s", file=sys.stderr)
                if args.repetitions > 0:  # 0: load and keep only
                    lignes.append(mesurer(nom_moteur, url, args.salaries, args.repetitions,
                                          args.comparer_a))
        finally:
            if args.postgresql and not args.garder:
                supprimer_schema(args.postgresql, nom)
    print("| engine | salariés | members | documents | (t) totaux_de_tous s | "
          "(e) emettre_factures s | (e)/(t) | peak RSS (t) MB | peak RSS (e) MB |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    print("\n".join(lignes))


def mesurer(nom: str, url: str, salaries: int, repetitions: int,
            avant: str | None = None) -> str:
    """(t) and (e) in turn — and (e) of the library in ``avant`` after them, if given —
    ``repetitions`` times each; the table rows of their medians."""
    totaux: list[dict[str, float]] = []
    emissions: dict[str | None, list[dict[str, float]]] = {None: [], avant: []}
    for _ in range(repetitions):
        totaux.append(enfant(url, "totaux"))
        for source in dict.fromkeys([None, avant]):
            remettre_a_zero(url)
            emissions[source].append(enfant(url, "emettre", source))
            print(f"  {nom} {source or ''}: t {totaux[-1]} e {emissions[source][-1]}",
                  file=sys.stderr)
    t_med = statistics.median(r["secondes"] for r in totaux)
    lignes = []
    for source, runs in emissions.items():
        if not runs:
            continue
        e_med = statistics.median(r["secondes"] for r in runs)
        print(f"  runs {source or ''}: t {[round(r['secondes'], 2) for r in totaux]} "
              f"e {[round(r['secondes'], 2) for r in runs]}", file=sys.stderr)
        lignes.append(
            f"| {nom}{'' if source is None else ' (before)'} | {salaries:,} | "
            f"{int(runs[-1]['membres']):,} | {int(runs[-1]['documents']):,} | {t_med:.2f} | "
            f"{e_med:.2f} | {e_med / t_med:.2f} | {max(r['pic_mo'] for r in totaux):.0f} | "
            f"{max(r['pic_mo'] for r in runs):.0f} |")
    return "\n".join(lignes)


if __name__ == "__main__":
    main()
