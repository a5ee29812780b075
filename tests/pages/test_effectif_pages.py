"""Effectif: present on a date or over a period, by follow-up type with the names, and
the CSV export (French, ``;``, NIRs masked for the roles that may not see them)."""

from __future__ import annotations

import csv
import datetime as dt
import io

from banc_effectif import acces_admin, accorder, embaucher, lu, poste
from banc_pages import Portail

import rst_effectifs as rst

URL = "/adherents/101/effectif"
NIR_LEA = "290017511800227"


def peupler(ctx: rst.Contexte) -> None:
    """Léa (SIG, with a NIR), Paul (night work: SIA) gone on 31/03/2024, Zoé hired on
    01/06/2024."""
    vente = poste(ctx, "Vendeur")
    nuit = poste(ctx, "Boulanger de nuit", rst.Risque.TRAVAIL_DE_NUIT)
    embaucher(ctx, "Durand", "Léa", poste_id=vente, nir=NIR_LEA)
    paul = embaucher(ctx, "Moreau", "Paul", poste_id=nuit)
    embaucher(ctx, "Petit", "Zoé", dt.date(2024, 6, 1), poste_id=vente)
    acces = acces_admin(ctx)
    rst.executer(ctx, acces, rst.SortirDeLEffectif(acces.adherent_id, "r", (paul.id,),
                                                   dt.date(2024, 3, 31)))


def test_the_headcount_on_a_date_by_follow_up_type(portail: Portail) -> None:
    peupler(portail.ctx)
    portail.connecter()
    page = lu(portail.lire(f"{URL}?le=2024-03-15"))
    assert "<h2 id=\"titre-effectif\">Effectif au 15/03/2024</h2>" in page
    assert 'name="le" type="date" value="2024-03-15"' in page
    assert "SIG (suivi individuel général) : 1 salarié</h3>" in page
    assert "SIA (suivi individuel adapté) : 1 salarié</h3>" in page
    assert "<th scope=\"row\">Durand</th><td>Léa</td><td>" + NIR_LEA in page
    assert "<th scope=\"row\">Moreau</th><td>Paul</td>" in page and "Petit" not in page
    assert f'href="{URL}.csv?le=2024-03-15"' in page


def test_today_by_default_and_a_date_typed_the_french_way(portail: Portail) -> None:
    peupler(portail.ctx)
    portail.connecter()
    aujourd_hui = lu(portail.lire(URL))
    assert "Effectif au 01/01/2025" in aujourd_hui  # the fixed clock's day
    assert "Durand" in aujourd_hui and "Petit" in aujourd_hui and "Moreau" not in aujourd_hui
    francais = lu(portail.lire(f"{URL}?le=15/03/2024"))
    assert "Effectif au 15/03/2024" in francais and "Moreau" in francais


def test_the_headcount_over_a_period(portail: Portail) -> None:
    peupler(portail.ctx)
    portail.connecter()
    page = lu(portail.lire(f"{URL}?debut=2024-01-01&fin=2024-12-31"))
    assert "Effectif du 01/01/2024 au 31/12/2024" in page
    assert "SIG (suivi individuel général) : 2 salariés</h3>" in page
    assert all(nom in page for nom in ("Durand", "Moreau", "Petit"))
    assert '<p class="valeur">3</p>' in page
    assert f'href="{URL}.csv?debut=2024-01-01&amp;fin=2024-12-31"' in portail.lire(
        f"{URL}?debut=2024-01-01&fin=2024-12-31").text


def test_a_wrong_period_or_date_is_said_next_to_its_field(portail: Portail) -> None:
    portail.connecter()
    page = lu(portail.lire(f"{URL}?debut=2024-12-31&fin=2024-01-01", statut=422))
    assert 'id="champ-fin-erreur">La fin de la période précède son début.' in page
    assert 'value="2024-12-31"' in page
    date = lu(portail.lire(f"{URL}?le=31/02/2024", statut=422))
    assert 'id="champ-le-erreur">' in date and 'aria-invalid="true"' in date


def _lignes(texte: str) -> list[list[str]]:
    assert texte.startswith("\ufeff")
    return list(csv.reader(io.StringIO(texte[1:]), delimiter=";"))


def test_the_csv_export_for_a_role_that_sees_nirs(portail: Portail) -> None:
    peupler(portail.ctx)
    portail.connecter()
    reponse = portail.lire(f"{URL}.csv?le=2024-03-15")
    assert reponse.headers["content-type"] == "text/csv; charset=utf-8"
    assert reponse.headers["content-disposition"] == \
        'attachment; filename="effectif-101-2024-03-15.csv"'
    assert _lignes(reponse.text) == [
        ["Nom", "Prénoms", "NIR", "Type de suivi"],
        ["Durand", "Léa", NIR_LEA, "SIG"],
        ["Moreau", "Paul", "", "SIA"],
    ]
    periode = portail.lire(f"{URL}?format=csv&debut=2024-01-01&fin=2024-12-31")
    assert periode.headers["content-disposition"].endswith(
        'filename="effectif-101-2024-01-01_2024-12-31.csv"')
    assert [ligne[0] for ligne in _lignes(periode.text)] == ["Nom", "Durand", "Moreau", "Petit"]


def test_a_billing_access_gets_nirs_masked_on_the_page_and_in_the_csv(
        portail: Portail) -> None:
    peupler(portail.ctx)
    accorder(portail.ctx, "compta@cabinet.fr", rst.Role.FACTURATION)
    portail.connecter("compta@cabinet.fr")
    masque = rst.Nir(NIR_LEA).masque()
    page = lu(portail.lire(f"{URL}?le=2024-03-15"))
    assert NIR_LEA not in page and masque in page
    lignes = _lignes(portail.lire(f"{URL}.csv?le=2024-03-15").text)
    assert lignes[1] == ["Durand", "Léa", masque, "SIG"]
    assert NIR_LEA not in str(lignes)
