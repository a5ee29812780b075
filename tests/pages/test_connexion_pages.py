"""Connexion, choix de l'adhérent, tableau de bord, numéro de télédéclarant oublié: the
pages outside the menus, in process."""

from __future__ import annotations

import datetime as dt

from banc_pages import ADMIN, AGENT, NUMERO, Portail, code_recu

import rst_effectifs as rst


def test_signed_out_pages_lead_to_sign_in_and_back(portail: Portail) -> None:
    reponse = portail.get(f"/adherents/{NUMERO}?annee=2025", follow_redirects=False)
    assert reponse.status_code == 303
    assert reponse.headers["location"] == "/connexion?suite=%2Fadherents%2F101%3Fannee%3D2025"
    page = portail.lire(reponse.headers["location"])
    assert 'value="/adherents/101?annee=2025"' in page.text and "Recevoir un code" in page.text
    portail.envoyer("/connexion/demande", {"email": ADMIN, "suite": "/adherents/101"},
                    csrf=False)
    reponse = portail.envoyer("/connexion/code", {
        "email": ADMIN, "code": code_recu(portail.ctx, ADMIN), "suite": "/adherents/101"},
        csrf=False)
    assert reponse.headers["location"] == "/adherents/101"
    tableau = portail.suivre(reponse)
    assert "Vous êtes connecté." in tableau.text and "Tableau de bord" in tableau.text


def test_the_next_page_is_a_local_path_only(portail: Portail) -> None:
    portail.envoyer("/connexion/demande", {"email": ADMIN}, csrf=False)
    reponse = portail.envoyer("/connexion/code", {
        "email": ADMIN, "code": code_recu(portail.ctx, ADMIN),
        "suite": "//evil.example/x"}, csrf=False)
    assert reponse.headers["location"] == "/adherents"


def test_a_wrong_code_is_refused_next_to_its_field(portail: Portail) -> None:
    portail.envoyer("/connexion/demande", {"email": ADMIN}, csrf=False)
    reponse = portail.envoyer("/connexion/code", {"email": ADMIN, "code": "00000000"},
                              statut=401, csrf=False)
    assert 'role="alert"' in reponse.text or 'class="erreur"' in reponse.text
    assert "Se connecter" in reponse.text


def test_known_and_unknown_addresses_see_the_same_page(portail: Portail) -> None:
    connu = portail.envoyer("/connexion/demande", {"email": ADMIN}, csrf=False)
    inconnu = portail.envoyer("/connexion/demande", {"email": "x@ailleurs.fr"}, csrf=False)
    assert portail.suivre(connu).text.replace(ADMIN, "@") == \
        portail.suivre(inconnu).text.replace("x@ailleurs.fr", "@")


def test_one_adherent_goes_straight_to_its_dashboard(portail: Portail) -> None:
    tableau = portail.connecter()
    assert str(tableau.url).endswith("/adherents/101")
    assert "n° d'adhérent <strong>101</strong>" in tableau.text
    assert "Changer d'adhérent" not in tableau.text


def test_an_accountant_chooses_among_its_adherents(portail: Portail) -> None:
    autre = rst.executer(portail.ctx, AGENT, rst.CreerAdherent(
        "202", "44306184100047", "Garage du Port", "garage@exemple.fr"))
    acces = rst.resoudre_acces(portail.ctx, "garage@exemple.fr", autre.id)
    rst.executer(portail.ctx, acces, rst.AccorderAcces(
        autre.id, ADMIN, frozenset({rst.Role.LECTURE})))
    choix = portail.connecter()
    assert str(choix.url).endswith("/adherents")
    assert "Boulangerie Martin" in choix.text and "Garage du Port" in choix.text
    assert "Lecture seule" in choix.text
    garage = portail.lire("/adherents/202")
    assert "Changer d'adhérent" in garage.text and "Garage du Port" in garage.text


def test_another_members_number_is_the_librarys_404(portail: Portail) -> None:
    rst.executer(portail.ctx, AGENT, rst.CreerAdherent(
        "303", "44306184100047", "Ailleurs", "ailleurs@exemple.fr"))
    portail.connecter()
    page = portail.lire("/adherents/303", statut=404)
    assert "Demande refusée" in page.text and "Ailleurs" not in page.text


def test_the_dashboard_draws_twelve_months_and_tabulates_them(portail: Portail) -> None:
    ctx = portail.ctx
    (acces,) = [rst.resoudre_acces(ctx, ADMIN, a.adherent_id)
                for a in rst.lister_adherents_accessibles(ctx, ADMIN)]
    aujourd_hui = ctx.horloge.maintenant().date()
    poste = rst.executer(ctx, acces, rst.AjouterPoste(acces.adherent_id, "Vendeur"))
    rst.executer(ctx, acces, rst.EmbaucherSalarie(
        acces.adherent_id, "Durand", "Léa", dt.date(1990, 1, 1),
        rst.NouveauContrat(rst.NatureContrat("01"), aujourd_hui - dt.timedelta(days=40),
                           poste.id)))
    tableau = portail.connecter().text
    assert tableau.count("<tr><th scope=\"row\">") == 12
    assert "<svg" in tableau and 'role="img"' in tableau
    assert f"Effectif au {aujourd_hui:%d/%m/%Y}" in tableau
    assert '<p class="valeur">1</p>' in tableau


def test_sign_out_ends_the_session(portail: Portail) -> None:
    portail.connecter()
    reponse = portail.envoyer("/deconnexion")
    assert reponse.headers["location"] == "/connexion"
    assert portail.get("/adherents/101", follow_redirects=False).status_code == 303


def test_a_forged_sign_out_without_token_is_refused(portail: Portail) -> None:
    portail.connecter()
    refus = portail.envoyer("/deconnexion", statut=403, csrf=False)
    assert refus.headers["content-type"].startswith("text/html")
    assert "jeton anti-falsification" in refus.text and "<h1>Demande refusée</h1>" in refus.text
    assert portail.get("/adherents/101", follow_redirects=False).status_code == 200


def test_a_cross_site_post_is_refused_as_a_page(portail: Portail) -> None:
    refus = portail.post("/connexion/demande", data={"email": ADMIN},
                         headers={"Origin": "null"}, follow_redirects=False)
    assert refus.status_code == 403 and "autre site" in refus.text
    assert refus.headers["content-security-policy"].startswith("default-src 'self'")


def test_forgotten_declarant_number_reaches_the_outbox(ctx: rst.Contexte,
                                                       portail: Portail) -> None:
    (a,) = rst.lister_adherents_accessibles(ctx, ADMIN)
    acces = rst.resoudre_acces(ctx, ADMIN, a.adherent_id)
    rst.executer(ctx, acces, rst.ModifierCompte(a.adherent_id,
                                                numero_teledeclarant="TD12345"))
    portail.lire("/numero-teledeclarant")
    page = portail.envoyer("/numero-teledeclarant", {"email": ADMIN}, statut=200,
                           csrf=False)
    assert "vient d'y être envoyé" in page.text
    assert isinstance(ctx.notifier, rst.NotifierMemoire)
    assert any("TD12345" in m.corps for m in ctx.notifier.messages
               if m.destinataire.valeur == ADMIN)
