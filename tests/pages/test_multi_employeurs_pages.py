"""F7 on the member's pages: the employee's file declares other employers (refusals
next to their field), shows the declaration and, once RST recorded the worker, the
share; the billing page shows « salarié multi-employeur — part 1/2 » on the line and
nothing of the other employer; a read-only access sees no form."""

from __future__ import annotations

import datetime as dt
import html
import re

from banc_pages import NUMERO, Portail
from banc_postes_salaries import acces, lecteur, poste

import rst_effectifs as rst
from banc_multi_employeurs import AGENT, membre, nir

SALARIES = f"/adherents/{NUMERO}/salaries"


def _salarie(portail: Portail) -> rst.Salarie:
    a = acces(portail)
    salarie: rst.Salarie = rst.executer(portail.ctx, a, rst.EmbaucherSalarie(
        a.adherent_id, "Durand", "Sam", dt.date(1988, 4, 9),
        rst.NouveauContrat(rst.NatureContrat.CDI, dt.date(2023, 9, 1), poste(portail).id),
        nir=nir(1)))
    return salarie


def test_the_member_declares_other_employers_on_the_file(portail: Portail) -> None:
    salarie = _salarie(portail)
    fiche = f"{SALARIES}/{salarie.id}"
    portail.connecter()
    page = portail.lire(fiche)
    assert "<h2 id=\"titre-multi-employeur\">Autres employeurs</h2>" in page.text
    assert "Aucun autre employeur déclaré." in page.text
    assert 'value="2025"' in page.text  # this year, by the clock
    refus = portail.envoyer(f"{fiche}/multi-employeur",
                            {"annee": "2025", "autres_employeurs": "0"}, statut=422)
    assert 'aria-invalid="true"' in refus.text
    assert "Indiquez combien d'autres employeurs" in html.unescape(refus.text.split(
        'id="champ-autres-employeurs-erreur"')[1])
    avant = portail.envoyer(f"{fiche}/multi-employeur", {"annee": "2023",
                                                        "autres_employeurs": "1"}, statut=409)
    assert "depuis le 01/01/2024" in avant.text
    message = re.sub(r'<details class="support">.*?</details>', "", avant.text, flags=re.S)
    assert "F7" not in message and "multi_employeur." not in message  # for support only
    assert "Référence : multi_employeur.avant_partage · F7" in avant.text
    faite = portail.suivre(portail.envoyer(f"{fiche}/multi-employeur",
                                           {"annee": "2025", "autres_employeurs": "2"}))
    assert "Déclaration enregistrée pour 2025 : 2 autres employeurs." in faite.text
    assert "Déclaré pour 2025 : 2 autres employeurs (le 01/01/2025)." in faite.text
    page = rst.executer(portail.ctx, AGENT, rst.ListerMultiEmployeurs(2025))
    (personne,) = page.personnes
    assert personne.emplois[0].declaration is not None


def test_after_rst_records_it_the_file_and_the_bill_show_the_share_only(
        portail: Portail) -> None:
    salarie = _salarie(portail)
    autre = membre(portail.ctx, dt.date(2019, 1, 1), nir=nir(1), nom="Durand")
    rst.executer(portail.ctx, AGENT, rst.EnregistrerMultiEmployeur(2025, (
        rst.FicheDesignee(autre.adherent_id, autre.salarie_id),
        rst.FicheDesignee(acces(portail).adherent_id, salarie.id))))
    portail.connecter()
    fiche = portail.lire(f"{SALARIES}/{salarie.id}")
    assert "Cotisation 2025 : salarié multi-employeur — part 1/2." in fiche.text
    facture = portail.lire(f"/adherents/{NUMERO}/facturation/apercu?annee=2025"
                           "&regle=present_dans_l_annee")
    assert "Cotisation SIG — salarié multi-employeur — part 1/2" in facture.text
    assert "50,00\u202f€" in facture.text  # half of the sample barème's 100 € (2025)
    for page in (fiche, facture):
        for secret in (autre.adherent_id, autre.numero, autre.raison_sociale,
                       autre.salarie_id):  # (the NIR is the member's own: its file shows it)
            assert secret not in page.text


def test_a_read_only_access_sees_the_situation_but_no_form(portail: Portail) -> None:
    salarie = _salarie(portail)
    lecteur(portail)
    page = portail.lire(f"{SALARIES}/{salarie.id}")
    assert "Autres employeurs" in page.text
    assert "/multi-employeur\"" not in page.text and "Déclarer d'autres employeurs" not in page.text
