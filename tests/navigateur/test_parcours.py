"""The seed's whole journey in a real browser (Debian's Chromium, Playwright), once per
SQL storage, against the portal served by uvicorn on a loopback port: every page and
state it visits passes axe; on SQLite each is also looked at as a member sees it, at
1366 and 390 px — its layout checked and its screenshot compared with the committed
reference (``captures``; the pages are the same on PostgreSQL)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from banc_navigateur import AGENT, CONTEXTE, Visites, connecter, portail_reel
from etapes import (
    ADMIN,
    COMPTABLE,
    EXEMPLE_DSN,
    LECTEUR,
    NUMERO,
    NUMERO_DSN,
    PERSONNES,
    accorder,
    aide,
    aller,
    annuler_une_sortie,
    apercu_de_facture,
    changer_de_contrat,
    creer_postes,
    declarer_autres_employeurs,
    deux_onglets,
    doublon_propose_la_fiche,
    effectif_a_deux_dates,
    embaucher_quatre,
    fichier_trop_gros,
    journal,
    mes_factures,
    nir,
    numero_oublie,
    postes,
    reintegrer_avec_son_contrat,
    salaries,
    se_deconnecter,
    sortir_trois_puis_renvoyer,
    tableau_de_bord,
    texte,
)

import rst_effectifs as rst

LIMITE_TELEVERSEMENT = 1_000_000
"""The journey's upload limit (1 Mo), so that a file over it stays small."""


def comptable_importe_puis_change(page: Any, ctx: rst.Contexte, base: str,
                                  visites: Visites) -> None:
    """The accountant of both members imports the DSN of one (dry run, then apply),
    then switches to the other."""
    connecter(page, ctx, base, COMPTABLE)
    page.wait_for_url(f"{base}/adherents")
    visites.voir(page, "choix-adherent")
    page.get_by_role("link", name="Bâtiments Côte d'Émeraude").click()
    page.wait_for_url(f"{base}/adherents/{NUMERO_DSN}")
    aller(page, "Import")
    visites.voir(page, "import")
    page.get_by_label("Fichier à importer").set_input_files(EXEMPLE_DSN)
    page.get_by_label("Format du fichier").select_option("dsn")
    page.get_by_label("Créer les postes introuvables").check()
    page.get_by_role("button", name="Simuler l'import").click()
    page.wait_for_load_state("load")
    contenu = texte(page)
    assert "Simulation de l'import" in contenu and "DUPONT" in contenu, contenu[:1000]
    assert salaries(ctx, COMPTABLE) == []  # the dry run wrote nothing
    visites.voir(page, "import-simulation")
    page.get_by_role("button", name="Appliquer l'import").click()
    page.wait_for_load_state("load")
    assert "Import appliqué" in texte(page)
    assert len(salaries(ctx, COMPTABLE)) == 6
    page.get_by_role("link", name="Changer d'adhérent").click()
    page.get_by_role("link", name="Boulangerie Martin").click()
    page.wait_for_url(f"{base}/adherents/{NUMERO}")
    assert "Boulangerie Martin" in page.locator("header").inner_text()
    se_deconnecter(page)


def lecture_seule(page: Any, ctx: rst.Contexte, base: str, visites: Visites) -> None:
    """A read-only access: NIRs masked, no box nor write button, a forged POST refused."""
    connecter(page, ctx, base, LECTEUR)
    page.wait_for_url(f"{base}/adherents/{NUMERO}")
    aller(page, "Mes salariés")
    visites.voir(page, "salaries-lecture-seule")
    contenu = texte(page)
    for rang, (nom, _, naissance, sexe) in enumerate(PERSONNES, start=1):
        assert nom in contenu and nir(naissance, sexe, rang) not in contenu
    assert "** *** ***" in contenu
    assert page.get_by_role("link", name="Embaucher un salarié").count() == 0
    assert page.get_by_role("checkbox").count() == 0
    jeton = page.locator("form.deconnexion input[name=csrf]").get_attribute("value")
    (vendeuse,) = [p.id for p in postes(ctx) if p.libelle == "Vendeuse"]
    forge = page.request.post(f"{base}/adherents/{NUMERO}/salaries/nouveau", form={
        "csrf": jeton, "nom": "Intrus", "prenoms": "Max", "date_naissance": "1990-01-01",
        "contrat.poste_id": vendeuse, "contrat.nature": "01", "contrat.debut": "2026-03-01"},
        headers={"accept": "text/html"}, max_redirects=0)
    assert forge.status == 403 and "Vos droits ne permettent pas cette action." in forge.text()
    assert len(salaries(ctx)) == 4


@pytest.mark.parametrize("moteur", ["sqlite", pytest.param("postgresql",
                                                           marks=pytest.mark.postgresql)])
def test_the_seeds_journey(moteur: str, navigateur: Any, tmp_path: Path,
                           request: pytest.FixtureRequest) -> None:
    url = request.getfixturevalue(f"url_{moteur}")
    visites = Visites(regarder=moteur == "sqlite", ecarts=tmp_path / "ecarts")
    with portail_reel(url, taille_max_televersement=LIMITE_TELEVERSEMENT) as (ctx, base):
        rst.executer(ctx, AGENT, rst.CreerAdherent(NUMERO, "73282932000074",
                                                   "Boulangerie Martin", ADMIN))
        rst.executer(ctx, AGENT, rst.CreerAdherent(NUMERO_DSN, "84205317500019",
                                                   "Bâtiments Côte d'Émeraude", COMPTABLE))
        contexte_navigateur = navigateur.new_context(**CONTEXTE)
        page = visites.suivre(contexte_navigateur.new_page())
        try:
            connecter(page, ctx, base, ADMIN, visites)
            page.wait_for_url(f"{base}/adherents/{NUMERO}")
            assert page.get_by_role("heading", level=1).inner_text().startswith(
                "Tableau de bord")
            assert NUMERO in page.locator("header").inner_text()
            visites.voir(page, "tableau-de-bord-vide")
            creer_postes(page, visites)
            embaucher_quatre(page, ctx, visites)
            changer_de_contrat(page, ctx, visites)
            declarer_autres_employeurs(page, ctx, visites)
            doublon_propose_la_fiche(page, ctx, visites)
            sortir_trois_puis_renvoyer(page, ctx, visites)
            reintegrer_avec_son_contrat(page, ctx, visites)
            annuler_une_sortie(page, ctx, visites)
            deux_onglets(page, ctx, visites)
            effectif_a_deux_dates(page, visites)
            tableau_de_bord(page, visites)
            apercu_de_facture(page, visites)
            numero_oublie(page, ctx, base, visites)
            mes_factures(page, visites)
            accorder(page, COMPTABLE, "Déclaration")
            accorder(page, LECTEUR, "Lecture seule")
            visites.voir(page, "acces")
            journal(page, visites)
            aide(page, visites)
            fichier_trop_gros(page, tmp_path, visites)
            se_deconnecter(page)
            comptable_importe_puis_change(page, ctx, base, visites)
            lecture_seule(page, ctx, base, visites)
        finally:
            contexte_navigateur.close()
    assert visites.pages
    visites.verifier()
