"""Mon compte (A1): the account as it stands, « Gérer mes postes », its administrators'
changes (a stale tab told what changed), the declarant number never shown (A2: it is
sent by e-mail), no form for other roles."""

from __future__ import annotations

import html

from banc_admin import acces_admin, accorder
from banc_pages import ADMIN, NUMERO, Portail, champs_caches

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
