"""``rst-effectifs portail``: serve the portal's HTTP API (extra ``portail``) with
Hypercorn (``entrypoints/web/serveur.py`` says why), on the database of ``--db`` (the
embedded SQLite file by default) or, with
``--demo``, on the demo's file with the bundled sample loaded as ``demo`` does.

The web stack is imported only here, so that the rest of the command line works
without the extra; without it the command says how to install it (a usage error).
"""

from __future__ import annotations

import importlib.util
import sys

import click

from . import affichage as af
from .demo import charger_demo
from .parametres import ErreurUtilisation
from .racine import _session, cli, option_json

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
@option_json
def portail(hote: str, port: int, demo: bool, proxies: tuple[str, ...]) -> None:
    """Portail adhérent : les pages (à ouvrir dans un navigateur) et l'API HTTP /api/v1
    (description OpenAPI sur /api/v1/openapi.json), servies par Hypercorn jusqu'à Ctrl+C."""
    verifier_extra()
    import attrs

    from ..web import creer_application
    from ..web.mandataires import reseaux
    from ..web.reglages import Reglages
    from ..web.serveur import servir

    session = _session()
    demarrage: dict[str, object] = {}
    if demo:
        chemin, adherent, *_ = charger_demo(session, None)
        demarrage = {"base_demo": str(chemin), "adherent": adherent.numero.valeur,
                     "connexion": adherent.email_connexion.valeur}
        if not session.json:
            af.message(f"Base de démonstration : {chemin} (adhérent "
                       f"{adherent.numero.valeur}, connexion : "
                       f"{adherent.email_connexion.valeur}).")
    reseaux(proxies, chemin="--proxy")
    reglages = Reglages.depuis_environnement()
    app = creer_application(session.ctx, attrs.evolve(
        reglages, proxies=(*reglages.proxies, *proxies)))
    adresse = f"http://{hote}:{port}/api/v1/openapi.json"
    if session.json:  # one envelope when the server starts; its log goes to stderr
        af.ecrire_json({"openapi": adresse, **demarrage})
        sys.stdout.flush()
    else:
        af.message(message_de_demarrage(hote, port))
    # The adapter logs each request itself (route template, status, time: never a query
    # value nor a token); the server's own access log, off, would print the raw query.
    _montrer_le_journal_d_acces()
    servir(app, hote, port)


def message_de_demarrage(hote: str, port: int) -> str:
    """Where the pages are, in French (a wildcard address is reached on this machine)."""
    joignable = "127.0.0.1" if hote in ("0.0.0.0", "", "::") else hote
    if ":" in joignable:
        joignable = f"[{joignable}]"
    base = f"http://{joignable}:{port}"
    return (f"Portail adhérent : ouvrez {base}/ dans votre navigateur. "
            f"API : {base}/api/v1/ (description : {base}/api/v1/openapi.json). "
            "Ctrl+C pour arrêter.")


def _montrer_le_journal_d_acces() -> None:
    """The adapter's access log on the console (uvicorn configures only its own loggers)."""
    import logging

    from ..web.securite import journal_acces

    if not journal_acces.handlers:
        sortie = logging.StreamHandler()
        sortie.setFormatter(logging.Formatter("%(asctime)s %(message)s"))
        journal_acces.addHandler(sortie)
        journal_acces.setLevel(logging.INFO)
