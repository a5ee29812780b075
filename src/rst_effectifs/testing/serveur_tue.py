"""The portal killed under load: a server in its own process (forked from this one, so
that it starts at once; the same Hypercorn setup as ``rst-effectifs portail``), killed
with SIGKILL while clients write, started again, and afterwards the database counted:
every acknowledged write is there once (0 lost, 0 doubled).

The writes are hires of distinct people by bearer-token clients; a client that loses
its connection (or gets a 5xx) sends the same hire again until it is answered: 201, or
the library's S2 refusal naming the file a hire before the kill had made. Used by the
attack suite (a short run) and by ``bench/tuer_le_portail.py`` (a long one)."""

from __future__ import annotations

import multiprocessing
import os
import signal
import socket
import threading
import time
from collections.abc import Callable
from typing import Any

import attrs

from ..application.acces import resoudre_acces
from ..application.connexion import EmettreJeton
from ..application.contexte import Contexte, executer


@attrs.define
class BilanDesCoupures:
    """What the clients saw and what the database holds."""

    acquittees: set[str] = attrs.field(factory=set)
    """People whose hire was answered 201 (or S2: made before a kill)."""
    reessais: int = 0
    erreurs: list[str] = attrs.field(factory=list)
    """Answers that are neither a success, a refusal expected, nor a lost connection."""
    tues: int = 0


def port_libre() -> int:
    with socket.socket() as prise:
        prise.bind(("127.0.0.1", 0))
        return int(prise.getsockname()[1])


def application(url: str) -> Any:
    """The portal to fork (built once: its OpenAPI document takes seconds); each
    server process opens its own database connections."""
    from ..bootstrap import depuis_url
    from ..entrypoints.web import creer_application
    from ..entrypoints.web.reglages import Reglages

    return creer_application(depuis_url(url, migrer=False), Reglages("k" * 32))


def demarrer_le_portail(url: str, port: int, app: Any = None) -> Any:
    """The server process; returns once it answers ``/sante``."""
    import httpx

    processus = multiprocessing.get_context("fork").Process(
        target=_servir, args=(url, port, app if app is not None else application(url)),
        daemon=True, name="rst-effectifs-tue")
    processus.start()
    limite = time.monotonic() + 60
    while time.monotonic() < limite:
        if not processus.is_alive():
            raise RuntimeError(f"le serveur n'a pas démarré ({processus.exitcode})")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/sante", timeout=2).status_code == 200:
                return processus
        except httpx.HTTPError:
            time.sleep(0.05)
    processus.kill()
    raise RuntimeError("le serveur n'a pas démarré à temps")


def jeton(ctx: Contexte, adherent_id: str, email: str) -> str:
    """A bearer token of ``email`` (an administrator of ``adherent_id``)."""
    acteur = resoudre_acces(ctx, email, adherent_id)
    emis = executer(ctx, acteur, EmettreJeton(adherent_id, "Charge"))
    return str(emis.texte)


def ecrire(base: Callable[[], str], numero: str, texte: str, poste_id: str, client: int,
           arret: threading.Event, bilan: BilanDesCoupures, verrou: threading.Lock) -> None:
    """One client: hire person after person, each until it is answered."""
    import httpx

    n = 0
    with httpx.Client(headers={"Authorization": f"Bearer {texte}"}, timeout=30) as http:
        while not arret.is_set():
            nom = f"Tue{client:02d}x{n:05d}"
            corps = {"nom": nom, "prenoms": "Ana", "date_naissance": "1990-01-01",
                     "contrat": {"nature": "01", "debut": "2024-01-01", "poste_id": poste_id}}
            while True:
                try:
                    reponse = http.post(f"{base()}/api/v1/adherents/{numero}/salaries",
                                        json=corps)
                except httpx.TransportError:
                    with verrou:
                        bilan.reessais += 1
                    time.sleep(0.05)
                    continue
                code = reponse.json().get("code") if reponse.status_code >= 400 else None
                if reponse.status_code == 201 or code == "salarie.deja_existant":
                    with verrou:
                        bilan.acquittees.add(nom)
                    break
                if reponse.status_code >= 500 or code == "technique.transitoire":
                    with verrou:
                        bilan.reessais += 1
                    time.sleep(0.05)
                    continue
                with verrou:
                    bilan.erreurs.append(f"{reponse.status_code} {code}")
                break
            n += 1


def tuer_sous_charge(url: str, numero: str, texte: str, poste_id: str, *, clients: int = 8,
                     tuer: int = 2, duree: float = 2.0) -> BilanDesCoupures:
    """``clients`` writers; the server killed (SIGKILL) ``tuer`` times, every ``duree``
    seconds, and started again each time; returns what the clients saw."""
    port = port_libre()
    base = f"http://127.0.0.1:{port}"
    app = application(url)
    processus = demarrer_le_portail(url, port, app)
    bilan, verrou, arret = BilanDesCoupures(), threading.Lock(), threading.Event()
    fils = [threading.Thread(target=ecrire, args=(lambda: base, numero, texte, poste_id, i,
                                                  arret, bilan, verrou), daemon=True)
            for i in range(clients)]
    for fil in fils:
        fil.start()
    try:
        for _ in range(tuer):
            time.sleep(duree)
            os.kill(processus.pid, signal.SIGKILL)
            processus.join(30)
            bilan.tues += 1
            processus = demarrer_le_portail(url, port, app)
        time.sleep(duree)
    finally:
        arret.set()
        for fil in fils:
            fil.join(60)
        processus.terminate()
        processus.join(30)
    return bilan


def _servir(url: str, port: int, app: Any) -> None:
    """In the forked child: its own connections (never the parent's), then serve."""
    from ..bootstrap import depuis_url
    from ..entrypoints.web.serveur import servir

    app.state.ctx = depuis_url(url, migrer=False)
    servir(app, "127.0.0.1", port)


__all__ = ["BilanDesCoupures", "demarrer_le_portail", "jeton", "port_libre",
           "tuer_sous_charge"]
