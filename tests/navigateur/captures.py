"""The browser tests see what a member sees: at each width, the page's layout is checked
(no element wider than the window, a height bound per page, the chart's legend swatches
small) and its screenshot compared with the committed reference in ``docs/images``
(the same images illustrate docs/portal.md).

References are 8-bit palette PNGs (256 colours, no dithering: text antialiasing keeps
its greys, a page weighs a few tens of KB; the reduction moves no pixel by more than about
a dozen levels on these pages). A pixel differs when its difference with the reference
(in grey levels) is over :data:`SEUIL_PIXEL`, and a page differs when more than
:data:`TOLERANCE_FIXE` + :data:`TOLERANCE_RELATIVE` of its pixels do, or when its size
changed. Regenerate them on purpose (after a change of the pages, or after merging
branches that add pages) with::

    RST_EFFECTIFS_REFERENCES=ecrire .venv/bin/python -m pytest tests/navigateur -k "not postgresql"
"""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any

from PIL import Image, ImageChops

VARIABLE = "RST_EFFECTIFS_REFERENCES"
"""``ecrire``: write the references instead of comparing with them."""
COMMANDE = (f'{VARIABLE}=ecrire .venv/bin/python -m pytest tests/navigateur '
            '-k "not postgresql"')
REFERENCES = Path(__file__).resolve().parents[2] / "docs" / "images"
TAILLES = {"large": (1366, 800), "mobile": (390, 844)}
SEUIL_PIXEL = 40
TOLERANCE_FIXE = 100
TOLERANCE_RELATIVE = 0.0001
POLICE = "DejaVu Sans"
"""The font the references were drawn with (Debian's fonts-dejavu-core, installed by
``.ci/polices.sh``): the pages ask for the system's sans-serif, which it is there."""

HAUTEURS: dict[str, tuple[int, int]] = {
    "connexion": (1000, 1000), "connexion-code": (1000, 1000),
    "tableau-de-bord-vide": (1900, 2100), "postes-vide": (2000, 2500), "postes": (2200, 2800),
    "embauche": (1900, 2300), "salaries": (1500, 2600), "nouveau-contrat": (1700, 2200),
    "fiche": (1750, 2600), "doublon": (2200, 2800), "salaries-coches": (1500, 2600),
    "mouvements-fait": (1600, 2600), "salaries-contrat-demande": (2400, 3200),
    "annulation": (1000, 1200), "identite-conflit": (1400, 1900), "effectif": (1600, 2500),
    "tableau-de-bord": (1900, 2100), "facturation": (2200, 3200),
    "apercu-facture": (1600, 2400), "compte": (2200, 2900), "factures": (1000, 1300),
    "numero-teledeclarant": (1000, 1000), "acces": (1300, 2000), "journal": (3200, 4600),
    "aide": (1800, 3100), "trop-gros": (1000, 1000), "choix-adherent": (1000, 1000),
    "import": (1000, 1200), "import-simulation": (1600, 3400),
    "salaries-lecture-seule": (1000, 1600),
}
"""Page name → the highest it may be (px) at 1366 and at 390 px wide: a page that
suddenly grows (a picture blown up, a list shown twice) fails. A page not listed here
gets :data:`HAUTEUR_PAR_DEFAUT`; add it when adding the page."""
HAUTEUR_PAR_DEFAUT = (2500, 5000)
PASTILLE_MAX = 24
"""The chart's legend swatches stay smaller than this (px): once, a stylesheet rule
meant for the chart made them 536 px square and no test noticed."""

_MISE_EN_PAGE = """() => {
  const largeur = window.innerWidth, trop = [];
  const defile = el => {
    for (let p = el.parentElement; p; p = p.parentElement) {
      const o = getComputedStyle(p).overflowX;
      if (o === 'auto' || o === 'scroll' || o === 'hidden') return true;
    }
    return false;
  };
  const nom = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
    + (typeof el.className === 'string' && el.className
       ? '.' + el.className.split(' ').join('.') : '');
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || r.right <= 0) continue;
    if ((r.right > largeur + 1 || r.left < -1) && !defile(el))
      trop.push(nom(el) + ' ' + Math.round(r.left) + '..' + Math.round(r.right));
  }
  const pastilles = [...document.querySelectorAll('.legende .pastille')].map(p => {
    const r = p.getBoundingClientRect(); return Math.max(r.width, r.height); });
  return {largeur, defilement: document.documentElement.scrollWidth,
          hauteur: document.documentElement.scrollHeight, trop: trop.slice(0, 8), pastilles};
}"""


def ecrire() -> bool:
    return os.environ.get(VARIABLE) == "ecrire"


def mise_en_page(page: Any, nom: str, taille: str) -> list[str]:
    """What is wrong with the layout of ``page`` at the current width."""
    mesure = page.evaluate(_MISE_EN_PAGE)
    ecarts = []
    if mesure["defilement"] > mesure["largeur"] or mesure["trop"]:
        ecarts.append(f"{nom}-{taille}: wider than the window ({mesure['defilement']} > "
                      f"{mesure['largeur']} px): {mesure['trop']}")
    borne = HAUTEURS.get(nom, HAUTEUR_PAR_DEFAUT)[0 if taille == "large" else 1]
    if mesure["hauteur"] > borne:
        ecarts.append(f"{nom}-{taille}: {mesure['hauteur']} px high, bound {borne} px")
    grosses = [p for p in mesure["pastilles"] if p >= PASTILLE_MAX]
    if grosses:
        ecarts.append(f"{nom}-{taille}: legend swatches of {grosses} px (< {PASTILLE_MAX})")
    return ecarts


def reduire(png: bytes) -> Image.Image:
    """A screenshot as a reference is kept: 256 colours, no dithering."""
    with Image.open(io.BytesIO(png)) as image:
        return image.convert("RGB").quantize(256, method=Image.Quantize.FASTOCTREE,
                                             dither=Image.Dither.NONE)


def comparer(png: bytes, nom: str, dossier_ecarts: Path) -> str | None:
    """``None`` when the screenshot matches its reference ``docs/images/<nom>.png``
    (written instead under :func:`ecrire`), else what differs, with the images of the
    difference kept in ``dossier_ecarts``."""
    reference = REFERENCES / f"{nom}.png"
    if ecrire():
        reduire(png).save(reference, optimize=True)
        return None
    if not reference.exists():
        return f"{nom}: no reference docs/images/{nom}.png (create it: {COMMANDE})"
    with Image.open(reference) as lue:
        attendue = lue.convert("RGB")
    with Image.open(io.BytesIO(png)) as brute:
        obtenue = brute.convert("RGB")
    if attendue.size != obtenue.size:
        return _garder(nom, obtenue, attendue, None, dossier_ecarts,
                       f"size {obtenue.size} instead of {attendue.size}")
    ecart = ImageChops.difference(attendue, obtenue).convert("L")
    masque = ecart.point(lambda v: 255 if v > SEUIL_PIXEL else 0)
    differents = masque.histogram()[255]
    permis = TOLERANCE_FIXE + int(TOLERANCE_RELATIVE * obtenue.width * obtenue.height)
    if differents <= permis:
        return None
    return _garder(nom, obtenue, attendue, masque, dossier_ecarts,
                   f"{differents} pixels differ (at most {permis})")


def _garder(nom: str, obtenue: Image.Image, attendue: Image.Image,
            masque: Image.Image | None, dossier: Path, quoi: str) -> str:
    dossier.mkdir(parents=True, exist_ok=True)
    obtenue.save(dossier / f"{nom}-obtenue.png")
    attendue.save(dossier / f"{nom}-attendue.png")
    if masque is not None:
        masque.save(dossier / f"{nom}-ecart.png")
    return (f"{nom}: {quoi}; see {dossier}/{nom}-*.png. If the change is wanted, "
            f"regenerate the references: {COMMANDE}")


def police_du_texte(page: Any) -> list[str]:
    """The fonts Chromium really drew the page's first paragraph with (DevTools'
    ``CSS.getPlatformFontsForNode``)."""
    session = page.context.new_cdp_session(page)
    try:
        session.send("DOM.enable")
        session.send("CSS.enable")
        racine = session.send("DOM.getDocument")["root"]["nodeId"]
        noeud = session.send("DOM.querySelector", {"nodeId": racine, "selector": "main p"})
        polices = session.send("CSS.getPlatformFontsForNode",
                               {"nodeId": noeud["nodeId"]})["fonts"]
        return [p["familyName"] for p in polices]
    finally:
        session.detach()


__all__ = ["COMMANDE", "HAUTEURS", "POLICE", "TAILLES", "comparer", "ecrire", "mise_en_page",
           "police_du_texte", "reduire"]
