"""A real uvicorn server in the background, on a loopback port the system picks: what a
test suite (or a bench) needs to drive the portal over real sockets — a browser, a
fuzzer, many clients at once — and stop it cleanly afterwards."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


@contextmanager
def serveur_local(app: Any, hote: str = "127.0.0.1", delai: float = 20.0) -> Iterator[str]:
    """Serve ``app`` on ``hote`` until the block ends; yields its base URL
    (``http://127.0.0.1:PORT``). The port is bound before the server starts, so no
    other process can take it in between."""
    import uvicorn

    # IPPROTO_TCP named: without it asyncio never sets TCP_NODELAY on the connections,
    # and every keep-alive answer waits ~40 ms for the peer's delayed ACK.
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP) as prise:
        prise.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        prise.bind((hote, 0))
        config = uvicorn.Config(app, log_level="warning", lifespan="off", access_log=False)
        instance = uvicorn.Server(config)
        fil = threading.Thread(target=instance.run, kwargs={"sockets": [prise]},
                               daemon=True, name="rst-effectifs-serveur")
        fil.start()
        try:
            limite = time.monotonic() + delai
            while not instance.started:
                if not fil.is_alive() or time.monotonic() > limite:
                    raise RuntimeError("le serveur du portail n'a pas démarré")
                time.sleep(0.02)
            yield f"http://{hote}:{prise.getsockname()[1]}"
        finally:
            instance.should_exit = True
            fil.join(timeout=delai)
    if fil.is_alive():
        raise RuntimeError("le serveur du portail ne s'est pas arrêté")


__all__ = ["serveur_local"]
