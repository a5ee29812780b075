"""F7 at scale: RST's reconciliation list of multi-employer workers over a large base.

``bench/donnees.py``'s members and files (lognormal sizes), then every file gets a NIR
of its own (coherent with its birth date) and ``--partages`` of them (1 % by default)
become the second job of a file of another member (same NIR and birth date); one in ten
of those is declared by its member. Measured, medians of ``--fois`` runs:

- the storage's set-based statement alone (``DepotMultiEmployeurs.rapprochements``): the
  first page, and a page near the end (the ``GROUP BY`` is the same, the offset is not);
- the RST use case (``lister_multi_employeurs``, 50 people: the statement, then each
  person's files loaded and checked on 31 January);
- the cost of F7 on a member's assiette (``assiette_facturee``: the storage's assiette
  plus one lookup of the member's shares) against the storage's assiette alone, runs
  interleaved, on the largest member.

    python bench/multi_employeurs.py sqlite:////tmp/multi.db 100000
    python bench/multi_employeurs.py "postgresql+psycopg://…/base" 100000

The database must be empty; it is migrated here.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import bindparam, create_engine, func, insert, select, update

sys.path.insert(0, str(Path(__file__).parent))
from donnees import charger

import rst_effectifs as rst
from rst_effectifs.adapters.sql import tables as t
from rst_effectifs.adapters.sql import upgrade
from rst_effectifs.adapters.sql.multi_employeurs import (
    declarations_multi_employeur,
)
from rst_effectifs.application.multi_employeurs import assiette_facturee
from rst_effectifs.domain.facturation import annee
from rst_effectifs.testing.conformite import nir_pour

AGENT = rst.AgentRst(rst.Email.parse("agent@rst.fr"))


def _mediane(action: Callable[[], object], fois: int) -> float:
    durees = []
    for _ in range(fois):
        debut = time.perf_counter()
        action()
        durees.append(time.perf_counter() - debut)
    return statistics.median(durees)


def partager(url: str, proportion: float, graine: int = 7) -> tuple[int, int]:
    """NIRs for every file, ``proportion`` of them on a second member; returns (files,
    persons on two members)."""
    hasard = random.Random(graine)
    moteur = create_engine(url)
    s = t.salaries.c
    with moteur.begin() as connection:
        fiches = connection.execute(select(s.adherent_id, s.salarie_id, s.date_naissance,
                                           s.majorite)).all()
        nirs = {}
        for i, (a, sid, naissance, _majorite) in enumerate(fiches):
            nirs[(a, sid)] = nir_pour(naissance, sexe="12"[i % 2],
                                      departement=f"{10 + i // 10**6:02d}",
                                      commune=(i // 999) % 999 + 1, ordre=i % 999 + 1).valeur
        rangees = {(a, sid): {"b_a": a, "b_s": sid, "nir": nirs[(a, sid)], "naissance": n,
                              "majorite": m} for a, sid, n, m in fiches}
        seconds = hasard.sample(range(len(fiches)), int(len(fiches) * proportion))
        declares = []
        for rang in seconds:
            a, sid, _n, _m = fiches[rang]
            source = fiches[hasard.randrange(len(fiches))]
            if source[0] == a:
                continue
            rangees[(a, sid)].update(nir=nirs[(source[0], source[1])], naissance=source[2],
                                     majorite=source[3])
            if hasard.random() < 0.1:
                declares.append({"adherent_id": a, "annee": 2025, "salarie_id": sid,
                                 "autres_employeurs": 1, "par": "rh@exemple.fr",
                                 "declaree_le": dt.datetime(2025, 2, 3, tzinfo=dt.UTC)})
        connection.execute(update(t.salaries).where(
            s.adherent_id == bindparam("b_a"), s.salarie_id == bindparam("b_s")).values(
            nir=bindparam("nir"), date_naissance=bindparam("naissance"),
            majorite=bindparam("majorite")), list(rangees.values()))
        if declares:
            connection.execute(insert(declarations_multi_employeur), declares)
        if moteur.dialect.name == "postgresql":
            connection.exec_driver_sql("ANALYZE salaries")
        groupes = connection.execute(select(func.count()).select_from(
            select(s.nir).group_by(s.nir).having(func.count(s.adherent_id.distinct()) > 1)
            .subquery())).scalar_one()
    moteur.dispose()
    return len(fiches), int(groupes)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("nombre", type=int)
    parser.add_argument("--partages", type=float, default=0.01)
    parser.add_argument("--fois", type=int, default=5)
    args = parser.parse_args()
    upgrade(args.url)
    moteur = create_engine(args.url)
    charger([moteur], args.nombre, journal=False)
    moteur.dispose()
    fiches, personnes = partager(args.url, args.partages)
    ctx = rst.depuis_url(args.url, migrer=False)
    with ctx.unite_de_travail() as uow:
        total = len(uow.multi_employeurs.rapprochements(2025, 0, 10**9))
    print(f"{fiches} files, {personnes} persons on two members, {total} to look at",
          file=sys.stderr)

    def page(decalage: int) -> Callable[[], object]:
        def lire() -> object:
            with ctx.unite_de_travail() as uow:
                return uow.multi_employeurs.rapprochements(2025, decalage, 50)
        return lire

    mesures = {
        "statement, first page of 50": _mediane(page(0), args.fois),
        "statement, page of 50 near the end": _mediane(page(max(total - 60, 0)), args.fois),
        "use case, first page of 50": _mediane(lambda: rst.executer(
            ctx, AGENT, rst.ListerMultiEmployeurs(2025)), args.fois),
    }
    moteur = create_engine(args.url)
    with moteur.connect() as connection:
        grand = connection.execute(select(t.salaries.c.adherent_id).group_by(
            t.salaries.c.adherent_id).order_by(func.count().desc()).limit(1)).scalar_one()
    moteur.dispose()
    regle = rst.REGLES_PREDEFINIES["present_dans_l_annee"]
    seul: list[float] = []
    avec: list[float] = []
    for _ in range(args.fois):  # interleaved
        for liste, partage in ((seul, False), (avec, True)):
            with ctx.unite_de_travail() as uow:
                debut = time.perf_counter()
                if partage:
                    assiette_facturee(uow, grand, annee(2025), regle, None)
                else:
                    uow.facturation.assiette(grand, annee(2025), regle)
                liste.append(time.perf_counter() - debut)
    mesures["largest member's assiette, storage alone"] = statistics.median(seul)
    mesures["largest member's assiette, with F7's shares"] = statistics.median(avec)
    for nom, duree in mesures.items():
        print(f"{nom:<48} {duree * 1000:9.1f} ms")
    rst.bootstrap.fermer(ctx)


if __name__ == "__main__":
    main()
