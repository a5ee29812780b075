"""A primary dies under eight writers; its synchronous standby takes over. Nothing lost.

    python bench/bascule.py                      # 8 writers, primary killed after 8 s
    python bench/bascule.py --ecrivains 8 --avant 8 --apres 8 --garder

Needs root and Debian's PostgreSQL packages (``pg_createcluster``, ``pg_basebackup``,
``pg_ctlcluster``; ``.ci/postgres.sh`` installs them). It builds two clusters of the
installed major version on free loopback ports — ``rst_primaire`` and ``rst_secours``, a
hot standby made with ``pg_basebackup -R``, streaming, listed in the primary's
``synchronous_standby_names`` with ``synchronous_commit = remote_apply`` — and migrates
the library's schema on the primary.

Then ``--ecrivains`` processes hire people of one member, each through its own context
on the multi-host URL (``?host=primaire&host=secours&target_session_attrs=read-write``),
with ``executer(..., tentatives=30)``: transient failures (a lost connection, no server
taking writes) are run again by the library. A write whose outcome is unknown
(``technique.issue_incertaine``: the connection died during COMMIT) is sent again by the
writer, as a client would: a hire is safe to resend, the second one is refused by S2 if
the first was stored. After ``--avant`` seconds the primary's postmaster gets SIGKILL;
the standby is promoted at once (``pg_ctlcluster ... promote``), and the writers go on
for ``--apres`` seconds.

Afterwards, on the new primary, it counts: every acknowledged hire is there (0 lost), no
person has two files (0 doubled), and it reports the time from the kill to the first
acknowledged write after it (writes resumed). Exits 1 if anything was lost or doubled.
The clusters are dropped at the end unless ``--garder``.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import itertools
import multiprocessing
import os
import queue
import signal
import socket
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import rst_effectifs as rst
from rst_effectifs import bootstrap

PRIMAIRE, SECOURS = "rst_primaire", "rst_secours"
UTILISATEUR, MOT_DE_PASSE, BASE = "rst_bascule", "rst_bascule", "rst_bascule"
REPLICATION = "rst_replication"
AGENT = rst.AgentRst(rst.Email.parse("agent@rst.fr"))


def _cmd(*args: str, utilisateur: str | None = None, verifier: bool = True
         ) -> subprocess.CompletedProcess[str]:
    if utilisateur:
        args = ("runuser", "-u", utilisateur, "--", *args)
    return subprocess.run(args, check=verifier, capture_output=True, text=True, cwd="/")


def _version() -> str:
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/postgres"),
                      key=lambda p: int(p.parts[-3]))
    if not versions:
        sys.exit("PostgreSQL n'est pas installé (source .ci/postgres.sh).")
    return versions[-1].parts[-3]


def _port_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
    return port


def _psql(version: str, port: int, sql: str, base: str = "postgres") -> str:
    """As the superuser, on the cluster's Unix socket (peer authentication)."""
    return _cmd(f"/usr/lib/postgresql/{version}/bin/psql", "-X", "-q", "-tA", "-h",
                "/var/run/postgresql", "-p", str(port), "-d", base, "-c", sql,
                utilisateur="postgres").stdout.strip()


def _attendre(condition: Any, delai: float, quoi: str) -> None:
    fin = time.monotonic() + delai
    while not condition():
        if time.monotonic() > fin:
            sys.exit(f"{quoi} : délai dépassé")
        time.sleep(0.2)


def _pret(version: str, port: int) -> bool:
    return _cmd(f"/usr/lib/postgresql/{version}/bin/pg_isready", "-q", "-h", "127.0.0.1",
                "-p", str(port), verifier=False).returncode == 0


def _supprimer(version: str) -> None:
    for nom in (PRIMAIRE, SECOURS):
        _cmd("pg_dropcluster", "--stop", version, nom, verifier=False)


def preparer(version: str) -> tuple[int, int]:
    """Both clusters up, the standby streaming synchronously. Returns their ports."""
    _supprimer(version)
    p_primaire, p_secours = _port_libre(), _port_libre()
    _cmd("pg_createcluster", version, PRIMAIRE, "-p", str(p_primaire), "--start",
         "-o", "wal_level=replica",
         "-o", "max_wal_senders=5", "-o", "max_connections=200")
    _attendre(lambda: _pret(version, p_primaire), 30, "démarrage du primaire")
    _psql(version, p_primaire, f"CREATE ROLE {UTILISATEUR} LOGIN PASSWORD '{MOT_DE_PASSE}'")
    _psql(version, p_primaire, f"CREATE DATABASE {BASE} OWNER {UTILISATEUR}")
    _psql(version, p_primaire, f"CREATE ROLE {REPLICATION} LOGIN REPLICATION "
                               f"PASSWORD '{REPLICATION}'")
    _cmd("pg_createcluster", version, SECOURS, "-p", str(p_secours),
         "-o", "hot_standby=on",
         "-o", "max_connections=200")
    donnees = Path(f"/var/lib/postgresql/{version}/{SECOURS}")
    _cmd("rm", "-rf", str(donnees))
    # -R writes standby.signal and primary_conninfo; application_name names it for
    # synchronous_standby_names.
    _cmd(f"/usr/lib/postgresql/{version}/bin/pg_basebackup", "-D", str(donnees), "-R",
         "-X", "stream", "-d",
         f"host=127.0.0.1 port={p_primaire} user={REPLICATION} password={REPLICATION} "
         f"application_name={SECOURS}", utilisateur="postgres")
    _cmd("pg_ctlcluster", version, SECOURS, "start")
    _attendre(lambda: _pret(version, p_secours), 30, "démarrage du secours")
    # Set after the base backup: the standby must not wait for a standby of its own once
    # promoted (postgresql.auto.conf is a file, not replicated).
    _psql(version, p_primaire, f"ALTER SYSTEM SET synchronous_standby_names = '{SECOURS}'")
    _psql(version, p_primaire, "ALTER SYSTEM SET synchronous_commit = 'remote_apply'")
    _psql(version, p_primaire, "SELECT pg_reload_conf()")
    _attendre(lambda: _psql(version, p_primaire,
                            "SELECT sync_state FROM pg_stat_replication") == "sync",
              30, "réplication synchrone")
    return p_primaire, p_secours


def url_de(*ports: int) -> str:
    hotes = "&".join(f"host=127.0.0.1:{p}" for p in ports)
    return (f"postgresql+psycopg://{UTILISATEUR}:{MOT_DE_PASSE}@/{BASE}?{hotes}"
            "&target_session_attrs=read-write")


def _embauche(adherent_id: str, poste_id: str, ecrivain: int, rang: int
              ) -> rst.EmbaucherSalarie:
    """The hire number ``rang`` of writer ``ecrivain``: a name of letters only (S1)."""
    lettres = "".join(chr(ord("A") + int(c)) for c in f"{ecrivain:02d}{rang:05d}")
    return rst.EmbaucherSalarie(adherent_id, f"Bascule{lettres}", "Léa", dt.date(1990, 5, 4),
                                rst.NouveauContrat(rst.NatureContrat.CDI, dt.date(2025, 1, 6),
                                                   poste_id))


def ecrire(url: str, adherent_id: str, poste_id: str, ecrivain: int, duree: float,
           barriere: Any, file: Any) -> None:
    """One writer: once every writer is ready, hires for ``duree`` seconds; puts
    (writer, rank, issue, time acknowledged) per hire."""
    moi = rst.Acces(rst.Email.parse("admin@bascule.fr"), adherent_id,
                    frozenset({rst.Role.ADMINISTRATEUR}))
    ctx = rst.depuis_url(url, migrer=False)
    rst.executer(ctx, moi, rst.ListerPostes(adherent_id))  # connected before the start
    barriere.wait()
    fin = time.time() + duree
    rang = 0
    try:
        while time.time() < fin:
            commande = _embauche(adherent_id, poste_id, ecrivain, rang)
            issue = "ok"
            while True:
                try:
                    rst.executer(ctx, moi, commande, tentatives=30)
                    if issue == "incertain":
                        issue = "incertain_puis_fait"  # the uncertain commit was not stored
                    break
                except rst.RegleMetier as refus:
                    if refus.code == "salarie.deja_existant" and issue == "incertain":
                        issue = "incertain_deja_fait"  # the uncertain commit was stored
                        break
                    issue = f"refus:{refus.code}"
                    break
                except rst.ErreurTechnique as erreur:
                    if erreur.code == "technique.issue_incertaine":
                        issue = "incertain"
                        continue  # resend: S2 makes a hire safe to send twice
                    if time.time() > fin + 60:
                        issue = f"abandon:{erreur.code}"
                        break
                    time.sleep(0.2)  # not transient for the library; the client waits
            file.put((ecrivain, rang, issue, time.time()))
            rang += 1
    finally:
        bootstrap.fermer(ctx)


def tuer(version: str) -> float:
    """SIGKILL to the primary's postmaster; returns when."""
    pid = int(Path(f"/var/lib/postgresql/{version}/{PRIMAIRE}/postmaster.pid")
              .read_text().split()[0])
    os.kill(pid, signal.SIGKILL)
    return time.time()


def main() -> int:
    analyse = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    analyse.add_argument("--ecrivains", type=int, default=8)
    analyse.add_argument("--avant", type=float, default=8.0)
    analyse.add_argument("--apres", type=float, default=8.0)
    analyse.add_argument("--garder", action="store_true")
    options = analyse.parse_args()
    version = _version()
    p_primaire, p_secours = preparer(version)
    url = url_de(p_primaire, p_secours)
    try:
        ctx = rst.depuis_url(url, migrer=True)
        adherent = rst.executer(ctx, AGENT, rst.CreerAdherent(
            "004217", "73282932000074", "Boulangerie Martin", "admin@bascule.fr"))
        moi = rst.Acces(rst.Email.parse("admin@bascule.fr"), adherent.id,
                        frozenset({rst.Role.ADMINISTRATEUR}))
        poste = rst.executer(ctx, moi, rst.AjouterPoste(adherent.id, "Vendeuse"))
        bootstrap.fermer(ctx)

        fabrique = multiprocessing.get_context("spawn")
        file: Any = fabrique.Queue()
        barriere = fabrique.Barrier(options.ecrivains + 1)
        processus = [fabrique.Process(
            target=ecrire, args=(url, adherent.id, poste.id, n,
                                 options.avant + options.apres, barriere, file))
            for n in range(options.ecrivains)]
        for p in processus:
            p.start()
        barriere.wait()
        debut = time.time()
        time.sleep(options.avant)
        tue = tuer(version)
        _cmd("pg_ctlcluster", version, SECOURS, "promote")
        promu = time.time()
        resultats: list[tuple[int, int, str, float]] = []
        while any(p.is_alive() for p in processus) or not file.empty():
            with contextlib.suppress(queue.Empty):
                resultats.append(file.get(timeout=0.5))
        for p in processus:
            p.join()

        issues = Counter(issue for _e, _r, issue, _t in resultats)
        acquittes = {(e, r) for e, r, issue, _t in resultats
                     if issue in ("ok", "incertain_deja_fait", "incertain_puis_fait")}
        instants = sorted(t for e, r, _i, t in resultats if (e, r) in acquittes)
        apres = [t for t in instants if t > promu]
        pause = max((b - a for a, b in itertools.pairwise(instants)
                     if b > tue - 1), default=0.0)
        ctx = rst.depuis_url(url_de(p_secours), migrer=False)
        with ctx.unite_de_travail() as uow:
            noms = Counter(s.identite.nom for s in uow.salaries.tous(adherent.id))
        bootstrap.fermer(ctx)
        attendus = {_embauche(adherent.id, poste.id, e, r).nom for e, r in acquittes}
        perdus = sorted(attendus - noms.keys())
        doubles = sorted(nom for nom, n in noms.items() if n > 1)
        avant_kill = [t for _e, _r, issue, t in resultats if t <= tue and issue == "ok"]
        print(f"PostgreSQL {version}: {options.ecrivains} écrivains, primaire tué à "
              f"{tue - debut:.1f} s, secours promu {promu - tue:.2f} s après")
        print(f"issues : {dict(sorted(issues.items()))}")
        print(f"acquittées : {len(acquittes)} ; en base : {sum(noms.values())} fiches ; "
              f"perdues : {len(perdus)} ; en double : {len(doubles)}")
        if apres:
            print(f"plus longue attente sans écriture acquittée : {pause:.2f} s ; première "
                  f"écriture acquittée après la promotion : {apres[0] - tue:.2f} s après le kill")
        if len(avant_kill) > 1:
            ecarts = [b - a for a, b in itertools.pairwise(avant_kill)]
            print(f"débit avant : {len(avant_kill) / (tue - debut):.1f} embauches/s "
                  f"(écart médian {statistics.median(ecarts) * 1000:.0f} ms)")
        if perdus or doubles or not apres:
            print(f"ÉCHEC : perdues {perdus[:5]}, en double {doubles[:5]}")
            return 1
        return 0
    finally:
        if not options.garder:
            _supprimer(version)


if __name__ == "__main__":
    sys.exit(main())
