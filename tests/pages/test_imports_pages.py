"""Import: a DSN or CSV file simulated (nothing written), then applied — the same
file, once however often the form is resent; a file's mistakes listed; a tampered
confirmation, a too-big file and a read-only access refused in French."""

from __future__ import annotations

import html
import random
import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from banc_admin import acces_admin, accorder
from banc_pages import ADMIN, AGENT, NUMERO, SECRET, Portail, portail_sur, sans_jargon

import rst_effectifs as rst
from rst_effectifs.entrypoints.web import creer_application
from rst_effectifs.entrypoints.web.pages.imports import emballer
from rst_effectifs.entrypoints.web.reglages import Reglages

URL = f"/adherents/{NUMERO}/import"
_CACHE = re.compile(r'<input type="hidden" name="([a-z_]+)" value="([^"]*)">')


def _vu(reponse: httpx.Response) -> str:
    """The page's text as a person reads it (entities such as ``&#39;`` decoded)."""
    return html.unescape(reponse.text)


def _fichier(nom: str) -> bytes:
    return Path(rst.chemin_exemple(nom)).read_bytes()


def _confirmation(page: str) -> dict[str, str]:
    """The hidden fields of the "Appliquer l'import" form (the CSRF token left out)."""
    formulaire = page[page.index('action="/adherents/101/import/appliquer"'):]
    return {k: v for k, v in _CACHE.findall(formulaire) if k != "csrf"}


def _salaries(ctx: rst.Contexte) -> list[str]:
    admin = acces_admin(ctx)
    page = rst.executer(ctx, admin, rst.ListerSalaries(admin.adherent_id, limite=200))
    return sorted(s.identite.nom for s in page.salaries)


@pytest.fixture
def portail_dsn(ctx: rst.Contexte) -> Iterator[Portail]:
    """The adherent 101 is the Saint-Malo establishment the sample DSN declares."""
    rst.executer(ctx, AGENT, rst.CreerAdherent(NUMERO, "84205317500019",
                                               "Bâtiments Côte d'Émeraude", ADMIN))
    with portail_sur(ctx, adherent=False) as p:
        yield p


def test_a_dsn_is_simulated_then_applied_once(portail_dsn: Portail) -> None:
    portail = portail_dsn
    portail.connecter()
    formulaire = portail.lire(URL)
    assert 'enctype="multipart/form-data"' in _vu(formulaire)
    assert 'type="file"' in _vu(formulaire) and "Simuler l'import" in _vu(formulaire)
    simulation = portail.envoyer(URL, {"format": "dsn", "creer_postes": "oui"}, statut=200,
                                 fichiers={"fichier": ("exemple.dsn", _fichier("exemple.dsn"),
                                                       "text/plain")})
    texte = _vu(simulation)
    assert "Simulation de l'import" in texte and "Rien n'est encore enregistré." in texte
    assert "DUPONT Élodie Marie" in texte and "ROUSSEAU" in texte and "Sorties" in texte
    assert "Postes créés" in texte and "Appliquer l'import" in texte
    assert "031 – fin de contrat à durée déterminée" in texte  # the norm's label
    assert "84205317500027" in texte  # Rennes: another establishment, ignored
    assert re.search(r"\d \d{2} \d{2} \*\*", texte) and "2840375" not in texte
    assert _salaries(portail.ctx) == []  # a dry run writes nothing

    champs = _confirmation(texte)
    reponse = portail.envoyer(f"{URL}/appliquer", champs)
    page = portail.suivre(reponse)
    assert "Import appliqué : 6 embauches" in _vu(page) and "postes créés" in _vu(page)
    apres = _salaries(portail.ctx)
    assert "DUPONT" in apres and "LEROY" not in apres and len(apres) == 6

    portail.lire(URL)
    encore = portail.envoyer(f"{URL}/appliquer", champs)  # the form resent
    assert "rien n'a changé" in _vu(portail.suivre(encore))
    assert _salaries(portail.ctx) == apres
    deuxieme = portail.envoyer(URL, {"format": "dsn", "creer_postes": "oui"}, statut=200,
                               fichiers={"fichier": ("exemple.dsn", _fichier("exemple.dsn"),
                                                     "text/plain")})
    assert "Rien à appliquer" in _vu(deuxieme) and "Appliquer l'import" not in _vu(deuxieme)


def test_a_csv_without_its_postes_leaves_its_people_out(portail: Portail) -> None:
    portail.connecter()
    portail.lire(URL)
    page = portail.envoyer(URL, {"format": "csv"}, statut=200, fichiers={
        "fichier": ("salaries.csv", _fichier("salaries.csv"), "text/csv")})
    assert "Postes introuvables" in _vu(page) and "Secrétaire de direction" in _vu(page)
    assert "Appliquer l'import" not in _vu(page)  # nothing would be written


def test_a_csv_with_new_postes_is_applied_on_any_adherent(portail: Portail) -> None:
    """What a browser journey can do on the adherent 101 (a CSV names no SIRET)."""
    portail.connecter()
    portail.lire(URL)
    page = portail.envoyer(URL, {"format": "csv", "creer_postes": "oui"}, statut=200,
                           fichiers={"fichier": ("salaries.csv", _fichier("salaries.csv"),
                                                 "text/csv")})
    assert "Fichier <strong>salaries.csv</strong> (CSV), postes introuvables créés." \
        in _vu(page)
    assert "2 84 03 ** *** *** **" in _vu(page) and "CDI du 01/09/2015" in _vu(page)
    reponse = portail.envoyer(f"{URL}/appliquer", _confirmation(page.text))
    assert "Import appliqué : 4 embauches, 1 sortie, 4 postes créés." in _vu(
        portail.suivre(reponse))
    assert _salaries(portail.ctx) == ["BLANC", "DUPONT", "MOREAU", "PETIT"]


def test_an_unreadable_form_is_said_in_french(portail: Portail) -> None:
    portail.connecter()
    portail.lire(URL)
    reponse = portail.post(URL, content=b"--x", headers={
        "content-type": "multipart/form-data", "x-csrf-token": portail.csrf})
    assert reponse.status_code == 400 and "Le formulaire envoyé est illisible" in _vu(reponse)


def test_a_malformed_dsn_lists_its_mistakes_by_line(portail_dsn: Portail) -> None:
    portail = portail_dsn
    portail.connecter()
    portail.lire(URL)
    page = portail.envoyer(URL, {"format": "dsn"}, statut=422, fichiers={
        "fichier": ("malformee.dsn", _fichier("malformee.dsn"), "text/plain")})
    assert 'id="erreurs-fichier"' in _vu(page) and "rien n'a été importé" in _vu(page)
    assert "Ligne 5 : Un bloc « contrat »" in _vu(page) and "Ligne 12" in _vu(page)
    assert "Simuler l'import" in _vu(page)


def test_another_establishments_dsn_and_a_missing_file_are_refused(portail: Portail) -> None:
    portail.connecter()
    portail.lire(URL)
    page = portail.envoyer(URL, {"format": "dsn"}, statut=422, fichiers={
        "fichier": ("exemple.dsn", _fichier("exemple.dsn"), "text/plain")})
    assert 'role="alert"' in _vu(page) and "Simuler l'import" in _vu(page)
    assert "Ce fichier ne déclare pas l'établissement de cet adhérent (SIRET " \
        "73282932000074)" in _vu(page)
    page = portail.envoyer(URL, {"format": "dsn"}, statut=422,
                           fichiers={"fichier": ("", b"", "application/octet-stream")})
    assert 'id="champ-fichier-erreur"' in _vu(page)
    assert "Choisissez le fichier à importer." in _vu(page)
    page = portail.envoyer(URL, {"format": "xml"}, statut=422, fichiers={
        "fichier": ("salaries.csv", _fichier("salaries.csv"), "text/csv")})
    assert 'id="champ-format-erreur"' in page.text and "Le format est DSN ou CSV." in _vu(page)
    assert _salaries(portail.ctx) == []


def test_a_tampered_confirmation_applies_nothing(portail_dsn: Portail) -> None:
    portail = portail_dsn
    portail.connecter()
    portail.lire(URL)
    simulation = portail.envoyer(URL, {"format": "dsn", "creer_postes": "oui"}, statut=200,
                                 fichiers={"fichier": ("exemple.dsn", _fichier("exemple.dsn"),
                                                       "text/plain")})
    champs = _confirmation(simulation.text)
    falsifie = {**champs, "paquet": emballer(_fichier("salaries.csv")), "format": "csv"}
    page = portail.envoyer(f"{URL}/appliquer", falsifie, statut=422)
    assert "Cette simulation n'est plus valable" in _vu(page)
    page = portail.envoyer(f"{URL}/appliquer", {**champs, "creer_postes": "non"}, statut=422)
    assert "Cette simulation n'est plus valable" in _vu(page)
    assert _salaries(portail.ctx) == []


def test_a_read_only_access_sees_no_form_and_a_forged_upload_is_refused(
        portail_dsn: Portail) -> None:
    portail = portail_dsn
    accorder(portail.ctx, "lecteur@cabinet.fr", rst.Role.LECTURE)
    tableau = portail.connecter("lecteur@cabinet.fr")
    assert f'href="{URL}"' not in _vu(tableau)
    page = portail.lire(URL)
    assert "pas d'y importer de fichier" in _vu(page) and 'type="file"' not in _vu(page)
    page = portail.envoyer(URL, {"format": "dsn", "creer_postes": "oui"}, statut=403,
                           fichiers={"fichier": ("exemple.dsn", _fichier("exemple.dsn"),
                                                 "text/plain")})
    assert "Vos droits ne permettent pas cette action." in _vu(page)
    assert _salaries(portail.ctx) == []


def _petit_portail(ctx: rst.Contexte, **limites: int) -> Portail:
    rst.executer(ctx, AGENT, rst.CreerAdherent(NUMERO, "84205317500019", "Bâtiments", ADMIN))
    portail = Portail(creer_application(ctx, Reglages(SECRET, **limites)),
                      base_url="http://testserver")
    portail.ctx = ctx
    return portail


def test_a_file_over_the_upload_limit_is_refused_in_french(ctx: rst.Contexte) -> None:
    """The size-limit middleware answers before the page, never reading the body: a
    browser gets a page of the portal with its menu and the limit in Mo (ko here), the
    API the error body."""
    with _petit_portail(ctx, taille_max_televersement=50_000) as portail:
        portail.connecter()
        portail.lire(URL)
        reponse = portail.post(URL, data={"format": "dsn", "csrf": portail.csrf},
                               files={"fichier": ("gros.dsn", b"x" * 60_000, "text/plain")},
                               headers={"accept": "text/html,application/xhtml+xml"})
        assert reponse.status_code == 413
        page = _vu(reponse)
        assert "le portail accepte des fichiers de 50 ko au plus" in page
        assert 'aria-label="Menu principal"' in page and f'href="{URL}"' in page
        assert "Traceback" not in reponse.text
        sans_jargon(reponse.text)
        api = portail.post(URL, content=b"x" * 60_000,
                           headers={"content-type": "text/plain", "accept": "*/*"})
        assert api.status_code == 413 and api.json()["code"] == "requete.trop_grande"
        assert api.json()["message"] == "La requête dépasse la taille permise (50 ko)."
    assert _salaries(ctx) == []


def test_a_file_too_big_to_carry_to_the_second_step_is_said_so(ctx: rst.Contexte) -> None:
    with _petit_portail(ctx, taille_max=20_000, taille_max_televersement=200_000) as portail:
        portail.connecter()
        portail.lire(URL)
        bruit = random.Random(14).randbytes(60_000)  # incompressible
        page = portail.envoyer(URL, {"format": "dsn"}, statut=422,
                               fichiers={"fichier": ("gros.dsn", bruit, "text/plain")})
        assert "trop gros pour l'import en deux temps" in _vu(page)
        assert 'id="champ-fichier-erreur"' in _vu(page)


def test_a_record_left_aside_is_shown_and_applied_only_by_its_own_button(
        portail_dsn: Portail) -> None:
    """A UTF-8 file (chosen encoding: detection) whose second person has no real birth
    date: listed with its line, and the apply button says the rest only is imported."""
    portail = portail_dsn
    portail.connecter()
    texte = _fichier("exemple.dsn").decode("latin-1").replace(
        "S21.G00.30.006,'22011996'", "S21.G00.30.006,'31021996'")
    simulation = portail.envoyer(URL, {"format": "dsn", "creer_postes": "oui",
                                       "encodage": "auto"}, statut=200,
                                 fichiers={"fichier": ("paie.dsn", texte.encode("utf-8"),
                                                       "text/plain")})
    vu = _vu(simulation)
    assert "Personnes laissées de côté" in vu and "MARTIN" in vu and "Élodie" in vu
    assert "sans les 1 personne(s) au dossier inutilisable" in vu
    champs = _confirmation(vu)
    assert champs["encodage"] == "auto"
    refuse = portail.envoyer(f"{URL}/appliquer", champs, statut=409)  # no confirmation
    assert "confirmez l'import du reste" in _vu(refuse)
    assert _salaries(portail.ctx) == []
    page = portail.suivre(portail.envoyer(f"{URL}/appliquer",
                                          {**champs, "confirmer_ecarts": "oui"}))
    assert "Import appliqué : 5 embauches" in _vu(page)
    assert "MARTIN" not in _salaries(portail.ctx)
