"""The application creer_application builds: the API, its sign-in routes, /sante and the
hardening middleware together (not each part on a bench of its own)."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

import rst_effectifs as rst
from rst_effectifs.entrypoints.web import creer_application
from rst_effectifs.entrypoints.web.api import ERREUR_INTERNE
from rst_effectifs.entrypoints.web.reglages import Reglages
from rst_effectifs.entrypoints.web.securite import ENTETES


def test_the_portal_serves_health_sign_in_and_hardened_answers() -> None:
    reglages = Reglages.depuis_environnement({"RST_EFFECTIFS_SECRET": "s" * 32})
    app = creer_application(rst.en_memoire(), reglages)
    assert app.state.reglages is reglages
    client = TestClient(app)
    sante = client.get("/sante")
    assert sante.status_code == 200 and sante.json()["etat"] == "ok"
    demande = client.post("/api/v1/connexion/demande", json={"email": "qui@exemple.fr"})
    assert demande.status_code == 202
    refus = client.get("/api/v1/adherents/000001/postes")
    assert refus.status_code == 401 and refus.json()["code"] == "connexion.requise"
    assert "frame-ancestors 'none'" in refus.headers["content-security-policy"]
    assert refus.headers["x-content-type-options"] == "nosniff"
    trop = client.post("/api/v1/connexion/demande", content=b"x" * (reglages.taille_max + 1),
                       headers={"content-type": "application/json"})
    assert trop.status_code == 413


def test_an_unexpected_exception_is_a_hardened_500_without_its_text(
        ctx: rst.Contexte, monkeypatch: pytest.MonkeyPatch) -> None:
    """A route outside the generic API handler (the session's bearer token) fails: the
    answer Starlette's ServerErrorMiddleware writes still has the headers and the body."""
    import rst_effectifs.entrypoints.web.authentification as authentification

    def panne(*_args: object) -> None:
        raise RuntimeError("psycopg: mot de passe refusé pour rst_effectifs@10.0.0.1")

    monkeypatch.setattr(authentification, "resoudre_jeton", panne)
    reglages = Reglages.depuis_environnement({"RST_EFFECTIFS_SECRET": "s" * 32,
                                              "RST_EFFECTIFS_HTTPS": "1"})
    client = TestClient(creer_application(ctx, reglages), raise_server_exceptions=False)
    reponse = client.get("/api/v1/session", headers={"Authorization": "Bearer abc"})
    assert reponse.status_code == 500
    assert reponse.json() == ERREUR_INTERNE
    assert "psycopg" not in reponse.text and "Traceback" not in reponse.text
    assert reponse.headers["content-type"] == "application/json"
    for nom, valeur in ENTETES:
        assert reponse.headers[nom.decode()] == valeur.decode()
    assert "frame-ancestors 'none'" in reponse.headers["content-security-policy"]
    assert reponse.headers["strict-transport-security"].startswith("max-age=")
    assert reponse.headers["cache-control"] == "no-store"
