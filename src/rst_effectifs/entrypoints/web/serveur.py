"""The HTTP server the portal ships with: Hypercorn, because it bounds how long a
connection may take to send a request's head (its idle timer runs from the connection's
start until a whole head has arrived, whatever trickles in meanwhile) and each read of
a body; uvicorn has neither, so a few hundred slow sockets could hold it forever. The
server never rewrites the client's address from forwarding headers: the application
does, for the proxies the operator names (:mod:`.mandataires`)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

DELAI_ENTETE = 10.0
"""Seconds a connection has to send a whole request head (and an idle keep-alive
connection to send the next one) before it is closed."""
DELAI_LECTURE = 30.0
"""Seconds any one read of a request's body may wait for the client."""


def configuration(hote: str = "127.0.0.1", port: int = 8000, *, workers: int = 1,
                  delai_entete: float = DELAI_ENTETE,
                  delai_lecture: float = DELAI_LECTURE, lier: bool = True,
                  niveau: str = "INFO") -> Any:
    """Hypercorn's ``Config`` for the portal (``lier``: listen on ``hote:port``; else the
    caller gives the sockets). ``workers`` processes need an importable application:
    ``hypercorn.run.run(config)`` with ``config.application_path`` set."""
    from hypercorn.config import Config

    config = Config()
    config.bind = [f"[{hote}]:{port}" if ":" in hote else f"{hote}:{port}"] if lier else []
    config.workers = workers
    config.keep_alive_timeout = delai_entete
    config.read_timeout = int(delai_lecture) or 1
    config.accesslog = None  # the application logs each request itself (never a query)
    config.include_server_header = False
    config.loglevel = niveau  # of the server's own messages (started, errors)
    return config


def servir(app: Any, hote: str, port: int, *,
           arret: Callable[[], Awaitable[None]] | None = None) -> None:
    """Serve ``app`` on ``hote:port`` in this process until Ctrl+C (or ``arret``)."""
    from hypercorn.asyncio import serve

    asyncio.run(serve(app, configuration(hote, port), shutdown_trigger=arret))


__all__ = ["DELAI_ENTETE", "DELAI_LECTURE", "configuration", "servir"]
