"""Mes salariés in process: the list (search, pages), a file, hiring with its guidance
(no poste yet, a person who already has a file), a new contract on the same file, an
identity correction, refusals next to their field, and the read-only view."""

from __future__ import annotations

import datetime as dt
import html

from banc_pages import NUMERO, Portail, champs_caches
from banc_postes_salaries import acces, embaucher, lecteur, poste, salaries

import rst_effectifs as rst
from rst_effectifs.entrypoints.web.pages.liste import TAILLE_PAGE

SALARIES = f"/adherents/{NUMERO}/salaries"
NOUVEAU = f"{SALARIES}/nouveau"
NIR = "190057512345622"


def _embauche(poste_id: str, nom: str = "Durand", **autres: str) -> dict[str, str]:
    return {"nom": nom, "prenoms": "Marie", "date_naissance": "1990-05-17", "nir": "",
            "contrat.poste_id": poste_id, "contrat.nature": "02",
            "contrat.debut": "2025-01-06", "contrat.fin": "2025-06-30",
            "contrat.numero": "", "contrat.dispositif": ""} | autres


def test_hiring_without_an_active_poste_leads_to_the_postes_page(portail: Portail) -> None:
    portail.connecter()
    page = portail.lire(NOUVEAU)
    assert "<h2 id=\"titre-poste-d-abord\">Créer un poste d'abord</h2>" in page.text
    assert f'href="/adherents/{NUMERO}/postes"' in page.text
    assert 'name="nom"' not in page.text and ">Embaucher<" not in page.text


def test_hire_then_read_the_file(portail: Portail) -> None:
    boulanger = poste(portail)
    portail.connecter()
    page = portail.lire(NOUVEAU)
    assert "Cherchez d'abord la personne" in page.text
    assert f'<option value="{boulanger.id}">Boulanger</option>' in page.text
    fiche = portail.suivre(portail.envoyer(NOUVEAU, _embauche(boulanger.id)))
    assert "Durand Marie est embauché(e) : sa fiche est créée." in fiche.text
    assert "Contrat à durée déterminée (CDD)" in fiche.text
    assert "06/01/2025" in fiche.text and "30/06/2025" in fiche.text
    assert "Boulanger" in fiche.text and "Ajouter un contrat" in fiche.text
    (salarie,) = salaries(portail)
    assert str(fiche.url).endswith(f"{SALARIES}/{salarie.id}")
    assert salarie.contrats[0].nature is rst.NatureContrat.CDD
    portail.lire(NOUVEAU)
    portail.envoyer(NOUVEAU, _embauche(boulanger.id), statut=409)
    assert [s.id for s in salaries(portail)] == [salarie.id]


def test_refusals_show_the_message_next_to_the_field(portail: Portail) -> None:
    boulanger = poste(portail)
    portail.connecter()
    portail.lire(NOUVEAU)
    page = portail.envoyer(NOUVEAU, _embauche(boulanger.id, **{"contrat.debut": ""}),
                           statut=422)
    assert 'aria-describedby="champ-contrat-debut-erreur"' in page.text
    assert 'id="champ-contrat-debut-erreur">Ce champ est obligatoire.' in page.text
    assert 'value="Durand"' in page.text
    page = portail.envoyer(NOUVEAU, _embauche(boulanger.id, **{
        "contrat.debut": "1800-01-01", "contrat.fin": ""}), statut=422)
    assert 'id="champ-contrat-debut-erreur">Les dates vont du 01/01/1900' in page.text
    page = portail.envoyer(NOUVEAU, _embauche(boulanger.id, **{
        "contrat.fin": "2024-12-31"}), statut=422)
    assert 'aria-describedby="champ-contrat-fin-aide champ-contrat-fin-erreur"' in page.text
    assert "La date de fin du contrat précède sa date de début." in page.text
    page = portail.envoyer(NOUVEAU, _embauche(boulanger.id, **{
        "contrat.debut": "1980-01-01", "contrat.fin": ""}), statut=409)
    assert 'aria-describedby="champ-date-naissance-erreur"' in page.text
    assert "Un contrat commencerait avant la naissance du salarié" in page.text
    page = portail.envoyer(NOUVEAU, _embauche(boulanger.id, nir="123"), statut=422)
    assert 'aria-describedby="champ-nir-aide champ-nir-erreur"' in page.text
    assert 'class="erreur" id="champ-nir-erreur">Le NIR' in page.text
    assert salaries(portail) == []


def test_hiring_someone_who_has_a_file_offers_that_file(portail: Portail) -> None:
    boulanger = poste(portail)
    existant = embaucher(portail, boulanger.id, "Martin")
    portail.connecter()
    portail.lire(NOUVEAU)
    page = portail.envoyer(NOUVEAU, _embauche(boulanger.id, "MARTIN"), statut=409)
    assert "Ce salarié a déjà une fiche : ajoutez-lui un nouveau contrat" in page.text
    assert f'href="{SALARIES}/{existant.id}/contrats/nouveau">Ajouter un contrat' \
        in page.text
    # Present: nothing to reintegrate, the file and its new contract are offered.
    assert "Réintégrer dans l&#39;effectif</a>" not in page.text
    assert "Fiche existante : <strong>Martin Marie</strong>" in page.text
    assert len(salaries(portail)) == 1


def test_a_new_contract_keeps_one_file(portail: Portail) -> None:
    boulanger = poste(portail)
    vendeur = poste(portail, "Vendeur")
    salarie = embaucher(portail, boulanger.id, "Petit")
    portail.connecter()
    url = f"{SALARIES}/{salarie.id}/contrats/nouveau"
    page = portail.lire(url)
    assert "sur la même fiche" in page.text and "Ajouter le contrat" in page.text
    fiche = portail.suivre(portail.envoyer(url, {
        "version_attendue": str(salarie.version), "contrat.poste_id": vendeur.id,
        "contrat.nature": "01", "contrat.debut": "2025-09-01"}))
    assert "Contrat ajouté sur la même fiche." in fiche.text
    (seul,) = salaries(portail)
    assert seul.id == salarie.id and len(seul.contrats) == 2
    assert seul.contrats[0].fin == dt.date(2025, 8, 31)
    assert "Vendeur" in fiche.text and "31/08/2025" in fiche.text
    page = portail.envoyer(url, {"version_attendue": str(salarie.version),
                                 "contrat.poste_id": vendeur.id, "contrat.nature": "01",
                                 "contrat.debut": "2025-10-01"}, statut=412)
    assert 'role="alert"' in page.text
    assert len(salaries(portail)[0].contrats) == 2


def test_correct_the_identity_on_the_same_file(portail: Portail) -> None:
    boulanger = poste(portail)
    salarie = embaucher(portail, boulanger.id, "Duran")
    portail.connecter()
    url = f"{SALARIES}/{salarie.id}/identite"
    page = portail.lire(url)
    assert 'value="Duran"' in page.text and 'value="1990-05-17"' in page.text
    champs = {"version_attendue": str(salarie.version), "nom": "Durand",
              "prenoms": "Marie", "date_naissance": "1990-05-17", "nir": NIR}
    fiche = portail.suivre(portail.envoyer(url, champs))
    assert "Identité enregistrée sur la même fiche." in fiche.text
    assert NIR in fiche.text
    (corrige,) = salaries(portail)
    assert corrige.id == salarie.id and corrige.identite.nom == "Durand"
    refus = portail.envoyer(url, champs | {"version_attendue": str(corrige.version),
                                           "date_naissance": "1991-05-17"}, statut=422)
    assert 'role="alert"' in refus.text
    assert "Le NIR ne correspond pas à la date de naissance" in refus.text
    assert salaries(portail)[0].identite.date_naissance == dt.date(1990, 5, 17)


def test_search_by_name_works_with_and_without_htmx(portail: Portail) -> None:
    boulanger = poste(portail)
    for nom in ("Lefèvre", "Lefort", "Bernard"):
        embaucher(portail, boulanger.id, nom)
    portail.connecter()
    page = portail.lire(f"{SALARIES}?q=lefe")
    assert "Lefèvre" in page.text and "Lefort" not in page.text
    assert "Bernard" not in page.text
    assert 'hx-get="/adherents/101/salaries"' in page.text and 'hx-select="#resultats"' \
        in page.text
    partielle = portail.get(f"{SALARIES}?q=lef", headers={"HX-Request": "true"})
    assert partielle.status_code == 200 and 'id="resultats"' in partielle.text
    assert "Lefèvre" in partielle.text and "Lefort" in partielle.text
    vide = portail.lire(f"{SALARIES}?q=zz")
    assert "Aucun salarié ne correspond à ces filtres." in vide.text
    refus = portail.lire(f"{SALARIES}?q={'x' * 500}", statut=422)
    assert 'id="champ-q-erreur"' in refus.text


def test_the_list_pages_with_a_signed_cursor(portail: Portail) -> None:
    boulanger = poste(portail)
    noms = [f"Nom{i:02d}" for i in range(TAILLE_PAGE + 3)]
    for nom in noms:
        embaucher(portail, boulanger.id, nom)
    portail.connecter()
    premiere = portail.lire(SALARIES)
    assert noms[0] in premiere.text and noms[TAILLE_PAGE - 1] in premiere.text
    assert noms[TAILLE_PAGE] not in premiere.text
    lien = premiere.text.split('rel="next"')[0].rsplit('href="', 1)[1].split('"')[0]
    suite = portail.lire(lien.replace("&amp;", "&"))
    assert noms[TAILLE_PAGE] in suite.text and noms[-1] in suite.text
    assert noms[0] not in suite.text and "Page suivante" not in suite.text
    assert "Première page" in suite.text
    autre_filtre = lien.replace("&amp;", "&") + "&q=Nom2"
    refus = portail.lire(autre_filtre, statut=400)
    assert 'role="alert"' in refus.text
    assert "reprenez la liste depuis la première page" in refus.text


def test_read_only_sees_lists_and_files_masked_without_forms(portail: Portail) -> None:
    boulanger = poste(portail)
    a = acces(portail)
    salarie: rst.Salarie = rst.executer(portail.ctx, a, rst.EmbaucherSalarie(
        a.adherent_id, "Roux", "Paul", dt.date(1990, 5, 17),
        rst.NouveauContrat(rst.NatureContrat.CDI, dt.date(2025, 1, 6), boulanger.id),
        nir=NIR))
    lecteur(portail)
    liste = portail.lire(SALARIES)
    assert "Roux" in liste.text and NIR not in liste.text
    assert "1 90 05 ** *** *** **" in liste.text
    assert "Embaucher un salarié" not in liste.text
    fiche = portail.lire(f"{SALARIES}/{salarie.id}")
    assert "Roux" in fiche.text and NIR not in fiche.text
    assert "Ajouter un contrat" not in fiche.text and "Corriger l&#39;identité" \
        not in fiche.text
    for url in (NOUVEAU, f"{SALARIES}/{salarie.id}/contrats/nouveau",
                f"{SALARIES}/{salarie.id}/identite"):
        page = portail.lire(url)
        assert "lecture seule" in page.text and "<form class=\"formulaire\"" not in page.text
    refus = portail.envoyer(NOUVEAU, _embauche(boulanger.id, "Intrus"), statut=403)
    assert "Vos droits ne permettent pas cette action." in refus.text
    refus = portail.envoyer(f"{SALARIES}/{salarie.id}/identite", {
        "nom": "Autre", "prenoms": "Paul", "date_naissance": "1990-05-17"}, statut=403)
    assert "Vos droits ne permettent pas cette action." in refus.text
    (seul,) = salaries(portail)
    assert seul.identite.nom == "Roux" and seul.identite.nir is not None


def test_an_unknown_file_is_the_librarys_404(portail: Portail) -> None:
    portail.connecter()
    for url in (f"{SALARIES}/inconnu", f"{SALARIES}/inconnu/identite",
                f"{SALARIES}/inconnu/contrats/nouveau"):
        page = portail.lire(url, statut=404)
        assert "Demande refusée" in page.text
    portail.lire(f"{SALARIES}?apres=pas-un-curseur", statut=400)


def test_a_hire_form_sent_twice_answers_the_file_it_created(portail: Portail) -> None:
    """A slow double click on « Embaucher »: the form's token makes the second send
    answer the file the first one created, not « ce salarié a déjà une fiche »."""
    boulanger = poste(portail)
    portail.connecter()
    page = portail.lire(NOUVEAU).text
    jeton = dict(champs_caches(page, "/salaries/nouveau"))["requete_id"]
    envoi = {**_embauche(boulanger.id), "requete_id": jeton}
    premiere = portail.envoyer(NOUVEAU, envoi)
    seconde = portail.envoyer(NOUVEAU, envoi)
    assert seconde.headers["location"] == premiere.headers["location"]
    fiche = portail.suivre(seconde)
    assert "Ce salarié a déjà une fiche" not in fiche.text and "<h1>Durand Marie</h1>" in fiche.text
    assert len(salaries(portail)) == 1
    # The same form kept and changed (another person) is a new form, said in words.
    autre = portail.envoyer(NOUVEAU, {**envoi, "nom": "Lefebvre"}, statut=422)
    assert "Ce formulaire a déjà servi à une embauche" in html.unescape(autre.text)
    assert dict(champs_caches(autre.text, "/salaries/nouveau"))["requete_id"] != jeton
    assert 'value="Lefebvre"' in autre.text and len(salaries(portail)) == 1


def test_a_stale_identity_form_shows_what_changed_and_reloads_keeping_the_typing(
        portail: Portail) -> None:
    boulanger = poste(portail)
    salarie = embaucher(portail, boulanger.id, "Duran")
    portail.connecter()
    url = f"{SALARIES}/{salarie.id}/identite"
    caches = champs_caches(portail.lire(url).text, "/identite")
    saisie = [*caches, ("nom", "Durand"), ("prenoms", "Marie Anne"),
              ("date_naissance", "1990-05-17"), ("nir", "")]
    a = acces(portail)
    rst.executer(portail.ctx, a, rst.CorrigerIdentite(
        a.adherent_id, salarie.id, "Duran", "Marie", dt.date(1990, 5, 18)))
    conflit = html.unescape(portail.envoyer(url, saisie, statut=412).text)
    assert "Modifié entre-temps" in conflit
    assert "<th scope=\"row\">Date de naissance</th><td>17/05/1990</td><td>18/05/1990</td>" \
        in conflit
    assert 'value="Marie Anne"' in conflit
    recharge = portail.envoyer(url, [*saisie, ("recharger", "1")], statut=200).text
    assert "Données rechargées" in recharge and 'value="Marie Anne"' in recharge
    # The birth date was left as read: it takes the value saved meanwhile.
    assert 'value="1990-05-18"' in recharge
    relus = [(k, v) for k, v in champs_caches(recharge, "/identite")]
    portail.envoyer(url, [*relus, ("nom", "Durand"), ("prenoms", "Marie Anne"),
                          ("date_naissance", "1990-05-18"), ("nir", "")])
    (corrige,) = salaries(portail)
    assert (corrige.identite.nom, corrige.identite.prenoms) == ("Durand", "Marie Anne")
    assert corrige.identite.date_naissance == dt.date(1990, 5, 18)


def test_the_file_leads_to_the_list_with_the_salarie_ticked(portail: Portail) -> None:
    boulanger = poste(portail)
    salarie = embaucher(portail, boulanger.id, "Roux")
    portail.connecter()
    fiche = html.unescape(portail.lire(f"{SALARIES}/{salarie.id}").text)
    lien = f"{SALARIES}?q=Roux&coche={salarie.id}"
    assert f'href="{lien}">Sortir de l\'effectif</a>' in fiche
    liste = portail.lire(lien).text
    assert f'value="{salarie.id}" aria-label="Roux Marie" checked' in liste


def test_a_scheme_is_chosen_from_a_labelled_list(portail: Portail) -> None:
    boulanger = poste(portail)
    portail.connecter()
    page = html.unescape(portail.lire(NOUVEAU).text)
    assert '<option value="64">Apprentissage (entreprise artisanale ou de moins de 11 ' \
           'salariés)</option>' in page
    fiche = portail.suivre(portail.envoyer(NOUVEAU, _embauche(
        boulanger.id, **{"contrat.dispositif": "64"})))
    assert "Contrat à durée déterminée (CDD) – Apprentissage (entreprise artisanale" \
        in html.unescape(fiche.text)
    assert salaries(portail)[0].contrats[0].dispositif == "64"


def test_the_nir_message_says_when_the_key_is_wrong(portail: Portail) -> None:
    boulanger = poste(portail)
    portail.connecter()
    portail.lire(NOUVEAU)
    page = html.unescape(portail.envoyer(NOUVEAU, _embauche(
        boulanger.id, nir="190057512345600"), statut=422).text)
    assert 'id="champ-nir-erreur">La clé du NIR (ses deux derniers chiffres) ne correspond ' \
           "pas" in page
    assert "190057512345600" not in page.split('id="champ-nir"')[0]


def test_a_date_typed_jj_mm_aaaa_is_read_and_a_bad_one_said_in_those_words(
        portail: Portail) -> None:
    """A browser without a date input sends what the person typed."""
    boulanger = poste(portail)
    portail.connecter()
    portail.lire(NOUVEAU)
    refus = html.unescape(portail.envoyer(NOUVEAU, _embauche(
        boulanger.id, date_naissance="1990-13-45x"), statut=422).text)
    assert "Une date au format JJ/MM/AAAA est attendue." in refus and "AAAA-MM-JJ" not in refus
    portail.envoyer(NOUVEAU, _embauche(boulanger.id, date_naissance="17/05/1990",
                                       **{"contrat.debut": "6/1/2025"}))
    (salarie,) = salaries(portail)
    assert salarie.identite.date_naissance == dt.date(1990, 5, 17)
    assert salarie.contrats[0].debut == dt.date(2025, 1, 6)
