"""Mes factures in a real browser: the portal on a real uvicorn server over SQLite, the
billing access signed in through the sign-in pages, « Mes factures » reached from the
menu, the invoice's PDF downloaded by a click and read back with pypdf (member number,
total) — and its Factur-X XML with it."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import attrs
from banc_navigateur import AGENT, connecter, portail_reel
from pypdf import PdfReader

import rst_effectifs as rst
from rst_effectifs.exemples import chemin_exemple
from rst_effectifs.formats.configuration import lire_emetteur
from rst_effectifs.formats.factur_x import xml_du_pdf

ADMIN = "contact@boulangerie.fr"
BAREME = rst.Bareme("bareme_2025", prix_sig="100", prix_sia="110", prix_sir="120",
                    forfait_etablissement="35")


def test_the_member_downloads_its_invoice_and_reads_its_number_and_total(
    navigateur: Any, tmp_path: Path,
) -> None:
    with portail_reel(f"sqlite:///{tmp_path / 'portail.db'}") as (ctx_portail, base):
        ctx = attrs.evolve(ctx_portail, emetteur=lire_emetteur(chemin_exemple("emetteur.toml")))
        adherent = rst.executer(ctx, AGENT, rst.CreerAdherent(
            "101", "73282932000074", "Boulangerie Martin", ADMIN,
            adresse=rst.Adresse(("3 place du Marché",), "69002", "Lyon")))
        acces = rst.resoudre_acces(ctx, ADMIN, adherent.id)
        poste = rst.executer(ctx, acces, rst.AjouterPoste(adherent.id, "Vendeur"))
        rst.executer(ctx, acces, rst.EmbaucherSalarie(
            adherent.id, "Durand", "Léa", dt.date(1990, 1, 1),
            rst.NouveauContrat(rst.NatureContrat("01"), dt.date(2023, 1, 1), poste.id)))
        rst.executer(ctx, AGENT, rst.CloturerPeriode(
            adherent.id, dt.date(2025, 1, 1), dt.date(2025, 12, 31),
            regle="present_au_1er_janvier", bareme_sur_mesure=BAREME))
        (facture,) = rst.executer(ctx, AGENT, rst.EmettreFacture(
            adherent.id, dt.date(2025, 1, 1), dt.date(2025, 12, 31)))
        contexte = navigateur.new_context(accept_downloads=True)
        try:
            page = contexte.new_page()
            connecter(page, ctx, base, ADMIN)
            page.get_by_role("link", name="Mes factures").click()
            assert page.get_by_role("heading", name="Mes factures").is_visible()
            with page.expect_download() as attente:
                page.get_by_role("link", name=f"Télécharger le PDF de {facture.numero}").click()
            telecharge = attente.value
            assert telecharge.suggested_filename == f"{facture.numero}.pdf"
            pdf = Path(telecharge.path()).read_bytes()
        finally:
            contexte.close()
    texte = " ".join(" ".join((p.extract_text() or "").split())
                     for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "N° d'adhérent : 101" in texte
    assert "162,00 €" in texte  # (100 SIG + 35 fixed fee) × 1.20
    assert "<ram:BuyerReference>101</ram:BuyerReference>" in xml_du_pdf(pdf)
