"""Mon compte (A1): the account as it stands, « Gérer mes postes », its administrators'
changes (a stale tab told what changed), the declarant number never shown (A2: it is
sent by e-mail), no form for other roles."""

from __future__ import annotations

import html

from banc_admin import acces_admin, accorder
from banc_pages import ADMIN, NUMERO, Portail, champs_caches, portail_sur, sans_jargon

import rst_effectifs as rst

URL = f"/adherents/{NUMERO}/compte"


def _compte(portail: Portail) -> rst.Compte:
    admin = acces_admin(portail.ctx)
    compte: rst.Compte = rst.executer(portail.ctx, admin, rst.ConsulterCompte(
        admin.adherent_id))
    return compte


def _champs(portail: Portail, **autres: str) -> dict[str, str]:
    compte = _compte(portail)
    return {"raison_sociale": compte.raison_sociale,
            "email_connexion": compte.email_connexion.valeur, "numero_teledeclarant": "",
            "version_attendue": str(compte.version), **autres}


def test_the_account_is_shown_with_a_link_to_the_forgotten_number(portail: Portail) -> None:
    portail.connecter()
    page = portail.lire(URL)
    assert "<h1>Mon compte</h1>" in page.text and "73282932000074" in page.text
    assert "Boulangerie Martin" in page.text and ADMIN in page.text
    assert "Non renseigné" in page.text
    assert 'href="/numero-teledeclarant">Numéro de télédéclarant oublié</a>' in page.text
    assert "Enregistrer le compte" in page.text


def test_the_admin_changes_the_account_and_the_number_is_never_shown(
        portail: Portail) -> None:
    portail.connecter()
    portail.lire(URL)
    reponse = portail.envoyer(URL, _champs(portail, raison_sociale="Boulangerie Martin SAS",
                                           numero_teledeclarant="TD123456"))
    page = portail.suivre(reponse)
    assert "Compte enregistré." in page.text and "Boulangerie Martin SAS" in page.text
    assert "Enregistré (il n'est jamais affiché)" in page.text
    assert "TD123456" not in page.text
    compte = _compte(portail)
    assert compte.raison_sociale == "Boulangerie Martin SAS"
    assert compte.numero_teledeclarant is not None
    assert compte.numero_teledeclarant.valeur == "TD123456"
    # an empty number field keeps the number
    portail.envoyer(URL, _champs(portail))
    assert _compte(portail).numero_teledeclarant == compte.numero_teledeclarant


def test_a_refused_number_is_said_next_to_its_field_and_not_echoed(portail: Portail) -> None:
    portail.connecter()
    portail.lire(URL)
    page = portail.envoyer(URL, _champs(portail, numero_teledeclarant="12"), statut=422)
    assert 'id="champ-numero-teledeclarant-erreur"' in page.text
    assert 'value="12"' not in page.text
    assert _compte(portail).numero_teledeclarant is None


def test_a_stale_tab_shows_what_changed_and_reloads_keeping_the_typing(
        portail: Portail) -> None:
    """412: the form read before someone else saved says what changed since, keeps what
    was typed, and « Recharger les données » brings the current version without losing
    it; only then does sending save."""
    portail.connecter()
    page = portail.lire(URL).text
    lu_avant = [(k, v) for k, v in champs_caches(page, "/compte") if k.startswith("lu.")]
    perime = [*_champs(portail, raison_sociale="Ma saisie").items(), *lu_avant]
    admin = acces_admin(portail.ctx)
    rst.executer(portail.ctx, admin, rst.ModifierCompte(admin.adherent_id,
                                                        raison_sociale="Entre-temps"))
    conflit = html.unescape(portail.envoyer(URL, perime, statut=412).text)
    assert "Modifié entre-temps" in conflit
    assert "<th scope=\"row\">Raison sociale</th><td>Boulangerie Martin</td><td>Entre-temps</td>" \
        in conflit
    assert "E-mail de connexion</th>" not in conflit  # unchanged: not listed
    assert 'value="Ma saisie"' in conflit
    assert portail.envoyer(URL, perime, statut=412)  # sending again is still refused
    recharge = html.unescape(portail.envoyer(URL, [*perime, ("recharger", "1")],
                                             statut=200).text)
    assert "Données rechargées" in recharge and 'value="Ma saisie"' in recharge
    assert _compte(portail).raison_sociale == "Entre-temps"
    nouveaux = [(k, v) for k, v in champs_caches(recharge, "/compte")]
    envoi = [*[(k, v) for k, v in _champs(portail, raison_sociale="Ma saisie").items()
               if k != "version_attendue"], *nouveaux]
    portail.envoyer(URL, envoi)
    assert _compte(portail).raison_sociale == "Ma saisie"


ADRESSE = {"adresse.lignes": ["12 rue des Fours", "Bâtiment B", ""],
           "adresse.code_postal": "69003", "adresse.ville": "Lyon"}


def test_the_admin_records_the_address_invoices_are_made_out_to(portail: Portail) -> None:
    """F8: an invoice needs the buyer's address; « Mon compte » shows and edits it."""
    portail.connecter()
    page = portail.lire(URL).text
    assert "Adresse de facturation" in page and "Non renseignée" in page
    assert page.count('name="adresse.lignes"') == 3
    suite = html.unescape(portail.suivre(portail.envoyer(URL, [
        *_champs(portail).items(), *ADRESSE.items()])).text)
    assert "Compte enregistré." in suite
    assert "12 rue des Fours<br>Bâtiment B<br>69003 Lyon" in suite
    assert 'value="12 rue des Fours"' in suite and 'value="69003"' in suite
    assert _compte(portail).adresse == rst.Adresse(("12 rue des Fours", "Bâtiment B"),
                                                   "69003", "Lyon")
    # empty address fields keep the address
    portail.envoyer(URL, [*_champs(portail, raison_sociale="Boulangerie Martin SAS").items(),
                          ("adresse.lignes", ["", "", ""]), ("adresse.code_postal", ""),
                          ("adresse.ville", "")])
    assert _compte(portail).adresse is not None


def test_a_refused_address_is_said_next_to_its_field(portail: Portail) -> None:
    portail.connecter()
    portail.lire(URL)
    page = portail.envoyer(URL, [*_champs(portail).items(),
                                 *{**ADRESSE, "adresse.ville": ""}.items()], statut=422).text
    sans_jargon(page)
    assert 'id="champ-adresse-ville-erreur"' in page and "Ce champ est obligatoire." in page
    assert 'value="12 rue des Fours"' in page and 'value="69003"' in page
    page = portail.envoyer(URL, [*_champs(portail).items(),
                                 *{**ADRESSE, "adresse.code_postal": "69/3"}.items()],
                           statut=422).text
    assert 'id="champ-adresse-code-postal-erreur"' in page
    assert "Le code postal est invalide." in page
    page = portail.envoyer(URL, [*_champs(portail).items(),
                                 *{**ADRESSE, "adresse.lignes": ["", ""]}.items()],
                           statut=422).text
    assert 'id="champ-adresse-lignes-erreur"' in html.unescape(page)
    assert _compte(portail).adresse is None


def test_a_stale_tab_lists_the_address_changed_meanwhile_and_keeps_the_typed_one(
        portail: Portail) -> None:
    portail.connecter()
    page = portail.lire(URL).text
    lu_avant = [(k, v) for k, v in champs_caches(page, "/compte") if k.startswith("lu.")]
    avant = _champs(portail)
    admin = acces_admin(portail.ctx)
    rst.executer(portail.ctx, admin, rst.ModifierCompte(admin.adherent_id, adresse=rst.Adresse(
        ("3 place Bellecour", "Escalier C"), "69002", "Lyon")))
    vide = [("adresse.lignes", ["", "", ""]), ("adresse.code_postal", ""), ("adresse.ville", "")]
    perime = [*{**avant, "raison_sociale": "Ma saisie"}.items(), *lu_avant, *vide]
    conflit = portail.envoyer(URL, perime, statut=412).text
    sans_jargon(conflit)
    texte = html.unescape(conflit)
    assert '<th scope="row">Adresse</th><td></td><td>3 place Bellecour, Escalier C</td>' \
        in texte
    assert '<th scope="row">Code postal</th><td></td><td>69002</td>' in texte
    recharge = html.unescape(portail.envoyer(URL, [*perime, ("recharger", "1")],
                                             statut=200).text)
    # what was left as read takes the current value, what was typed is kept
    assert 'value="3 place Bellecour"' in recharge and 'value="Escalier C"' in recharge
    assert 'value="69002"' in recharge and 'value="Ma saisie"' in recharge
    tape = [*avant.items(), *lu_avant, ("adresse.lignes", ["1 rue Neuve", "", ""]),
            ("adresse.code_postal", "69100"), ("adresse.ville", "Villeurbanne")]
    recharge = html.unescape(portail.envoyer(URL, [*tape, ("recharger", "1")], statut=200).text)
    assert 'value="1 rue Neuve"' in recharge and 'value="Escalier C"' not in recharge
    assert 'value="69100"' in recharge and 'value="Villeurbanne"' in recharge


def test_the_new_login_email_becomes_an_administrator(portail: Portail) -> None:
    portail.connecter()
    portail.lire(URL)
    portail.envoyer(URL, _champs(portail, email_connexion="gerant@boulangerie.fr"))
    assert _compte(portail).email_connexion.valeur == "gerant@boulangerie.fr"
    assert acces_admin(portail.ctx, "gerant@boulangerie.fr").roles == {
        rst.Role.ADMINISTRATEUR}


def test_a_declaration_access_sees_the_account_but_no_form(portail: Portail) -> None:
    accorder(portail.ctx, "rh@boulangerie.fr", rst.Role.DECLARATION)
    portail.connecter("rh@boulangerie.fr")
    page = portail.lire(URL)
    assert "Boulangerie Martin" in page.text and "Numéro de télédéclarant oublié" in page.text
    assert "Enregistrer le compte" not in page.text and 'name="raison_sociale"' not in page.text
    page = portail.envoyer(URL, _champs(portail, raison_sociale="Piratée"), statut=403)
    assert 'role="alert"' in page.text
    assert "Vos droits ne permettent pas cette action." in page.text
    assert _compte(portail).raison_sociale == "Boulangerie Martin"


def test_the_account_leads_to_its_postes(portail: Portail) -> None:
    """The guide: « Mon compte → Gérer mes postes »."""
    portail.connecter()
    page = html.unescape(portail.lire(URL).text)
    assert '<h2 id="titre-postes">Gérer mes postes</h2>' in page
    assert f'href="/adherents/{NUMERO}/postes">Gérer mes postes</a>' in page
    assert "Avant d'ajouter un salarié, pensez à actualiser votre liste de postes" in page
    assert "Bonne pratique :</strong> Il apparaît sur vos factures" in page


def test_signing_out_everywhere_refuses_the_other_sessions_cookie(portail: Portail) -> None:
    """« Se déconnecter partout » on « Mon compte » ends every session of the e-mail: the
    other browser's cookie no longer opens a page."""
    with portail_sur(portail.ctx, adherent=False) as ailleurs:
        ailleurs.connecter()
        assert ailleurs.lire(URL).status_code == 200
        portail.connecter()
        page = portail.lire(URL).text
        assert champs_caches(page, "/deconnexion/partout") == []  # only the CSRF token
        assert "Se déconnecter partout</button>" in page
        suite = portail.suivre(portail.envoyer("/deconnexion/partout"))
        assert "Vous êtes déconnecté partout." in suite.text
        refus = ailleurs.get(URL, follow_redirects=False)
        assert refus.status_code == 303
        assert refus.headers["location"].startswith("/connexion")
        assert portail.get(URL, follow_redirects=False).status_code == 303
