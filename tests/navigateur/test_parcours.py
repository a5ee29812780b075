"""The seed's whole journey in a real browser (Debian's Chromium, Playwright), once per
SQL storage, against the portal served by uvicorn on a loopback port: every page it
visits passes axe and is photographed (see ``banc_navigateur``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from banc_navigateur import (
    AGENT,
    Visites,
    connecter,
    dossier_des_captures,
    portail_reel,
)

import rst_effectifs as rst

ADMIN = "contact@boulangerie.fr"
NUMERO = "101"


@pytest.mark.parametrize("moteur", ["sqlite", pytest.param("postgresql",
                                                           marks=pytest.mark.postgresql)])
def test_the_seeds_journey(moteur: str, navigateur: Any, tmp_path: Path,
                           request: pytest.FixtureRequest) -> None:
    url = request.getfixturevalue(f"url_{moteur}")
    # Photographed on one storage only: the pages are the same on both.
    visites = Visites(dossier_des_captures(tmp_path / "captures") if moteur == "sqlite"
                      else None)
    with portail_reel(url) as (ctx, base):
        rst.executer(ctx, AGENT, rst.CreerAdherent(NUMERO, "73282932000074",
                                                   "Boulangerie Martin", ADMIN))
        contexte_navigateur = navigateur.new_context(viewport={"width": 1280, "height": 800},
                                                     locale="fr-FR")
        page = visites.suivre(contexte_navigateur.new_page())
        try:
            connecter(page, ctx, base, ADMIN, visites)
            page.wait_for_url(f"{base}/adherents/{NUMERO}")
            assert page.get_by_role("heading", level=1).inner_text().startswith(
                "Tableau de bord")
            assert NUMERO in page.locator("header").inner_text()
            visites.voir(page, "tableau-de-bord")
        finally:
            contexte_navigateur.close()
    assert visites.pages
