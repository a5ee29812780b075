"""The sign-in codes' slow hash (A6), with its memory bounded.

One scrypt (n=2**14, r=8) takes 16 MiB while it runs. Computed in whatever thread asks,
40 anonymous checks at once took a server from 74 to 573 MB, never given back (each
thread's malloc arena keeps its block). So every digest is computed by a small pool of
its own, :data:`SIMULTANES` threads: at most that many blocks exist at once, always
in the same threads, and other callers wait their turn (the work is CPU-bound: more at
once would not finish sooner)."""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import threading
from concurrent.futures import ThreadPoolExecutor

SCRYPT = {"n": 2**14, "r": 8, "p": 1, "dklen": 32}
MEMOIRE_SCRYPT = 128 * SCRYPT["r"] * SCRYPT["n"]
"""Bytes one scrypt computation holds (16 MiB)."""
SIMULTANES = max(1, min(4, os.cpu_count() or 1))
"""Scrypt computations at once, per process: the peak is this times :data:`MEMOIRE_SCRYPT`."""

_verrou = threading.Lock()
_pool: ThreadPoolExecutor | None = None
_taille = SIMULTANES


def limiter(simultanes: int) -> None:
    """Change how many digests may be computed at once in this process (a bench
    compares); the next digest starts the new pool."""
    global _pool, _taille
    if simultanes < 1:
        raise ValueError("at least one")
    with _verrou:
        ancien, _pool, _taille = _pool, None, simultanes
    if ancien is not None:
        ancien.shutdown(wait=False)


def _oublier_le_pool() -> None:  # a forked child has none of its parent's threads
    global _pool
    _pool = None


os.register_at_fork(after_in_child=_oublier_le_pool)


def _scrypt(code: str, sel: bytes) -> bytes:
    global _pool
    with _verrou:
        if _pool is None:
            _pool = ThreadPoolExecutor(_taille, thread_name_prefix="rst-scrypt")
        pool = _pool
    return pool.submit(hashlib.scrypt, code.encode(), salt=sel, **SCRYPT).result()


def empreinte_code(code: str) -> str:
    """``scrypt$<salt>$<digest>`` (hex): a slow salted hash, since a code is short."""
    sel = secrets.token_bytes(16)
    return f"scrypt${sel.hex()}${_scrypt(code, sel).hex()}"


def code_correspond(code: str, empreinte: str) -> bool:
    """Constant-time comparison of ``code`` with a stored digest (one scrypt)."""
    _genre, sel, attendu = empreinte.split("$")
    return hmac.compare_digest(_scrypt(code, bytes.fromhex(sel)), bytes.fromhex(attendu))


__all__ = ["MEMOIRE_SCRYPT", "SCRYPT", "SIMULTANES", "code_correspond", "empreinte_code",
           "limiter"]
