"""Facturation: the year's assiette (who is billed and why, who is not and why), the
invoice preview with the member number, closing a period and the regularisations a
closing carries, the roles."""

from __future__ import annotations

import datetime as dt

from banc_effectif import acces_admin, accorder, embaucher, lu
from banc_pages import Portail

import rst_effectifs as rst

URL = "/adherents/101/facturation"


def peupler(ctx: rst.Contexte) -> rst.Salarie:
    """Léa (CDI since 2023), Zoé (hired 01/06/2024), Hugo (a 20-day CDD in 2024)."""
    lea = embaucher(ctx, "Durand", "Léa", dt.date(2023, 1, 1))
    embaucher(ctx, "Petit", "Zoé", dt.date(2024, 6, 1))
    embaucher(ctx, "Roux", "Hugo", dt.date(2024, 3, 1), fin=dt.date(2024, 3, 20))
    return lea


def test_the_years_assiette_says_who_is_billed_and_why(portail: Portail) -> None:
    peupler(portail.ctx)
    portail.connecter()
    page = lu(portail.lire(f"{URL}?annee=2024&regle=present_au_1er_janvier"))
    assert "Numéro d'adhérent à rappeler dans tout échange : <strong class=\"numero-adherent\">" \
           "101</strong>" in page
    assert "Assiette du 01/01/2024 au 31/12/2024" in page
    assert "<th scope=\"row\">Durand Léa</th>" in page and "Présent le 01/01/2024." in page
    assert "Embauché le 01/06/2024, après le début de la période." in page
    assert "Embauché le 01/03/2024, après le début de la période." in page  # Hugo
    assert ('href="/adherents/101/facturation/apercu?annee=2024&regle=present_au_1er_janvier'
            '&bareme="') in page  # no barème in force in 2024: none chosen
    assert "Aucune période n'est encore clôturée." in page


def test_those_present_but_not_billed_are_listed_with_the_reason(portail: Portail) -> None:
    peupler(portail.ctx)
    portail.connecter()
    page = lu(portail.lire(f"{URL}?annee=2024&regle=embauches_plus_de_31_jours"))
    assert "<h3>Présents non facturés</h3>" in page
    assert "<th scope=\"row\">Roux Hugo</th><td>Aucun jour comptable dans la période : " \
           "contrats de 31 jours au plus ou contrats de nature exclue (03 : missions " \
           "d'intérim).</td>" in page
    acces = acces_admin(portail.ctx)
    assiette = rst.executer(portail.ctx, acces, rst.CalculerAssiette(
        acces.adherent_id, dt.date(2024, 1, 1), dt.date(2024, 12, 31),
        regle="embauches_plus_de_31_jours"))
    assert sorted(ligne.nom for ligne in assiette.lignes) == ["Durand", "Petit"]


def test_the_invoice_preview_prints_the_member_number_lines_and_totals(
        portail: Portail) -> None:
    """Nothing chosen: this year (2025 by the tests' clock), priced with the barème in
    force that year, no box to tick."""
    peupler(portail.ctx)
    portail.connecter()
    page = lu(portail.lire(f"{URL}/apercu?regle=present_dans_l_annee"))
    assert "<h1 id=\"titre-apercu\">Aperçu de facture 2025</h1>" in page
    assert "<dt>Numéro d'adhérent</dt><dd class=\"numero-adherent\">101</dd>" in page
    assert "<dd>Du 01/01/2025 au 31/12/2025</dd>" in page
    assert "<dd>Barème d'exemple RST (2025 et 2026)</dd>" in page
    assert "<th scope=\"row\">Durand Léa</th>" in page
    espace = "\u202f"
    assert f'<td class="nombre">100,00{espace}€</td>' in page  # each: SIG, no entry fee
    # SIG 3 × 100 + fixed fee 35 = 335.00 HT, VAT 67.00, 402.00 TTC
    assert f'<th scope="row" colspan="3">Total HT</th><td class="nombre">335,00{espace}€' in page
    assert f'<th scope="row" colspan="3">Total TTC</th><td class="nombre">402,00{espace}€' in page
    assert 'type="checkbox"' not in page and "bande légale (F3)" not in page.lower()


def test_a_year_the_bareme_does_not_price_is_refused_next_to_its_field(
        portail: Portail) -> None:
    peupler(portail.ctx)
    portail.connecter()
    refus = lu(portail.lire(f"{URL}/apercu?annee=2024&bareme=bareme_exemple", statut=422))
    assert ('id="champ-bareme-erreur">Le barème « bareme_exemple » vaut pour 2025 et 2026 : '
            "il ne chiffre pas 2024.") in refus
    assert "<details class=\"non-imprime\" open>" in refus
    # no barème in force in 2024: the preview gives the numbers, without amounts
    sans = lu(portail.lire(f"{URL}/apercu?annee=2024"))
    assert "<dd>Sans chiffrage</dd>" in sans and "Total TTC" not in sans
    # what a member cannot choose is not read from the address either
    ignore = lu(portail.lire(f"{URL}/apercu?annee=2027&bareme=bareme_exemple"
                             "&sans_controle_bande=1&cout_moyen=50", statut=422))
    assert "il ne chiffre pas 2027" in ignore
    mauvaise = lu(portail.lire(f"{URL}?annee=25", statut=422))
    assert 'id="champ-annee-erreur">L\'année s\'écrit sur quatre chiffres' in mauvaise


def test_closing_a_period_freezes_it_and_a_second_time_is_refused(portail: Portail) -> None:
    peupler(portail.ctx)
    portail.connecter()
    formulaire = lu(portail.lire(f"{URL}/cloture"))
    assert 'name="debut" type="date" value="2024-01-01"' in formulaire
    champs = {"debut": "2024-01-01", "fin": "2024-12-31", "regle": "present_au_1er_janvier",
              "bareme": ""}
    reponse = portail.envoyer(f"{URL}/cloture", champs)
    assert reponse.headers["location"] == f"{URL}/clotures/2024-01-01/2024-12-31"
    fiche = lu(portail.suivre(reponse))
    assert "Période du 01/01/2024 au 31/12/2024 clôturée : son assiette est figée." in fiche
    assert "<h1>Clôture du 01/01/2024 au 31/12/2024</h1>" in fiche
    assert "Cette clôture ne porte aucune régularisation." in fiche
    assert "par contact@boulangerie.fr" in fiche
    deja = lu(portail.envoyer(f"{URL}/cloture", champs, statut=409))
    assert 'id="champ-debut-erreur">Cette période chevauche une période déjà clôturée' in deja
    acces = acces_admin(portail.ctx)
    (cloture,) = rst.executer(portail.ctx, acces, rst.ListerClotures(acces.adherent_id))
    assert cloture.periode == rst.Periode(dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    liste = lu(portail.lire(URL))
    assert 'href="/adherents/101/facturation/clotures/2024-01-01/2024-12-31">Du 01/01/2024 ' \
           "au 31/12/2024</a>" in liste


def test_a_late_exit_is_a_regularisation_line_on_the_next_closing(portail: Portail) -> None:
    ctx = portail.ctx
    lea = peupler(ctx)
    acces = acces_admin(ctx)
    rst.executer(ctx, acces, rst.CloturerPeriode(
        acces.adherent_id, dt.date(2025, 1, 1), dt.date(2025, 12, 31),
        regle="present_au_1er_janvier", bareme="bareme_exemple"))
    rst.executer(ctx, acces, rst.SortirDeLEffectif(acces.adherent_id, "tardive", (lea.id,),
                                                   dt.date(2024, 12, 31)))
    portail.connecter()
    formulaire = lu(portail.lire(f"{URL}/cloture"))
    assert '<option value="bareme_exemple" selected>' in formulaire  # in force in 2026
    assert 'name="sans_controle_bande"' not in formulaire
    fiche = lu(portail.suivre(portail.envoyer(f"{URL}/cloture", {
        "debut": "2026-01-01", "fin": "2026-12-31", "regle": "present_au_1er_janvier",
        "bareme": "bareme_exemple", "sans_controle_bande": "1"})))
    assert "Elle porte 1 ligne de régularisation." in fiche
    assert "<h3>Période du 01/01/2025 au 31/12/2025</h3>" in fiche
    assert "<th scope=\"row\">Durand Léa</th>" in fiche and "Cotisation SIG" in fiche
    assert '<td class="nombre">-1</td>' in fiche
    assert "Retiré après la clôture : ne remplit plus la règle de comptage" in fiche
    assert "-100,00\u202f€" in fiche
    # the box a member is never asked about: the band was checked, not waived
    assert "contrôlée, coût moyen national 2026 : 116,00" in fiche and "levé" not in fiche


def test_roles_billing_reads_only_the_admin_closes(portail: Portail) -> None:
    ctx = portail.ctx
    peupler(ctx)
    accorder(ctx, "compta@cabinet.fr", rst.Role.FACTURATION)
    accorder(ctx, "lecteur@boulangerie.fr", rst.Role.LECTURE)
    portail.connecter("compta@cabinet.fr")
    page = lu(portail.lire(f"{URL}?annee=2024"))
    assert "Assiette du 01/01/2024 au 31/12/2024" in page
    assert "Clôturer une période" not in page
    assert "Seul un administrateur du compte (ou RST) peut clôturer une période." in lu(
        portail.lire(f"{URL}/cloture"))
    refus = portail.envoyer(f"{URL}/cloture", {
        "debut": "2024-01-01", "fin": "2024-12-31", "regle": "present_au_1er_janvier"},
        statut=403)
    assert "Vos droits ne permettent pas cette action." in lu(refus)
    acces = acces_admin(ctx)
    assert rst.executer(ctx, acces, rst.ListerClotures(acces.adherent_id)) == ()
    portail.connecter("lecteur@boulangerie.fr")
    lecteur = lu(portail.lire(f"{URL}?annee=2024", statut=403))
    assert "Vos droits ne permettent pas cette action." in lecteur and "Durand" not in lecteur
