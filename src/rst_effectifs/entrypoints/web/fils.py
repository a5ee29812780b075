"""The worker threads an API request's unit of work runs in: at most ``Reglages.fils``
at once (by default twice the processor count), not anyio's forty.

A unit of work is mostly Python, serialised by the interpreter's lock: more threads at
once than the processors can run only make them take turns on it, each turn a few
system calls and cold caches. ``bench/portail_plancher.py --utilisateurs 8 --fils N``
on a 2-core machine: 2.88 ms of server CPU per request with 40 threads, 2.20 with 4,
and more requests per second (463 against 354; PostgreSQL 2.48 against 2.78 ms, 311
against 254 req/s). A request waiting for a thread holds no connection: it has not
begun."""

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

T = TypeVar("T")

CLE = "rst_fils"
"""Where the application's state keeps its limiters, one per event loop."""


def fils_par_defaut() -> int:
    """Twice the processors this process may use (at least 2)."""
    return max(2, 2 * (os.cpu_count() or 1))


def _limiteur(request: Request, fils: int) -> CapacityLimiter:
    par_boucle: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, CapacityLimiter] | None
    par_boucle = getattr(request.app.state, CLE, None)
    if par_boucle is None:
        par_boucle = weakref.WeakKeyDictionary()
        setattr(request.app.state, CLE, par_boucle)
    boucle = asyncio.get_running_loop()
    limiteur = par_boucle.get(boucle)
    if limiteur is None:
        limiteur = par_boucle[boucle] = CapacityLimiter(fils)
    return limiteur


async def dans_un_fil(request: Request, fils: int, fonction: Callable[..., T],
                      *arguments: Any) -> T:
    """``fonction(*arguments)`` in a worker thread, at most ``fils`` at once for this
    application (a unit of work opened and closed in that one call)."""
    return await anyio.to_thread.run_sync(functools.partial(fonction, *arguments),
                                          limiter=_limiteur(request, fils))


__all__ = ["dans_un_fil", "fils_par_defaut"]
