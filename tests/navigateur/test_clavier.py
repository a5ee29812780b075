"""The hire form completed with the keyboard only (WCAG 2.1.1): every field reached by
Tab in reading order, filled by typing, the choice lists by arrow keys, sent by Enter."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from banc_navigateur import AGENT, connecter, portail_reel

import rst_effectifs as rst

ADMIN = "rh@fournil.fr"


def tabuler_jusqua(page: Any, ident: str, maximum: int = 60) -> int:
    """Tab until the element ``#ident`` has the focus; how many presses it took."""
    for n in range(1, maximum + 1):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && document.activeElement.id") == ident:
            return n
    raise AssertionError(f"#{ident} n'est pas atteint au clavier")


def test_the_hire_form_by_keyboard_only(navigateur: Any, tmp_path: Path) -> None:
    with portail_reel(f"sqlite:///{tmp_path / 'clavier.db'}") as (ctx, base):
        adherent = rst.executer(ctx, AGENT, rst.CreerAdherent(
            "202", "73282932000074", "Le Fournil", ADMIN))
        acces = rst.resoudre_acces(ctx, ADMIN, adherent.id)
        rst.executer(ctx, acces, rst.AjouterPoste(adherent.id, "Vendeuse"))
        contexte = navigateur.new_context(locale="fr-FR")
        page = contexte.new_page()
        try:
            connecter(page, ctx, base, ADMIN)
            page.goto(f"{base}/adherents/202/salaries/nouveau")
            page.locator("body").focus()
            tabuler_jusqua(page, "champ-nom")
            page.keyboard.type("Lefebvre")
            tabuler_jusqua(page, "champ-prenoms")
            page.keyboard.type("Inès")
            tabuler_jusqua(page, "champ-date-naissance")
            page.keyboard.type("17051993")  # JJ MM AAAA: the French date input
            tabuler_jusqua(page, "champ-contrat-poste-id")
            page.keyboard.press("ArrowDown")
            tabuler_jusqua(page, "champ-contrat-debut")
            page.keyboard.type("02032026")
            # A key press does not wait for the navigation it starts (a click does):
            # wait for the file the hire redirects to, not for the form's own "load".
            with page.expect_navigation(url=re.compile(r"/salaries/[0-9a-f]{32}$")):
                page.keyboard.press("Enter")
            assert page.get_by_role("heading", level=1).inner_text().startswith("Lefebvre")
        finally:
            contexte.close()
        page_ = rst.executer(ctx, acces, rst.ListerSalaries(adherent.id))
        (salarie,) = page_.salaries
        assert salarie.identite.prenoms == "Inès"
        assert str(salarie.identite.date_naissance) == "1993-05-17"
        assert str(salarie.contrats[0].debut) == "2026-03-02"
