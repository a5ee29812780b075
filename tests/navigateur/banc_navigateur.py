"""Test kit of the browser tests: the portal on a real server over a SQL store, a person's
steps in Chromium (sign in with the code from the outbox, fill a form by its labels), and
what every visited page must pass — axe (0 serious or critical violation) and, where the
journey looks (:class:`Visites` with ``regarder``), at 1366 and 390 px wide: its layout
and its screenshot against the committed reference (``captures``)."""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from captures import POLICE, TAILLES, comparer, mise_en_page, police_du_texte

import rst_effectifs as rst
from rst_effectifs import bootstrap
from rst_effectifs.entrypoints.web import creer_application
from rst_effectifs.entrypoints.web.reglages import Reglages
from rst_effectifs.testing.serveur import serveur_local

SECRET = "n" * 40
AGENT = rst.AgentRst(rst.Email.parse("agent@rst.fr"))
INSTANT = dt.datetime(2026, 3, 16, 9, 0, tzinfo=dt.UTC)
"""The journey's "today": the fixed clock makes every run, and its screenshots, alike."""
IMPACTS_INTERDITS = {"serious", "critical"}
_CODE = re.compile(r"portail RST : (\d{8})")


@contextmanager
def portail_reel(url: str, **reglages: int) -> Iterator[tuple[rst.Contexte, str]]:
    """The portal over the fresh database ``url`` (schema migrated), with a fixed clock
    and a memory outbox, served on a loopback port: (context, base URL). Nothing of the
    law is configured: the national costs and the sample barème are the library's."""
    ctx = bootstrap.depuis_url(url, migrer=True, horloge=rst.HorlogeFixe(INSTANT),
                               notifier=rst.NotifierMemoire())
    try:
        with serveur_local(creer_application(ctx, Reglages(SECRET, **reglages))) as base:
            yield ctx, base
    finally:
        bootstrap.fermer(ctx)


def dernier_message(ctx: rst.Contexte, email: str, motif: re.Pattern[str] = _CODE,
                    apres: int = 0) -> str:
    """The first group of ``motif`` in the last message sent to ``email`` that holds it,
    among the outbox's messages from index ``apres`` on. Mail leaves after the answer
    (a background task), so it may arrive a moment after the next page: wait for it."""
    assert isinstance(ctx.notifier, rst.NotifierMemoire)
    limite = time.monotonic() + 10
    while True:
        for message in reversed(ctx.notifier.messages[apres:]):
            trouve = motif.search(message.corps)
            if message.destinataire.valeur == email and trouve:
                return trouve.group(1)
        if time.monotonic() > limite:
            raise AssertionError(f"rien de tel envoyé à {email}")
        time.sleep(0.05)


CONTEXTE = {"viewport": {"width": 1366, "height": 800}, "locale": "fr-FR",
            "timezone_id": "Europe/Paris", "reduced_motion": "reduce",
            "color_scheme": "light", "device_scale_factor": 1}
"""A browser context that draws the same pixels on every run: one scale, no motion."""


class Visites:
    """Every page a journey visits; with ``regarder`` axe runs on it, its layout is
    checked and its screenshot compared (or written, ``RST_EFFECTIFS_REFERENCES=ecrire``)
    at both widths as ``docs/images/<nom>-large.png`` and ``<nom>-mobile.png``. The
    differences are gathered and said at the end (:meth:`verifier`), every page at once.
    Without ``regarder`` (the same journey on another storage: the same pages) only the
    static files' loading is checked."""

    def __init__(self, regarder: bool, ecarts: Path) -> None:
        from axe_playwright_python.sync_playwright import Axe

        self.axe = Axe()
        self.regarder = regarder
        self.dossier_ecarts = ecarts
        self.pages: list[str] = []
        self.echecs: list[str] = []
        self.ecarts: list[str] = []
        self.police_verifiee = False

    def suivre(self, page: Any) -> Any:
        """Records every stylesheet, script or image of ``page`` that fails to load."""
        def reponse(r: Any) -> None:
            if r.request.resource_type != "document" and r.status >= 400:
                self.echecs.append(f"{r.status} {r.url}")

        page.on("response", reponse)
        return page

    def voir(self, page: Any, nom: str) -> None:
        page.wait_for_load_state("load")
        assert not self.echecs, (nom, self.echecs)
        assert nom not in self.pages, f"two states named {nom}"
        self.pages.append(nom)
        if not self.regarder:
            return
        resultats = self.axe.run(page)
        graves = [v for v in resultats.response["violations"]
                  if v.get("impact") in IMPACTS_INTERDITS]
        assert not graves, (nom, page.url, [
            (v["id"], v["impact"], v["help"], [n["target"] for n in v["nodes"]][:5])
            for v in graves])
        self._regarder(page, nom)

    def _regarder(self, page: Any, nom: str) -> None:
        if not self.police_verifiee:
            polices = police_du_texte(page)
            assert POLICE in polices, (
                f"the page is drawn with {polices}, the references with {POLICE}: "
                "install the fonts of .ci/polices.sh")
            self.police_verifiee = True
        taille_initiale = page.viewport_size
        page.evaluate("document.activeElement && document.activeElement.blur()")
        page.mouse.move(0, 0)
        for suffixe, (largeur, hauteur) in TAILLES.items():
            page.set_viewport_size({"width": largeur, "height": hauteur})
            page.evaluate("document.fonts.ready")
            self.ecarts += mise_en_page(page, nom, suffixe)
            image = page.screenshot(full_page=True, animations="disabled", caret="hide")
            ecart = comparer(image, f"{nom}-{suffixe}", self.dossier_ecarts)
            if ecart:
                self.ecarts.append(ecart)
        page.set_viewport_size(taille_initiale)

    def verifier(self) -> None:
        """Every layout problem and visual difference of the journey, at once."""
        assert not self.ecarts, "\n".join(self.ecarts)


def connecter(page: Any, ctx: rst.Contexte, base: str, email: str, visites: Visites | None
              = None) -> None:
    """The sign-in pages as a person uses them: the e-mail, then the code it received."""
    deja = len(ctx.notifier.messages) if isinstance(ctx.notifier, rst.NotifierMemoire) else 0
    page.goto(f"{base}/connexion")
    if visites:
        visites.voir(page, "connexion")
    page.get_by_label("E-mail").fill(email)
    page.get_by_role("button", name="Recevoir un code").click()
    page.wait_for_url(re.compile(r"/connexion/code"))
    if visites:
        visites.voir(page, "connexion-code")
    page.get_by_label("Code").fill(dernier_message(ctx, email, apres=deja))
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_load_state("load")
