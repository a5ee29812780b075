"""The portal for any ASGI server that builds its application in each worker process
(``--factory``): :func:`application` reads everything from the environment.

    RST_EFFECTIFS_DB=postgresql+psycopg://… RST_EFFECTIFS_SECRET=… \\
        hypercorn --workers 2 'rst_effectifs.entrypoints.web.usine:application()'
    uvicorn --factory rst_effectifs.entrypoints.web.usine:application --workers 2
    gunicorn -k uvicorn_worker.UvicornWorker -w 2 \\
        'rst_effectifs.entrypoints.web.usine:application()'

``rst-effectifs portail --workers N`` serves it so, with Hypercorn. Each process opens
its own connections; what they share is the database and the secret that signs sessions and
cursors, so with several processes ``RST_EFFECTIFS_SECRET`` must be set (without it each
would make up its own, and a session opened by one would be unknown to the others).
"""

from __future__ import annotations

from starlette.applications import Starlette

from ... import bootstrap
from .application import creer_application
from .reglages import Reglages

CHEMIN = f"{__name__}:application"
"""What an ASGI server is given (``module:function``)."""
APPEL = f"{CHEMIN}()"
"""What Hypercorn is given: it evaluates the text after the colon in each worker."""


def application() -> Starlette:
    """The portal over the database of ``$RST_EFFECTIFS_DB`` (else the user's SQLite file;
    a SQLite file is brought up to date, a PostgreSQL schema must be current: ``rst-effectifs
    base migrer``) with the settings of the ``RST_EFFECTIFS_*`` variables (docs/portal.md)."""
    reglages = Reglages.depuis_environnement()
    return creer_application(bootstrap.depuis_url(), reglages)


__all__ = ["APPEL", "CHEMIN", "application"]
