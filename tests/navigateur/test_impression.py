"""The invoice preview printed to PDF by a real browser: the portal on a real uvicorn
server (loopback, a port the system picks) over SQLite, signed in through the sign-in
pages, the preview opened in Debian's Chromium (by its path, never a downloaded one),
``page.pdf(format="A4")``, and the PDF's text read back with pypdf."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path
from typing import Any

from banc_navigateur import AGENT, connecter, portail_reel
from pypdf import PdfReader

import rst_effectifs as rst

ADMIN = "contact@boulangerie.fr"


def peupler(ctx: rst.Contexte) -> None:
    """Adherent 101 with Léa (CDI since 2023) and Zoé (hired 01/06/2024)."""
    adherent = rst.executer(ctx, AGENT, rst.CreerAdherent(
        "101", "73282932000074", "Boulangerie Martin", ADMIN))
    acces = rst.resoudre_acces(ctx, ADMIN, adherent.id)
    poste = rst.executer(ctx, acces, rst.AjouterPoste(adherent.id, "Vendeur"))
    for nom, prenoms, debut in (("Durand", "Léa", dt.date(2023, 1, 1)),
                                ("Petit", "Zoé", dt.date(2024, 6, 1))):
        rst.executer(ctx, acces, rst.EmbaucherSalarie(
            adherent.id, nom, prenoms, dt.date(1990, 1, 1),
            rst.NouveauContrat(rst.NatureContrat("01"), debut, poste.id)))


def test_the_invoice_preview_prints_to_an_a4_pdf(navigateur: Any, tmp_path: Path) -> None:
    with portail_reel(f"sqlite:///{tmp_path / 'portail.db'}") as (ctx, base):
        peupler(ctx)
        contexte = navigateur.new_context()
        try:
            page = contexte.new_page()
            connecter(page, ctx, base, ADMIN)
            page.goto(f"{base}/adherents/101/facturation/apercu?regle=present_dans_l_annee")
            assert page.get_by_role("heading", name="Aperçu de facture 2026").is_visible()
            pdf = page.pdf(format="A4")
        finally:
            contexte.close()
    lecteur = PdfReader(io.BytesIO(pdf))
    assert len(lecteur.pages) == 1
    largeur, hauteur = (float(x) for x in lecteur.pages[0].mediabox.upper_right)
    assert abs(largeur - 595.3) < 1.5 and abs(hauteur - 841.9) < 1.5  # A4 in points
    texte = " ".join(" ".join(p.extract_text().split()) for p in lecteur.pages)
    assert "Numéro d'adhérent 101" in texte or "Numéro d’adhérent 101" in texte
    assert "Du 01/01/2026 au 31/12/2026" in texte  # this year, by the portal's clock
    assert "Durand Léa" in texte and "Petit Zoé" in texte
    # the barème in force in 2026 (nothing configured): SIG 2 × 100 + fixed fee 35
    # = 235.00 HT, VAT 47.00, 282.00 TTC
    assert re.search(r"Total TTC 282,00\s?€", texte.replace("\u202f", " ")), texte
    assert "Se déconnecter" not in texte and "Mettre à jour l'aperçu" not in texte
