"""The application creer_application builds: the API, its sign-in routes, /sante and the
hardening middleware together (not each part on a bench of its own)."""

from __future__ import annotations

from starlette.testclient import TestClient

import rst_effectifs as rst
from rst_effectifs.adapters.web import creer_application
from rst_effectifs.adapters.web.reglages import Reglages


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
