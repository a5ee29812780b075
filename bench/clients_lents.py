"""Slow clients (slowloris): how many of 250 sockets that trickle a request head (a byte
every half second) each server closes within 12 s, and whether a normal request is
still served meanwhile.

    python bench/clients_lents.py --prises 250 --duree 12

uvicorn (the portal's server before) has no time limit on a request head: it closes
none; Hypercorn as ``rst-effectifs portail`` sets it up (``DELAI_ENTETE`` = 10 s)
closes each about 10 s after it opened.
"""

from __future__ import annotations

import argparse
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Any

import httpx

import rst_effectifs as rst
from rst_effectifs.entrypoints.web import creer_application
from rst_effectifs.entrypoints.web.reglages import Reglages
from rst_effectifs.testing.serveur import serveur_local


@contextmanager
def uvicorn_local(app: Any) -> Iterator[str]:
    import uvicorn

    prise = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    prise.bind(("127.0.0.1", 0))
    serveur = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    fil = threading.Thread(target=serveur.run, kwargs={"sockets": [prise]}, daemon=True)
    fil.start()
    while not serveur.started:
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{prise.getsockname()[1]}"
    finally:
        serveur.should_exit = True
        fil.join(10)


def mesurer(servir: Callable[[Any], AbstractContextManager[str]], prises: int,
            duree: float) -> tuple[int, float, int]:
    app = creer_application(rst.en_memoire(), Reglages("b" * 32))
    with servir(app) as base:
        hote, port = base.removeprefix("http://").split(":")
        lentes = [socket.create_connection((hote, int(port)), timeout=5) for _ in range(prises)]
        ouvertes = set(range(prises))
        debut, n, derniere = time.monotonic(), 0, 0.0
        tete = b"GET /sante HTTP/1.1\r\nHost: x\r\nX-Lent: "
        while time.monotonic() - debut < duree:
            for i in list(ouvertes):
                try:
                    lentes[i].sendall(tete[n:n + 1] or b"a")
                    lentes[i].settimeout(0.001)
                    if lentes[i].recv(1) == b"":
                        ouvertes.discard(i)
                        derniere = time.monotonic() - debut
                except (TimeoutError, BlockingIOError):
                    pass
                except OSError:
                    ouvertes.discard(i)
                    derniere = time.monotonic() - debut
            n += 1
            time.sleep(0.5)
        normale = httpx.get(f"{base}/sante", timeout=10).status_code
        for prise in lentes:
            prise.close()
    return prises - len(ouvertes), derniere, normale


def main() -> None:
    lecteur = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    lecteur.add_argument("--prises", type=int, default=250)
    lecteur.add_argument("--duree", type=float, default=12.0)
    lus = lecteur.parse_args()
    print("| server | slow sockets closed | last closed after (s) | a normal request |")
    for nom, servir in (("uvicorn", uvicorn_local), ("Hypercorn (portail)", serveur_local)):
        fermees, derniere, normale = mesurer(servir, lus.prises, lus.duree)
        print(f"| {nom} | {fermees} / {lus.prises} | {derniere:.1f} | {normale} |")


if __name__ == "__main__":
    main()
