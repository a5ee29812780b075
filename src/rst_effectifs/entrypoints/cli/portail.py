"""``rst-effectifs portail``: serve the portal's HTTP API (extra ``portail``) with
Hypercorn (``entrypoints/web/serveur.py`` says why), on the database of ``--db`` (the
embedded SQLite file by default) or, with
``--demo``, on the demo's file with the bundled sample loaded as ``demo`` does;
``--workers N``: in N Hypercorn processes, each building the portal from the environment
(``web/usine.py``, the application factory any ASGI server can use).

The web stack is imported only here, so that the rest of the command line works
without the extra; without it the command says how to install it (a usage error).
"""

from __future__ import annotations

import importlib.util
import os
import sys
from typing import Any

import click

from . import affichage
from .demo import charger_demo
from .parametres import ErreurUtilisation
from .racine import _session, cli, option_json
from .session import Session

VARIABLE_URL = "RST_EFFECTIFS_DB"
"""Where the workers find this run's database (what ``--db`` reads too)."""

__all__ = ["message_de_demarrage", "portail"]

MODULES_DU_PORTAIL = ("starlette", "hypercorn", "multipart")


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
@click.option("--proxy", "proxies", multiple=True, metavar="ADRESSE",
              help="Mandataire inverse (adresse ou réseau) dont X-Forwarded-For est cru ; "
                   "répétable (s'ajoute à RST_EFFECTIFS_PROXIES).")
@click.option("--workers", "processus", default=1, show_default=True,
              type=click.IntRange(1, 64), metavar="N",
              help="Nombre de processus qui servent (plus d'un : la variable "
                   "RST_EFFECTIFS_SECRET est requise, partagée par tous).")
@option_json
def portail(hote: str, port: int, demo: bool, proxies: tuple[str, ...], processus: int
            ) -> None:
    """Portail adhérent : les pages (à ouvrir dans un navigateur) et l'API HTTP /api/v1
    (description OpenAPI sur /api/v1/openapi.json), servies par Hypercorn jusqu'à Ctrl+C."""
    verifier_extra()
    import attrs

    from ..web import creer_application
    from ..web.mandataires import reseaux
    from ..web.reglages import PROXIES, SECRET, Reglages
    from ..web.serveur import servir

    session = _session()
    if processus > 1 and not os.environ.get(SECRET):
        raise ErreurUtilisation(
            f"Avec plusieurs processus, définissez {SECRET} (une clé aléatoire, par "
            "exemple « openssl rand -hex 32 ») : tous signent les sessions avec elle.")
    demarrage: dict[str, object] = {}
    if demo:
        chemin, adherent, *_ = charger_demo(session, None)
        demarrage = {"base_demo": str(chemin), "adherent": adherent.numero.valeur,
                     "connexion": adherent.email_connexion.valeur}
        if not session.json:
            affichage.message(f"Base de démonstration : {chemin} (adhérent "
                              f"{adherent.numero.valeur}, connexion : "
                              f"{adherent.email_connexion.valeur}).")
    reseaux(proxies, chemin="--proxy")
    reglages = Reglages.depuis_environnement()
    reglages = attrs.evolve(reglages, proxies=(*reglages.proxies, *proxies))
    app = None
    if processus > 1:  # the workers read this run's database and proxies from there
        _preparer_les_processus(session)
        os.environ[PROXIES] = " ".join(reglages.proxies)
    else:
        app = creer_application(session.ctx, reglages)
    adresse = f"http://{hote}:{port}/api/v1/openapi.json"
    if session.json:  # one envelope when the server starts; its log goes to stderr
        if processus > 1:
            demarrage["processus"] = processus
        affichage.ecrire_json({"openapi": adresse, **demarrage})
        sys.stdout.flush()
    else:
        affichage.message(message_de_demarrage(hote, port, processus))
    # The adapter logs each request itself (route template, status, time: never a query
    # value nor a token); the server's own access log, off, would print the raw query.
    _access_log_to_console()
    if app is None:
        _servir_en_processus(hote, port, processus)
    else:
        servir(app, hote, port)


def message_de_demarrage(hote: str, port: int, processus: int = 1) -> str:
    """Where the pages are, in French (a wildcard address is reached on this machine)."""
    joignable = "127.0.0.1" if hote in ("0.0.0.0", "", "::") else hote
    if ":" in joignable:
        joignable = f"[{joignable}]"
    base = f"http://{joignable}:{port}"
    return (f"Portail adhérent : ouvrez {base}/ dans votre navigateur. "
            f"API : {base}/api/v1/ (description : {base}/api/v1/openapi.json). "
            + (f"{processus} processus. " if processus > 1 else "")
            + "Ctrl+C pour arrêter.")


def _preparer_les_processus(session: Session) -> None:
    """The database of this run for the workers: opened here first (a SQLite file brought
    up to date once, a PostgreSQL schema checked), its URL in the environment."""
    session.ouvrir()
    session.fermer()
    if session.url:
        os.environ[VARIABLE_URL] = session.url


def _servir_en_processus(hote: str, port: int, processus: int) -> None:
    """``processus`` Hypercorn workers (spawned), each building the portal with the
    factory from the environment, the access log on the console."""
    from hypercorn.run import run

    from ..web.serveur import configuration
    from ..web.usine import APPEL

    config = configuration(hote, port, workers=processus)
    config.application_path = APPEL
    config.logconfig_dict = _JOURNAUX
    run(config)


_JOURNAUX: dict[str, Any] = {
    "version": 1, "disable_existing_loggers": False,
    "formatters": {"acces_rst": {"format": "%(asctime)s %(message)s"}},
    "handlers": {"acces_rst": {"formatter": "acces_rst", "class": "logging.StreamHandler",
                               "stream": "ext://sys.stderr"}},
    "loggers": {"rst_effectifs.web.acces": {"handlers": ["acces_rst"], "level": "INFO",
                                            "propagate": False}},
}
"""Applied by Hypercorn in each worker: the adapter's access log on the console."""


def _access_log_to_console() -> None:
    """The adapter's access log on the console (uvicorn configures only its own loggers)."""
    import logging

    from ..web.securite import access_logger

    if not access_logger.handlers:
        sortie = logging.StreamHandler()
        sortie.setFormatter(logging.Formatter("%(asctime)s %(message)s"))
        access_logger.addHandler(sortie)
        access_logger.setLevel(logging.INFO)
