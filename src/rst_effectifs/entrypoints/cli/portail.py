"""``rst-effectifs portail``: serve the portal's HTTP API (extra ``portail``) with
uvicorn, on the database of ``--db`` (the embedded SQLite file by default) or, with
``--demo``, on the demo's file with the bundled sample loaded as ``demo`` does;
``--workers N``: in N processes, each building the portal from the environment
(``web/usine.py``, the application factory any ASGI server can use).

The web stack is imported only here, so that the rest of the command line works
without the extra; without it the command says how to install it (a usage error).
"""

from __future__ import annotations

import copy
import importlib.util
import inspect
import os
from typing import Any

import click

from . import affichage as af
from .demo import charger_demo
from .parametres import ErreurUtilisation
from .racine import _session, cli
from .session import Session

ATTENTE_PROCESSUS_S = 60
"""How long a worker may take to start before uvicorn gives up on it and starts another."""
VARIABLE_URL = "RST_EFFECTIFS_DB"
"""Where the workers find this run's database (what ``--db`` reads too)."""

__all__ = ["portail"]

MODULES_DU_PORTAIL = ("starlette", "uvicorn", "multipart")


def verifier_extra() -> None:
    """Refuse clearly, in French, when the ``portail`` extra is not installed."""
    manquants = [m for m in MODULES_DU_PORTAIL if importlib.util.find_spec(m) is None]
    if manquants:
        raise ErreurUtilisation(
            "Le portail a besoin de l'extra « portail » (manque : "
            f"{', '.join(manquants)}) : pip install 'rst-effectifs[portail]'.")


@cli.command("portail")
@click.option("--hote", default="127.0.0.1", show_default=True, metavar="ADRESSE",
              help="Adresse d'écoute (127.0.0.1 : cette machine seulement).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535),
              metavar="PORT",
              help="Port d'écoute (0 : un port libre).")
@click.option("--demo", is_flag=True,
              help="Servir la base de démonstration, l'exemple de DSN chargé (comme "
                   "« rst-effectifs demo »).")
@click.option("--workers", "processus", default=1, show_default=True,
              type=click.IntRange(1, 64), metavar="N",
              help="Nombre de processus qui servent (plus d'un : la variable "
                   "RST_EFFECTIFS_SECRET est requise, partagée par tous).")
def portail(hote: str, port: int, demo: bool, processus: int) -> None:
    """Portail : l'API HTTP /api/v1 (documentation OpenAPI sur /api/v1/openapi.json),
    servie par uvicorn jusqu'à Ctrl+C."""
    verifier_extra()
    import uvicorn

    from ..web import creer_application
    from ..web.reglages import SECRET

    session = _session()
    if processus > 1 and not os.environ.get(SECRET):
        raise ErreurUtilisation(
            f"Avec plusieurs processus, définissez {SECRET} (une clé aléatoire, par "
            "exemple « openssl rand -hex 32 ») : tous signent les sessions avec elle.")
    if demo:
        chemin, adherent, *_ = charger_demo(session, None)
        af.message(f"Base de démonstration : {chemin} (adhérent {adherent.numero.valeur}, "
                   f"connexion : {adherent.email_connexion.valeur}).")
    if processus > 1:
        _servir_en_processus(session, hote, port, processus)
        return
    app = creer_application(session.ctx)
    af.message(f"Portail sur http://{hote}:{port}/api/v1/openapi.json (Ctrl+C pour arrêter).")
    # The adapter logs each request itself (route template, status, time: never a query
    # value nor a token); uvicorn's own access log would print the raw path and query.
    _montrer_le_journal_d_acces()
    uvicorn.run(app, host=hote, port=port, log_level="info", access_log=False)


def _servir_en_processus(session: Session, hote: str, port: int, processus: int) -> None:
    """``processus`` uvicorn workers, each building the portal with the factory from the
    environment: the database of this run (opened here first: a SQLite file brought up
    to date once, a PostgreSQL schema checked) and the access log on the console."""
    import uvicorn
    from uvicorn.config import LOGGING_CONFIG

    from ..web.usine import CHEMIN

    session.ouvrir()
    session.fermer()
    if session.url:
        os.environ[VARIABLE_URL] = session.url
    journaux = copy.deepcopy(LOGGING_CONFIG)
    journaux["formatters"]["acces_rst"] = {"format": "%(asctime)s %(message)s"}
    journaux["handlers"]["acces_rst"] = {"formatter": "acces_rst", "class":
                                         "logging.StreamHandler", "stream": "ext://sys.stderr"}
    journaux["loggers"]["rst_effectifs.web.acces"] = {"handlers": ["acces_rst"],
                                                       "level": "INFO", "propagate": False}
    af.message(f"Portail sur http://{hote}:{port}/api/v1/openapi.json, {processus} processus "
               "(Ctrl+C pour arrêter).")
    options: dict[str, Any] = {}
    if "timeout_worker_healthcheck" in inspect.signature(uvicorn.run).parameters:
        # uvicorn >= 0.37 restarts a worker not ready in 5 s: on a busy machine, importing
        # the library and building the OpenAPI document may take longer.
        options["timeout_worker_healthcheck"] = ATTENTE_PROCESSUS_S
    uvicorn.run(CHEMIN, factory=True, workers=processus, host=hote, port=port,
                log_level="info", access_log=False, log_config=journaux, **options)


def _montrer_le_journal_d_acces() -> None:
    """The adapter's access log on the console (uvicorn configures only its own loggers)."""
    import logging

    from ..web.securite import journal_acces

    if not journal_acces.handlers:
        sortie = logging.StreamHandler()
        sortie.setFormatter(logging.Formatter("%(asctime)s %(message)s"))
        journal_acces.addHandler(sortie)
        journal_acces.setLevel(logging.INFO)
