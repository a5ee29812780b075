"""A real HTTP server in the background (Hypercorn, the server ``rst-effectifs portail``
uses, with its timeouts), on a loopback port the system picks: what a test suite (or a
bench) needs to drive the portal over real sockets — a browser, a fuzzer, many clients
at once, slow or hostile ones — and stop it cleanly afterwards."""

from __future__ import annotations

import asyncio
import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from ..entrypoints.web.serveur import DELAI_ENTETE, DELAI_LECTURE, configuration


@contextmanager
def serveur_local(app: Any, hote: str = "127.0.0.1", delai: float = 20.0, *,
                  delai_entete: float = DELAI_ENTETE,
                  delai_lecture: float = DELAI_LECTURE) -> Iterator[str]:
    """Serve ``app`` on ``hote`` until the block ends; yields its base URL
    (``http://127.0.0.1:PORT``). The port is bound and listening before the server
    starts, so no other process can take it in between; ``delai_entete`` and
    ``delai_lecture`` are the server's timeouts (:mod:`rst_effectifs.entrypoints.web.serveur`)."""
    from hypercorn.asyncio import serve

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP) as prise:
        prise.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        prise.bind((hote, 0))
        prise.listen(1024)
        config = configuration(delai_entete=delai_entete, delai_lecture=delai_lecture,
                               lier=False, niveau="WARNING")
        config.bind = [f"fd://{os.dup(prise.fileno())}"]
        boucle = asyncio.new_event_loop()
        arret = asyncio.Event()
        erreurs: list[BaseException] = []

        def tourner() -> None:
            asyncio.set_event_loop(boucle)
            try:
                boucle.run_until_complete(serve(app, config, shutdown_trigger=arret.wait))
            except BaseException as erreur:  # reported to the test, never swallowed
                erreurs.append(erreur)
            finally:
                boucle.close()

        fil = threading.Thread(target=tourner, daemon=True, name="rst-effectifs-serveur")
        fil.start()
        try:
            _attendre(prise.getsockname(), fil, time.monotonic() + delai)
            yield f"http://{hote}:{prise.getsockname()[1]}"
        finally:
            if fil.is_alive():
                boucle.call_soon_threadsafe(arret.set)
            fil.join(timeout=delai)
    if fil.is_alive():
        raise RuntimeError("le serveur du portail ne s'est pas arrêté")
    if erreurs:
        raise RuntimeError("le serveur du portail s'est arrêté sur une erreur") from erreurs[0]


def _attendre(adresse: tuple[str, int], fil: threading.Thread, limite: float) -> None:
    """Until the server answers a request (any answer) on ``adresse``."""
    while True:
        if not fil.is_alive() or time.monotonic() > limite:
            raise RuntimeError("le serveur du portail n'a pas démarré")
        try:
            with socket.create_connection(adresse, timeout=1) as essai:
                essai.sendall(b"OPTIONS * HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                if essai.recv(16):
                    return
        except OSError:
            pass
        time.sleep(0.02)


__all__ = ["serveur_local"]
