"""The portal's floor: a minimal Starlette app over the driver (``sqlite3`` or psycopg)
answering the three requests ``bench/portail_plancher.py`` compares the portal on, with
the same JSON, on the same database.

    python bench/plancher_portail.py sqlite:////tmp/p.db SECRET     # prints its port

- ``GET /api/v1/adherents/{numero}/salaries?limite=20``: the first page by name, each
  file with its contracts and movements, and the signed cursor of the next page;
- ``GET /api/v1/adherents/{numero}/effectif?le=AAAA-MM-JJ``: the headcount at a date
  with each line's follow-up type (the library's statement, written out by hand);
- ``POST /api/v1/adherents/{numero}/salaries``: a hire on an open-ended contract, written
  as the library writes it (file, contract, presence stretch, countable piece, the poste
  marked used, the journal entry), refused on a duplicate person (S2) or an unknown or
  archived poste (P5).

What it does not leave out, so that the comparison is fair: the signed cookie session
(Starlette's ``SessionMiddleware``, the portal's cookie and secret), the caller's access
and role, the CSRF header on the hire, the security headers, every write of a hire in
one transaction (SQLite: ``BEGIN IMMEDIATE``). What it leaves out: the other routes,
every other kind of contract, the field-by-field error bodies (a refusal is a status and
a code), the access log, the size limit. It imports nothing from ``rst_effectifs``.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import re
import socket
import sqlite3
import sys
import threading
import unicodedata
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from itsdangerous import URLSafeSerializer
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

OUVERT = 4_000_000
NATURES_OUVERTES = frozenset({"01", "07", "08", "09", "10", "20", "81", "82", "89", "90",
                              "91", "92", "93"})
"""Natures without a planned end (C1), those the floor hires with no ``fin``."""
ENTETES = {
    "content-security-policy": "default-src 'self'; script-src 'self'; style-src 'self'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'",
    "x-content-type-options": "nosniff", "referrer-policy": "same-origin",
    "x-frame-options": "DENY", "cross-origin-opener-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=()",
    "cache-control": "no-store",
}
VOIENT_LES_NIR = frozenset({"administrateur", "declaration"})
ECRIVENT = frozenset({"administrateur", "declaration"})

EFFECTIF = """
WITH jours AS (
  SELECT salarie_id, max(CASE WHEN fin IS NULL OR fin > :le THEN :le ELSE fin END) AS jour
  FROM presences WHERE adherent_id = :a AND debut <= :le AND (fin IS NULL OR fin >= :le)
  GROUP BY salarie_id),
evenements AS (
  SELECT salarie_id, debut AS le, 0 AS sorte, poste_id, {t} AS nom, {t} AS prenoms,
         {d} AS majorite, {t} AS nom_norm, {t} AS prenoms_norm
  FROM contrats WHERE adherent_id = :a AND NOT annule
  UNION ALL SELECT salarie_id, jour, 1, {t}, {t}, {t}, {d}, {t}, {t} FROM jours
  UNION ALL SELECT salarie_id, {d}, 2, {t}, nom, prenoms, majorite, nom_norm, prenoms_norm
  FROM salaries WHERE adherent_id = :a),
numerotes AS (
  SELECT salarie_id, le, sorte, poste_id,
         sum(CASE WHEN sorte = 0 THEN 1 ELSE 0 END) OVER (PARTITION BY salarie_id
           ORDER BY le, sorte ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS rang,
         max(nom) OVER w AS nom, max(prenoms) OVER w AS prenoms,
         max(majorite) OVER w AS majorite, max(nom_norm) OVER w AS nom_norm,
         max(prenoms_norm) OVER w AS prenoms_norm
  FROM evenements WINDOW w AS (PARTITION BY salarie_id)),
du_jour AS (
  SELECT salarie_id, le AS jour, sorte, nom, prenoms, majorite, nom_norm, prenoms_norm,
         max(poste_id) OVER (PARTITION BY salarie_id, rang) AS poste_id FROM numerotes)
SELECT salarie_id, nom, prenoms,
       CASE WHEN type_de_suivi = 'SIG' AND jour < majorite THEN 'SIA' ELSE type_de_suivi END
FROM (SELECT d.salarie_id, d.nom, d.prenoms, d.jour, d.majorite, d.nom_norm, d.prenoms_norm,
        CASE WHEN p.justification_sir IS NOT NULL THEN 'SIR'
             WHEN d.jour >= {depuis} AND (p.risques_bits & 1663) != 0 THEN 'SIR'
             WHEN d.jour >= {depuis} AND (p.risques_bits & 14336) != 0 THEN 'SIA'
             WHEN d.jour >= {depuis} THEN 'SIG'
             WHEN (p.risques_bits & 2047) != 0 THEN 'SIR'
             WHEN (p.risques_bits & 14336) != 0 THEN 'SIA'
             ELSE 'SIG' END AS type_de_suivi
      FROM du_jour d LEFT JOIN postes p ON p.adherent_id = :a AND p.poste_id = d.poste_id
      WHERE d.sorte = 1) x
ORDER BY nom_norm, prenoms_norm, salarie_id
"""
"""The library's headcount statement (``adapters/sql/effectif.py``) written out; ``{t}`` is
a typed NULL text (PostgreSQL: in the columns' "C" collation), ``{d}`` a NULL date,
``{depuis}`` the day the risk catalogue changed (1 October 2025, décret n° 2025-355).
The follow-up type is the library's (P2, P2b): the stored risks' bits against each
catalogue's masks (with simple follow-up SIG, the law's default), not the legacy column
``postes.type_de_suivi``; ``bench/portail_plancher.py`` checks these masks against the
library's before it loads anything."""
MASQUES = {"2017-01-01": {"SIR": 2047, "SIA": 14336}, "2025-10-01": {"SIR": 1663, "SIA": 14336}}
"""The masks written in :data:`EFFECTIF`, by the day each catalogue applies from."""
SESSION = """SELECT email FROM sessions_portail WHERE session_id = :s AND fin IS NULL"""
"""The stored session the cookie names (the portal's A6 check, in the same connection)."""
ACCES = """SELECT a.adherent_id, x.roles FROM adherents a
JOIN acces x ON x.adherent_id = a.adherent_id AND x.email_cle = :cle WHERE a.numero = :n"""
PAGE = """SELECT salarie_id, nom, prenoms, date_naissance, nir, annule, version, ntt,
precision_naissance
FROM salaries WHERE adherent_id = :a AND NOT annule
ORDER BY nom_norm, prenoms_norm, salarie_id LIMIT :l"""
CONTRATS = """SELECT salarie_id, contrat_id, nature, debut, poste_id, fin, dispositif, numero,
annule, clot_id, fin_close FROM contrats WHERE adherent_id = :a AND salarie_id IN ({ids})
ORDER BY rang"""
MOUVEMENTS = """SELECT salarie_id, mouvement_id, genre, le, motif, annule, contrat_clos_id,
fin_close, contrat_id FROM mouvements WHERE adherent_id = :a AND salarie_id IN ({ids})
ORDER BY rang"""


class Refus(Exception):
    def __init__(self, statut: int, code: str) -> None:
        super().__init__(code)
        self.statut, self.code = statut, code


def normaliser(texte: str) -> str:
    """The library's comparison form of a name (no accents, case-folded, single spaces)."""
    if not texte.isascii():
        texte = "".join(c for c in unicodedata.normalize("NFKD", texte)
                        if not unicodedata.combining(c))
    plie = texte.casefold().replace("-", " ").replace("'", " ").replace("’", " ")
    return " ".join(plie.split())


def empreinte(filtres: list[tuple[str, str]]) -> str:
    texte = json.dumps(sorted(filtres), ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(texte.encode()).hexdigest()[:32]


# -- the database ----------------------------------------------------------------------
class Base:
    """One connection per server thread; ``:name`` parameters on both drivers."""

    def __init__(self, url: str) -> None:
        self.sqlite = url.startswith("sqlite")
        self.url = url
        self._local = threading.local()
        self._textes: dict[str, str] = {}

    def _connection(self) -> Any:
        connection = getattr(self._local, "connection", None)
        if connection is None:
            if self.sqlite:
                connection = sqlite3.connect(self.url.split(":///", 1)[1], timeout=30,
                                             isolation_level=None, check_same_thread=False)
                connection.execute("PRAGMA foreign_keys=ON")
            else:
                import psycopg

                connection = psycopg.connect(self.url.replace("postgresql+psycopg", "postgresql"))
            self._local.connection = connection
        return connection

    def texte(self, sql: str) -> str:
        if self.sqlite:
            return sql
        trouve = self._textes.get(sql)
        if trouve is None:
            trouve = self._textes[sql] = re.sub(r":(\w+)", r"%(\1)s", sql)
        return trouve

    @contextmanager
    def transaction(self, ecriture: bool = False) -> Iterator[Callable[..., list[Any]]]:
        connection = self._connection()
        if self.sqlite:
            connection.execute("BEGIN IMMEDIATE" if ecriture else "BEGIN")

        def lancer(sql: str, **parametres: Any) -> list[Any]:
            curseur = connection.execute(self.texte(sql), parametres)
            return curseur.fetchall() if curseur.description is not None else []

        try:
            yield lancer
        except BaseException:
            connection.rollback()
            raise
        connection.rollback() if not ecriture else connection.commit()


def _date(valeur: Any) -> str | None:
    return None if valeur is None else valeur if isinstance(valeur, str) else valeur.isoformat()


def _acces(lancer: Callable[..., list[Any]], request: Request) -> tuple[str, set[str]]:
    email, secret = request.session.get("email"), request.session.get("sid")
    if not isinstance(email, str) or not isinstance(secret, str):
        raise Refus(401, "connexion.requise")
    empreinte = hashlib.sha256(b"rst_effectifs/session\x00" + secret.encode()).hexdigest()
    if not lancer(SESSION, s=empreinte):
        raise Refus(401, "connexion.requise")
    numero = request.path_params["numero"]
    rangees = lancer(ACCES, cle=email.strip().casefold(), n=numero)
    if not rangees:
        raise Refus(404, "adherent.introuvable")
    return rangees[0][0], set(rangees[0][1].split(","))


def _json(donnees: Any, statut: int = 200, **entetes: str) -> Response:
    return Response(json.dumps(donnees, ensure_ascii=False), statut,
                    headers={**ENTETES, **entetes}, media_type="application/json")


def _refus(refus: Refus) -> Response:
    return _json({"code": refus.code, "regle": "", "message": refus.code, "chemin": None,
                  "details": {}}, refus.statut)


def _contrat(c: Any) -> dict[str, Any]:
    return {"id": c[1], "nature": c[2], "debut": _date(c[3]), "poste_id": c[4],
            "fin": _date(c[5]), "dispositif": c[6], "numero": c[7], "annule": bool(c[8]),
            "clot_id": c[9], "fin_close": _date(c[10])}


def _mouvement(m: Any) -> dict[str, Any]:
    sortie = m[2] == "sortie"
    fait = {"id": m[1], "le": _date(m[3]), "motif": m[4], "annule": bool(m[5])}
    if sortie:
        fait.update(contrat_clos_id=m[6], fin_close=_date(m[7]))
    else:
        fait.update(contrat_id=m[8])
    return fait


def _salarie(s: Any, adherent_id: str, clair: bool, contrats: list[Any],
             mouvements: list[Any]) -> dict[str, Any]:
    nir = s[4]
    if nir is not None and not clair:
        nir = f"{nir[0]} {nir[1:3]} {nir[3:5]} ** *** *** **"
    return {"id": s[0], "adherent_id": adherent_id,
            "identite": {"nom": s[1], "prenoms": s[2], "date_naissance": _date(s[3]),
                         "nir": nir, "ntt": s[7], "precision_naissance": s[8]},
            "contrats": [_contrat(c) for c in contrats],
            "mouvements": [_mouvement(m) for m in mouvements],
            "annule": bool(s[5]), "version": s[6]}


# -- the three requests ------------------------------------------------------------------
class Plancher:
    def __init__(self, base: Base, secret: str) -> None:
        self.base = base
        self.curseurs = URLSafeSerializer(secret, salt="rst-effectifs.curseur")
        self.sql_effectif = EFFECTIF.format(
            t="CAST(NULL AS TEXT)" + ("" if base.sqlite else ' COLLATE "C"'),
            d="CAST(NULL AS DATE)",
            depuis="'2025-10-01'" if base.sqlite else "DATE '2025-10-01'")

    def lister(self, request: Request) -> Response:
        try:
            limite = int(request.query_params.get("limite", "50"))
            if not 1 <= limite <= 500 or set(request.query_params) - {"limite"}:
                raise Refus(400, "json.champ_invalide")
            with self.base.transaction() as lancer:
                adherent_id, roles = _acces(lancer, request)
                page = lancer(PAGE, a=adherent_id, l=limite + 1)
                fiches = page[:limite]
                par_id: dict[str, tuple[list[Any], list[Any]]] = {s[0]: ([], []) for s in fiches}
                if fiches:
                    noms = {f"i{n}": s[0] for n, s in enumerate(fiches)}
                    ids = ", ".join(f":{k}" for k in noms)
                    for c in lancer(CONTRATS.format(ids=ids), a=adherent_id, **noms):
                        par_id[c[0]][0].append(c)
                    for m in lancer(MOUVEMENTS.format(ids=ids), a=adherent_id, **noms):
                        par_id[m[0]][1].append(m)
        except Refus as refus:
            return _refus(refus)
        clair = bool(roles & VOIENT_LES_NIR)
        suivant = None
        if len(page) > limite:
            suivant = self.curseurs.dumps({"apres": fiches[-1][0], "filtres": empreinte(
                [("@numero", request.path_params["numero"])])})
        return _json({"salaries": [_salarie(s, adherent_id, clair, *par_id[s[0]])
                                   for s in fiches], "suivant": suivant})

    def effectif(self, request: Request) -> Response:
        try:
            if set(request.query_params) != {"le"}:
                raise Refus(400, "json.champ_invalide")
            try:
                le = dt.date.fromisoformat(request.query_params["le"])
            except ValueError:
                raise Refus(400, "json.date_invalide") from None
            with self.base.transaction() as lancer:
                adherent_id, _roles = _acces(lancer, request)
                rangees = lancer(self.sql_effectif, a=adherent_id,
                                 le=le.isoformat() if self.base.sqlite else le)
        except Refus as refus:
            return _refus(refus)
        par_type = {"SIG": 0, "SIA": 0, "SIR": 0}
        for rangee in rangees:
            par_type[rangee[3]] += 1
        return _json({"adherent_id": adherent_id, "debut": le.isoformat(),
                      "fin": le.isoformat(), "lignes": [
                          {"salarie_id": s, "nom": n, "prenoms": p, "type_de_suivi": t}
                          for s, n, p, t in rangees],
                      "nombre": len(rangees), "par_type": par_type})

    def embaucher(self, request: Request, corps: bytes) -> Response:
        try:
            return self._embaucher(request, corps)
        except Refus as refus:
            return _refus(refus)

    def _embaucher(self, request: Request, corps: bytes) -> Response:
        csrf = request.session.get("csrf")
        if not isinstance(csrf, str) or not hmac.compare_digest(
                request.headers.get("x-csrf-token", "").encode(), csrf.encode()):
            raise Refus(403, "csrf.refuse")
        try:
            lu = json.loads(corps)
            nom, prenoms = lu["nom"].strip(), lu["prenoms"].strip()
            naissance = dt.date.fromisoformat(lu["date_naissance"])
            contrat = lu["contrat"]
            nature, poste_id = contrat["nature"], contrat["poste_id"]
            debut = dt.date.fromisoformat(contrat["debut"])
        except (ValueError, KeyError, TypeError, AttributeError):
            raise Refus(400, "json.champ_invalide") from None
        if (not nom or not prenoms or nature not in NATURES_OUVERTES or lu.get("nir")
                or contrat.get("fin") or not isinstance(poste_id, str)):
            raise Refus(400, "json.champ_invalide")
        try:
            majorite = naissance.replace(year=naissance.year + 18)
        except ValueError:
            majorite = dt.date(naissance.year + 18, 3, 1)
        nom_norm, prenoms_norm = normaliser(nom), normaliser(prenoms)
        salarie_id, contrat_id = uuid.uuid4().hex, uuid.uuid4().hex
        sqlite = self.base.sqlite

        def d(jour: dt.date) -> Any:
            return jour.isoformat() if sqlite else jour

        with self.base.transaction(ecriture=True) as lancer:
            adherent_id, roles = _acces(lancer, request)
            if not roles & ECRIVENT:
                raise Refus(403, "acces.interdit")
            poste = lancer("SELECT archive, utilise FROM postes WHERE adherent_id = :a "
                           "AND poste_id = :p", a=adherent_id, p=poste_id)
            if not poste or poste[0][0]:
                raise Refus(422, "poste.introuvable")
            if lancer("SELECT salarie_id FROM salaries WHERE adherent_id = :a AND nom_norm "
                      "= :n AND prenoms_norm = :p AND date_naissance = :d AND NOT annule",
                      a=adherent_id, n=nom_norm, p=prenoms_norm, d=d(naissance)):
                raise Refus(409, "salarie.deja_existant")
            faux = 0 if sqlite else False
            lancer("INSERT INTO salaries (adherent_id, salarie_id, nom, prenoms, nom_norm, "
                   "prenoms_norm, date_naissance, majorite, nir, annule, version) VALUES "
                   "(:a, :s, :n, :p, :nn, :pn, :d, :m, NULL, :f, 1)",
                   a=adherent_id, s=salarie_id, n=nom, p=prenoms, nn=nom_norm,
                   pn=prenoms_norm, d=d(naissance), m=d(majorite), f=faux)
            lancer("INSERT INTO contrats (adherent_id, salarie_id, contrat_id, rang, nature, "
                   "debut, fin, poste_id, dispositif, numero, annule, clot_id, fin_close) "
                   "VALUES (:a, :s, :c, 0, :n, :d, NULL, :p, NULL, NULL, :f, NULL, NULL)",
                   a=adherent_id, s=salarie_id, c=contrat_id, n=nature, d=d(debut),
                   p=poste_id, f=faux)
            lancer("INSERT INTO presences (adherent_id, salarie_id, debut, fin) VALUES "
                   "(:a, :s, :d, NULL)", a=adherent_id, s=salarie_id, d=d(debut))
            jour = debut.toordinal()
            lancer("INSERT INTO morceaux (adherent_id, salarie_id, debut, fin, poste_id, "
                   "premier, duree_chaine, duree_avant, duree_chaine_hors_interim, "
                   "duree_avant_hors_interim) VALUES (:a, :s, :j, :o, :p, :j, :o, 0, :h, 0)",
                   a=adherent_id, s=salarie_id, j=jour, o=OUVERT, p=poste_id,
                   h=None if nature == "03" else OUVERT)
            if not poste[0][1]:
                lancer("UPDATE postes SET utilise = :v WHERE adherent_id = :a AND "
                       "poste_id = :p", v=1 if sqlite else True, a=adherent_id, p=poste_id)
                lancer("UPDATE adherents SET version = version + 1 WHERE adherent_id = :a",
                       a=adherent_id)
            dernier = lancer("UPDATE adherents SET journal_dernier = journal_dernier + 1 "
                             "WHERE adherent_id = :a RETURNING journal_dernier",
                             a=adherent_id)[0][0]
            quand = dt.datetime.now(dt.UTC)
            lancer("INSERT INTO journal (adherent_id, numero, quand, qui, quoi, salarie_id, "
                   "donnees) VALUES (:a, :n, :q, :qui, 'salarie.embauche', :s, :d)",
                   a=adherent_id, n=dernier,
                   q=quand.replace(tzinfo=None).isoformat(" ", "microseconds") if sqlite
                   else quand,
                   qui=request.session["email"], s=salarie_id,
                   d=json.dumps([["contrat_id", contrat_id]]))
        fiche = {"id": salarie_id, "adherent_id": adherent_id,
                 "identite": {"nom": nom, "prenoms": prenoms,
                              "date_naissance": naissance.isoformat(), "nir": None,
                              "ntt": None, "precision_naissance": "complete"},
                 "contrats": [{"id": contrat_id, "nature": nature, "debut": debut.isoformat(),
                               "poste_id": poste_id, "fin": None, "dispositif": None,
                               "numero": None, "annule": False, "clot_id": None,
                               "fin_close": None}],
                 "mouvements": [], "annule": False, "version": 1}
        return _json(fiche, 201, etag='"1"')


def creer(url: str, secret: str) -> Starlette:
    plancher = Plancher(Base(url), secret)

    async def embaucher(request: Request) -> Response:
        from starlette.concurrency import run_in_threadpool

        corps = await request.body()
        return await run_in_threadpool(plancher.embaucher, request, corps)

    a = "/api/v1/adherents/{numero}"
    return Starlette(routes=[
        Route(f"{a}/salaries", plancher.lister, methods=["GET"]),
        Route(f"{a}/salaries", embaucher, methods=["POST"]),
        Route(f"{a}/effectif", plancher.effectif, methods=["GET"]),
    ], middleware=[Middleware(SessionMiddleware, secret_key=secret,
                              session_cookie="rst_session", same_site="lax")])


def cookie(secret: str, session: dict[str, Any]) -> str:
    """The cookie Starlette's ``SessionMiddleware`` (the portal's too) reads as ``session``."""
    from itsdangerous import TimestampSigner

    donnees = base64.b64encode(json.dumps(session).encode())
    return TimestampSigner(secret).sign(donnees).decode()


def main() -> None:
    import uvicorn

    url, secret = sys.argv[1], sys.argv[2]
    prise = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    prise.bind(("127.0.0.1", 0))
    print(prise.getsockname()[1], flush=True)
    config = uvicorn.Config(creer(url, secret), log_level="warning", access_log=False,
                            lifespan="off")
    uvicorn.Server(config).run(sockets=[prise])


if __name__ == "__main__":
    main()
