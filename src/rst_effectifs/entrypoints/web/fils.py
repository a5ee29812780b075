"""The worker threads an API request's unit of work runs in: at most ``Reglages.fils``
at once, not anyio's forty; by default as many as the processors for a storage inside
the process (SQLite, memory), twice as many for a server's (PostgreSQL).

A unit of work is mostly Python, serialised by the interpreter's lock: more threads at
once than the processors can run only make them take turns on it, each turn a few
system calls and cold caches; a unit on PostgreSQL also waits for the server, and a
second thread per processor runs meanwhile. ``bench/portail_plancher.py --utilisateurs
8 --fils N`` on a 2-core machine (docs/performance.md): 2.88 ms of server CPU per
request with 40 threads, 2.20 with 4; on SQLite 2.35–2.64 ms with 4 and 1.94–2.14 with
2, and more requests per second (467–507 against 383–434); on PostgreSQL 4 threads
serve more than 2 (326–338 against 277–300 req/s). A request waiting for a thread holds
no connection: it has not begun."""

from __future__ import annotations

import asyncio
import functools
import os
import weakref
from collections.abc import Callable
from typing import Any, TypeVar

import anyio.to_thread
from anyio import CapacityLimiter
from starlette.requests import Request

from ...bootstrap import stockage_en_processus

T = TypeVar("T")

CLE = "rst_fils"
"""Where the application's state keeps its limiters, one per event loop."""


def fils_par_defaut(en_processus: bool = False) -> int:
    """The processors this process may use, twice as many when the storage is a
    server's (not ``en_processus``); at least 2, so that a long request never holds
    every other one back."""
    processeurs = os.cpu_count() or 1
    return max(2, processeurs if en_processus else 2 * processeurs)


def _limiteur(request: Request, fils: int | None) -> CapacityLimiter:
    par_boucle: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, CapacityLimiter] | None
    par_boucle = getattr(request.app.state, CLE, None)
    if par_boucle is None:
        par_boucle = weakref.WeakKeyDictionary()
        setattr(request.app.state, CLE, par_boucle)
    boucle = asyncio.get_running_loop()
    limiteur = par_boucle.get(boucle)
    if limiteur is None:
        if fils is None:
            fils = fils_par_defaut(stockage_en_processus(request.app.state.ctx))
        limiteur = par_boucle[boucle] = CapacityLimiter(fils)
    return limiteur


async def dans_un_fil(request: Request, fils: int | None, fonction: Callable[..., T],
                      *arguments: Any) -> T:
    """``fonction(*arguments)`` in a worker thread, at most ``fils`` at once for this
    application (``None``: :func:`fils_par_defaut` for its storage; a unit of work
    opened and closed in that one call)."""
    return await anyio.to_thread.run_sync(functools.partial(fonction, *arguments),
                                          limiter=_limiteur(request, fils))


__all__ = ["dans_un_fil", "fils_par_defaut"]
