"""The portal attacked from outside, one class of attack per test, against the RUNNING
server (Hypercorn on a loopback port, as ``rst-effectifs portail`` serves it) over a
SQLite file and over PostgreSQL: brute force on a code, enumeration by answer, tries
raced by concurrent requests, session replay, forwarded-header spoofing, hostile
bodies, slow connections and cross-member ids on every route. What a class must show
is counted in the database or read from the wire, never assumed."""

from __future__ import annotations

import concurrent.futures
import datetime as dt
import logging
import os
import re
import socket
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import attrs
import pytest
import requests
from sqlalchemy import create_engine, select

import rst_effectifs as rst
from rst_effectifs import bootstrap
from rst_effectifs.adapters.sql import FabriqueSql
from rst_effectifs.adapters.sql.connexions import codes_connexion
from rst_effectifs.application import connexion as cx
from rst_effectifs.entrypoints.web import creer_application
from rst_effectifs.entrypoints.web.api_routes import OPERATIONS
from rst_effectifs.entrypoints.web.limites import LimiteParClient
from rst_effectifs.entrypoints.web.mandataires import client_reel, reseaux
from rst_effectifs.entrypoints.web.reglages import Reglages
from rst_effectifs.testing.serveur import serveur_local

AGENT = rst.AgentRst(rst.Email.parse("agent@rst.fr"))
A, B = "contact@a.fr", "contact@b.fr"
LECTEUR = "lecteur@a.fr"
NUMERO_A, NUMERO_B = "1001", "2002"
DELAI_ENTETE = 2.0
LIMITE_CLIENT = 12
MANDATAIRE = "10.9.9.9"
"""The one proxy the portal under attack believes: not the attacker's 127.0.0.1."""


@attrs.define
class Portail:
    ctx: rst.Contexte
    horloge: rst.HorlogeFixe
    base: str
    app: Any
    adherents: dict[str, str]

    def url(self, chemin: str) -> str:
        return self.base + chemin

    def messages(self) -> list[rst.Message]:
        assert isinstance(self.ctx.notifier, rst.NotifierMemoire)
        return self.ctx.notifier.messages

    def code(self, email: str, apres: int) -> str:
        limite = time.monotonic() + 20
        while time.monotonic() < limite:
            for message in reversed(self.messages()[apres:]):
                trouve = re.search(r"portail RST : (\d{8})", message.corps)
                if message.destinataire.valeur == email and trouve:
                    return trouve.group(1)
            time.sleep(0.02)
        raise AssertionError(f"aucun code envoyé à {email}")

    def connecter(self, email: str) -> requests.Session:
        """A new browser signed in as ``email`` through the real routes."""
        self.horloge.avancer(cx.LIMITE_CONNEXION.fenetre + dt.timedelta(seconds=1))
        session = requests.Session()
        deja = len(self.messages())
        demande = session.post(self.url("/api/v1/connexion/demande"), json={"email": email},
                               timeout=30)
        assert demande.status_code == 202, demande.text
        signe = session.post(self.url("/api/v1/connexion/code"), timeout=30, json={
            "email": email, "code": self.code(email, deja)})
        assert signe.status_code == 200, signe.text
        session.headers["X-CSRF-Token"] = signe.json()["csrf"]
        return session

    def essais(self, email: str) -> list[int]:
        assert isinstance(self.ctx.unite_de_travail, FabriqueSql)
        with self.ctx.unite_de_travail.moteur.connect() as connection:
            return [int(n) for n in connection.execute(select(codes_connexion.c.essais).where(
                codes_connexion.c.email_cle == email)).scalars()]


def _url(moteur: str, dossier: Path) -> str:
    if moteur == "sqlite":
        return f"sqlite:///{dossier / 'attaques.db'}"
    url = os.environ.get("RST_EFFECTIFS_TEST_POSTGRESQL_URL")
    if not url:
        if os.environ.get("RST_EFFECTIFS_REQUIRE_POSTGRESQL") == "1":
            pytest.fail("RST_EFFECTIFS_REQUIRE_POSTGRESQL=1 without a database")
        pytest.skip("set RST_EFFECTIFS_TEST_POSTGRESQL_URL to run the PostgreSQL tests")
    moteur_sql = create_engine(url)
    with moteur_sql.begin() as connection:
        connection.exec_driver_sql("DROP SCHEMA IF EXISTS public CASCADE")
        connection.exec_driver_sql("CREATE SCHEMA public")
    moteur_sql.dispose()
    return url


@pytest.fixture(scope="module", params=["sqlite", pytest.param(
    "postgresql", marks=pytest.mark.postgresql)])
def portail(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
            ) -> Iterator[Portail]:
    horloge = rst.HorlogeFixe()
    url = _url(request.param, tmp_path_factory.mktemp("attaques"))
    ctx = attrs.evolve(bootstrap.depuis_url(url, migrer=True, horloge=horloge),
                       notifier=rst.NotifierMemoire())
    adherents = {}
    for numero, email in ((NUMERO_A, A), (NUMERO_B, B)):
        adherents[numero] = rst.executer(ctx, AGENT, rst.CreerAdherent(
            numero, "73282932000074", f"Adhérent {numero}", email)).id
    moi = rst.resoudre_acces(ctx, A, adherents[NUMERO_A])
    rst.executer(ctx, moi, rst.AccorderAcces(adherents[NUMERO_A], LECTEUR,
                                             frozenset({rst.Role.LECTURE})))
    reglages = Reglages("s" * 32, connexions_par_client=LIMITE_CLIENT, taille_max=10_000,
                        proxies=(MANDATAIRE,))
    app = creer_application(ctx, reglages)
    try:
        with serveur_local(app, delai_entete=DELAI_ENTETE) as base:
            yield Portail(ctx, horloge, base, app, adherents)
    finally:
        bootstrap.fermer(ctx)


@pytest.fixture(autouse=True)
def _limite_neuve(portail: Portail) -> None:
    """Each test starts with the per-client limit untouched (it is per process)."""
    portail.app.state.rst_limite_connexion = None


# -- brute force and forwarded-header spoofing -----------------------------------------
def test_brute_force_is_stopped_per_client_whatever_x_forwarded_for_says(
        portail: Portail) -> None:
    statuts = [requests.post(portail.url("/api/v1/connexion/code"), timeout=30,
                             headers={"X-Forwarded-For": f"198.51.100.{n}"},
                             json={"email": A, "code": f"{n:08d}", "demande": "x"}).status_code
               for n in range(LIMITE_CLIENT + 3)]
    assert statuts[:LIMITE_CLIENT] == [401] * LIMITE_CLIENT
    assert statuts[LIMITE_CLIENT:] == [429] * 3  # one client, however it names itself


def test_a_named_proxy_is_believed_and_nobody_else() -> None:
    proxies = reseaux(["10.0.0.0/8"])
    assert client_reel("10.1.2.3", ["203.0.113.7", " 10.4.4.4"], proxies) == "203.0.113.7"
    assert client_reel("127.0.0.1", ["203.0.113.7"], proxies) == "127.0.0.1"
    assert client_reel("10.1.2.3", ["1.2.3.4", "203.0.113.7"], proxies) == "203.0.113.7"
    assert client_reel("10.1.2.3", ["n'importe quoi"], proxies) == "10.1.2.3"


# -- enumeration by answer ---------------------------------------------------------------
def test_answers_do_not_tell_a_known_address_from_an_unknown_one(portail: Portail) -> None:
    portail.horloge.avancer(cx.LIMITE_CONNEXION.fenetre + dt.timedelta(seconds=1))
    vus = []
    for email in (A, "personne@nulle-part.fr"):
        navigateur = requests.Session()
        demande = navigateur.post(portail.url("/api/v1/connexion/demande"),
                                  json={"email": email}, timeout=30)
        code = navigateur.post(portail.url("/api/v1/connexion/code"),
                               json={"email": email, "code": "00000000"}, timeout=30)
        vus.append((demande.status_code, sorted(demande.json()), demande.json()["message"],
                    code.status_code, code.json()))
    assert vus[0] == vus[1]
    assert vus[0][3] == 401


# -- tries raced by concurrent requests ----------------------------------------------------
def test_24_wrong_codes_at_once_count_exactly_the_tries_allowed(portail: Portail) -> None:
    portail.horloge.avancer(cx.LIMITE_CONNEXION.fenetre + dt.timedelta(seconds=1))
    navigateur = requests.Session()
    deja = len(portail.messages())
    demande = navigateur.post(portail.url("/api/v1/connexion/demande"), json={"email": B},
                              timeout=30).json()["demande"]
    code = portail.code(B, deja)
    faux = f"{(int(code) + 1) % 10**8:08d}"

    def essayer(texte: str) -> int:
        return requests.post(portail.url("/api/v1/connexion/code"), timeout=60, json={
            "email": B, "code": texte, "demande": demande}).status_code

    portail.app.state.rst_limite_connexion = LimiteParClient(100, 900)  # tries, not clients
    with concurrent.futures.ThreadPoolExecutor(24) as pool:
        statuts = list(pool.map(essayer, [faux] * 24))
    assert statuts == [401] * 24
    assert max(portail.essais(B)) == cx.ESSAIS_MAX  # counted in the database
    assert essayer(code) == 401  # the right code, too late


# -- session replay --------------------------------------------------------------------------
def _copie(navigateur: requests.Session) -> requests.Session:
    autre = requests.Session()
    autre.cookies.update(navigateur.cookies)
    autre.headers.update(navigateur.headers)
    return autre


def _signe(portail: Portail, navigateur: requests.Session) -> tuple[int, int, str]:
    api = navigateur.get(portail.url(f"/api/v1/adherents/{NUMERO_A}/postes"), timeout=30)
    page = navigateur.get(portail.url("/adherents"), timeout=30, allow_redirects=False)
    return api.status_code, page.status_code, page.headers.get("location", "")


def test_a_copied_cookie_is_refused_once_its_session_ended(portail: Portail) -> None:
    navigateur = portail.connecter(A)
    copie = _copie(navigateur)
    assert _signe(portail, copie)[:2] == (200, 303)  # to its one adherent's page
    sortie = navigateur.post(portail.url("/api/v1/deconnexion"), timeout=30)
    assert sortie.status_code == 200
    assert _signe(portail, copie) == (401, 303, "/connexion?suite=%2Fadherents")
    assert copie.post(portail.url("/api/v1/jetons"), json={"libelle": "x"},
                      timeout=30).status_code in (401, 403)


def test_signing_out_everywhere_and_removing_an_access_end_sessions(
        portail: Portail) -> None:
    ici, la_bas = portail.connecter(A), portail.connecter(A)
    assert ici.post(portail.url("/api/v1/deconnexion/partout"), timeout=30).status_code == 200
    assert _signe(portail, la_bas)[0] == 401
    lecteur, admin = portail.connecter(LECTEUR), portail.connecter(A)
    assert _signe(portail, lecteur)[0] == 200
    retrait = admin.delete(portail.url(f"/api/v1/adherents/{NUMERO_A}/acces/{LECTEUR}"),
                           timeout=30)
    assert retrait.status_code == 204, retrait.text
    assert lecteur.get(portail.url("/api/v1/session"), timeout=30).status_code == 401
    rst.executer(portail.ctx, rst.resoudre_acces(portail.ctx, A, portail.adherents[NUMERO_A]),
                 rst.AccorderAcces(portail.adherents[NUMERO_A], LECTEUR,
                                   frozenset({rst.Role.LECTURE})))


def test_a_session_ends_after_its_inactivity(portail: Portail) -> None:
    navigateur = portail.connecter(A)
    reglages: Reglages = portail.app.state.reglages
    portail.horloge.avancer(dt.timedelta(seconds=reglages.inactivite_session - 61))
    assert _signe(portail, navigateur)[0] == 200  # a request keeps it alive
    portail.horloge.avancer(dt.timedelta(seconds=reglages.inactivite_session - 61))
    assert _signe(portail, navigateur)[0] == 200
    portail.horloge.avancer(dt.timedelta(seconds=reglages.inactivite_session))
    assert _signe(portail, navigateur)[0] == 401


# -- hostile bodies --------------------------------------------------------------------------
def _brut(portail: Portail, donnees: bytes, lire: bool = True) -> bytes:
    hote, port = urlsplit(portail.base).hostname, urlsplit(portail.base).port
    assert hote is not None and port is not None
    with socket.create_connection((hote, port), timeout=30) as prise:
        prise.sendall(donnees)
        if not lire:
            return b""
        morceaux = []
        while morceau := prise.recv(65536):
            morceaux.append(morceau)
        return b"".join(morceaux)


def _statut(reponse: bytes) -> int:
    return int(reponse.split(b" ", 2)[1])


def test_hostile_bodies_get_the_librarys_refusals_never_a_500(portail: Portail) -> None:
    profond = "[" * 100_000 + "]" * 100_000
    navigateur = portail.connecter(A)
    for chemin in ("/api/v1/connexion/demande", "/api/v1/connexion/code", "/api/v1/jetons"):
        reponse = navigateur.post(portail.url(chemin), data=profond.encode()[:9_000],
                                  headers={"Content-Type": "application/json"}, timeout=30)
        assert (reponse.status_code, reponse.json()["code"]) == (400, "json.invalide"), chemin
        reponse = requests.post(portail.url(chemin), data="[" * 4000 + "]" * 4000,
                                headers={"Content-Type": "application/json"}, timeout=30)
        assert reponse.status_code in (400, 401, 403), (chemin, reponse.status_code)
    biscuits = "; ".join(f"{k}={v}" for k, v in navigateur.cookies.items())
    tete = ("Host: x\r\nContent-Type: application/json\r\nConnection: close\r\n"
            f"Cookie: {biscuits}\r\nX-CSRF-Token: {navigateur.headers['X-CSRF-Token']}\r\n")
    morceau = b"a" * 4096
    chunks = b"".join(b"%x\r\n%s\r\n" % (len(morceau), morceau) for _ in range(4)) + b"0\r\n\r\n"
    for chemin in ("/api/v1/connexion/demande", f"/api/v1/adherents/{NUMERO_A}/postes",
                   "/api/v1/numero-teledeclarant/recuperation"):
        reponse = _brut(portail, f"POST {chemin} HTTP/1.1\r\n{tete}"
                        "Transfer-Encoding: chunked\r\n\r\n".encode() + chunks)
        assert _statut(reponse) == 413 and b"requete.trop_grande" in reponse, chemin
    ambigu = _brut(portail, f"POST /api/v1/connexion/demande HTTP/1.1\r\n{tete}"
                   "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n".encode())
    assert _statut(ambigu) == 400
    http = requests.post(portail.url("/api/v1/connexion/demande"), json={"email": A},
                         headers={"Origin": "https://" + urlsplit(portail.base).netloc},
                         timeout=30)
    assert (http.status_code, http.json()["code"]) == (403, "csrf.origine_refusee")


def test_a_client_leaving_mid_body_is_one_log_line(portail: Portail,
                                                   caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    _brut(portail, b"POST /api/v1/numero-teledeclarant/recuperation HTTP/1.1\r\nHost: x\r\n"
          b"Content-Type: application/json\r\nContent-Length: 500\r\n\r\n{\"email\"",
          lire=False)
    limite = time.monotonic() + 20
    while time.monotonic() < limite and not any(" 499 " in r.getMessage()
                                                for r in caplog.records):
        time.sleep(0.05)
    lignes = [r for r in caplog.records if "recuperation" in r.getMessage()]
    assert [r.getMessage().split()[2] for r in lignes] == ["499"]
    assert not [r for r in caplog.records if r.exc_info or "Traceback" in r.getMessage()]


# -- slow connections -----------------------------------------------------------------------
def test_slow_clients_are_closed_after_the_header_delay(portail: Portail) -> None:
    """250 sockets trickle a request head, a byte every half second: the server closes
    each one about ``DELAI_ENTETE`` after it opened (here 2 s; the bound is generous)."""
    hote, port = urlsplit(portail.base).hostname, urlsplit(portail.base).port
    assert hote is not None and port is not None
    prises = [socket.create_connection((hote, port), timeout=5) for _ in range(250)]
    debut = time.monotonic()
    ouvertes = set(range(len(prises)))
    tete = b"GET /sante HTTP/1.1\r\nHost: x\r\nX-Lent: "
    n = 0
    while ouvertes and time.monotonic() - debut < DELAI_ENTETE * 10:
        for i in list(ouvertes):
            try:
                prises[i].sendall(tete[n:n + 1] or b"a")
                prises[i].settimeout(0.001)
                if prises[i].recv(1) == b"":
                    ouvertes.discard(i)
            except (TimeoutError, BlockingIOError):
                pass
            except OSError:
                ouvertes.discard(i)
        n += 1
        time.sleep(0.5)
    for prise in prises:
        prise.close()
    assert not ouvertes, f"{len(ouvertes)} slow sockets still open"
    assert requests.get(portail.url("/sante"), timeout=30).status_code == 200


# -- cross-member ids on every route --------------------------------------------------------
def test_no_route_lets_a_member_reach_another_members_data(portail: Portail) -> None:
    navigateur = portail.connecter(A)
    vus = {}
    for op in OPERATIONS:
        if "{numero}" not in op.chemin:
            continue
        chemin = op.chemin.replace("{numero}", NUMERO_B)
        chemin = re.sub(r"{\w+}", "x1", chemin)
        # a new connection each time: this portal closes idle ones after 2 s (the
        # slow-client test's delay), which a loaded machine can reach between two calls
        reponse = navigateur.request(op.methode, portail.url("/api/v1" + chemin), json={},
                                     timeout=30, headers={"Connection": "close"})
        vus[(op.methode, op.chemin)] = (reponse.status_code, reponse.json().get("code"))
    attendus = {(404, "adherent.introuvable"), (403, "acces.interdit")}
    assert set(vus.values()) <= attendus, {k: v for k, v in vus.items() if v not in attendus}
    assert len(vus) > 30
    jetons = navigateur.get(portail.url("/api/v1/jetons"), timeout=30,
                            params={"adherent_id": portail.adherents[NUMERO_B]})
    assert (jetons.status_code, jetons.json()["code"]) == (404, "adherent.introuvable")
    assert navigateur.get(portail.url(f"/adherents/{NUMERO_B}"), timeout=30).status_code == 404
