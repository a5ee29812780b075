"""The web adapter's authentication and hardening, in process
with Starlette's TestClient on a minimal application mounting ``routes_connexion()``
and ``intergiciels(reglages)``: sign-in by code, cookie flags, CSRF, bearer tokens,
security headers, size limits, the per-client limit, the access log, ``/sante``."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator

import attrs
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.testclient import TestClient

import rst_effectifs as rst
from rst_effectifs.entrypoints.web.authentification import (
    appelant,
    connexion_requise,
    intergiciels,
    refus,
    routes_connexion,
)
from rst_effectifs.entrypoints.web.jetons import routes_jetons
from rst_effectifs.entrypoints.web.reglages import NotifierConsole, Reglages
from rst_effectifs.entrypoints.web.sante import routes_sante
from rst_effectifs.entrypoints.web.sessions import COOKIE
from rst_effectifs.ports.unit_of_work import UniteDeTravail

AGENT = rst.AgentRst(rst.Email.parse("agent@rst.fr"))
CONNU = "contact@societe.fr"
NIR = "290057511800192"
SECRET = "s" * 40


async def essai(request: Request) -> Response:
    """A protected route, as the API's are."""
    qui = await appelant(request)
    if qui is None:
        return refus(connexion_requise())
    return JSONResponse({"email": qui.email.valeur, "par_cookie": qui.par_cookie})


def application(ctx: rst.Contexte, reglages: Reglages) -> Starlette:
    app = Starlette(routes=[*routes_connexion(), *routes_jetons(), *routes_sante(),
                            Route("/essai", essai, methods=["GET", "POST"]),
                            Route("/essai/{nir}", essai, methods=["GET"])],
                    middleware=intergiciels(reglages))
    app.state.ctx = ctx
    app.state.reglages = reglages
    return app


@pytest.fixture
def ctx() -> rst.Contexte:
    contexte = rst.en_memoire(horloge=rst.HorlogeFixe())
    adherent = rst.creer_adherent(contexte, AGENT, rst.CreerAdherent(
        "000001", "73282932000074", "Société", CONNU))
    assert adherent.id
    return contexte


@pytest.fixture
def client(ctx: rst.Contexte) -> Iterator[TestClient]:
    with TestClient(application(ctx, Reglages(SECRET, taille_max=10_000,
                                              taille_max_televersement=50_000,
                                              connexions_par_client=8))) as client:
        yield client


def _code(ctx: rst.Contexte) -> str:
    assert isinstance(ctx.notifier, rst.NotifierMemoire)
    trouve = re.search(r"portail RST : (\d{8})", ctx.notifier.messages[-1].corps)
    assert trouve is not None
    return trouve.group(1)


def _connecter(client: TestClient, ctx: rst.Contexte) -> str:
    assert client.post("/connexion/demande", json={"email": CONNU}).status_code == 202
    reponse = client.post("/connexion/code", json={"email": CONNU, "code": _code(ctx)})
    assert reponse.status_code == 200, reponse.text
    jeton: str = reponse.json()["csrf"]
    return jeton


def test_known_and_unknown_addresses_get_the_same_answer(client: TestClient,
                                                         ctx: rst.Contexte) -> None:
    connu = client.post("/connexion/demande", json={"email": CONNU})
    inconnu = client.post("/connexion/demande", data={"email": "personne@ailleurs.fr"})
    assert (connu.status_code, connu.json().keys(), connu.json()["message"]) == (
        inconnu.status_code, inconnu.json().keys(), inconnu.json()["message"])
    assert connu.status_code == 202
    assert isinstance(ctx.notifier, rst.NotifierMemoire)
    assert [m.destinataire.valeur for m in ctx.notifier.messages] == [CONNU]


def test_a_code_opens_a_cookie_session_once(client: TestClient, ctx: rst.Contexte) -> None:
    assert client.get("/essai").status_code == 401
    client.post("/connexion/demande", json={"email": CONNU})
    code = _code(ctx)
    reponse = client.post("/connexion/code", data={"email": CONNU, "code": code})
    assert reponse.status_code == 200
    assert reponse.json()["adherents"][0]["numero"] == "000001"
    cookie = reponse.headers["set-cookie"]
    assert cookie.startswith(f"{COOKIE}=") and "httponly" in cookie.lower()
    assert "samesite=lax" in cookie.lower() and "secure" not in cookie.lower()
    assert client.get("/essai").json() == {"email": CONNU, "par_cookie": True}
    client.cookies.clear()
    deuxieme = client.post("/connexion/code", json={"email": CONNU, "code": code})
    assert deuxieme.status_code == 401
    assert deuxieme.json()["code"] == "connexion.code_refuse"
    assert client.get("/essai").status_code == 401


def test_cookies_are_secure_behind_https(ctx: rst.Contexte) -> None:
    with TestClient(application(ctx, Reglages(SECRET, https=True)),
                    base_url="https://testserver") as client:
        client.post("/connexion/demande", json={"email": CONNU})
        reponse = client.post("/connexion/code", json={"email": CONNU, "code": _code(ctx)})
        assert "secure" in reponse.headers["set-cookie"].lower()
        assert "strict-transport-security" in reponse.headers


def test_changes_with_a_cookie_session_need_the_csrf_token(client: TestClient,
                                                          ctx: rst.Contexte) -> None:
    jeton = _connecter(client, ctx)
    sans = client.post("/essai", json={})
    assert sans.status_code == 403 and sans.json()["code"] == "csrf.refuse"
    faux = client.post("/essai", json={}, headers={"X-CSRF-Token": jeton + "x"})
    assert faux.status_code == 403
    assert client.post("/essai", json={}, headers={"X-CSRF-Token": jeton}).status_code == 200
    assert client.post("/essai", data={"csrf": jeton}).status_code == 200
    assert client.post("/essai", data={"csrf": "autre"}).status_code == 403
    assert client.get("/essai").status_code == 200  # reads need none
    assert client.get("/session").json()["csrf"] == jeton
    ailleurs = client.post("/essai", json={}, headers={"X-CSRF-Token": jeton,
                                                       "Origin": "https://malveillant.example"})
    assert ailleurs.status_code == 403 and ailleurs.json()["code"] == "csrf.origine_refusee"
    assert client.post("/deconnexion").status_code == 403
    assert client.post("/deconnexion", headers={"X-CSRF-Token": jeton}).status_code == 200
    assert client.get("/essai").status_code == 401


def test_sign_in_from_another_site_is_refused(client: TestClient, ctx: rst.Contexte) -> None:
    reponse = client.post("/connexion/demande", json={"email": CONNU},
                          headers={"Sec-Fetch-Site": "cross-site"})
    assert reponse.status_code == 403
    assert isinstance(ctx.notifier, rst.NotifierMemoire) and ctx.notifier.messages == []


def test_a_bearer_token_works_without_csrf_until_revoked(client: TestClient,
                                                         ctx: rst.Contexte) -> None:
    jeton_csrf = _connecter(client, ctx)
    emis = client.post("/jetons", json={"libelle": "Appli RST", "jours": 30},
                       headers={"X-CSRF-Token": jeton_csrf})
    assert emis.status_code == 201, emis.text
    texte, jeton_id = emis.json()["jeton"], emis.json()["jeton_id"]
    assert [j["jeton_id"] for j in client.get("/jetons").json()] == [jeton_id]
    machine = TestClient(client.app)
    porteur = {"Authorization": f"Bearer {texte}"}
    assert machine.post("/essai", json={}, headers=porteur).json() == {
        "email": CONNU, "par_cookie": False}
    assert machine.post("/jetons", json={"libelle": "x"}, headers=porteur).status_code == 403
    assert client.delete(f"/jetons/{jeton_id}",
                         headers={"X-CSRF-Token": jeton_csrf}).status_code == 200
    refuse = machine.get("/essai", headers=porteur)
    assert refuse.status_code == 401
    assert machine.get("/essai", headers={"Authorization": "Bearer rst_faux"}).status_code == 401


def test_every_answer_has_the_security_headers(client: TestClient) -> None:
    for reponse in (client.get("/essai"), client.get("/absent"), client.get("/sante"),
                    client.post("/connexion/demande", content=b"{")):
        csp = reponse.headers["content-security-policy"]
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
        assert "unsafe-inline" not in csp
        assert reponse.headers["x-content-type-options"] == "nosniff"
        assert reponse.headers["referrer-policy"] == "same-origin"


def test_bodies_over_the_limit_are_413_with_the_error_body(client: TestClient) -> None:
    gros = client.post("/connexion/demande", content=b"x" * 10_001,
                       headers={"content-type": "application/json"})
    assert gros.status_code == 413
    assert gros.json()["code"] == "requete.trop_grande"
    assert gros.json()["details"] == {"limite": 10_000}
    fichier = client.post("/essai", files={"f": ("a.csv", b"x" * 20_000)})
    assert fichier.status_code == 401  # a file: under the upload limit, reaches the route
    trop = client.post("/essai", files={"f": ("a.csv", b"x" * 60_000)})
    assert trop.status_code == 413 and trop.json()["details"] == {"limite": 50_000}

    def morceaux() -> Iterator[bytes]:
        yield b"x" * 6_000
        yield b"x" * 6_000

    flux = client.post("/connexion/demande", content=morceaux(),
                       headers={"content-type": "application/json"})
    assert flux.status_code == 413


def test_sign_in_routes_are_limited_per_client(client: TestClient) -> None:
    statuts = [client.post("/connexion/demande", json={"email": f"x{n}@a.fr"}).status_code
               for n in range(10)]
    assert statuts == [202] * 8 + [429] * 2
    dernier = client.post("/connexion/code", json={"email": "x@a.fr", "code": "1"})
    assert dernier.status_code == 429 and "retry-after" in dernier.headers
    assert dernier.json()["code"] == "connexion.trop_de_demandes"


def test_the_access_log_holds_no_nir_token_or_code(client: TestClient, ctx: rst.Contexte,
                                                   caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="rst_effectifs.web.acces")
    jeton_csrf = _connecter(client, ctx)
    code = _code(ctx)
    texte = client.post("/jetons", json={"libelle": "Appli"},
                        headers={"X-CSRF-Token": jeton_csrf}).json()["jeton"]
    client.get(f"/essai/{NIR}?nir={NIR}&code={code}", headers={"Authorization": f"Bearer {texte}"})
    client.get(f"/inconnu/{NIR}")
    lignes = [r.getMessage() for r in caplog.records if r.name == "rst_effectifs.web.acces"]
    assert any(ligne.startswith("GET /essai/{nir} 200 ") for ligne in lignes)
    assert any(ligne.startswith("POST /connexion/code 200 ") for ligne in lignes)
    access_log = "\n".join(lignes)
    for secret in (NIR, code, texte, jeton_csrf, CONNU):
        assert secret not in access_log


def test_the_access_log_names_routes_under_a_mount(ctx: rst.Contexte,
                                                    caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="rst_effectifs.web.acces")
    app = Starlette(routes=[Mount("/api/v1", routes=[
        *routes_connexion(), Route("/essai/{nir}", essai)])],
                    middleware=intergiciels(Reglages(SECRET)))
    app.state.ctx = ctx
    with TestClient(app) as client:
        assert client.get(f"/api/v1/essai/{NIR}").status_code == 401
        assert client.post("/api/v1/connexion/demande", json={"email": CONNU}).status_code == 202
    lignes = [r.getMessage() for r in caplog.records if r.name == "rst_effectifs.web.acces"]
    assert [ligne.rsplit(" ", 1)[0] for ligne in lignes] == [
        "GET /api/v1/essai/{nir} 401", "POST /api/v1/connexion/demande 202"]


def test_health_check(client: TestClient, ctx: rst.Contexte) -> None:
    assert client.get("/sante").json()["etat"] == "ok"
    casse = attrs.evolve(ctx, unite_de_travail=_en_panne)
    with TestClient(application(casse, Reglages(SECRET))) as autre:
        reponse = autre.get("/sante")
    assert reponse.status_code == 503
    assert reponse.json() == {"etat": "indisponible", "base": "injoignable",
                              "code": "technique.stockage"}


def _en_panne() -> UniteDeTravail:
    raise rst.ErreurTechnique("La base de données ne répond pas.")


def test_health_check_on_sql(url_sqlite: str) -> None:
    ctx = rst.depuis_url(url_sqlite)
    with TestClient(application(ctx, Reglages(SECRET))) as client:
        reponse = client.get("/sante")
    assert reponse.status_code == 200
    assert reponse.json()["schema"] == "a_jour"
    en_retard = rst.depuis_url(url_sqlite.replace(".db", "-vide.db"), migrer=False)
    with TestClient(application(en_retard, Reglages(SECRET))) as client:
        vide = client.get("/sante")
    assert vide.status_code == 503


def test_settings_come_from_the_environment(caplog: pytest.LogCaptureFixture) -> None:
    lus = Reglages.depuis_environnement({
        "RST_EFFECTIFS_SECRET": SECRET, "RST_EFFECTIFS_HTTPS": "oui",
        "RST_EFFECTIFS_TAILLE_MAX": "2048", "RST_EFFECTIFS_SMTP_HOTE": "smtp.exemple.fr",
        "RST_EFFECTIFS_SMTP_EXPEDITEUR": "portail@rst.fr",
        "RST_EFFECTIFS_SMTP_MOT_DE_PASSE": "motdepasse"})
    assert (lus.secret, lus.https, lus.taille_max) == (SECRET, True, 2048)
    assert lus.smtp is not None and (lus.smtp.hote, lus.smtp.port) == ("smtp.exemple.fr", 587)
    assert SECRET not in repr(lus) and "motdepasse" not in repr(lus)
    with caplog.at_level(logging.WARNING):
        un, deux = Reglages.depuis_environnement({}), Reglages.depuis_environnement({})
    assert un.secret_genere and un.secret != deux.secret and len(un.secret) >= 32
    assert "RST_EFFECTIFS_SECRET" in caplog.text
    for mauvais in ({"RST_EFFECTIFS_SECRET": "court"}, {"RST_EFFECTIFS_HTTPS": "peut-être"},
                    {"RST_EFFECTIFS_TAILLE_MAX": "-1"}, {"RST_EFFECTIFS_SMTP_HOTE": "h"}):
        with pytest.raises(rst.DonneeInvalide) as refus:
            Reglages.depuis_environnement(mauvais)
        assert refus.value.code == "configuration.invalide"


def test_the_console_notifier_prints_the_code(capsys: pytest.CaptureFixture[str]) -> None:
    NotifierConsole().envoyer(rst.Email.parse(CONNU), "Sujet", "code 12345678")
    assert "12345678" in capsys.readouterr().err


def test_in_development_the_code_is_printed_on_the_console(
        ctx: rst.Contexte, capsys: pytest.CaptureFixture[str]) -> None:
    sans_envoi = attrs.evolve(ctx, notifier=None)
    with TestClient(application(sans_envoi, Reglages.developpement())) as client:
        assert client.post("/connexion/demande", json={"email": CONNU}).status_code == 202
    assert re.search(r"portail RST : \d{8}", capsys.readouterr().err)
    with TestClient(application(sans_envoi, Reglages(SECRET))) as client:  # production
        reponse = client.post("/connexion/demande", json={"email": CONNU})
    assert reponse.status_code == 500
    assert reponse.json()["code"] == "technique.envoi_non_configure"
