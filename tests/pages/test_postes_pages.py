"""Mes postes in process: add, rename, risks that change the follow-up type, archive,
refusals next to their field, and the read-only view."""

from __future__ import annotations

import datetime as dt
import html

from banc_pages import NUMERO, Portail, champs_caches, sans_jargon
from banc_postes_salaries import lecteur, postes

import rst_effectifs as rst

POSTES = f"/adherents/{NUMERO}/postes"
LE = dt.date(2025, 1, 1)
"""The tests' clock: the day the pages show each poste's type for."""


def _ajouter(portail: Portail, libelle: str, *risques: str) -> rst.Poste:
    portail.lire(POSTES)
    suite = portail.suivre(portail.envoyer(POSTES, {"libelle": libelle,
                                                   "risques": ["", *risques]}))
    assert f"Poste « {libelle} » ajouté" in suite.text
    return next(p for p in postes(portail) if p.libelle == libelle)


def test_the_list_advises_postes_before_salaries_and_adds_one(portail: Portail) -> None:
    portail.connecter()
    page = portail.lire(POSTES)
    assert "Bonne pratique :</strong> Avant d&#39;ajouter un salarié, pensez à actualiser " \
        "votre liste de postes" in page.text
    assert "Aucun poste actif" in page.text and "Ajouter le poste" in page.text
    poste = _ajouter(portail, "Boulanger", "travail_de_nuit")
    assert poste.type_de_suivi_le(LE) is rst.TypeDeSuivi.SIA
    page = portail.lire(POSTES)
    assert "Boulanger" in page.text and "Travail de nuit" in page.text
    assert "SIA (suivi individuel adapté)" in page.text
    assert f'href="/adherents/{NUMERO}/salaries/nouveau">Embaucher un salarié' in page.text


def test_a_refused_poste_shows_the_message_next_to_its_field(portail: Portail) -> None:
    portail.connecter()
    _ajouter(portail, "Vendeuse")
    page = portail.envoyer(POSTES, {"libelle": "vendeuse", "risques": ["", "plomb"]},
                           statut=409)
    assert "Un poste actif s&#39;appelle déjà « Vendeuse »." in page.text
    assert 'aria-describedby="champ-libelle-aide champ-libelle-erreur"' in page.text
    assert 'aria-invalid="true"' in page.text
    assert 'value="plomb" checked' in page.text
    assert len(postes(portail)) == 1


def test_rename_risks_and_archive(portail: Portail) -> None:
    portail.connecter()
    poste = _ajouter(portail, "Livreur")
    fiche_url = f"{POSTES}/{poste.id}"
    fiche = portail.lire(fiche_url)
    assert "SIG (suivi individuel général)" in fiche.text
    suite = portail.suivre(portail.envoyer(f"{fiche_url}/libelle", {
        "libelle": "Livreur de nuit", "version_attendue": str(poste.version)}))
    assert "Poste renommé « Livreur de nuit »." in suite.text
    fiche = portail.lire(fiche_url)
    version = postes(portail)[0].version
    suite = portail.suivre(portail.envoyer(f"{fiche_url}/risques", {
        "risques": ["", "autorisation_conduite", "travail_de_nuit"],
        "version_attendue": str(version)}))
    assert "relève du SIR (suivi individuel renforcé)" in suite.text
    assert postes(portail)[0].type_de_suivi_le(LE) is rst.TypeDeSuivi.SIR
    assert 'value="autorisation_conduite" checked' in suite.text
    portail.suivre(portail.envoyer(f"{fiche_url}/risques", {
        "risques": [""], "version_attendue": str(postes(portail)[0].version)}))
    assert postes(portail)[0].type_de_suivi_le(LE) is rst.TypeDeSuivi.SIG
    suite = portail.suivre(portail.envoyer(f"{fiche_url}/archive", {
        "version_attendue": str(postes(portail)[0].version)}))
    assert "archivé : il ne reçoit plus de contrat" in suite.text
    assert postes(portail)[0].archive
    assert "Postes archivés" in suite.text and "Aucun poste actif" in suite.text
    fiche = portail.lire(fiche_url)
    assert "(archivé)" in fiche.text and "Archiver le poste" not in fiche.text


def test_a_stale_version_changes_nothing(portail: Portail) -> None:
    portail.connecter()
    poste = _ajouter(portail, "Caissier")
    portail.lire(f"{POSTES}/{poste.id}")
    portail.envoyer(f"{POSTES}/{poste.id}/libelle", {
        "libelle": "Caissière", "version_attendue": str(poste.version)})
    page = portail.envoyer(f"{POSTES}/{poste.id}/libelle", {
        "libelle": "Hôte de caisse", "version_attendue": str(poste.version)}, statut=412)
    assert 'role="alert"' in page.text and "Hôte de caisse" in page.text
    assert postes(portail)[0].libelle == "Caissière"


def test_a_stale_tab_on_a_poste_shows_what_changed_and_reloads_keeping_the_typing(
        portail: Portail) -> None:
    """Two tabs read the poste; one renames it; the other's risks form (stale, 412) says
    what changed since it was read, keeps the ticked boxes, and « Recharger les données »
    brings the current version without undoing the rename; only then does it save."""
    portail.connecter()
    poste = _ajouter(portail, "Livreur")
    fiche_url = f"{POSTES}/{poste.id}"
    onglet_a = portail.lire(fiche_url).text
    onglet_b = portail.lire(fiche_url).text
    portail.envoyer(f"{fiche_url}/libelle", [
        *champs_caches(onglet_b, "/libelle"), ("libelle", "Livreur de nuit")])
    saisie = [("risques", ["", "travail_de_nuit"]), ("justification_sir", "")]
    perime = [*champs_caches(onglet_a, "/risques"), *saisie]
    conflit = portail.envoyer(f"{fiche_url}/risques", perime, statut=412).text
    sans_jargon(conflit)
    texte = html.unescape(conflit)
    assert "Modifié entre-temps" in texte and "rien n'a été enregistré" in texte
    assert '<th scope="row">Libellé</th><td>Livreur</td><td>Livreur de nuit</td>' in texte
    assert "Risques</th>" not in texte  # unchanged: not listed
    assert 'value="travail_de_nuit" checked' in texte
    assert postes(portail)[0].risques == frozenset()
    recharge = portail.envoyer(f"{fiche_url}/risques", [*perime, ("recharger", "1")],
                               statut=200).text
    assert "Données rechargées" in recharge and 'value="travail_de_nuit" checked' in recharge
    portail.suivre(portail.envoyer(f"{fiche_url}/risques", [
        *champs_caches(recharge, "/risques"), *saisie]))
    apres = postes(portail)[0]
    assert apres.libelle == "Livreur de nuit"
    assert apres.risques == frozenset({rst.Risque.TRAVAIL_DE_NUIT})


def test_a_stale_rename_lists_the_risks_changed_meanwhile_and_keeps_the_new_name(
        portail: Portail) -> None:
    portail.connecter()
    poste = _ajouter(portail, "Vendeur")
    fiche_url = f"{POSTES}/{poste.id}"
    onglet_a = portail.lire(fiche_url).text
    portail.envoyer(f"{fiche_url}/risques", [
        *champs_caches(portail.lire(fiche_url).text, "/risques"),
        ("risques", ["", "plomb"]), ("justification_sir", "")])
    perime = [*champs_caches(onglet_a, "/libelle"), ("libelle", "Vendeuse")]
    texte = html.unescape(portail.envoyer(f"{fiche_url}/libelle", perime, statut=412).text)
    assert '<th scope="row">Risques</th><td>Aucun risque particulier</td><td>Plomb</td>' \
        in texte
    assert 'value="Vendeuse"' in texte
    recharge = portail.envoyer(f"{fiche_url}/libelle", [*perime, ("recharger", "1")],
                               statut=200).text
    assert 'value="Vendeuse"' in recharge
    portail.envoyer(f"{fiche_url}/libelle", [*champs_caches(recharge, "/libelle"),
                                             ("libelle", "Vendeuse")])
    apres = postes(portail)[0]
    assert apres.libelle == "Vendeuse" and apres.risques == frozenset({rst.Risque.PLOMB})


def test_read_only_sees_postes_without_forms_and_a_forged_post_is_refused(
        portail: Portail) -> None:
    portail.connecter()
    poste = _ajouter(portail, "Pâtissier", "plomb")
    lecteur(portail)
    page = portail.lire(POSTES)
    assert "Pâtissier" in page.text and "SIR (suivi individuel renforcé)" in page.text
    assert "Ajouter le poste" not in page.text
    fiche = portail.lire(f"{POSTES}/{poste.id}")
    assert "Renommer" not in fiche.text and "<form class=\"formulaire\"" not in fiche.text
    refus = portail.envoyer(POSTES, {"libelle": "Intrus"}, statut=403)
    assert "Vos droits ne permettent pas cette action." in refus.text
    refus = portail.envoyer(f"{POSTES}/{poste.id}/archive", {}, statut=403)
    assert "Vos droits ne permettent pas cette action." in refus.text
    assert [p.libelle for p in postes(portail)] == ["Pâtissier"]
    assert not postes(portail)[0].archive


def test_an_unknown_poste_is_the_librarys_404(portail: Portail) -> None:
    portail.connecter()
    page = portail.lire(f"{POSTES}/inconnu", statut=404)
    assert "Ce poste est introuvable." in page.text


def test_the_page_says_what_the_law_changed_for_the_postes_on_1_october_2025(
        portail: Portail) -> None:
    """P2b: a cariste (driving authorisation only) was SIR until 30/09/2025, SIG since;
    the page says so for that poste and not for the others, and the poste is untouched."""
    portail.connecter()
    cariste = _ajouter(portail, "Cariste", "autorisation_conduite")
    _ajouter(portail, "Désamianteur", "amiante", "autorisation_conduite")
    portail.ctx.horloge.instant = dt.datetime(2026, 12, 7, 9, tzinfo=dt.UTC)  # type: ignore[attr-defined]
    portail.connecter()  # months later: the stored session has ended (A6), sign in again
    page = portail.lire(POSTES).text
    assert "Ce qui a changé pour vos postes" in page
    assert ("Depuis le 01/10/2025 : l&#39;habilitation électrique et l&#39;autorisation de "
            "conduite sortent du suivi renforcé (suivi simple)") in page
    assert "— Décret n° 2025-355 du 18 avril 2025, art. R4624-23 du code du travail." in page
    assert (f'<li><a href="/adherents/{NUMERO}/postes/{cariste.id}">Cariste</a> : SIR '
            "jusqu'au 30/09/2025, SIG ensuite.</li>") in page
    assert "Désamianteur</a> :" not in page
    assert "Autorisation de conduite d&#39;équipements (SIG)" in page  # the box, today
    fiche = portail.lire(f"{POSTES}/{cariste.id}").text
    assert "<strong>SIG (suivi individuel général)</strong>" in fiche
    assert "SIG depuis le 01/10/2025, SIR avant" in fiche
    assert postes(portail)[0] == cariste  # the law rewrote nothing


def test_before_the_change_nothing_is_announced(portail: Portail) -> None:
    portail.connecter()
    _ajouter(portail, "Vendeuse")
    assert "Ce qui a changé pour vos postes" not in portail.lire(POSTES).text


def test_a_poste_shows_insee_label_of_its_code_and_an_unknown_code_is_refused(
        portail: Portail) -> None:
    portail.connecter()
    portail.lire(POSTES)
    page = portail.envoyer(POSTES, {"libelle": "Soudeur", "code_pcs": "999z",
                                    "risques": [""]}, statut=422)
    assert "nomenclature PCS-ESE 2017" in page.text and not postes(portail)
    portail.suivre(portail.envoyer(POSTES, {"libelle": "Soudeur", "code_pcs": "623E",
                                            "risques": [""]}))
    [poste] = postes(portail)
    fiche = portail.lire(f"{POSTES}/{poste.id}").text
    assert "623e (Soudeurs manuels)" in fiche
