"""The steps of the seed's journey, as a member takes them in the browser: menus clicked,
fields found by their labels, the library read back to check what each step stored."""

from __future__ import annotations

import datetime as dt
import re
import time
from pathlib import Path
from typing import Any

from banc_navigateur import Visites, dernier_message

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
_FICHE = re.compile(r"/salaries/[0-9a-f]{32}$")


def nir(date_naissance: str, sexe: str, rang: int) -> str:
    """A valid NIR for the birth month and year (born in Paris, 75)."""
    annee, mois, _ = date_naissance.split("-")
    corps = f"{sexe}{annee[2:]}{mois}75056{rang:03d}"
    return f"{corps}{97 - int(corps) % 97:02d}"


def _acces(ctx: rst.Contexte, email: str) -> rst.Acces:
    numero = NUMERO_DSN if email == COMPTABLE else NUMERO
    (adherent,) = [a for a in rst.lister_adherents_accessibles(ctx, email)
                   if a.numero == numero]
    return rst.resoudre_acces(ctx, email, adherent.adherent_id)


def salaries(ctx: rst.Contexte, email: str = ADMIN) -> list[rst.Salarie]:
    acces = _acces(ctx, email)
    return list(rst.executer(ctx, acces, rst.ListerSalaries(acces.adherent_id)).salaries)


def salarie(ctx: rst.Contexte, nom: str) -> rst.Salarie:
    (trouve,) = [s for s in salaries(ctx) if s.identite.nom == nom]
    return trouve


def postes(ctx: rst.Contexte) -> list[rst.Poste]:
    acces = _acces(ctx, ADMIN)
    return list(rst.executer(ctx, acces, rst.ListerPostes(acces.adherent_id)))


def aller(page: Any, menu: str) -> None:
    """A menu entry, as a person clicks it."""
    page.get_by_role("navigation", name="Menu").get_by_role("link", name=menu).click()
    page.wait_for_load_state("load")


def texte(page: Any) -> str:
    return str(page.locator("main").inner_text())


def creer_postes(page: Any, visites: Visites) -> None:
    """The guide: « Mon compte → Gérer mes postes », before any hire."""
    aller(page, "Mon compte")
    page.get_by_role("link", name="Gérer mes postes").click()
    page.wait_for_load_state("load")
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


def remplir_embauche(page: Any, nom: str, prenoms: str, naissance: str, numero_nir: str,
                     poste: str, debut: str) -> None:
    page.get_by_label("Nom de famille").fill(nom)
    page.get_by_label("Prénoms").fill(prenoms)
    page.get_by_label("Date de naissance").fill(naissance)
    page.get_by_label("NIR").fill(numero_nir)
    page.get_by_label("Poste", exact=False).first.select_option(label=poste)
    page.get_by_label("Date de début").fill(debut)


def embaucher(page: Any, *champs: str) -> None:
    remplir_embauche(page, *champs)
    page.get_by_role("button", name="Embaucher").click()
    page.wait_for_load_state("load")


def embaucher_en_double_clic(page: Any, *champs: str) -> None:
    """A slow double click on « Embaucher »: the first answer is held back until the
    second click has sent the form again; the member must land on the file the first
    one created, not on « ce salarié a déjà une fiche »."""
    remplir_embauche(page, *champs)
    envois: list[str] = []

    def retenir(route: Any) -> None:
        if route.request.method != "POST":
            route.continue_()
            return
        envois.append(route.request.url)
        reponse = route.fetch(max_redirects=0)
        if len(envois) == 1:
            time.sleep(0.6)  # the second click happens meanwhile (a timer in the page)
        route.fulfill(response=reponse)

    page.route("**/salaries/nouveau", retenir)
    try:
        page.evaluate("""() => setTimeout(() => document.querySelector(
            'form.formulaire button[type=submit]').click(), 300)""")
        page.get_by_role("button", name="Embaucher").click(no_wait_after=True)
        # The first navigation is aborted by the second (a browser keeps the last one):
        # wait for the file, whichever answer brings it.
        for _ in range(200):
            page.wait_for_timeout(50)
            if len(envois) == 2 and _FICHE.search(page.url):
                break
        page.wait_for_load_state("load")
    finally:
        page.unroute("**/salaries/nouveau")
    assert len(envois) == 2, envois


def embaucher_quatre(page: Any, ctx: rst.Contexte, visites: Visites) -> None:
    for rang, (nom, prenoms, naissance, sexe) in enumerate(PERSONNES, start=1):
        aller(page, "Mes salariés")
        page.get_by_role("link", name="Embaucher un salarié").first.click()
        champs = (nom, prenoms, naissance, nir(naissance, sexe, rang), "Vendeuse",
                  "2025-01-06")
        if rang == 1:
            visites.voir(page, "embauche")
            embaucher_en_double_clic(page, *champs)
        else:
            embaucher(page, *champs)
        titre = page.get_by_role("heading", level=1).inner_text()
        assert titre.startswith(nom) and "déjà une fiche" not in texte(page), texte(page)
    assert len(salaries(ctx)) == 4
    aller(page, "Mes salariés")
    assert page.get_by_role("heading", level=1).inner_text() == "Liste de mes salariés"
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
    bernard = salarie(ctx, "Bernard")
    assert len(salaries(ctx)) == 4 and len(bernard.contrats) == 2
    assert bernard.contrats[0].fin == dt.date(2026, 1, 31)


def declarer_autres_employeurs(page: Any, ctx: rst.Contexte, visites: Visites) -> None:
    """On Bernard's file, the baker declares that he also works for another employer
    this year (F7): the file says so; RST will share his fee."""
    assert page.get_by_label("Année").input_value() == "2026"  # this year, by default
    page.get_by_label("Nombre d'autres employeurs").fill("1")
    page.get_by_role("button", name="Déclarer d'autres employeurs").click()
    page.wait_for_load_state("load")
    contenu = texte(page)
    assert "Déclaration enregistrée pour 2026 : 1 autre employeur." in contenu, contenu[:1500]
    assert "Déclaré pour 2026 : 1 autre employeur (le 16/03/2026)." in contenu
    visites.voir(page, "fiche-multi-employeur")
    bernard = salarie(ctx, "Bernard")
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
    martin = salarie(ctx, "Martin")
    page.get_by_role("link", name="Ajouter un contrat").click()
    page.wait_for_load_state("load")
    assert page.url.endswith(f"/salaries/{martin.id}/contrats/nouveau")
    assert len(salaries(ctx)) == 4


def cocher(page: Any, *noms: str) -> None:
    for nom in noms:
        page.get_by_label(nom, exact=True).check()


def sortir_trois_puis_renvoyer(page: Any, ctx: rst.Contexte, visites: Visites) -> None:
    """The guide's gesture: tick, the menu on the right, « Sortir de l'effectif »; three
    at once in one request, and the same request sent again changes nothing (E5)."""
    aller(page, "Mes salariés")
    cocher(page, "Martin Alice", "Petit Chloé", "Durand Léo")
    page.get_by_label("Date du mouvement").fill("2026-02-28")
    page.get_by_label("Motif de sortie").select_option(label="Démission")
    visites.voir(page, "salaries-coches")
    with page.expect_request(lambda r: r.method == "POST") as envoi:
        page.get_by_role("button", name="Sortir de l'effectif").click()
    page.wait_for_load_state("load")
    assert "3 salariés sortis de l'effectif" in texte(page)
    visites.voir(page, "mouvements-fait")
    sorties = {s.identite.nom: len(s.mouvements_actifs) for s in salaries(ctx)}
    assert sorties == {"Martin": 1, "Bernard": 0, "Petit": 1, "Durand": 1}
    requete = envoi.value
    renvoi = page.request.post(requete.url, data=requete.post_data, headers={
        "content-type": requete.headers["content-type"]}, max_redirects=0)
    assert renvoi.status == 303
    assert {s.identite.nom: len(s.mouvements_actifs) for s in salaries(ctx)} == sorties


def reintegrer_avec_son_contrat(page: Any, ctx: rst.Contexte, visites: Visites) -> None:
    """Chloé's contract ended with her exit: the form asks for the new one, and one
    request brings her back with it (no « sans contrat en cours » afterwards)."""
    aller(page, "Mes salariés")
    cocher(page, "Petit Chloé")
    page.get_by_label("Date du mouvement").fill("2026-03-09")
    page.get_by_label("Motif de réintégration").fill("Fin de congé sans solde")
    page.get_by_role("button", name="Réintégrer dans l'effectif").click()
    page.wait_for_load_state("load")
    assert "Le contrat de Petit Chloé est terminé" in texte(page)
    visites.voir(page, "salaries-contrat-demande")
    page.get_by_label("Poste du nouveau contrat").select_option(label="Vendeuse")
    page.get_by_role("button", name="Réintégrer dans l'effectif").click()
    page.wait_for_load_state("load")
    assert "1 salarié réintégré dans l'effectif" in texte(page)
    petit = salarie(ctx, "Petit")
    assert petit.est_dans_l_effectif and petit.contrat_le(dt.date(2026, 3, 9)) is not None
    assert petit.contrat_le(dt.date(2026, 3, 9)).debut == dt.date(2026, 3, 9)  # type: ignore[union-attr]


def annuler_une_sortie(page: Any, ctx: rst.Contexte, visites: Visites) -> None:
    """Léo's exit was a mistake: undone from his file, after reading what changes."""
    aller(page, "Mes salariés")
    page.get_by_role("link", name="Durand").click()
    page.get_by_role("link", name="Annuler cette sortie").click()
    page.wait_for_load_state("load")
    assert "Durand Léo sera de nouveau dans l'effectif." in texte(page)
    visites.voir(page, "annulation")
    page.get_by_role("button", name="Confirmer l'annulation").click()
    page.wait_for_load_state("load")
    assert "La sortie du 28/02/2026 est annulée." in texte(page)
    assert salarie(ctx, "Durand").est_dans_l_effectif


def deux_onglets(page: Any, ctx: rst.Contexte, visites: Visites) -> None:
    """A stale second tab (412): what changed since it was read is shown, and the reload
    keeps what the member typed."""
    aller(page, "Mes salariés")
    page.get_by_role("link", name="Bernard").click()
    page.get_by_role("link", name="Corriger l'identité").click()
    page.wait_for_load_state("load")
    autre = page.context.new_page()
    try:
        autre.goto(page.url)
        autre.get_by_label("Prénoms").fill("Paul Henri")
        autre.get_by_role("button", name="Enregistrer l'identité").click()
        autre.wait_for_load_state("load")
    finally:
        autre.close()
    page.get_by_label("Nom de famille").fill("Bernard-Roux")
    page.get_by_role("button", name="Enregistrer l'identité").click()
    page.wait_for_load_state("load")
    contenu = texte(page)
    assert "Modifié entre-temps" in contenu and "Paul Henri" in contenu
    assert page.get_by_label("Nom de famille").input_value() == "Bernard-Roux"
    visites.voir(page, "identite-conflit")
    page.get_by_role("button", name="Recharger les données en gardant ma saisie").click()
    page.wait_for_load_state("load")
    assert page.get_by_label("Nom de famille").input_value() == "Bernard-Roux"  # typed
    assert page.get_by_label("Prénoms").input_value() == "Paul Henri"  # saved meanwhile
    page.get_by_role("button", name="Enregistrer l'identité").click()
    page.wait_for_load_state("load")
    assert "Identité enregistrée" in texte(page)
    identite = salarie(ctx, "Bernard-Roux").identite
    assert identite.prenoms == "Paul Henri"
    # Put the name back: the rest of the journey looks for « Bernard ».
    page.get_by_role("link", name="Corriger l'identité").click()
    page.get_by_label("Nom de famille").fill("Bernard")
    page.get_by_role("button", name="Enregistrer l'identité").click()
    page.wait_for_load_state("load")


def effectif_a_deux_dates(page: Any, visites: Visites) -> None:
    aller(page, "Effectif")
    for le, attendu, noms in (("2026-02-15", "4", ("Martin", "Durand")),
                              ("2026-03-16", "3", ("Bernard", "Petit", "Durand"))):
        page.get_by_label("Présents le").fill(le)
        page.get_by_role("button", name="Afficher l'effectif").click()
        page.wait_for_load_state("load")
        total = page.locator(".carte", has_text="Total").locator(".valeur").inner_text()
        assert total == attendu, (le, total)
        assert all(nom in texte(page) for nom in noms)
    visites.voir(page, "effectif")


def tableau_de_bord(page: Any, visites: Visites) -> None:
    """Today's headcount by follow-up type, and the last 12 months drawn and tabulated."""
    aller(page, "Tableau de bord")
    assert page.locator("figure svg rect").count() > 0
    assert page.get_by_role("table").count() >= 1
    assert "sans contrat" not in texte(page)
    visites.voir(page, "tableau-de-bord")


def apercu_de_facture(page: Any, visites: Visites) -> None:
    aller(page, "Facturation")
    visites.voir(page, "facturation")
    page.get_by_role("link", name="Aperçu de la facture").click()
    page.wait_for_load_state("load")
    assert page.locator(".numero-adherent").inner_text() == NUMERO
    # This year, priced with the barème in force (F3 checked against the 2026 national
    # cost the library knows): nothing to configure, no box to tick.
    contenu = texte(page)
    assert all(nom in contenu for nom in ("Martin", "Bernard", "Petit", "Durand")), contenu
    assert "Du 01/01/2026 au 31/12/2026" in contenu and NUMERO in contenu
    assert "Barème d'exemple RST (2025 et 2026)" in contenu and "Total TTC" in contenu
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


def mes_factures(page: Any, visites: Visites) -> None:
    """The address invoices are made out to (F8), recorded on « Mon compte »; then
    « Mes factures », before any invoice is issued."""
    aller(page, "Mon compte")
    page.get_by_label("Adresse (numéro et voie)").fill("3 place du Marché")
    page.get_by_label("Code postal", exact=True).fill("69002")
    page.get_by_label("Ville", exact=True).fill("Lyon")
    page.get_by_role("button", name="Enregistrer le compte").click()
    page.wait_for_load_state("load")
    assert "3 place du Marché" in texte(page) and "69002 Lyon" in texte(page)
    aller(page, "Mes factures")
    assert "Aucune facture n'a encore été émise" in texte(page)
    visites.voir(page, "factures")


def accorder(page: Any, email: str, role: str) -> None:
    aller(page, "Accès")
    page.get_by_label("E-mail de la personne").fill(email)
    page.get_by_label(role, exact=True).check()
    page.get_by_role("button", name="Accorder l'accès").click()
    page.wait_for_load_state("load")
    assert email in texte(page)


def journal(page: Any, visites: Visites) -> None:
    aller(page, "Journal")
    contenu = texte(page)
    assert "salarié : Martin Alice" in contenu and "mouvement : sortie du 28/02/2026" \
        in contenu, contenu[:800]
    visites.voir(page, "journal")


def aide(page: Any, visites: Visites) -> None:
    aller(page, "Aide")
    assert "Lire votre facture" in texte(page) and NUMERO in texte(page)
    visites.voir(page, "aide")


def fichier_trop_gros(page: Any, tmp_path: Path, visites: Visites) -> None:
    """A file over the upload limit: a page of the portal, its menu, the limit in Mo."""
    gros = tmp_path / "trop-gros.dsn"
    gros.write_bytes(b"S10.G00.00.001,'x'\n" * 70_000)  # 1.3 MB, over the journey's 1 Mo
    aller(page, "Import")
    page.get_by_label("Fichier à importer").set_input_files(gros)
    page.get_by_role("button", name="Simuler l'import").click()
    page.wait_for_load_state("load")
    assert "le portail accepte des fichiers de 1 Mo au plus" in texte(page)
    assert page.get_by_role("navigation", name="Menu").count() == 1
    visites.voir(page, "trop-gros")


def se_deconnecter(page: Any) -> None:
    page.get_by_role("button", name="Se déconnecter").click()
    page.wait_for_url("**/connexion")


__all__ = ["ADMIN", "COMPTABLE", "EXEMPLE_DSN", "LECTEUR", "NUMERO", "NUMERO_DSN",
           "PERSONNES", "accorder", "aide", "aller", "annuler_une_sortie",
           "apercu_de_facture", "changer_de_contrat", "creer_postes",
           "declarer_autres_employeurs", "deux_onglets",
           "doublon_propose_la_fiche", "effectif_a_deux_dates", "embaucher_quatre",
           "fichier_trop_gros", "journal", "mes_factures", "nir", "numero_oublie", "postes",
           "reintegrer_avec_son_contrat", "salaries", "se_deconnecter",
           "sortir_trois_puis_renvoyer", "tableau_de_bord", "texte"]
