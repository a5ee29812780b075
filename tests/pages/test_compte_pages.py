"""Mon compte (A1): the account as it stands, its administrators' changes, the
declarant number never shown (A2: it is sent by e-mail), no form for other roles."""

from __future__ import annotations

from banc_admin import acces_admin, accorder
from banc_pages import ADMIN, NUMERO, Portail

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


def test_a_change_made_meanwhile_is_refused_and_shown_as_it_is_now(portail: Portail) -> None:
    portail.connecter()
    portail.lire(URL)
    perime = _champs(portail, raison_sociale="Ancienne lecture")
    admin = acces_admin(portail.ctx)
    rst.executer(portail.ctx, admin, rst.ModifierCompte(admin.adherent_id,
                                                        raison_sociale="Entre-temps"))
    page = portail.envoyer(URL, perime, statut=412)
    assert "modifiées depuis que vous les avez lues" in page.text
    assert 'value="Entre-temps"' in page.text
    assert _compte(portail).raison_sociale == "Entre-temps"


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
