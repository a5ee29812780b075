"""The seed's whole journey in a real browser (Debian's Chromium, Playwright), once per
SQL storage, against the portal served by uvicorn on a loopback port: every page it
visits passes axe and is photographed (see ``banc_navigateur``)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from banc_navigateur import (
    AGENT,
    Visites,
    connecter,
    dernier_message,
    dossier_des_captures,
    portail_reel,
)

import rst_effectifs as rst

ADMIN = "contact@boulangerie.fr"
COMPTABLE = "cabinet@compta-emeraude.fr"
"""An accountant: administrator of the DSN's member, declaration on the bakery."""
LECTEUR = "associe@boulangerie.fr"
NUMERO = "101"
NUMERO_DSN = "4242"
EXEMPLE_DSN = Path(rst.__file__).parent / "exemples" / "exemple.dsn"
PERSONNES = (
    ("Martin", "Alice", "1990-04-02", "2"),
    ("Bernard", "Paul", "1985-11-23", "1"),
    ("Petit", "Chloé", "1998-07-14", "2"),
    ("Durand", "Léo", "2001-02-09", "1"),
)
"""(nom, prénoms, date de naissance, sexe) of the four hires."""


def nir(date_naissance: str, sexe: str, rang: int) -> str:
    """A valid NIR for the birth month and year (born in Paris, 75)."""
    annee, mois, _ = date_naissance.split("-")
    corps = f"{sexe}{annee[2:]}{mois}75056{rang:03d}"
    return f"{corps}{97 - int(corps) % 97:02d}"


def _acces(ctx: rst.Contexte, email: str) -> rst.Acces:
    """The access of ``email`` on its own member (101 for the baker, 4242 for the
    accountant's client)."""
    numero = NUMERO_DSN if email == COMPTABLE else NUMERO
    (adherent,) = [a for a in rst.lister_adherents_accessibles(ctx, email)
                   if a.numero == numero]
    return rst.resoudre_acces(ctx, email, adherent.adherent_id)


def salaries(ctx: rst.Contexte, email: str = ADMIN) -> list[rst.Salarie]:
    acces = _acces(ctx, email)
    return list(rst.executer(ctx, acces, rst.ListerSalaries(acces.adherent_id)).salaries)


def postes(ctx: rst.Contexte) -> list[rst.Poste]:
    acces = _acces(ctx, ADMIN)
    return list(rst.executer(ctx, acces, rst.ListerPostes(acces.adherent_id)))


def aller(page: Any, menu: str) -> None:
    """A menu entry, as a person clicks it."""
    page.get_by_role("navigation", name="Menu").get_by_role("link", name=menu).click()
    page.wait_for_load_state("load")


def creer_postes(page: Any, visites: Visites) -> None:
    aller(page, "Mes postes")
    visites.voir(page, "postes-vide")
    page.get_by_label("Libellé du poste").fill("Vendeuse")
    page.get_by_role("button", name="Ajouter le poste").click()
    page.get_by_label("Libellé du poste").fill("Boulanger")
    page.get_by_label("Travail de nuit (SIA)").check()
    page.get_by_role("button", name="Ajouter le poste").click()
    page.wait_for_load_state("load")
    lignes = page.locator("table").first.inner_text()
    assert "Vendeuse" in lignes and "Boulanger" in lignes and "SIA" in lignes
    visites.voir(page, "postes")


def embaucher(page: Any, nom: str, prenoms: str, naissance: str, numero_nir: str,
              poste: str, debut: str) -> None:
    page.get_by_label("Nom de famille").fill(nom)
    page.get_by_label("Prénoms").fill(prenoms)
    page.get_by_label("Date de naissance").fill(naissance)
    page.get_by_label("NIR").fill(numero_nir)
    page.get_by_label("Poste", exact=False).first.select_option(label=poste)
    page.get_by_label("Date de début").fill(debut)
    page.get_by_role("button", name="Embaucher").click()
    page.wait_for_load_state("load")


def embaucher_quatre(page: Any, ctx: rst.Contexte, visites: Visites) -> None:
    for rang, (nom, prenoms, naissance, sexe) in enumerate(PERSONNES, start=1):
        aller(page, "Mes salariés")
        page.get_by_role("link", name="Embaucher un salarié").first.click()
        if rang == 1:
            visites.voir(page, "embauche")
        embaucher(page, nom, prenoms, naissance, nir(naissance, sexe, rang),
                  "Vendeuse", "2025-01-06")
        assert page.get_by_role("heading", level=1).inner_text().startswith(nom), \
            page.content()[:2000]
    assert len(salaries(ctx)) == 4
    aller(page, "Mes salariés")
    visites.voir(page, "salaries")


def changer_de_contrat(page: Any, ctx: rst.Contexte, visites: Visites) -> None:
    """Bernard becomes a baker: a new contract on his file, never a second file."""
    aller(page, "Mes salariés")
    page.get_by_role("link", name="Bernard").click()
    page.get_by_role("link", name="Ajouter un contrat").click()
    visites.voir(page, "nouveau-contrat")
    page.get_by_label("Poste", exact=False).first.select_option(label="Boulanger")
    page.get_by_label("Date de début").fill("2026-02-01")
    page.get_by_role("button", name="Ajouter le contrat").click()
    page.wait_for_load_state("load")
    assert "Contrat ajouté sur la même fiche." in page.content()
    visites.voir(page, "fiche")
    (bernard,) = [s for s in salaries(ctx) if s.identite.nom == "Bernard"]
    assert len(salaries(ctx)) == 4 and len(bernard.contrats) == 2
    assert bernard.contrats[0].fin == dt.date(2026, 1, 31)


def declarer_autres_employeurs(page: Any, ctx: rst.Contexte, visites: Visites) -> None:
    """On Bernard's file, the baker declares that he also works for another employer
    this year (F7): the file says so; RST will share his fee."""
    assert page.get_by_label("Année").input_value() == "2026"  # this year, by default
    page.get_by_label("Nombre d'autres employeurs").fill("1")
    page.get_by_role("button", name="Déclarer d'autres employeurs").click()
    page.wait_for_load_state("load")
    texte = page.locator("main").inner_text()
    assert "Déclaration enregistrée pour 2026 : 1 autre employeur." in texte, texte[:1500]
    assert "Déclaré pour 2026 : 1 autre employeur (le 16/03/2026)." in texte
    visites.voir(page, "fiche-multi-employeur")
    (bernard,) = [s for s in salaries(ctx) if s.identite.nom == "Bernard"]
    acces = _acces(ctx, ADMIN)
    lu = rst.executer(ctx, acces, rst.ConsulterMultiEmployeur(acces.adherent_id, bernard.id))
    assert [(d.annee, d.autres_employeurs, d.par) for d in lu.declarations] == [
        (2026, 1, ADMIN)]


def doublon_propose_la_fiche(page: Any, ctx: rst.Contexte, visites: Visites) -> None:
    """Hiring Alice Martin again offers her file (S2) instead of a second one."""
    nom, prenoms, naissance, sexe = PERSONNES[0]
    aller(page, "Mes salariés")
    page.get_by_role("link", name="Embaucher un salarié").first.click()
    embaucher(page, nom, prenoms, naissance, nir(naissance, sexe, 1), "Boulanger",
              "2026-03-01")
    assert "Ce salarié a déjà une fiche" in page.content()
    visites.voir(page, "doublon")
    (martin,) = [s for s in salaries(ctx) if s.identite.nom == "Martin"]
    page.get_by_role("link", name="Ajouter un contrat").click()
    page.wait_for_load_state("load")
    assert page.url.endswith(f"/salaries/{martin.id}/contrats/nouveau")
    assert len(salaries(ctx)) == 4


def cocher(page: Any, *noms: str) -> None:
    for nom in noms:
        page.get_by_label(nom, exact=True).check()


def sortir_trois_puis_renvoyer(page: Any, ctx: rst.Contexte, visites: Visites) -> None:
    """Three salariés out at once; the same form sent again changes nothing (E5)."""
    aller(page, "Sortir / réintégrer")
    visites.voir(page, "mouvements")
    cocher(page, "Martin Alice", "Petit Chloé", "Durand Léo")
    page.get_by_label("Date du mouvement").fill("2026-02-28")
    page.get_by_label("Motif").fill("059")
    with page.expect_request(lambda r: r.method == "POST") as envoi:
        page.get_by_role("button", name="Sortir de l'effectif").click()
    page.wait_for_load_state("load")
    visites.voir(page, "mouvements-fait")
    sorties = {s.identite.nom: len(s.mouvements_actifs) for s in salaries(ctx)}
    assert sorties == {"Martin": 1, "Bernard": 0, "Petit": 1, "Durand": 1}
    # The browser sends the very same form again (a double click, a replayed POST).
    requete = envoi.value
    renvoi = page.request.post(requete.url, data=requete.post_data, headers={
        "content-type": requete.headers["content-type"]}, max_redirects=0)
    assert renvoi.status == 303
    assert {s.identite.nom: len(s.mouvements_actifs) for s in salaries(ctx)} == sorties


def reintegrer_une(page: Any, ctx: rst.Contexte) -> None:
    aller(page, "Sortir / réintégrer")
    cocher(page, "Petit Chloé")
    page.get_by_label("Date du mouvement").fill("2026-03-09")
    page.get_by_label("Motif").fill("Fin de congé sans solde")
    page.get_by_role("button", name="Réintégrer dans l'effectif").click()
    page.wait_for_load_state("load")
    presents = {s.identite.nom for s in salaries(ctx) if s.est_dans_l_effectif}
    assert presents == {"Bernard", "Petit"}


def effectif_a_deux_dates(page: Any, visites: Visites) -> None:
    aller(page, "Effectif")
    for le, attendu, noms in (("2026-02-15", "4", ("Martin", "Durand")),
                              ("2026-03-16", "2", ("Bernard", "Petit"))):
        page.get_by_label("Présents le").fill(le)
        page.get_by_role("button", name="Afficher l'effectif").click()
        page.wait_for_load_state("load")
        total = page.locator(".carte", has_text="Total").locator(".valeur").inner_text()
        assert total == attendu, (le, total)
        texte = page.locator("main").inner_text()
        assert all(nom in texte for nom in noms)
    visites.voir(page, "effectif")


def tableau_de_bord(page: Any, visites: Visites) -> None:
    """Today's headcount by follow-up type, and the last 12 months drawn and tabulated."""
    aller(page, "Tableau de bord")
    assert page.locator("figure svg rect").count() > 0
    assert page.get_by_role("table").count() >= 1
    visites.voir(page, "tableau-de-bord")


def apercu_de_facture(page: Any, visites: Visites) -> None:
    aller(page, "Facturation")
    visites.voir(page, "facturation")
    page.get_by_role("link", name="Aperçu de la facture").click()
    page.wait_for_load_state("load")
    assert page.locator(".numero-adherent").inner_text() == NUMERO
    # This year, priced with the barème in force (F3 checked against the 2026 national
    # cost the library knows): nothing to configure, no box to tick.
    texte = page.locator("main").inner_text()
    assert all(nom in texte for nom in ("Martin", "Bernard", "Petit", "Durand")), texte
    assert "Du 01/01/2026 au 31/12/2026" in texte and NUMERO in texte
    assert "Barème d'exemple RST (2025 et 2026)" in texte and "Total TTC" in texte
    assert page.locator("input[type=checkbox]").count() == 0
    visites.voir(page, "apercu-facture")


def numero_oublie(page: Any, ctx: rst.Contexte, base: str, visites: Visites) -> None:
    """The administrator records a declarant number, then, as if forgotten, asks for it:
    it arrives by e-mail, never on a page (A2)."""
    aller(page, "Mon compte")
    visites.voir(page, "compte")
    page.get_by_label("Nouveau numéro de télédéclarant").fill("TD101BM")
    page.get_by_role("button", name="Enregistrer le compte").click()
    page.wait_for_load_state("load")
    assert "TD101BM" not in page.content()
    page.get_by_role("link", name="Numéro de télédéclarant oublié").first.click()
    page.wait_for_load_state("load")
    visites.voir(page, "numero-teledeclarant")
    deja = len(ctx.notifier.messages) if isinstance(ctx.notifier, rst.NotifierMemoire) else 0
    page.get_by_label("E-mail").fill(ADMIN)
    page.get_by_role("button", name="Recevoir mon numéro").click()
    page.wait_for_load_state("load")
    assert "TD101BM" not in page.content()
    assert dernier_message(ctx, ADMIN, re.compile(r"\) : numéro télédéclarant (\w+)"),
                           apres=deja) == "TD101BM"
    page.goto(f"{base}/adherents/{NUMERO}")


def accorder(page: Any, email: str, role: str) -> None:
    aller(page, "Accès")
    page.get_by_label("E-mail de la personne").fill(email)
    page.get_by_label(role, exact=True).check()
    page.get_by_role("button", name="Accorder l'accès").click()
    page.wait_for_load_state("load")
    assert email in page.locator("main").inner_text()


def journal(page: Any, visites: Visites) -> None:
    aller(page, "Journal")
    texte = page.locator("main").inner_text()
    assert "Bernard" in texte or "Embauche" in texte or "embauch" in texte.lower(), texte[:800]
    visites.voir(page, "journal")


def se_deconnecter(page: Any) -> None:
    page.get_by_role("button", name="Se déconnecter").click()
    page.wait_for_url("**/connexion")


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
    texte = page.locator("main").inner_text()
    assert "Simulation de l'import" in texte and "DUPONT" in texte, texte[:1000]
    assert salaries(ctx, COMPTABLE) == []  # the dry run wrote nothing
    visites.voir(page, "import-simulation")
    page.get_by_role("button", name="Appliquer l'import").click()
    page.wait_for_load_state("load")
    assert "Import appliqué" in page.locator("main").inner_text()
    assert len(salaries(ctx, COMPTABLE)) == 6
    page.get_by_role("link", name="Changer d'adhérent").click()
    page.get_by_role("link", name="Boulangerie Martin").click()
    page.wait_for_url(f"{base}/adherents/{NUMERO}")
    assert "Boulangerie Martin" in page.locator("header").inner_text()
    se_deconnecter(page)


def lecture_seule(page: Any, ctx: rst.Contexte, base: str, visites: Visites) -> None:
    """A read-only access: NIRs masked, no write button, a forged POST refused."""
    connecter(page, ctx, base, LECTEUR)
    page.wait_for_url(f"{base}/adherents/{NUMERO}")
    aller(page, "Mes salariés")
    visites.voir(page, "salaries-lecture-seule")
    texte = page.locator("main").inner_text()
    for rang, (nom, _, naissance, sexe) in enumerate(PERSONNES, start=1):
        assert nom in texte and nir(naissance, sexe, rang) not in texte
    assert "** *** ***" in texte
    assert page.get_by_role("link", name="Embaucher un salarié").count() == 0
    assert page.get_by_role("button", name="Embaucher").count() == 0
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
    # Photographed on one storage only: the pages are the same on both.
    visites = Visites(dossier_des_captures(tmp_path / "captures") if moteur == "sqlite"
                      else None)
    with portail_reel(url) as (ctx, base):
        rst.executer(ctx, AGENT, rst.CreerAdherent(NUMERO, "73282932000074",
                                                   "Boulangerie Martin", ADMIN))
        rst.executer(ctx, AGENT, rst.CreerAdherent(NUMERO_DSN, "84205317500019",
                                                   "Bâtiments Côte d'Émeraude", COMPTABLE))
        contexte_navigateur = navigateur.new_context(viewport={"width": 1280, "height": 800},
                                                     locale="fr-FR")
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
            reintegrer_une(page, ctx)
            effectif_a_deux_dates(page, visites)
            tableau_de_bord(page, visites)
            apercu_de_facture(page, visites)
            numero_oublie(page, ctx, base, visites)
            accorder(page, COMPTABLE, "Déclaration")
            accorder(page, LECTEUR, "Lecture seule")
            visites.voir(page, "acces")
            journal(page, visites)
            se_deconnecter(page)
            comptable_importe_puis_change(page, ctx, base, visites)
            lecture_seule(page, ctx, base, visites)
        finally:
            contexte_navigateur.close()
    assert visites.pages
