"""Sign-in codes (A6): what a check costs, and how much memory the hashing takes.

    python bench/connexion.py temps --tours 200
    python bench/connexion.py memoire --simultanes 40

``temps``: on a SQLite file, through ``executer``, wrong codes checked for an unknown
address, for a known address with one pending code and for a known address with five
pending codes (other requests), interleaved in a shuffled order; medians and the
Mann-Whitney z of each against the unknown address (|z| above 4 would be a difference).

``memoire``: the portal served (Hypercorn) in a forked process over a SQLite file;
``--simultanes`` anonymous checks sent at once, three times; the server's resident
memory before and its peak after (``VmHWM``), with the scrypt pool as shipped
(``hachage.SIMULTANES``) and with one as large as the load (what no bound gives).
"""

from __future__ import annotations

import argparse
import concurrent.futures
import contextlib
import multiprocessing
import random
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

import rst_effectifs as rst
from rst_effectifs.application import connexion as cx
from rst_effectifs.application import hachage
from rst_effectifs.testing.serveur_tue import port_libre

AGENT = rst.AgentRst(rst.Email.parse("agent@rst.fr"))


def _z(a: list[float], b: list[float]) -> float:
    """Mann-Whitney U as a z score (no ties correction: times are continuous)."""
    tous = sorted([(x, 0) for x in a] + [(x, 1) for x in b])
    rangs = sum(i + 1 for i, (_x, g) in enumerate(tous) if g == 0)
    n1, n2 = len(a), len(b)
    u = rangs - n1 * (n1 + 1) / 2
    moyenne, ecart = n1 * n2 / 2, (n1 * n2 * (n1 + n2 + 1) / 12) ** 0.5
    return (u - moyenne) / ecart


def temps(tours: int) -> None:
    dossier = Path(tempfile.mkdtemp())
    horloge = rst.HorlogeFixe()
    ctx = rst.depuis_url(f"sqlite:///{dossier / 'temps.db'}", migrer=True, horloge=horloge,
                         notifier=rst.NotifierMemoire())
    demandes: dict[str, list[str]] = {}
    for nom, email, codes in (("un code", "un@a.fr", 1), ("cinq codes", "cinq@a.fr", 5)):
        rst.executer(ctx, AGENT, rst.CreerAdherent(f"{codes:04d}", "73282932000074", nom, email))
        demandes[nom] = [rst.executer(ctx, rst.ANONYME, cx.DemanderConnexion(
            email, f"10.0.0.{i}")).demande for i in range(codes)]
    rst.envoyer_en_attente(ctx)
    cas = [("inconnue", "personne@a.fr", "rien"),
           ("un code", "un@a.fr", demandes["un code"][0]),
           ("cinq codes", "cinq@a.fr", demandes["cinq codes"][-1])]
    mesures: dict[str, list[float]] = {nom: [] for nom, *_ in cas}
    ordre = [c for c in cas for _ in range(tours)]
    random.Random(7).shuffle(ordre)
    for i, (nom, email, demande) in enumerate(ordre):
        if i % (cx.ESSAIS_MAX - 1) == 0:  # keep the codes' tries from running out
            _remettre_les_essais(ctx)
        debut = time.perf_counter()
        with contextlib.suppress(rst.AccesInterdit):
            rst.executer(ctx, rst.ANONYME, cx.ValiderConnexion(email, "12345678", demande))
        mesures[nom].append((time.perf_counter() - debut) * 1000)
    print(f"| case | median (ms) | z against the unknown address |  ({tours} each)")
    for nom, valeurs in mesures.items():
        print(f"| {nom} | {statistics.median(valeurs):.2f} | "
              f"{_z(valeurs, mesures['inconnue']):.1f} |")


def _remettre_les_essais(ctx: rst.Contexte) -> None:
    """Bench only: the stored tries back to 0 (through the SQL adapter's engine)."""
    from sqlalchemy import update

    from rst_effectifs.adapters.sql import FabriqueSql
    from rst_effectifs.adapters.sql.connexions import codes_connexion

    assert isinstance(ctx.unite_de_travail, FabriqueSql)
    with ctx.unite_de_travail.moteur.begin() as connection:
        connection.execute(update(codes_connexion).values(essais=0))


def _servir(url: str, port: int, simultanes: int) -> None:
    from rst_effectifs.entrypoints.web import creer_application
    from rst_effectifs.entrypoints.web.reglages import Reglages
    from rst_effectifs.entrypoints.web.serveur import servir

    hachage.limiter(simultanes)
    app = creer_application(rst.depuis_url(url, migrer=False),
                             Reglages("m" * 32, connexions_par_client=100_000))
    servir(app, "127.0.0.1", port)


def _memoire(pid: int) -> dict[str, int]:
    lignes = Path(f"/proc/{pid}/status").read_text().splitlines()
    return {k: int(v.split()[0]) // 1024 for k, v in (ligne.split(":", 1) for ligne in lignes)
            if k in ("VmRSS", "VmHWM")}


def memoire(simultanes: int) -> None:
    dossier = Path(tempfile.mkdtemp())
    url = f"sqlite:///{dossier / 'memoire.db'}"
    rst.depuis_url(url, migrer=True)
    print("| scrypt pool | RSS before (MB) | peak RSS (MB) | RSS after (MB) | checks/s |")
    for pool in (hachage.SIMULTANES, simultanes):
        port = port_libre()
        processus = multiprocessing.get_context("spawn").Process(
            target=_servir, args=(url, port, pool), daemon=True)
        processus.start()
        base = f"http://127.0.0.1:{port}"
        while True:
            try:
                httpx.get(f"{base}/sante", timeout=2)
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        avant = _memoire(processus.pid)["VmRSS"]

        def verifier(i: int, base: str = base) -> int:
            return httpx.post(f"{base}/api/v1/connexion/code", timeout=120, json={
                "email": f"x{i}@a.fr", "code": "12345678", "demande": "d"}).status_code

        debut = time.perf_counter()
        with concurrent.futures.ThreadPoolExecutor(simultanes) as pool_clients:
            for _ in range(3):
                statuts = list(pool_clients.map(verifier, range(simultanes)))
                assert set(statuts) == {401}, statuts
        debit = 3 * simultanes / (time.perf_counter() - debut)
        apres = _memoire(processus.pid)
        print(f"| {pool} | {avant} | {apres['VmHWM']} | {apres['VmRSS']} | {debit:.1f} |")
        processus.kill()
        processus.join()


def main(arguments: Any = None) -> None:
    lecteur = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sous = lecteur.add_subparsers(dest="mesure", required=True)
    sous.add_parser("temps").add_argument("--tours", type=int, default=200)
    sous.add_parser("memoire").add_argument("--simultanes", type=int, default=40)
    lus = lecteur.parse_args(arguments)
    if lus.mesure == "temps":
        temps(lus.tours)
    else:
        memoire(lus.simultanes)


if __name__ == "__main__":
    main()
