"""Pages that stay light: the static files have hashed names and a year of cache, so a
page seen a second time costs its own HTML only, gzipped. Measured in Chromium with
Playwright: for the second view of each page, every request's headers and encoded body
(what travelled), summed; each page under 15 KB, in one request. The first view of the
first page (every static file, gzipped) is measured too, for docs/portal.md."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from banc_navigateur import AGENT, CONTEXTE, connecter, portail_reel

import rst_effectifs as rst

ADMIN = "contact@fournil.fr"
LIMITE = 15_000
"""Bytes a second view of a page may transfer."""
PAGES = ("", "/postes", "/salaries", "/salaries/{salarie}", "/salaries/nouveau",
         "/salaries/{salarie}/contrats/nouveau", "/effectif", "/facturation",
         "/facturation/apercu", "/import", "/compte", "/acces", "/journal", "/aide")
"""The member's pages, under ``/adherents/{numero}``."""


def _peupler(ctx: rst.Contexte) -> str:
    """A small bakery: two postes, twelve people, two of them gone; one salarié's id."""
    adherent = rst.executer(ctx, AGENT, rst.CreerAdherent(
        "303", "73282932000074", "Le Fournil de Léa", ADMIN))
    acces = rst.resoudre_acces(ctx, ADMIN, adherent.id)
    vente = rst.executer(ctx, acces, rst.AjouterPoste(adherent.id, "Vendeuse"))
    nuit = rst.executer(ctx, acces, rst.AjouterPoste(
        adherent.id, "Boulanger", frozenset({rst.Risque.TRAVAIL_DE_NUIT})))
    ids = []
    for i, nom in enumerate(("Arnaud", "Blanc", "Chevalier", "David", "Éric", "Faure",
                             "Garnier", "Henry", "Isnard", "Joly", "Klein", "Lucas")):
        salarie = rst.executer(ctx, acces, rst.EmbaucherSalarie(
            adherent.id, nom, "Camille", dt.date(1980 + i, 1 + i % 12, 3),
            rst.NouveauContrat(rst.NatureContrat.CDI, dt.date(2024, 1 + i % 12, 2),
                               (vente if i % 2 else nuit).id)))
        ids.append(salarie.id)
    rst.executer(ctx, acces, rst.SortirDeLEffectif(adherent.id, "s", tuple(ids[:2]),
                                                   dt.date(2025, 6, 30), "059"))
    return ids[2]


def _transfere(page: Any, url: str) -> tuple[int, int]:
    """(bytes, requests) that loading ``url`` transferred over the network: headers and
    encoded bodies."""
    requetes: list[Any] = []

    def finie(requete: Any) -> None:
        requetes.append(requete)

    page.on("requestfinished", finie)
    try:
        page.goto(url)
        page.wait_for_load_state("load")
    finally:
        page.remove_listener("requestfinished", finie)
    total = reseau = 0
    for requete in requetes:
        tailles = requete.sizes()
        # Playwright's body size is what travelled minus the headers: a cache hit,
        # where nothing travelled, sums to 0 and sent no request either.
        recu = tailles["responseHeadersSize"] + tailles["responseBodySize"]
        if recu > 0:
            reseau += 1
            total += recu + tailles["requestHeadersSize"] + tailles["requestBodySize"]
    return total, reseau


def test_a_second_view_of_each_page_transfers_under_15_kb(navigateur: Any,
                                                          tmp_path: Path) -> None:
    with portail_reel(f"sqlite:///{tmp_path / 'poids.db'}") as (ctx, base):
        salarie = _peupler(ctx)
        contexte = navigateur.new_context(**CONTEXTE)
        page = contexte.new_page()
        try:
            premiere, _n = _transfere(page, f"{base}/connexion")  # nothing cached yet
            connecter(page, ctx, base, ADMIN)
            racine = f"{base}/adherents/303"
            mesures = {}
            for chemin in PAGES:
                url = racine + chemin.format(salarie=salarie)
                page.goto(url)
                mesures[chemin] = _transfere(page, url)
        finally:
            contexte.close()
    print(f"\nfirst view of the first page, nothing cached: {premiere} bytes")
    for chemin, (octets, requetes) in mesures.items():
        print(f"{chemin or '/'}: {octets} bytes in {requetes} request(s)")
    trop = {c: m for c, m in mesures.items() if m[0] >= LIMITE}
    assert not trop, trop
    # Nothing but the page itself travels: the static files come from the cache.
    assert {requetes for _o, requetes in mesures.values()} == {1}, mesures
