"""The yearly billing run at scale, on SQLite and PostgreSQL.

For each size (salariés in all, spread over members by ``bench/donnees.py``) it times:

(a) the library: ``uow.facturation.assiette_de_tous(year, rule)``, every member's
    assiette, consumed and discarded, in a child process that reports its own peak
    memory (``VmHWM``);
(b) the engine's limit: one hand-written SQL aggregate counting the same people
    (``present_dans_l_annee``: present at least one day of the year, file not cancelled;
    every present day is governed by a contract, so that is the rule);
(a') the library's statement alone (rows fetched, no Python objects), to tell the
     engine's share of (a) from the Python lines (``LigneAssiette``, sorting by name);
(a0) the same run through the general statement (window functions over contract
     chains), which rules counting every contract used before the stored ``morceaux``;
(b') the floor of any run that returns lines: one hand-written SQL query returning the
     same people's rows (ids, names, first and last day present in the year), fetched;
(b'') the invoice quantities alone, by hand: people and new hires per member and
      follow-up type on the decisive day, over the stored pieces: what a run that
      returned totals and no lines would at least cost;
(c) the naive way: each salarié loaded through the repository and counted in Python by
    the domain's ``ligne_assiette``, timed on a sample and extrapolated to everyone.

It checks that (a), (b), (b') and (b'') count the same people, and also times (a)
under the rule with a minimum duration and excluded natures (``embauches_plus_de_31_jours``).
(a), (a'), (b), (b') and (b'') are the medians of ``--repetitions`` runs (3).

    source .ci/postgres.sh
    python bench/facturation.py --tailles 100000 1000000

PostgreSQL runs in a schema of its own (``rst_bench_facturation``, dropped at the start
and the end); SQLite in a temporary file.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import Engine, and_, case, create_engine, exists, func, or_, select
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).parent))

import donnees

from rst_effectifs.adapters.sql import FabriqueSql, upgrade
from rst_effectifs.adapters.sql import tables as t
from rst_effectifs.adapters.sql.facturation_instructions import (
    instruction_assiette,
    instruction_morceaux,
    numero_du_jour,
)
from rst_effectifs.adapters.sql.moteur import creer_moteur
from rst_effectifs.adapters.sql.suivi import des_le_jour, type_du_poste
from rst_effectifs.domain.facturation import (
    REGLES_PREDEFINIES,
    annee,
    ligne_assiette,
)

SCHEMA_PG = "rst_bench_facturation"
ANNEE = 2025
REGLE = "present_dans_l_annee"
REGLE_FINE = "embauches_plus_de_31_jours"


def pic_memoire_mo() -> float:
    """This process's own peak RSS in MB: ``VmHWM`` (Linux), which starts afresh at
    exec. ``ru_maxrss`` does not: a child forked from a big parent reports the parent's
    size."""
    try:
        for ligne in Path("/proc/self/status").read_text().splitlines():
            if ligne.startswith("VmHWM:"):
                return int(ligne.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# -- (a) in a child process -----------------------------------------------------------------
def _enfant(url: str, regle: str, chemin: str = "public") -> None:
    """Run the billing run once; print seconds, people, members and peak RSS (MB).
    ``chemin="chaines"`` forces the general statement (a0)."""
    fabrique = FabriqueSql(creer_moteur(url))
    debut = time.perf_counter()
    personnes = membres = 0
    with fabrique() as uow:
        facturation = uow.facturation
        run = (facturation.assiette_de_tous if chemin == "public"
               else facturation._assiettes_par_chaines)  # type: ignore[attr-defined]
        arguments = (annee(ANNEE), REGLES_PREDEFINIES[regle], None) + (
            () if chemin == "public" else (None,))
        for assiette in run(*arguments):
            membres += 1
            personnes += assiette.nombre
    secondes = time.perf_counter() - debut
    fabrique.fermer()
    pic = pic_memoire_mo()
    print(json.dumps({"secondes": secondes, "personnes": personnes, "membres": membres,
                      "pic_mo": pic}))


def bibliotheque(url: str, regle: str, chemin: str = "public") -> dict[str, float]:
    sortie = subprocess.run([sys.executable, __file__, "--enfant", url, regle, chemin],
                            check=True, capture_output=True, text=True)
    resultat: dict[str, float] = json.loads(sortie.stdout.strip().splitlines()[-1])
    return resultat


def instruction_seule(url: str, regle: str) -> float:
    """(a) without Python objects: the library's statement run and its rows fetched."""
    moteur = creer_moteur(url)
    regle_ = REGLES_PREDEFINIES[regle]
    instruction = (instruction_morceaux(moteur.dialect.name, annee(ANNEE), regle_, None)
                   if regle_.compte_tous_les_contrats
                   else instruction_assiette(moteur.dialect.name, annee(ANNEE), regle_, None))
    with moteur.connect() as connection:
        debut = time.perf_counter()
        resultat = connection.execute(instruction, execution_options={"stream_results": True})
        while resultat.fetchmany(5000):
            pass
        secondes = time.perf_counter() - debut
    moteur.dispose()
    return secondes


# -- (b) the hand-written aggregate ----------------------------------------------------------
def a_la_main(moteur: Engine) -> tuple[float, int]:
    periode = annee(ANNEE)
    p, s = t.presences.c, t.salaries.c
    presents = (
        select(p.adherent_id, p.salarie_id)
        .join(t.salaries, and_(s.adherent_id == p.adherent_id, s.salarie_id == p.salarie_id))
        .where(~s.annule, p.debut <= periode.fin,
               or_(p.fin.is_(None), p.fin >= periode.debut))
        .distinct().subquery()
    )
    with moteur.connect() as connection:
        debut = time.perf_counter()
        nombre = connection.execute(select(func.count()).select_from(presents)).scalar_one()
        return time.perf_counter() - debut, int(nombre)


def lignes_a_la_main(moteur: Engine) -> tuple[float, int]:
    """(b'): the same people with names and first/last day present, every row fetched."""
    periode = annee(ANNEE)
    p, s = t.presences.c, t.salaries.c
    instruction = (
        select(p.adherent_id, p.salarie_id, s.nom, s.prenoms, func.min(p.debut),
               func.max(func.coalesce(p.fin, periode.fin)))
        .join(t.salaries, and_(s.adherent_id == p.adherent_id, s.salarie_id == p.salarie_id))
        .where(~s.annule, p.debut <= periode.fin,
               or_(p.fin.is_(None), p.fin >= periode.debut))
        .group_by(p.adherent_id, p.salarie_id, s.nom, s.prenoms)
    )
    with moteur.connect() as connection:
        debut = time.perf_counter()
        resultat = connection.execute(instruction, execution_options={"stream_results": True})
        nombre = 0
        while lot := resultat.fetchmany(5000):
            nombre += len(lot)
        return time.perf_counter() - debut, nombre


def totaux_a_la_main(moteur: Engine) -> tuple[float, int]:
    """(b''): the invoice quantities alone, by hand: per member and follow-up type on the
    last day present in the year (P3, minors SIA), people and new hires, over the stored
    pieces (``morceaux``). Returns seconds and the people counted."""
    periode = annee(ANNEE)
    assert periode.fin is not None
    debut_p, fin_p = periode.debut.toordinal(), periode.fin.toordinal()
    m, s, p = t.morceaux.c, t.salaries.c, t.postes.c
    suivant = t.morceaux.alias("suivant")
    fin_dans = case((m.fin < fin_p, m.fin), else_=fin_p)
    type_poste = type_du_poste(p, des_le_jour(fin_dans))  # P2b: that day's catalogue
    type_ = case((and_(fin_dans < numero_du_jour(moteur.dialect.name, s.majorite),
                       type_poste != "SIR"), "SIA"), else_=type_poste)
    dernier = ~exists().where(suivant.c.adherent_id == m.adherent_id,
                              suivant.c.salarie_id == m.salarie_id,
                              suivant.c.debut > m.debut, suivant.c.debut <= fin_p)
    instruction = (
        select(m.adherent_id, type_.label("type"), func.count(),
               func.sum(case((and_(m.premier >= debut_p, m.premier <= fin_p), 1), else_=0)))
        .select_from(t.morceaux.join(t.salaries, and_(s.adherent_id == m.adherent_id,
                                                      s.salarie_id == m.salarie_id))
                     .join(t.postes, and_(p.adherent_id == m.adherent_id,
                                          p.poste_id == m.poste_id)))
        .where(m.debut <= fin_p, m.fin >= debut_p, ~s.annule, dernier)
        .group_by(m.adherent_id, type_)
    )
    with moteur.connect() as connection:
        debut = time.perf_counter()
        rangees = connection.execute(instruction).all()
        return time.perf_counter() - debut, sum(int(rangee[2]) for rangee in rangees)


# -- (c) naive: load each file ----------------------------------------------------------------
def naif(url: str, total: int, echantillon: int) -> tuple[float, float]:
    """Seconds per salarié (load + count) on a sample; extrapolated seconds for all."""
    fabrique = FabriqueSql(creer_moteur(url))
    periode, regle = annee(ANNEE), REGLES_PREDEFINIES[REGLE]
    with fabrique() as uow:
        cles = [(r["adherent_id"], r["salarie_id"]) for r in uow.rangees(
            select(t.salaries.c.adherent_id, t.salaries.c.salarie_id))]
    choix = sorted(random.Random(1).sample(cles, min(echantillon, len(cles))))
    debut = time.perf_counter()
    with fabrique() as uow:
        postes: dict[str, dict[str, object]] = {}
        comptes = 0
        for adherent_id, salarie_id in choix:
            if adherent_id not in postes:
                postes[adherent_id] = dict(uow.adherents.obtenir(adherent_id).postes_par_id())
            s = uow.salaries.obtenir(adherent_id, salarie_id)
            if not s.annule and ligne_assiette(s, periode, regle, postes[adherent_id]):  # type: ignore[arg-type]
                comptes += 1
    fabrique.fermer()
    par_salarie = (time.perf_counter() - debut) / len(choix)
    return par_salarie, par_salarie * total


# -- databases ----------------------------------------------------------------------------------
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


def mesurer(nombre: int, pg: str | None, echantillon: int,
            repetitions: int) -> list[dict[str, object]]:
    resultats: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory() as dossier:
        urls = {"SQLite": f"sqlite:///{Path(dossier) / 'bench.db'}"}
        if pg:
            urls["PostgreSQL"] = url_postgresql(pg)
        for url in urls.values():
            upgrade(url)
        moteurs = [create_engine(url) for url in urls.values()]
        debut = time.perf_counter()
        comptes = donnees.charger(moteurs, nombre)
        chargement = time.perf_counter() - debut
        print(f"{nombre} salariés: {comptes}, loaded in {chargement:.0f} s", file=sys.stderr)
        for (moteur_nom, url), moteur in zip(urls.items(), moteurs, strict=True):
            # (a), (a'), (b), (b'), (b''): the median of ``repetitions`` runs, taken in
            # turn so that a busy spell of the machine touches each of them alike.
            mesures: dict[str, list[float]] = {"a": [], "a_sql": [], "b": [], "b_lignes": [],
                                               "b_totaux": []}
            for _ in range(repetitions):
                a = bibliotheque(url, REGLE)
                mesures["a"].append(a["secondes"])
                mesures["a_sql"].append(instruction_seule(url, REGLE))
                b, compte_b = a_la_main(moteur)
                assert compte_b == a["personnes"], (compte_b, a)
                mesures["b"].append(b)
                b_lignes, compte_lignes = lignes_a_la_main(moteur)
                assert compte_lignes == compte_b, (compte_lignes, compte_b)
                mesures["b_lignes"].append(b_lignes)
                b_totaux, compte_totaux = totaux_a_la_main(moteur)
                assert compte_totaux == compte_b, (compte_totaux, compte_b)
                mesures["b_totaux"].append(b_totaux)
            medianes = {k: statistics.median(v) for k, v in mesures.items()}
            a0 = bibliotheque(url, REGLE, "chaines")
            assert a0["personnes"] == a["personnes"], (a0, a)
            fine = bibliotheque(url, REGLE_FINE)
            par_salarie, c = naif(url, nombre, echantillon)
            ligne = {"moteur": moteur_nom, "salaries": nombre, "membres": a["membres"],
                     "factures": a["personnes"], **medianes, "c": c,
                     "a0": a0["secondes"], "mesures": mesures,
                     "c_par_salarie_ms": par_salarie * 1000, "pic_mo": a["pic_mo"],
                     "a_fine": fine["secondes"], "pic_fine_mo": fine["pic_mo"],
                     "chargement": chargement, "lignes": comptes}
            print(json.dumps(ligne), file=sys.stderr)
            resultats.append(ligne)
            moteur.dispose()
        if pg:
            supprimer_schema(pg)
    return resultats


def tableau(resultats: list[dict[str, object]]) -> str:
    lignes = ["| engine | salariés | billed | (a) library s | (a') its SQL s | (a0) chains s "
              "| (b) count s | (b') lines s | (b'') totals s | (a)/(b) | (a)/(b') | (b'')/(b) "
              "| (a0)/(a) | (c) naive s (extrap.) | (c)/(a) | peak RSS (a) MB "
              "| (a) 31-day rule s |",
              "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:"
              "|---:|"]
    for r in resultats:
        v = {k: float(r[k])  # type: ignore[arg-type]
             for k in ("a", "a_sql", "a0", "b", "b_lignes", "b_totaux", "c", "pic_mo",
                       "a_fine")}
        lignes.append(
            f"| {r['moteur']} | {r['salaries']:,} | {r['factures']:,} "
            f"| {v['a']:.2f} | {v['a_sql']:.2f} | {v['a0']:.2f} | {v['b']:.2f} "
            f"| {v['b_lignes']:.2f} | {v['b_totaux']:.2f} | {v['a'] / v['b']:.1f} "
            f"| {v['a'] / v['b_lignes']:.1f} | {v['b_totaux'] / v['b']:.1f} "
            f"| {v['a0'] / v['a']:.1f} | {v['c']:.0f} | {v['c'] / v['a']:.0f} "
            f"| {v['pic_mo']:.0f} | {v['a_fine']:.2f} |")
    return "\n".join(lignes)


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--enfant":
        _enfant(*sys.argv[2:5])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tailles", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--postgresql", default=os.environ.get(
        "RST_EFFECTIFS_TEST_POSTGRESQL_URL"))
    parser.add_argument("--echantillon", type=int, default=2000)
    parser.add_argument("--repetitions", type=int, default=3,
                        help="runs of (a), (a'), (b), (b'), (b''); medians reported")
    parser.add_argument("--sortie", type=Path, default=None, help="JSON results file")
    args = parser.parse_args()
    tous: list[dict[str, object]] = []
    for nombre in args.tailles:
        tous += mesurer(nombre, args.postgresql, args.echantillon, args.repetitions)
        if args.sortie:
            args.sortie.write_text(json.dumps(tous, indent=1, default=str))
    print(f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC")
    print(tableau(tous))


if __name__ == "__main__":
    main()
