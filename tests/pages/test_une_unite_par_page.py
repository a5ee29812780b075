"""One unit of work per page of an adherent, on every storage: the signed-in session,
the member number, the caller's access, the menu's adherents and every command the page
runs share it (``Appel``), and on SQL the page checks out one connection and reads the
member once."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import attrs
import pytest
from banc_pages import NUMERO, Portail, portail_sur
from banc_postes_salaries import embaucher, poste

import rst_effectifs as rst
from rst_effectifs.testing.unites import CompteurDUnites, avec_compteur

R = f"/adherents/{NUMERO}"
PAGES = ["", "/postes", "/postes/{poste}", "/salaries", "/salaries?q=dur", "/salaries/nouveau",
         "/salaries/{salarie}", "/salaries/{salarie}/contrats/nouveau", "/mouvements",
         "/effectif", "/effectif.csv", "/facturation", "/import", "/compte", "/acces",
         "/journal", "/factures"]
"""Every page of the menu, and a poste's, a file's and a new contract's."""
UNE = 1
"""The page's one unit; the clock is fixed, so the session is never touched (a use is
written at most once a minute, and then the unit is reopened as a writer)."""


@pytest.fixture
def banc(fabrique_contexte: Any) -> Iterator[tuple[Portail, CompteurDUnites, dict[str, str]]]:
    ctx = attrs.evolve(fabrique_contexte(horloge=rst.HorlogeFixe()),
                       notifier=rst.NotifierMemoire())
    ctx, compteur = avec_compteur(ctx)
    with portail_sur(ctx) as portail:
        vendeur = poste(portail, "Vendeur")
        ids = {"poste": vendeur.id, "salarie": embaucher(portail, vendeur.id, "Durand").id}
        portail.connecter()
        yield portail, compteur, ids


def test_each_page_opens_one_unit_of_work_and_reads_the_member_once(
        banc: tuple[Portail, CompteurDUnites, dict[str, str]], fabrique_contexte: Any) -> None:
    portail, compteur, ids = banc
    sql = fabrique_contexte.stockage != "memoire"
    envois = [
        ("/salaries/nouveau", {"nom": "Martin", "prenoms": "Marie",
                               "date_naissance": "1990-05-17", "nir": "",
                               "contrat.poste_id": ids["poste"], "contrat.nature": "01",
                               "contrat.debut": "2025-01-06", "contrat.fin": "",
                               "contrat.numero": "", "contrat.dispositif": ""}, 303),
        ("/postes", {"libelle": "Caissier", "code_pcs": "", "justification_sir": ""}, 303),
        ("/postes", {"libelle": "Caissier", "code_pcs": "", "justification_sir": ""}, 409),
    ]
    for page in PAGES:
        with compteur.releve() as releve:
            portail.lire(R + page.format(**ids))
        assert releve.unites == UNE, (page, releve.unites)
        if sql:
            assert releve.connections == UNE, (page, releve.connections)
            assert releve.lectures_adherent == 1, (page, releve.instructions)
    for page, champs, statut in envois:
        with compteur.releve() as releve:
            portail.envoyer(R + page, champs, statut=statut)
        assert releve.unites == UNE, (page, releve.unites)
        if sql:
            assert releve.connections == UNE, (page, releve.connections)
