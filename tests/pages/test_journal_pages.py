"""Journal (A5, administrators): newest first, French dates and Paris times, who did
what in the portal's words, pages of 50, a period; the declarant number masked."""

from __future__ import annotations

import datetime as dt
import html

from banc_admin import acces_admin, accorder
from banc_pages import ADMIN, NUMERO, Portail

import rst_effectifs as rst

URL = f"/adherents/{NUMERO}/journal"


def _horloge(portail: Portail) -> rst.HorlogeFixe:
    horloge = portail.ctx.horloge
    assert isinstance(horloge, rst.HorlogeFixe)
    return horloge


def test_entries_are_newest_first_with_who_what_and_a_french_time(portail: Portail) -> None:
    accorder(portail.ctx, "compta@cabinet.fr", rst.Role.FACTURATION)
    _horloge(portail).avancer(dt.timedelta(days=40, hours=5, minutes=7))
    admin = acces_admin(portail.ctx)
    rst.executer(portail.ctx, admin, rst.ModifierCompte(
        admin.adherent_id, raison_sociale="Boulangerie Martin SAS",
        numero_teledeclarant="TD123456"))
    portail.connecter()
    page = portail.lire(URL)
    assert "<h1>Journal</h1>" in page.text
    texte = page.text
    # 2025-02-10 14:07 UTC is 15:07 in Paris (winter time)
    assert "10/02/2025 à 15:07:00" in texte and "01/01/2025 à 10:00:00" in texte
    assert texte.index("Raison sociale modifiée") < texte.index("Accès accordé")
    assert "rôles : Facturation" in texte and "e-mail : compta@cabinet.fr" in texte
    assert f"<td>{ADMIN}</td>" in texte
    assert "Numéro de télédéclarant modifié" in texte and "TD123456" not in texte


def test_the_journal_is_paged_by_fifty(portail: Portail) -> None:
    for i in range(55):
        accorder(portail.ctx, f"lecteur{i:02d}@cabinet.fr", rst.Role.LECTURE)
    portail.connecter()
    premiere = portail.lire(URL)
    assert "page 1 sur 2" in premiere.text and "Page suivante" in premiere.text
    assert "lecteur54@cabinet.fr" in premiere.text and "lecteur04@cabinet.fr" not in premiere.text
    assert premiere.text.count("<tr>") == 50 + 1
    seconde = portail.lire(f"{URL}?page=2")
    assert "lecteur04@cabinet.fr" in seconde.text and "Page précédente" in seconde.text
    assert "Adhérent créé" in seconde.text and "lecteur54@cabinet.fr" not in seconde.text
    assert "page 2 sur 2" in portail.lire(f"{URL}?page=999").text


def test_a_period_filters_and_a_reversed_one_is_refused_next_to_its_field(
        portail: Portail) -> None:
    _horloge(portail).avancer(dt.timedelta(days=31))
    accorder(portail.ctx, "fevrier@cabinet.fr", rst.Role.LECTURE)
    portail.connecter()
    page = portail.lire(f"{URL}?debut=2025-02-01&fin=2025-02-28")
    assert "fevrier@cabinet.fr" in page.text and "Adhérent créé" not in page.text
    assert 'value="2025-02-01"' in page.text and "Tout le journal" in page.text
    page = portail.lire(f"{URL}?debut=2025-03-01&fin=2025-02-01", statut=422)
    assert 'id="champ-fin-erreur"' in page.text and "précède son début" in page.text
    vide = portail.lire(f"{URL}?debut=2030-01-01")
    assert "Aucune entrée sur cette période." in vide.text


def test_other_roles_have_no_journal(portail: Portail) -> None:
    accorder(portail.ctx, "rh@boulangerie.fr", rst.Role.DECLARATION)
    tableau = portail.connecter("rh@boulangerie.fr")
    assert f'href="{URL}"' not in tableau.text
    page = portail.lire(URL, statut=403)
    assert "Demande refusée" in page.text and "Adhérent créé" not in page.text


def test_entries_name_people_postes_contracts_and_movements_never_ids(
        portail: Portail) -> None:
    admin = acces_admin(portail.ctx)
    poste = rst.executer(portail.ctx, admin, rst.AjouterPoste(admin.adherent_id, "Vendeuse"))
    lea = rst.executer(portail.ctx, admin, rst.EmbaucherSalarie(
        admin.adherent_id, "Durand", "Léa", dt.date(1990, 5, 4),
        rst.NouveauContrat(rst.NatureContrat.CDD, dt.date(2025, 1, 6), poste.id)))
    rst.executer(portail.ctx, admin, rst.RenommerPoste(admin.adherent_id, poste.id,
                                                       "Vendeuse en boutique"))
    rst.executer(portail.ctx, admin, rst.SortirDeLEffectif(
        admin.adherent_id, "r", (lea.id,), dt.date(2025, 2, 28), "059"))
    rst.executer(portail.ctx, admin, rst.ModifierRisques(
        admin.adherent_id, poste.id, frozenset({rst.Risque.TRAVAIL_DE_NUIT})))
    portail.connecter()
    texte = html.unescape(portail.lire(URL).text)
    assert "salarié : Durand Léa" in texte
    assert "contrat : Contrat à durée déterminée (CDD) du 06/01/2025 (Vendeuse en boutique)" \
        in texte
    assert "mouvement : sortie du 28/02/2025" in texte and "date : 28/02/2025" in texte
    assert "poste : Vendeuse en boutique" in texte  # the risks' entry names its poste
    for ident in (lea.id, poste.id, lea.contrats[0].id):
        assert ident not in texte
