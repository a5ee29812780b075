"""The portal against its floor: server CPU per request, project ÷ floor.

    python bench/portail_plancher.py --duree 20
    python bench/portail_plancher.py --duree 20 --pg postgresql+psycopg://u:pw@127.0.0.1/db --vider

For each engine (a fresh SQLite file, WAL; then PostgreSQL at ``--pg``, by default
``$RST_EFFECTIFS_BENCH_POSTGRESQL_URL``) it seeds one member per simulated user through
the library (``--par-adherent`` files each), starts two servers on the same database,
each one uvicorn process (asyncio, h11) in a child process: the portal
(``creer_application``) and the floor (``bench/plancher_portail.py``: Starlette and the
bare driver, the same JSON). Both read the same signed session cookie, minted here
with the servers' secret. Then, for 1 and 8 users (``--utilisateurs``), it loads each
server in turn for ``--duree`` seconds, three rounds (``--tours``) interleaved (portal,
floor; floor, portal; ...), each user an ``httpx.AsyncClient`` with no think time,
picking at random: the first page of 20 files (weight 2), the headcount on a date of
2024 (weight 2), a hire on an open-ended contract starting in 2025 (weight 1; so the
pages and headcounts the phases read do not grow).

Before loading, the three answers of both servers are compared (ids apart): the same
JSON; and the headcount on each side of the risk catalogue's change (1 October 2025)
of a member with a poste whose risk changed type, so that the floor's follow-up type is
the law's too. After each phase the database is read back through the library: every hire
answered 201 is there exactly once with its contract, no other file appeared; any 5xx
or transport error is a violation. Prints, per engine and users count, each server's
median server CPU per request (user + system CPU of its process ÷ answers) and
requests per second, and the ratio portal ÷ floor. Exits 1 on any violation.

``--fils N``: the portal's API units of work at once (``RST_EFFECTIFS_FILS``; by default
its own, twice the processors). ``--profil FICHIER``: the portal's server runs under cProfile and writes its statistics
to FICHIER at the end (pstats format; slower, for reading where the time goes, not for
the ratio).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import random
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
import sqlalchemy
from attrs import define, field

sys.path.insert(0, str(Path(__file__).parent))

from plancher_portail import MASQUES, cookie
from portail import _lettres

import rst_effectifs as rst
from rst_effectifs import bootstrap
from rst_effectifs.adapters.sql import upgrade
from rst_effectifs.adapters.sql.suivi import _masque
from rst_effectifs.application.sessions import ouvrir_session
from rst_effectifs.domain.droit import CATALOGUES_DES_RISQUES

VARIABLE_PG = "RST_EFFECTIFS_BENCH_POSTGRESQL_URL"
AGENT = rst.AgentRst(rst.Email.parse("agent.plancher@rst.test"))
DEBUT_SEMES = dt.date(2024, 1, 1)
DEBUT_EMBAUCHES = "2025-01-01"
NAISSANCE = "1987-05-04"
ATTENTE_S = 60.0
LIMITES = httpx.Limits(keepalive_expiry=2.0)
"""Idle connections dropped before uvicorn drops them (5 s): no request in transit on one
the server is closing."""
APPLICATIONS = ("projet", "plancher")
ETIQUETTES = {"projet": "j", "plancher": "f"}


# -- the servers ---------------------------------------------------------------------------
def servir_projet(url: str, secret: str, profil: str | None, fils: int | None = None) -> None:
    """Child process: the portal over ``url`` in one uvicorn process (port printed first)."""
    import socket

    import uvicorn

    from rst_effectifs.entrypoints.web import creer_application
    from rst_effectifs.entrypoints.web.reglages import Reglages

    ctx = rst.depuis_url(url, migrer=False)
    app = creer_application(ctx, Reglages(secret) if fils is None
                            else Reglages(secret, fils=fils))
    prise = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    prise.bind(("127.0.0.1", 0))
    print(prise.getsockname()[1], flush=True)
    serveur = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False,
                                            lifespan="off"))
    if profil is None:
        serveur.run(sockets=[prise])
        return
    import cProfile

    profileur = cProfile.Profile()
    profileur.enable()
    try:
        serveur.run(sockets=[prise])
    finally:
        profileur.disable()
        profileur.dump_stats(profil)


@define
class Serveur:
    nom: str
    processus: subprocess.Popen[str]
    base: str
    log: Path

    @classmethod
    def demarrer(cls, nom: str, commande: list[str], dossier: Path) -> Serveur:
        log = dossier / f"{nom}.log"
        with open(log, "w", encoding="utf-8") as erreurs:
            processus = subprocess.Popen(commande, stdout=subprocess.PIPE, stderr=erreurs,
                                         text=True)
        assert processus.stdout is not None
        port = processus.stdout.readline().strip()
        if not port.isdigit():
            processus.kill()
            raise SystemExit(f"{nom} n'a pas démarré :\n{log.read_text()}")
        return cls(nom, processus, f"http://127.0.0.1:{port}", log)

    def cpu_s(self) -> float:
        """User + system CPU seconds of the server process (Linux' /proc)."""
        champs = Path(f"/proc/{self.processus.pid}/stat").read_text().rsplit(")", 1)[1]
        utilisateur, systeme = champs.split()[11:13]
        return (int(utilisateur) + int(systeme)) / os.sysconf("SC_CLK_TCK")

    def arreter(self) -> None:
        self.processus.send_signal(signal.SIGINT)  # uvicorn stops cleanly (profile written)
        try:
            self.processus.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.processus.kill()
            self.processus.wait()


# -- the members and users -----------------------------------------------------------------
@define
class Adherent:
    numero: str
    id: str
    poste_id: str
    fiches: int
    """Files seeded."""
    embauches: dict[str, str] = field(factory=dict)
    """Each hire answered 201: its id → its names (what must be stored, once)."""


@define
class Membre:
    """One simulated user: the member whose pages and headcounts it reads (they do not
    change during the run) and the one it hires into (so that what is read does not
    grow), both with its e-mail as administrator."""

    lu: Adherent
    embauche: Adherent
    email: str
    cookie: str
    csrf: str


def _adherent(ctx: rst.Contexte, email: str, par_adherent: int) -> Adherent:
    numero = f"{secrets.randbelow(10**12):012d}"
    cree = rst.executer(ctx, AGENT, rst.CreerAdherent(numero, "73282932000074", "Charge",
                                                      f"admin.{numero}@plancher.test"))
    admin = rst.resoudre_acces(ctx, cree.email_connexion, cree.id)
    rst.executer(ctx, admin, rst.AccorderAcces(cree.id, email,
                                               frozenset({rst.Role.ADMINISTRATEUR})))
    poste = rst.executer(ctx, AGENT, rst.AjouterPoste(adherent_id=cree.id, libelle="Vendeur"))
    for n in range(par_adherent):
        rst.executer(ctx, AGENT, rst.EmbaucherSalarie(
            adherent_id=cree.id, nom="Seme", prenoms=f"Lea{_lettres(n).lower()}",
            date_naissance=dt.date.fromisoformat(NAISSANCE),
            contrat=rst.NouveauContrat(nature=rst.NatureContrat.CDI, debut=DEBUT_SEMES,
                                       poste_id=poste.id)))
    return Adherent(numero, cree.id, poste.id, par_adherent)


def semer(ctx: rst.Contexte, nombre: int, par_adherent: int, secret: str) -> list[Membre]:
    membres = []
    for rang in range(nombre):
        email = f"utilisateur.{rang}.{secrets.token_hex(4)}@plancher.test"
        csrf = secrets.token_urlsafe(32)
        lu, embauche = _adherent(ctx, email, par_adherent), _adherent(ctx, email, 1)
        # a session stored on the server (A6), as a sign-in opens it; its secret in the cookie
        sid = ouvrir_session(ctx, rst.Email.parse(email), dt.timedelta(days=1))
        session = {"email": email, "csrf": csrf, "depuis": int(time.time()), "sid": sid}
        membres.append(Membre(lu, embauche, email, cookie(secret, session), csrf))
    return membres


# -- one phase ------------------------------------------------------------------------------
@define
class Mesure:
    application: str
    utilisateurs: int
    tour: int
    reponses: int = 0
    duree_s: float = 0.0
    cpu_s: float = 0.0
    statuts: dict[int, int] = field(factory=dict)
    violations: list[str] = field(factory=list)

    @property
    def cpu_ms(self) -> float:
        return self.cpu_s * 1000 / max(1, self.reponses)

    @property
    def debit(self) -> float:
        return self.reponses / self.duree_s if self.duree_s else 0.0


class Utilisateur:
    def __init__(self, membre: Membre, client: httpx.AsyncClient, mesure: Mesure,
                 graine: int, etiquette: str) -> None:
        self.m, self.client, self.mesure = membre, client, mesure
        self.hasard = random.Random(graine)
        self.etiquette = etiquette
        self.n = 0

    async def requete(self, methode: str, chemin: str, **options: Any) -> httpx.Response | None:
        try:
            reponse = await self.client.request(methode, chemin, **options)
        except httpx.HTTPError as erreur:
            self.mesure.violations.append(f"{methode} {chemin}: {type(erreur).__name__}")
            return None
        self.mesure.reponses += 1
        self.mesure.statuts[reponse.status_code] = \
            self.mesure.statuts.get(reponse.status_code, 0) + 1
        if reponse.status_code >= 500:
            self.mesure.violations.append(f"{methode} {chemin}: {reponse.status_code}")
        return reponse

    async def embaucher(self) -> None:
        self.n += 1
        nom, prenoms = f"Zz{self.etiquette}", f"Alex{_lettres(self.n).lower()}"
        cible = self.m.embauche
        reponse = await self.requete("POST", f"{_chemin(cible)}/salaries", json={
            "nom": nom, "prenoms": prenoms, "date_naissance": NAISSANCE,
            "contrat": {"nature": "01", "debut": DEBUT_EMBAUCHES, "poste_id": cible.poste_id}})
        if reponse is not None and reponse.status_code == 201:
            cible.embauches[reponse.json()["id"]] = f"{nom} {prenoms}"

    async def jouer(self, fin: float) -> None:
        while time.perf_counter() < fin:
            tirage = self.hasard.randrange(5)
            if tirage < 2:
                await self.requete("GET", f"{_chemin(self.m.lu)}/salaries",
                                   params={"limite": 20})
            elif tirage < 4:
                le = dt.date(2024, 1, 1) + dt.timedelta(days=self.hasard.randrange(366))
                await self.requete("GET", f"{_chemin(self.m.lu)}/effectif",
                                   params={"le": le.isoformat()})
            else:
                await self.embaucher()


def _chemin(adherent: Adherent) -> str:
    return f"/api/v1/adherents/{adherent.numero}"


def _client(serveur: Serveur, membre: Membre) -> httpx.AsyncClient:
    return httpx.AsyncClient(base_url=serveur.base, timeout=ATTENTE_S, limits=LIMITES,
                             cookies={"rst_session": membre.cookie},
                             headers={"X-CSRF-Token": membre.csrf})


async def charger(serveur: Serveur, membres: list[Membre], mesure: Mesure, duree: float,
                  graine: int) -> None:
    clients = [_client(serveur, m) for m in membres]
    try:
        utilisateurs = [
            Utilisateur(m, c, mesure, graine * 100 + i,
                        f"{ETIQUETTES[mesure.application]}{mesure.tour}{_lettres(i)}")
            for i, (m, c) in enumerate(zip(membres, clients, strict=True))]
        cpu, debut = serveur.cpu_s(), time.perf_counter()
        await asyncio.gather(*(u.jouer(debut + duree) for u in utilisateurs))
        mesure.duree_s = time.perf_counter() - debut
        mesure.cpu_s = serveur.cpu_s() - cpu
    finally:
        for client in clients:
            await client.aclose()


# -- checks --------------------------------------------------------------------------------
def _sans_ids(valeur: Any) -> Any:
    if isinstance(valeur, dict):
        return {k: "…" if k in ("id", "salarie_id", "suivant") and isinstance(v, str)
                else _sans_ids(v) for k, v in valeur.items()}
    if isinstance(valeur, list | tuple):
        return [_sans_ids(v) for v in valeur]
    return valeur


async def comparer(serveurs: dict[str, Serveur], membre: Membre) -> list[str]:
    """The same JSON from both servers for the three requests (ids apart; the hire
    made once on each, with the same names apart)."""
    ecarts = []
    corps: dict[str, list[Any]] = {}
    for nom, serveur in serveurs.items():
        async with _client(serveur, membre) as client:
            a = _chemin(membre.lu)
            liste = await client.get(f"{a}/salaries", params={"limite": 20})
            effectif = await client.get(f"{a}/effectif", params={"le": "2024-06-01"})
            cible = membre.embauche
            embauche = await client.post(f"{_chemin(cible)}/salaries", json={
                "nom": "Verification", "prenoms": f"Comparee{nom}",
                "date_naissance": NAISSANCE, "contrat": {
                    "nature": "01", "debut": DEBUT_EMBAUCHES, "poste_id": cible.poste_id}})
            if embauche.status_code == 201:
                cible.embauches[embauche.json()["id"]] = f"Verification Comparee{nom}"
            fiche = embauche.json()
            if isinstance(fiche, dict) and "identite" in fiche:
                fiche["identite"]["prenoms"] = "…"
            corps[nom] = [(liste.status_code, liste.json()),
                          (effectif.status_code, effectif.json()),
                          (embauche.status_code, embauche.headers.get("etag"), fiche)]
            if liste.json().get("suivant") is None:
                ecarts.append(f"{nom}: pas de page suivante")
    projet, plancher = corps["projet"], corps["plancher"]
    if projet[0] != plancher[0]:  # the cursor too: same secret, same filters
        ecarts.append("liste : réponses différentes")
    for rang, quoi in ((1, "effectif"), (2, "embauche")):
        if _sans_ids(projet[rang]) != _sans_ids(plancher[rang]):
            ecarts.append(f"{quoi} : réponses différentes\n  {projet[rang]}\n"
                          f"  {plancher[rang]}")
    return ecarts


LOI_AVANT, LOI_APRES = "2025-09-15", "2025-11-03"
"""Two days on each side of the risk catalogue's change (1 October 2025, P2b)."""


async def comparer_le_droit(ctx: rst.Contexte, serveurs: dict[str, Serveur],
                            membre: Membre) -> list[str]:
    """The follow-up type as the law of the day says, the same from both servers: a
    member of its own (out of the load) with one person on a poste whose risk, the
    electrical clearance, was SIR before 1 October 2025 and is SIG since; and the
    floor's masks are the library's."""
    ecarts = [f"masques du plancher : {MASQUES}" for fait in CATALOGUES_DES_RISQUES
              if MASQUES.get(fait.depuis.isoformat()) != {
                  t.value: _masque(fait.valeur, t, rst.TypeDeSuivi.SIG)
                  for t in (rst.TypeDeSuivi.SIR, rst.TypeDeSuivi.SIA)}]
    adherent = _adherent(ctx, membre.email, 0)
    poste = rst.executer(ctx, AGENT, rst.AjouterPoste(
        adherent_id=adherent.id, libelle="Electricien",
        risques=frozenset({rst.Risque.HABILITATION_ELECTRIQUE})))
    rst.executer(ctx, AGENT, rst.EmbaucherSalarie(
        adherent_id=adherent.id, nom="Volta", prenoms="Alessandro",
        date_naissance=dt.date.fromisoformat(NAISSANCE), contrat=rst.NouveauContrat(
            nature=rst.NatureContrat.CDI, debut=DEBUT_SEMES, poste_id=poste.id)))
    reponses: dict[str, list[Any]] = {}
    for nom, serveur in serveurs.items():
        async with _client(serveur, membre) as client:
            reponses[nom] = [(await client.get(f"{_chemin(adherent)}/effectif", params={
                "le": le})).json() for le in (LOI_AVANT, LOI_APRES)]
    if reponses["projet"] != reponses["plancher"]:
        ecarts.append(f"effectif selon la loi du jour : réponses différentes\n  {reponses}")
    types = [[ligne["type_de_suivi"] for ligne in r["lignes"]] for r in reponses["projet"]]
    if types != [["SIR"], ["SIG"]]:
        ecarts.append(f"effectif selon la loi du jour : {types}, attendu SIR puis SIG")
    return ecarts


def verifier(ctx: rst.Contexte, membres: list[Membre]) -> list[str]:
    """Every hire answered 201 stored once with its one contract; nothing else new."""
    ecarts: list[str] = []
    with ctx.unite_de_travail() as uow:
        for m in (a for membre in membres for a in (membre.lu, membre.embauche)):
            fiches = {s.id: s for s in uow.salaries.tous(m.id)}
            nouvelles = {i: s for i, s in fiches.items()
                         if s.identite.nom != "Seme"}
            perdues = m.embauches.keys() - nouvelles.keys()
            en_trop = nouvelles.keys() - m.embauches.keys()
            ecarts += [f"embauche perdue {i}" for i in perdues]
            ecarts += [f"fiche en trop {i}" for i in en_trop]
            noms = [f"{s.identite.nom} {s.identite.prenoms}" for s in nouvelles.values()]
            if len(noms) != len(set(noms)):
                ecarts.append(f"{m.numero}: personne en double")
            ecarts += [f"{i}: {len(s.contrats)} contrats" for i, s in nouvelles.items()
                       if len(s.contrats) != 1]
            if len(fiches) - len(nouvelles) != m.fiches:
                ecarts.append(f"{m.numero}: fiches semées {len(fiches) - len(nouvelles)}")
    return ecarts


# -- the run ---------------------------------------------------------------------------------
def _vider(url: str) -> None:
    moteur = sqlalchemy.create_engine(url)
    try:
        with moteur.begin() as connection:
            connection.exec_driver_sql("DROP SCHEMA IF EXISTS public CASCADE")
            connection.exec_driver_sql("CREATE SCHEMA public")
    finally:
        moteur.dispose()


def mesurer(moteur: str, url: str, dossier: Path, args: argparse.Namespace) -> list[Mesure]:
    upgrade(url)
    secret = secrets.token_hex(32)
    ctx = rst.depuis_url(url, migrer=False)
    mesures: list[Mesure] = []
    ici = str(Path(__file__).parent)
    commandes = {
        "projet": [sys.executable, __file__, "--servir", url, "--secret", secret,
                   *(["--profil-serveur", args.profil] if args.profil else []),
                   *(["--fils", str(args.fils)] if args.fils else [])],
        "plancher": [sys.executable, f"{ici}/plancher_portail.py", url, secret],
    }
    try:
        groupes = {n: semer(ctx, n, args.par_adherent, secret) for n in args.utilisateurs}
        serveurs = {nom: Serveur.demarrer(nom, commande, dossier)
                    for nom, commande in commandes.items()}
        try:
            try:
                premier = groupes[args.utilisateurs[0]][0]
                ecarts = asyncio.run(comparer(serveurs, premier))
                ecarts += asyncio.run(comparer_le_droit(ctx, serveurs, premier))
            except httpx.HTTPError:
                for serveur in serveurs.values():
                    print(f"log de {serveur.nom} :", serveur.log.read_text()[-3000:])
                raise
            if ecarts:
                raise SystemExit("\n".join(["Les deux serveurs ne répondent pas pareil :",
                                            *ecarts]))
            for nombre, membres in groupes.items():
                for tour in range(1, args.tours + 1):
                    ordre = APPLICATIONS if tour % 2 else APPLICATIONS[::-1]
                    for application in ordre:
                        mesure = Mesure(application, nombre, tour)
                        asyncio.run(charger(serveurs[application], membres, mesure,
                                            args.duree, args.graine + tour))
                        mesure.violations += verifier(ctx, membres)
                        mesures.append(mesure)
                        print(f"{moteur} {application} {nombre} utilisateur(s) tour {tour} : "
                              f"{mesure.reponses} réponses, {mesure.debit:.1f} req/s, "
                              f"{mesure.cpu_ms:.2f} ms CPU/req, statuts {mesure.statuts}, "
                              f"{len(mesure.violations)} violations, charge "
                              f"{os.getloadavg()[0]:.1f}", flush=True)
                        for texte in mesure.violations[:5]:
                            print(f"    {texte}", flush=True)
        finally:
            for serveur in serveurs.values():
                serveur.arreter()
    finally:
        bootstrap.fermer(ctx)
    return mesures


def _mediane(mesures: list[Mesure], application: str, nombre: int, attribut: str) -> float:
    return statistics.median(getattr(m, attribut) for m in mesures
                             if m.application == application and m.utilisateurs == nombre)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duree", type=float, default=20.0, help="secondes par phase")
    parser.add_argument("--utilisateurs", type=int, nargs="+", default=[1, 8])
    parser.add_argument("--tours", type=int, default=3)
    parser.add_argument("--pg", default=os.environ.get(VARIABLE_PG))
    parser.add_argument("--sans-sqlite", action="store_true")
    parser.add_argument("--vider", action="store_true",
                        help="vider la base PostgreSQL d'abord (DROP SCHEMA public)")
    parser.add_argument("--par-adherent", type=int, default=30)
    parser.add_argument("--graine", type=int, default=7)
    parser.add_argument("--profil", help="profil cProfile du serveur du projet (fichier)")
    parser.add_argument("--fils", type=int,
                        help="unités à la fois du portail (RST_EFFECTIFS_FILS ; défaut : le sien)")
    parser.add_argument("--servir", help=argparse.SUPPRESS)
    parser.add_argument("--secret", help=argparse.SUPPRESS)
    parser.add_argument("--profil-serveur", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.servir:
        servir_projet(args.servir, args.secret, args.profil_serveur, args.fils)
        return 0
    lignes = ["| engine | users | portal CPU ms/req | floor CPU ms/req | portal ÷ floor | "
              "portal req/s | floor req/s |", "|---|---:|---:|---:|---:|---:|---:|"]
    casse = False
    with tempfile.TemporaryDirectory(prefix="bench_plancher_") as temporaire:
        moteurs: list[tuple[str, str]] = []
        if not args.sans_sqlite:
            moteurs.append(("SQLite", f"sqlite:///{temporaire}/plancher.db"))
        if args.pg:
            if args.vider:
                _vider(args.pg)
            moteurs.append(("PostgreSQL", args.pg))
        for moteur, url in moteurs:
            dossier = Path(temporaire) / moteur
            dossier.mkdir()
            mesures = mesurer(moteur, url, dossier, args)
            casse |= any(m.violations for m in mesures)
            for nombre in args.utilisateurs:
                projet = _mediane(mesures, "projet", nombre, "cpu_ms")
                plancher = _mediane(mesures, "plancher", nombre, "cpu_ms")
                lignes.append(
                    f"| {moteur} | {nombre} | {projet:.2f} | {plancher:.2f} | "
                    f"**{projet / plancher:.2f}** | "
                    f"{_mediane(mesures, 'projet', nombre, 'debit'):.0f} | "
                    f"{_mediane(mesures, 'plancher', nombre, 'debit'):.0f} |")
    print("", *lignes, "", "violations : " + ("OUI" if casse else "0 perdue, 0 doublée, 0 5xx"),
          sep="\n", flush=True)
    return 1 if casse else 0


if __name__ == "__main__":
    sys.exit(main())
