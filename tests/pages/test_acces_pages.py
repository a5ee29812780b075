"""Accès (A3): list, grant, change roles, revoke; the last administrator is kept; a
read-only access sees no form and a forged post is refused."""

from __future__ import annotations

from banc_admin import acces_admin, accorder
from banc_pages import ADMIN, NUMERO, Portail, sans_jargon

import rst_effectifs as rst

URL = f"/adherents/{NUMERO}/acces"


def _roles(portail: Portail, email: str) -> frozenset[rst.Role] | None:
    admin = acces_admin(portail.ctx)
    tous = rst.executer(portail.ctx, admin, rst.ListerAcces(admin.adherent_id))
    return next((a.roles for a in tous if a.email.valeur == email), None)


def test_the_admin_grants_changes_and_revokes_an_access(portail: Portail) -> None:
    portail.connecter()
    page = portail.lire(URL)
    assert "<h1>Accès</h1>" in page.text and ADMIN in page.text
    assert "Accorder l'accès" in page.text and 'name="roles" value="declaration"' in page.text
    reponse = portail.envoyer(URL, [("email", "compta@cabinet.fr"), ("roles", ""),
                                    ("roles", "facturation"), ("roles", "lecture")])
    liste = portail.suivre(reponse)
    assert "Accès accordé à compta@cabinet.fr." in liste.text
    assert "Facturation, Lecture seule" in liste.text
    assert _roles(portail, "compta@cabinet.fr") == {rst.Role.FACTURATION, rst.Role.LECTURE}

    formulaire = portail.lire(f"{URL}/modifier?email=compta@cabinet.fr")
    assert "Modifier les rôles de compta@cabinet.fr" in formulaire.text
    assert 'value="facturation" checked' in formulaire.text
    reponse = portail.envoyer(f"{URL}/modifier", [("email", "compta@cabinet.fr"),
                                                  ("roles", ""), ("roles", "declaration")])
    assert "Rôles de compta@cabinet.fr enregistrés." in portail.suivre(reponse).text
    assert _roles(portail, "compta@cabinet.fr") == {rst.Role.DECLARATION}

    reponse = portail.envoyer(f"{URL}/retirer", {"email": "compta@cabinet.fr"})
    assert "Accès de compta@cabinet.fr retiré." in portail.suivre(reponse).text
    assert _roles(portail, "compta@cabinet.fr") is None
    page = portail.lire(f"{URL}/modifier?email=compta@cabinet.fr", statut=404)
    assert "Cette adresse n&#39;a pas d&#39;accès à cet adhérent." in page.text


def test_a_refused_grant_keeps_the_form_and_says_why(portail: Portail) -> None:
    portail.connecter()
    portail.lire(URL)
    page = portail.envoyer(URL, [("email", "x@cabinet.fr"), ("roles", "")], statut=422)
    assert 'id="champ-roles-erreur"' in page.text and 'value="x@cabinet.fr"' in page.text
    page = portail.envoyer(URL, [("email", ADMIN), ("roles", ""), ("roles", "lecture")],
                           statut=409)
    assert "Cette adresse a déjà un accès à cet adhérent" in page.text
    assert _roles(portail, "x@cabinet.fr") is None
    assert _roles(portail, ADMIN) == {rst.Role.ADMINISTRATEUR}


def test_the_last_administrator_is_kept(portail: Portail) -> None:
    portail.connecter()
    portail.lire(URL)
    page = portail.envoyer(f"{URL}/retirer", {"email": ADMIN}, statut=409)
    assert "dernier administrateur" in page.text and 'role="alert"' in page.text
    portail.lire(f"{URL}/modifier?email={ADMIN}")
    page = portail.envoyer(f"{URL}/modifier", [("email", ADMIN), ("roles", ""),
                                               ("roles", "lecture")], statut=409)
    assert "dernier administrateur" in page.text and "Enregistrer les rôles" in page.text
    assert _roles(portail, ADMIN) == {rst.Role.ADMINISTRATEUR}


def test_a_read_only_access_has_no_menu_entry_and_a_forged_post_is_refused(
        portail: Portail) -> None:
    accorder(portail.ctx, "lecteur@cabinet.fr", rst.Role.LECTURE)
    tableau = portail.connecter("lecteur@cabinet.fr")
    assert f'href="{URL}"' not in tableau.text
    page = portail.lire(URL, statut=403)
    assert "Demande refusée" in page.text and "Accorder l'accès" not in page.text
    page = portail.envoyer(URL, [("email", "pirate@x.fr"), ("roles", "administrateur")],
                           statut=403)
    assert "Demande refusée" in page.text
    portail.envoyer(f"{URL}/retirer", {"email": ADMIN}, statut=403)
    assert _roles(portail, "pirate@x.fr") is None
    assert _roles(portail, ADMIN) == {rst.Role.ADMINISTRATEUR}


def test_the_refusal_page_says_its_message_once(portail: Portail) -> None:
    """A page the access may not open: one refusal, under the page's title (its reference
    only in the folded details for support)."""
    accorder(portail.ctx, "rh@boulangerie.fr", rst.Role.LECTURE)
    portail.connecter("rh@boulangerie.fr")
    page = portail.lire(f"/adherents/{NUMERO}/acces", statut=403).text
    assert page.count("Vos droits ne permettent pas cette action.") == 1
    assert page.index("<h1>Demande refusée</h1>") < page.index("Vos droits ne permettent")
    sans_jargon(page)
