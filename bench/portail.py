"""The portal under load: a real server, 1 then 32 users, no write lost.

    python bench/portail.py --duree 60
    python bench/portail.py --duree 5 --pg postgresql+psycopg://u:pw@127.0.0.1/db --vider

For each engine (a fresh SQLite file, WAL, the project's default settings; then
PostgreSQL at ``--pg``, by default ``$RST_EFFECTIFS_BENCH_POSTGRESQL_URL``: without one,
SQLite only) it seeds members through the library, starts the portal
(``creer_application`` served by uvicorn, one process, in a child process on a free
loopback port, so that the load's own Python does not share the server's interpreter),
signs every simulated user in through the API (``/connexion/demande`` then
``/connexion/code``, the code read from the server's outbox) and runs 1 then 32 users
(``httpx.AsyncClient`` each, a cookie session and its CSRF token, no think time) for
``--duree`` seconds each. Every user works on its own member, except a quarter of the
users, who share one (contention). The mix: listings (a page, sometimes the next one),
the headcount at a date and over a year, a file, hires, contract changes (read the file,
then a new contract the day after its last one with ``If-Match``) and grouped exits of 1
to 3 of the user's own hires with an ``Idempotency-Key``, sent again once (after the
answer, or at the same time as a double click would).

Afterwards the database is read back through the library: each member holds exactly its
seeded files and the successful hires; each file exactly its successful contracts; each
successfully exited person exactly one exit (the one its answers named), the others
none; every resend answered ``deja_traitee`` with the same movements. Prints a table per
engine x users: requests, req/s, p50/p95/p99 latency, refusals (4xx, by code), 5xx, and
the ratio req/s last/first users count. Exits 1 on any 5xx, transport error, lost or
doubled write, or wrong resend answer (the server's log is printed then).

``--vider`` empties the PostgreSQL database first (``DROP SCHEMA public CASCADE``):
give it only a database made for this bench. Without it the members are simply new.

``--workers N`` serves with the command line instead, ``rst-effectifs --db URL portail
--workers N`` (N uvicorn worker processes building the portal with the application
factory), with a session secret made for the run; the users then start with a session
cookie signed with it (the sign-in routes are not exercised) and the server's CPU is
that of all its processes.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import datetime as dt
import json
import os
import random
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import Any

import httpx
import sqlalchemy
from attrs import define, field

import rst_effectifs as rst
from rst_effectifs import bootstrap
from rst_effectifs.adapters.sql import upgrade
from rst_effectifs.application.acces import resoudre_acces
from rst_effectifs.application.sessions import ouvrir_session
from rst_effectifs.domain.mouvements import Sortie

sys.path.insert(0, str(Path(__file__).parent))
from plancher_portail import cookie

VARIABLE_PG = "RST_EFFECTIFS_BENCH_POSTGRESQL_URL"
AGENT = rst.AgentRst(rst.Email.parse("agent.portail@rst.test"))
NAISSANCE = "1987-05-04"
DEBUT = dt.date(2024, 1, 1)
SORTIE_LE = "2029-12-31"
ANNEE = ("2024-01-01", "2024-12-31")
ATTENTE_S = 120.0
LIMITES = httpx.Limits(keepalive_expiry=2.0)
"""A client drops a connection idle for 2 s, before uvicorn does (5 s): else a request
sent on it as the server closes it fails in transit (a POST is not resent)."""


# -- the server (child process) --------------------------------------------------------------
class BoiteFichier:
    """The server's notifier: every message as one JSON line of a file the load reads
    (the memory outbox of the development setup, across processes)."""

    def __init__(self, chemin: str) -> None:
        self.chemin = chemin
        self._verrou = threading.Lock()

    def envoyer(self, destinataire: rst.Email, sujet: str, corps: str) -> None:
        ligne = json.dumps({"a": destinataire.valeur, "corps": corps}) + "\n"
        with self._verrou, open(self.chemin, "a", encoding="utf-8") as boite:
            boite.write(ligne)


def servir(url: str, boite: str) -> None:
    """Child process: the portal on 127.0.0.1 (a port the system picks, printed first)."""
    import uvicorn

    from rst_effectifs.entrypoints.web import creer_application
    from rst_effectifs.entrypoints.web.reglages import Reglages

    ctx = rst.depuis_url(url, migrer=False, notifier=BoiteFichier(boite))
    # Every user signs in from 127.0.0.1: the per-client sign-in limit is raised (the
    # per-address one of the library stays).
    app = creer_application(ctx, Reglages(secrets.token_hex(32),
                                          connexions_par_client=1_000_000))
    # IPPROTO_TCP named, as ``create_server`` does: asyncio sets TCP_NODELAY only then
    # (without it Nagle holds each answer's body behind its headers for ~40 ms).
    prise = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    prise.bind(("127.0.0.1", 0))
    print(prise.getsockname()[1], flush=True)
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off")
    uvicorn.Server(config).run(sockets=[prise])


@define
class Serveur:
    processus: subprocess.Popen[str]
    base: str
    log: Path

    @classmethod
    def demarrer(cls, url: str, dossier: Path, workers: int | None = None,
                 secret: str = "") -> Serveur:
        log = dossier / "serveur.log"
        if workers is None:
            commande = [sys.executable, __file__, "--servir", url, "--boite",
                        str(dossier / "boite")]
        else:
            with socket.socket() as libre:
                libre.bind(("127.0.0.1", 0))
                port = str(libre.getsockname()[1])
            commande = [sys.executable, "-m", "rst_effectifs.entrypoints.cli", "--db", url,
                        "portail", "--workers", str(workers), "--port", port]
        with open(log, "w", encoding="utf-8") as sortie_erreurs:
            processus = subprocess.Popen(
                commande, stdout=subprocess.PIPE if workers is None else subprocess.DEVNULL,
                stderr=sortie_erreurs, text=True,
                env={**os.environ, "RST_EFFECTIFS_SECRET": secret} if secret else None)
        if workers is None:
            assert processus.stdout is not None
            port = processus.stdout.readline().strip()
        if not port.isdigit():
            processus.kill()
            raise SystemExit(f"le serveur n'a pas démarré :\n{log.read_text()}")
        base = f"http://127.0.0.1:{port}"
        limite = time.monotonic() + 180
        while True:
            try:
                if httpx.get(f"{base}/sante", timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > limite:
                processus.kill()
                raise SystemExit(f"/sante ne répond pas :\n{log.read_text()}")
            time.sleep(0.1)
        return cls(processus, base, log)

    def cpu_s(self) -> float:
        """CPU seconds the server's processes (it and its worker processes) have used
        (user + system; Linux' /proc)."""
        return sum(_cpu_s(pid) for pid in _arbre(self.processus.pid))

    def arreter(self) -> None:
        self.processus.send_signal(signal.SIGINT)
        try:
            self.processus.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.processus.kill()
            self.processus.wait()


def _arbre(pid: int) -> list[int]:
    """A process and its descendants."""
    try:
        enfants = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return []
    return [pid, *(p for enfant in enfants for p in _arbre(int(enfant)))]


def _cpu_s(pid: int) -> float:
    try:
        champs = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1]
    except OSError:
        return 0.0
    utilisateur, systeme = champs.split()[11:13]
    return (int(utilisateur) + int(systeme)) / os.sysconf("SC_CLK_TCK")


# -- seeding ---------------------------------------------------------------------------------
def _lettres(n: int) -> str:
    """0 → A, 25 → Z, 26 → BA…: names take letters only."""
    texte = ""
    while True:
        texte = chr(65 + n % 26) + texte
        n //= 26
        if n == 0:
            return texte


@define
class Adherent:
    numero: str
    id: str
    poste_id: str
    semes: list[str]
    modifiables: list[str]
    """Files a contract change may pick (an exit takes its people out of it)."""


@define
class Utilisateur:
    rang: int
    email: str
    adherent: Adherent
    propres: list[str] = field(factory=list)
    """This user's hires not exited yet: what its grouped exits pick from."""
    client: httpx.AsyncClient | None = None
    sid: str = ""
    """With ``--workers``: the secret of a session stored on the server (A6)."""


@define
class Phase:
    """One run of ``len(utilisateurs)`` users, and what their successful writes must
    have left: files by member, contract starts by file, exit by file."""

    utilisateurs: list[Utilisateur]
    adherents: list[Adherent]
    embauches: dict[str, str] = field(factory=dict)
    contrats: dict[str, list[dt.date]] = field(factory=dict)
    sorties: dict[str, str] = field(factory=dict)
    renvois: int = 0
    mesures: list[tuple[str, int, float]] = field(factory=list)
    refus: collections.Counter[str] = field(factory=collections.Counter)
    violations: list[str] = field(factory=list)
    duree_s: float = 0.0
    cpu_serveur_s: float = 0.0
    cpu_charge_s: float = 0.0
    charge_systeme: float = 0.0
    """The machine's 1-minute load average at the end of the phase."""


def _adherent(ctx: rst.Contexte, par_adherent: int, phase: Phase) -> tuple[Adherent, str]:
    numero = f"{secrets.randbelow(10**12):012d}"
    admin = f"admin.{numero}@portail.test"
    cree = rst.executer(ctx, AGENT, rst.CreerAdherent(numero, "73282932000074",
                                                      "Charge", admin))
    poste = rst.executer(ctx, AGENT, rst.AjouterPoste(adherent_id=cree.id, libelle="Vendeur"))
    adherent = Adherent(numero, cree.id, poste.id, [], [])
    for n in range(par_adherent):
        fiche = rst.executer(ctx, AGENT, rst.EmbaucherSalarie(
            adherent_id=cree.id, nom="Seme", prenoms=f"Lea{_lettres(n).lower()}",
            date_naissance=dt.date.fromisoformat(NAISSANCE),
            contrat=rst.NouveauContrat(nature=rst.NatureContrat.CDI, debut=DEBUT,
                                       poste_id=poste.id)))
        adherent.semes.append(fiche.id)
        adherent.modifiables.append(fiche.id)
        phase.contrats[fiche.id] = [DEBUT]
    phase.adherents.append(adherent)
    return adherent, admin


def semer(ctx: rst.Contexte, nombre: int, par_adherent: int) -> Phase:
    """``nombre`` users: each on its own member, but ``nombre // 4`` of them share one
    (each with its own e-mail and the DECLARATION role)."""
    phase = Phase([], [])
    partages = nombre // 4
    for rang in range(nombre - partages):
        adherent, admin = _adherent(ctx, par_adherent, phase)
        phase.utilisateurs.append(Utilisateur(rang, admin, adherent))
    if partages:
        adherent, admin = _adherent(ctx, par_adherent, phase)
        acces = resoudre_acces(ctx, rst.Email.parse(admin), adherent.id)
        for rang in range(nombre - partages, nombre):
            email = f"gestion.{rang}.{adherent.numero}@portail.test"
            rst.executer(ctx, acces, rst.AccorderAcces(adherent.id, email,
                                                       frozenset({rst.Role.DECLARATION})))
            phase.utilisateurs.append(Utilisateur(rang, email, adherent))
    return phase


# -- the simulated users ---------------------------------------------------------------------
async def _code(boite: Path, email: str) -> str:
    limite = time.monotonic() + ATTENTE_S
    while time.monotonic() < limite:
        if boite.exists():
            for ligne in reversed(boite.read_text(encoding="utf-8").splitlines()):
                message = json.loads(ligne)
                if message["a"] == email:
                    corps: str = message["corps"]
                    return corps.split("portail RST : ")[1][:8]
        await asyncio.sleep(0.05)
    raise SystemExit(f"aucun code de connexion pour {email}")


async def connecter(u: Utilisateur, base: str, boite: Path, secret: str = "") -> None:
    """Sign in as a front end does: ask for a code, read it, open the cookie session; or,
    with the server's ``secret``, start with a session cookie signed with it."""
    if secret:
        csrf = secrets.token_urlsafe(32)
        u.client = httpx.AsyncClient(base_url=base, timeout=ATTENTE_S, limits=LIMITES, headers={
            "X-CSRF-Token": csrf}, cookies={"rst_session": cookie(secret, {
                "email": u.email, "csrf": csrf, "depuis": int(time.time()), "sid": u.sid})})
        return
    u.client = httpx.AsyncClient(base_url=base, timeout=ATTENTE_S, limits=LIMITES)
    demande = await u.client.post("/api/v1/connexion/demande", json={"email": u.email})
    assert demande.status_code == 202, demande.text
    code = await _code(boite, u.email)
    session = await u.client.post("/api/v1/connexion/code",
                                  json={"email": u.email, "code": code})
    assert session.status_code == 200, session.text
    u.client.headers["X-CSRF-Token"] = session.json()["csrf"]


class Charge:
    """One user's loop, writing its measures and successful writes into the phase."""

    def __init__(self, u: Utilisateur, phase: Phase, graine: int) -> None:
        self.u, self.phase = u, phase
        self.hasard = random.Random(graine * 1000 + u.rang)
        self.a = f"/api/v1/adherents/{u.adherent.numero}"
        self.embauches = 0

    async def requete(self, methode: str, chemin: str, **options: Any) -> httpx.Response | None:
        assert self.u.client is not None
        debut = time.perf_counter()
        try:
            reponse = await self.u.client.request(methode, self.a + chemin, **options)
        except httpx.HTTPError as erreur:
            self.phase.violations.append(f"{methode} {chemin} : {type(erreur).__name__}")
            return None
        self.phase.mesures.append((methode, reponse.status_code, time.perf_counter() - debut))
        if reponse.status_code >= 500:
            self.phase.violations.append(f"{methode} {chemin} : {reponse.status_code}")
        elif reponse.status_code >= 400:
            self.phase.refus[f"{reponse.status_code} {reponse.json().get('code')}"] += 1
        return reponse

    async def lister(self) -> None:
        page = await self.requete("GET", "/salaries", params={"limite": 20})
        suivant = page.json().get("suivant") if page and page.status_code == 200 else None
        if suivant and self.hasard.random() < 0.5:
            await self.requete("GET", "/salaries", params={"limite": 20, "apres": suivant})

    async def effectif(self) -> None:
        le = DEBUT + dt.timedelta(days=self.hasard.randrange(366))
        await self.requete("GET", "/effectif", params={"le": le.isoformat()})

    async def periode(self) -> None:
        await self.requete("GET", "/effectif/periode",
                           params={"debut": ANNEE[0], "fin": ANNEE[1]})

    async def fiche(self) -> None:
        await self.requete("GET", f"/salaries/{self.hasard.choice(self.u.adherent.semes)}")

    async def embaucher(self) -> None:
        self.embauches += 1
        reponse = await self.requete("POST", "/salaries", json={
            "nom": f"Charge{_lettres(self.u.rang)}",
            "prenoms": f"Alex{_lettres(self.embauches).lower()}",
            "date_naissance": NAISSANCE, "contrat": {
                "nature": "01", "debut": DEBUT.isoformat(),
                "poste_id": self.u.adherent.poste_id}})
        if reponse is not None and reponse.status_code == 201:
            fiche = reponse.json()["id"]
            self.phase.embauches[fiche] = self.u.adherent.id
            self.phase.contrats[fiche] = [DEBUT]
            self.u.propres.append(fiche)
            self.u.adherent.modifiables.append(fiche)

    async def changer(self) -> None:
        """Read the file, then a new contract the day after its last start, If-Match."""
        cible = self.hasard.choice(self.u.adherent.modifiables)
        lue = await self.requete("GET", f"/salaries/{cible}")
        if lue is None or lue.status_code != 200:
            return
        dernier = max(dt.date.fromisoformat(c["debut"]) for c in lue.json()["contrats"]
                      if not c["annule"])
        debut = dernier + dt.timedelta(days=1)
        reponse = await self.requete(
            "POST", f"/salaries/{cible}/contrats", headers={"If-Match": lue.headers["ETag"]},
            json={"contrat": {"nature": "01", "debut": debut.isoformat(),
                              "poste_id": self.u.adherent.poste_id}})
        if reponse is not None and reponse.status_code == 201:
            self.phase.contrats[cible].append(debut)

    async def sortir(self) -> None:
        """A grouped exit of 1 to 3 own hires, sent twice with one Idempotency-Key."""
        nombre = self.hasard.randint(1, 3)
        if len(self.u.propres) < nombre:
            await self.embaucher()
            return
        personnes = self.hasard.sample(self.u.propres, nombre)
        for p in personnes:
            self.u.propres.remove(p)
            self.u.adherent.modifiables.remove(p)
        corps = {"salarie_ids": personnes, "le": SORTIE_LE, "motif": "059"}
        entetes = {"Idempotency-Key": uuid.uuid4().hex}
        envoi = self.requete("POST", "/sorties", json=corps, headers=entetes)
        if self.hasard.random() < 0.5:
            reponses = [await envoi, await self.requete("POST", "/sorties", json=corps,
                                                         headers=entetes)]
        else:  # a double click: both at once
            reponses = list(await asyncio.gather(
                envoi, self.requete("POST", "/sorties", json=corps, headers=entetes)))
        self._verifier_sortie(personnes, [r for r in reponses if r is not None])

    def _verifier_sortie(self, personnes: list[str], reponses: list[httpx.Response]) -> None:
        reussies = [r.json() for r in reponses if r.status_code == 200]
        if not reussies:
            return  # refused twice (the same refusal): nothing to find in the database
        premieres = [r for r in reussies if not r["deja_traitee"]]
        mouvements = {tuple(map(tuple, r["mouvements"])) for r in reussies}
        if len(reussies) != 2 or len(premieres) != 1 or len(mouvements) != 1:
            self.phase.violations.append(
                f"sortie groupée renvoyée : {[r.status_code for r in reponses]}, "
                f"{len(premieres)} traitée(s), {len(mouvements)} jeu(x) de mouvements")
        self.phase.renvois += 1
        for salarie_id, mouvement_id in premieres[0]["mouvements"] if premieres else ():
            if salarie_id not in personnes:
                self.phase.violations.append(f"sortie d'une personne non demandée {salarie_id}")
            self.phase.sorties[salarie_id] = mouvement_id

    async def jouer(self, fin: float) -> None:
        gestes: list[tuple[Callable[[], Awaitable[None]], int]] = [
            (self.lister, 25), (self.effectif, 20), (self.periode, 5), (self.fiche, 15),
            (self.embaucher, 10), (self.changer, 20), (self.sortir, 5)]
        actions, poids = zip(*gestes, strict=True)
        while time.perf_counter() < fin:
            await self.hasard.choices(actions, poids)[0]()


async def charger(phase: Phase, serveur: Serveur, duree: float, graine: int,
                  secret: str = "") -> None:
    boite = serveur.log.parent / "boite"
    await asyncio.gather(*(connecter(u, serveur.base, boite, secret)
                           for u in phase.utilisateurs))
    try:
        cpu, a_moi, debut = serveur.cpu_s(), time.process_time(), time.perf_counter()
        charges = [Charge(u, phase, graine) for u in phase.utilisateurs]
        await asyncio.gather(*(c.jouer(debut + duree) for c in charges))
        phase.duree_s = time.perf_counter() - debut
        phase.cpu_serveur_s = serveur.cpu_s() - cpu
        phase.cpu_charge_s = time.process_time() - a_moi
        phase.charge_systeme = os.getloadavg()[0]
    finally:
        for u in phase.utilisateurs:
            if u.client is not None:
                await u.client.aclose()


# -- reading the database back ---------------------------------------------------------------
def verifier(ctx: rst.Contexte, phase: Phase) -> list[str]:
    """What each successful write must have left, and nothing more."""
    ecarts: list[str] = []
    with ctx.unite_de_travail() as uow:
        for adherent in phase.adherents:
            fiches = {s.id: s for s in uow.salaries.tous(adherent.id)}
            attendues = set(adherent.semes) | {
                f for f, a in phase.embauches.items() if a == adherent.id}
            ecarts += [f"embauche perdue {f}" for f in attendues - fiches.keys()]
            ecarts += [f"fiche en trop {f}" for f in fiches.keys() - attendues]
            for fiche_id in attendues & fiches.keys():
                fiche = fiches[fiche_id]
                debuts = sorted(c.debut for c in fiche.contrats if not c.annule)
                if debuts != sorted(phase.contrats[fiche_id]):
                    ecarts.append(f"{fiche_id} : contrats {len(debuts)} au lieu de "
                                  f"{len(phase.contrats[fiche_id])}")
                sorties = [m.id for m in fiche.mouvements
                           if isinstance(m, Sortie) and not m.annule]
                attendue = phase.sorties.get(fiche_id)
                if sorties != ([] if attendue is None else [attendue]):
                    ecarts.append(f"{fiche_id} : sorties {sorties}, attendue {attendue}")
                if len(fiche.mouvements) != len(sorties):
                    ecarts.append(f"{fiche_id} : mouvement inattendu")
    return ecarts


# -- the run ---------------------------------------------------------------------------------
def _centile(tries: Sequence[float], p: float) -> float:
    return tries[min(len(tries) - 1, int(p * len(tries)))] * 1000


def _ligne(moteur: str, phase: Phase) -> str:
    tries = sorted(t for _, _, t in phase.mesures)
    ecritures = sorted(t for m, _, t in phase.mesures if m != "GET")
    cinq = sum(1 for _, s, _ in phase.mesures if s >= 500)
    refus = sum(phase.refus.values())
    return (f"| {moteur} | {len(phase.utilisateurs)} | {len(tries)} | "
            f"{len(tries) / phase.duree_s:.1f} | {_centile(tries, 0.50):.1f} | "
            f"{_centile(tries, 0.95):.1f} | {_centile(tries, 0.99):.1f} | "
            f"{_centile(ecritures, 0.95):.1f} | {refus} | {cinq} | "
            f"{phase.cpu_serveur_s * 1000 / len(tries):.1f} |")


def _ecritures(phase: Phase) -> str:
    changements = sum(len(c) - 1 for c in phase.contrats.values())
    return (f"{len(phase.embauches)} embauches, {changements} changements de contrat, "
            f"{len(phase.sorties)} personnes sorties ({phase.renvois} sorties renvoyées)")


def _vider(url: str) -> None:
    moteur = sqlalchemy.create_engine(url)
    try:
        with moteur.begin() as connection:
            connection.exec_driver_sql("DROP SCHEMA IF EXISTS public CASCADE")
            connection.exec_driver_sql("CREATE SCHEMA public")
    finally:
        moteur.dispose()


def mesurer(moteur: str, url: str, dossier: Path, args: argparse.Namespace
            ) -> tuple[list[Phase], list[str]]:
    upgrade(url)
    ctx = rst.depuis_url(url, migrer=False)
    try:
        phases = [semer(ctx, n, args.par_adherent) for n in args.utilisateurs]
        secret = secrets.token_hex(32) if args.workers else ""
        serveur = Serveur.demarrer(url, dossier, args.workers, secret)
        try:
            for phase in phases:
                for u in phase.utilisateurs if secret else ():  # sessions as a sign-in opens
                    u.sid = ouvrir_session(ctx, rst.Email.parse(u.email), dt.timedelta(days=1))
                asyncio.run(charger(phase, serveur, args.duree, args.graine, secret))
                phase.violations += verifier(ctx, phase)
                print(f"{moteur}, {len(phase.utilisateurs)} utilisateurs : {_ecritures(phase)}"
                      f" ; refus {dict(phase.refus.most_common())} ; "
                      f"{len(phase.violations)} violations ; CPU de la charge "
                      f"{phase.cpu_charge_s * 1000 / max(1, len(phase.mesures)):.1f} ms/req ; "
                      f"charge de la machine {phase.charge_systeme:.1f}", flush=True)
                for texte in phase.violations[:10]:
                    print(f"    {texte}", flush=True)
        finally:
            serveur.arreter()
        log = serveur.log.read_text(encoding="utf-8")
    finally:
        bootstrap.fermer(ctx)
    return phases, log.splitlines()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duree", type=float, default=60.0, help="secondes par palier")
    parser.add_argument("--utilisateurs", type=int, nargs="+", default=[1, 32])
    parser.add_argument("--pg", default=os.environ.get(VARIABLE_PG),
                        help=f"URL PostgreSQL (défaut : ${VARIABLE_PG})")
    parser.add_argument("--sans-sqlite", action="store_true")
    parser.add_argument("--vider", action="store_true",
                        help="vider la base PostgreSQL d'abord (DROP SCHEMA public)")
    parser.add_argument("--par-adherent", type=int, default=30,
                        help="salariés semés par adhérent")
    parser.add_argument("--graine", type=int, default=13)
    parser.add_argument("--workers", type=int, default=None,
                        help="servir par « rst-effectifs portail --workers N »")
    parser.add_argument("--servir", help=argparse.SUPPRESS)
    parser.add_argument("--boite", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.servir:
        servir(args.servir, args.boite)
        return 0
    lignes = ["| moteur | utilisateurs | requêtes | req/s | p50 ms | p95 ms | p99 ms | "
              "p95 écritures ms | refus 4xx | 5xx | CPU serveur ms/req |",
              "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    rapports: list[str] = []
    casse = False
    with tempfile.TemporaryDirectory(prefix="bench_portail_") as temporaire:
        moteurs: list[tuple[str, str]] = []
        if not args.sans_sqlite:
            moteurs.append(("SQLite", f"sqlite:///{temporaire}/portail.db"))
        if args.pg:
            if args.vider:
                _vider(args.pg)
            moteurs.append(("PostgreSQL", args.pg))
        if not moteurs:
            parser.error(f"aucun moteur : --sans-sqlite sans --pg ni ${VARIABLE_PG}")
        for moteur, url in moteurs:
            dossier = Path(temporaire) / moteur
            dossier.mkdir()
            phases, log = mesurer(moteur, url, dossier, args)
            lignes += [_ligne(moteur, p) for p in phases]
            debits = [len(p.mesures) / p.duree_s for p in phases]
            rapports.append(f"{moteur} : req/s {len(phases[-1].utilisateurs)} utilisateurs / "
                            f"{len(phases[0].utilisateurs)} : x{debits[-1] / debits[0]:.2f}")
            if any(p.violations for p in phases):
                casse = True
                print(f"log du serveur ({moteur}), fin :", *log[-40:], sep="\n")
    print("", *lignes, "", *rapports, sep="\n", flush=True)
    return 1 if casse else 0


if __name__ == "__main__":
    sys.exit(main())
