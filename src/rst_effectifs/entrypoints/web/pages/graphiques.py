"""The dashboard's picture, drawn on the server: the headcount by follow-up type month
by month, stacked bars in SVG (no script, presentation attributes only — the CSP allows
no inline style), its numbers also given as a table for screen readers and print."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from attrs import frozen

from ....domain.suivi import TypeDeSuivi

MOIS = ("janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.",
        "nov.", "déc.")
COULEURS = {TypeDeSuivi.SIG: "#0b4f8a", TypeDeSuivi.SIA: "#c0620b", TypeDeSuivi.SIR: "#7a1f5c"}
"""Dark enough on white for a 3:1 contrast of graphics (WCAG 1.4.11)."""
LIBELLES = {TypeDeSuivi.SIG: "SIG (suivi individuel général)",
            TypeDeSuivi.SIA: "SIA (suivi individuel adapté)",
            TypeDeSuivi.SIR: "SIR (suivi individuel renforcé)"}


@frozen
class Mois:
    debut: dt.date
    fin: dt.date
    par_type: dict[TypeDeSuivi, int]

    @property
    def libelle(self) -> str:
        return f"{MOIS[self.debut.month - 1]} {self.debut.year}"

    @property
    def total(self) -> int:
        return sum(self.par_type.values())


def douze_mois(aujourd_hui: dt.date) -> list[tuple[dt.date, dt.date]]:
    """The last 12 months, the current one last (it ends today, not at its end)."""
    mois: list[tuple[dt.date, dt.date]] = []
    annee, numero = aujourd_hui.year, aujourd_hui.month
    for _ in range(12):
        debut = dt.date(annee, numero, 1)
        suivant = dt.date(annee + numero // 12, numero % 12 + 1, 1)
        mois.insert(0, (debut, min(suivant - dt.timedelta(days=1), aujourd_hui)))
        annee, numero = (annee, numero - 1) if numero > 1 else (annee - 1, 12)
    return mois


def _graduation(maximum: int) -> int:
    """A round step giving about four grid lines."""
    for pas in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000):
        if maximum / pas <= 5:
            return pas
    return max(1, maximum // 4)


def resume(mois: Sequence[Mois]) -> str:
    """What the bars say, as a screen reader reads it: each month's total and its split
    by follow-up type (the table after the chart gives the same numbers)."""
    if not mois or all(m.total == 0 for m in mois):
        return "Aucun salarié présent sur ces mois."
    parties = []
    for m in mois:
        detail = ", ".join(f"{t.value} {m.par_type.get(t, 0)}" for t in TypeDeSuivi)
        parties.append(f"{m.libelle} : {m.total}" + (f" ({detail})" if m.total else ""))
    return ("Salariés présents au moins un jour de chaque mois : " + " ; ".join(parties)
            + ". Les mêmes nombres sont dans le tableau qui suit.")


def barres_empilees(mois: Sequence[Mois], largeur: int = 720, hauteur: int = 300) -> str:
    """The SVG text (safe: only numbers and fixed labels go in it)."""
    gauche, droite, haut, bas = 44, 8, 12, 40
    zone_l, zone_h = largeur - gauche - droite, hauteur - haut - bas
    maximum = max((m.total for m in mois), default=0)
    pas = _graduation(max(maximum, 1))
    plafond = max(pas, -(-max(maximum, 1) // pas) * pas)
    morceaux = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {largeur} {hauteur}" '
                'class="barres" role="img" aria-labelledby="graphique-titre" '
                'aria-describedby="graphique-desc" focusable="false">',
                '<title id="graphique-titre">Effectif par type de suivi, mois par mois</title>',
                f'<desc id="graphique-desc">{resume(mois)}</desc>']
    for valeur in range(0, plafond + 1, pas):
        y = haut + zone_h - zone_h * valeur / plafond
        morceaux.append(f'<line x1="{gauche}" x2="{largeur - droite}" y1="{y:.1f}" '
                        f'y2="{y:.1f}" stroke="#c9ced6" stroke-width="1"/>')
        morceaux.append(f'<text x="{gauche - 6}" y="{y + 4:.1f}" text-anchor="end">{valeur}</text>')
    colonne = zone_l / max(len(mois), 1)
    for i, m in enumerate(mois):
        x = gauche + i * colonne + colonne * 0.15
        base = float(haut + zone_h)
        for type_ in TypeDeSuivi:
            n = m.par_type.get(type_, 0)
            if n == 0:
                continue
            h = zone_h * n / plafond
            base -= h
            morceaux.append(f'<rect x="{x:.1f}" y="{base:.1f}" width="{colonne * 0.7:.1f}" '
                            f'height="{h:.1f}" fill="{COULEURS[type_]}">'
                            f'<title>{m.libelle} : {n} en {type_.value}</title></rect>')
        morceaux.append(f'<text x="{x + colonne * 0.35:.1f}" y="{hauteur - bas + 16}" '
                        f'text-anchor="middle">{MOIS[m.debut.month - 1]}</text>')
        if i == 0 or m.debut.month == 1:
            morceaux.append(f'<text x="{x + colonne * 0.35:.1f}" y="{hauteur - bas + 32}" '
                            f'text-anchor="middle">{m.debut.year}</text>')
    morceaux.append("</svg>")
    return "".join(morceaux)


__all__ = ["COULEURS", "LIBELLES", "Mois", "barres_empilees", "douze_mois", "resume"]
