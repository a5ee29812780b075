"""The long runs of the invoice numbering proofs (F8), which CI runs small
(``tests/factures/test_numerotation.py``): many members, many processes issuing at once,
and a batch killed with SIGKILL at random moments again and again, on SQLite and
PostgreSQL, each round counted in the database.

- ``--processus`` processes issue the year at once, half the whole period in batches,
  half every member one by one in their own random order; then the series must be
  1..N, one invoice per member, nothing left to invoice;
- ``--tuer`` times: a fresh year of members is issued by one process in batches of 1 to
  10, killed with SIGKILL after a random delay (between a tenth and nine tenths of the
  time the first, unkilled, round took), then issued again; after each kill and at the
  end the series has no gap, and every member ends with one invoice.

    python bench/numerotation.py --membres 200 --processus 8 --tuer 10
    python bench/numerotation.py --postgresql postgresql+psycopg://user:pw@127.0.0.1/db
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import random
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import create_engine
from sqlalchemy.engine import make_url

import rst_effectifs as rst
from rst_effectifs import bootstrap
from rst_effectifs.adapters.sql import upgrade
from rst_effectifs.domain.periodes import Periode
from rst_effectifs.exemples import chemin_exemple
from rst_effectifs.formats.configuration import lire_emetteur
from rst_effectifs.testing import concurrence_factures as cf
from rst_effectifs.testing.invariants_factures import verifier_numeros_sans_trou

SCHEMA_PG = "rst_bench_numerotation"
EMETTEUR = lire_emetteur(chemin_exemple("emetteur.toml"))


def ouvreur(url: str) -> functools.partial[rst.Contexte]:
    return functools.partial(rst.depuis_url, url, migrer=False, emetteur=EMETTEUR)


def verifier(ctx: rst.Contexte, annee: int, ids: list[str], periode: Periode) -> int:
    """The series has no gap and whole documents; returns how many are left to invoice."""
    with ctx.unite_de_travail() as uow:
        verifier_numeros_sans_trou(uow, annee, ids)
        return uow.factures.compter_a_facturer(periode)


def tour_concurrent(url: str, membres: int, processus: int, graine: int,
                    tous: list[str]) -> str:
    """``tous``: every member of the series so far (this round's are added)."""
    ctx = ouvreur(url)()
    periode = Periode(dt.date(2020, 1, 1), dt.date(2020, 12, 31))
    ids = cf.peupler(ctx, membres, periode, prefixe="1")
    tous += ids
    hasard = random.Random(graine)
    moitie = processus // 2
    listes: list[list[str] | None] = [None] * moitie + [
        hasard.sample(ids, len(ids)) for _ in range(processus - moitie)]
    debut = time.perf_counter()
    issues = cf.emettre_en_parallele(ouvreur(url), periode, processus, listes)
    duree = time.perf_counter() - debut
    assert issues == ["ok"] * processus, issues
    annee = rst.HorlogeSysteme().maintenant().year
    assert verifier(ctx, annee, tous, periode) == 0
    compte = cf.compter(ctx, annee, periode, ids)
    assert set(compte.documents_par_membre.values()) == {1}, compte
    bootstrap.fermer(ctx)
    return f"{processus} processes, {membres} members: series 1..{len(compte.rangs)} " \
           f"in {duree:.1f} s"


def tours_tues(url: str, membres: int, tuer: int, graine: int, tous: list[str]) -> str:
    ctx = ouvreur(url)()
    hasard = random.Random(graine)
    annee = rst.HorlogeSysteme().maintenant().year
    tues = 0
    pleine = 0.0
    for tour in range(tuer + 1):
        periode = Periode(dt.date(2000 + tour, 1, 1), dt.date(2000 + tour, 12, 31))
        ids = cf.peupler(ctx, membres, periode, prefixe=f"2{tour:02d}")
        tous += ids
        debut = time.perf_counter()
        par_lot = hasard.choice((1, 3, 10))
        if tour == 0:  # not killed: how long a whole run takes
            cf.tuer_apres(ouvreur(url), periode, cf.ATTENTE_S, par_lot=1)
            pleine = time.perf_counter() - debut
        else:
            tues += cf.tuer_apres(ouvreur(url), periode,
                                  hasard.uniform(0.1, 0.9) * pleine, par_lot=par_lot)
        verifier(ctx, annee, tous, periode)
        bilan = rst.executer(ctx, cf.AGENT, rst.EmettreFactures(periode.debut, periode.fin))
        assert bilan.restants == 0 and not bilan.refus, bilan
        assert verifier(ctx, annee, tous, periode) == 0
        print(f"  round {tour + 1}: {time.perf_counter() - debut:.1f} s", file=sys.stderr)
    bootstrap.fermer(ctx)
    return f"{tuer} rounds of {membres} members, {tues} killed mid-run: no gap"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--membres", type=int, default=200)
    parser.add_argument("--processus", type=int, default=8)
    parser.add_argument("--tuer", type=int, default=10)
    parser.add_argument("--graine", type=int, default=26)
    parser.add_argument("--postgresql")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as dossier:
        urls = {"SQLite": f"sqlite:///{Path(dossier) / 'numerotation.db'}"}
        if args.postgresql:
            moteur = create_engine(args.postgresql)
            with moteur.begin() as c:
                c.exec_driver_sql(f"DROP SCHEMA IF EXISTS {SCHEMA_PG} CASCADE")
                c.exec_driver_sql(f"CREATE SCHEMA {SCHEMA_PG}")
            moteur.dispose()
            urls["PostgreSQL"] = make_url(args.postgresql).update_query_dict(
                {"options": f"-csearch_path={SCHEMA_PG}"}).render_as_string(
                hide_password=False)
        try:
            for nom, url in urls.items():
                upgrade(url)
                tous: list[str] = []
                print(f"{nom}: "
                      f"{tour_concurrent(url, args.membres, args.processus, args.graine, tous)}")
                print(f"{nom}: {tours_tues(url, args.membres, args.tuer, args.graine, tous)}")
        finally:
            if args.postgresql:
                moteur = create_engine(args.postgresql)
                with moteur.begin() as c:
                    c.exec_driver_sql(f"DROP SCHEMA IF EXISTS {SCHEMA_PG} CASCADE")
                moteur.dispose()


if __name__ == "__main__":
    main()
