"""The invoice preview printed to PDF by a real browser: the portal on a real uvicorn
server (loopback, a port the system picks) over SQLite, signed in through the sign-in
pages, the preview opened in Debian's Chromium (by its path, never a downloaded one),
``page.pdf(format="A4")``, and the PDF's text read back with pypdf."""

from __future__ import annotations

import datetime as dt
import io
import re
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import uvicorn
from playwright.sync_api import sync_playwright
from pypdf import PdfReader

import rst_effectifs as rst
from rst_effectifs import bootstrap
from rst_effectifs.adapters.web import creer_application
from rst_effectifs.adapters.web.reglages import Reglages

CHROMIUM = "/usr/bin/chromium"
ARGUMENTS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update",
             "--disable-sync"]
ADMIN = "contact@boulangerie.fr"
AGENT = rst.AgentRst(rst.Email.parse("agent@rst.fr"))
_CODE = re.compile(r"portail RST : (\d{8})")


@contextmanager
def serveur(app: Any) -> Iterator[str]:
    """Serve ``app`` on 127.0.0.1 until the block ends; yields its base URL."""
    with socket.socket() as prise:
        prise.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        prise.bind(("127.0.0.1", 0))
        instance = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
        fil = threading.Thread(target=instance.run, kwargs={"sockets": [prise]}, daemon=True)
        fil.start()
        try:
            limite = time.monotonic() + 20
            while not instance.started:
                assert fil.is_alive() and time.monotonic() < limite, "le serveur n'a pas démarré"
                time.sleep(0.05)
            yield f"http://127.0.0.1:{prise.getsockname()[1]}"
        finally:
            instance.should_exit = True
            fil.join(timeout=20)
    assert not fil.is_alive()


def code_recu(ctx: rst.Contexte, email: str) -> str:
    """The last sign-in code sent to ``email`` (it leaves after the answer: wait for it)."""
    assert isinstance(ctx.notifier, rst.NotifierMemoire)
    limite = time.monotonic() + 10
    while time.monotonic() < limite:
        for message in reversed(ctx.notifier.messages):
            trouve = _CODE.search(message.corps)
            if message.destinataire.valeur == email and trouve:
                return trouve.group(1)
        time.sleep(0.05)
    raise AssertionError(f"aucun code envoyé à {email}")


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


def connecter(page: Any, ctx: rst.Contexte, base: str) -> None:
    """The sign-in pages' two posts (the e-mail, then the code received), sent with the
    browser's own cookies (``page.request`` shares them): this branch still sends
    ``Referrer-Policy: no-referrer``, under which Chromium posts a filled form with
    ``Origin: null`` and the CSRF guard refuses it as cross-site (main's 172b467 fixes
    that; there the forms can be filled by their labels)."""
    page.goto(f"{base}/connexion")
    assert page.get_by_label("E-mail du compte").is_visible()
    demande = page.request.post(f"{base}/connexion/demande", form={"email": ADMIN})
    assert demande.ok, demande.status
    valide = page.request.post(f"{base}/connexion/code", form={
        "email": ADMIN, "code": code_recu(ctx, ADMIN)})
    assert valide.ok and valide.url.endswith("/adherents/101"), (valide.status, valide.url)


def test_the_invoice_preview_prints_to_an_a4_pdf(tmp_path: Path) -> None:
    ctx = bootstrap.depuis_url(f"sqlite:///{tmp_path / 'portail.db'}", migrer=True,
                               horloge=rst.HorlogeFixe(), notifier=rst.NotifierMemoire())
    try:
        peupler(ctx)
        with serveur(creer_application(ctx, Reglages("i" * 40))) as base, \
                sync_playwright() as p:
            navigateur = p.chromium.launch(executable_path=CHROMIUM, args=ARGUMENTS)
            try:
                page = navigateur.new_page()
                connecter(page, ctx, base)
                page.goto(f"{base}/adherents/101/facturation/apercu?annee=2024"
                          "&regle=present_dans_l_annee&bareme=bareme_publie")
                assert page.get_by_role("heading", name="Aperçu de facture 2024").is_visible()
                pdf = page.pdf(format="A4")
            finally:
                navigateur.close()
    finally:
        bootstrap.fermer(ctx)
    lecteur = PdfReader(io.BytesIO(pdf))
    assert len(lecteur.pages) == 1
    largeur, hauteur = (float(x) for x in lecteur.pages[0].mediabox.upper_right)
    assert abs(largeur - 595.3) < 1.5 and abs(hauteur - 841.9) < 1.5  # A4 in points
    texte = " ".join(" ".join(p.extract_text().split()) for p in lecteur.pages)
    assert "Numéro d'adhérent 101" in texte or "Numéro d’adhérent 101" in texte
    assert "Du 01/01/2024 au 31/12/2024" in texte
    assert "Durand Léa" in texte and "Petit Zoé" in texte
    # SIG 2 × 89 + 1 entry fee × 66 + fixed fee 35 = 279.00 HT, VAT 55.80, 334.80 TTC
    assert re.search(r"Total TTC 334,80\s?€", texte.replace("\u202f", " ")), texte
    assert "Se déconnecter" not in texte and "Mettre à jour l'aperçu" not in texte
