"""ONE real server: uvicorn on a free loopback port, over SQLite and PostgreSQL, a few
requests through httpx, then stopped."""

from __future__ import annotations

import httpx
import pytest
from banc_web import EMAIL_ADMIN, EN_TETE_TEST, NUMERO, application, peupler

from rst_effectifs import bootstrap
from rst_effectifs.testing.serveur import serveur_local


@pytest.mark.parametrize("moteur", ["sqlite", pytest.param("postgresql",
                                                           marks=pytest.mark.postgresql)])
def test_a_real_uvicorn_server_answers(moteur: str, request: pytest.FixtureRequest) -> None:
    url = request.getfixturevalue(f"url_{moteur}")
    ctx = bootstrap.depuis_url(url, migrer=True)
    try:
        peupler(ctx)
        with serveur_local(application(ctx)) as base, httpx.Client(
                base_url=base, headers={EN_TETE_TEST: EMAIL_ADMIN}, timeout=20) as client:
            a = f"/api/v1/adherents/{NUMERO}"
            assert client.get("/api/v1/openapi.json").json()["openapi"] == "3.1.0"
            poste = client.post(f"{a}/postes", json={"libelle": "Vendeur"})
            assert poste.status_code == 201, poste.text
            embauche = client.post(f"{a}/salaries", json={
                "nom": "Durand", "prenoms": "Alex", "date_naissance": "1990-04-02",
                "contrat": {"nature": "01", "debut": "2024-01-01",
                            "poste_id": poste.json()["id"]}})
            assert embauche.status_code == 201, embauche.text
            effectif = client.get(f"{a}/effectif", params={"le": "2024-03-31"})
            assert effectif.status_code == 200 and "Durand" in effectif.text
            assert client.get(f"{a}/postes", headers={EN_TETE_TEST: ""}).status_code == 401
    finally:
        bootstrap.fermer(ctx)
