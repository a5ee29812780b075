"""What the comparative state machine (:mod:`.machine`) draws: dates around 2024 and the
domain's extreme ones, indices into what exists, actors, names, NIRs, labels, and the
dates and periods checked after every step."""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from ..domain.dates import DATE_MAX, DATE_MIN
from ..domain.suivi import Risque

DEBUT = dt.date(2024, 1, 1)
JOUR = dt.timedelta(days=1)
INCONNU = "inconnu"

EXTREMES = (DATE_MAX, DATE_MAX + JOUR, DATE_MIN - JOUR, dt.date.max)
"""The last date of the domain, and dates it refuses (D1): drawn now and then, so that
both sides refuse them alike (the commands are built inside the step, their own check
included)."""


def _date(k: int) -> dt.date:
    return DEBUT + 20 * k * JOUR if k <= 30 else EXTREMES[k - 31]


def plus(jour: dt.date, jours: int) -> dt.date:
    """``jour`` + ``jours`` days, or the last (first) representable date."""
    try:
        return jour + jours * JOUR
    except OverflowError:
        return dt.date.max if jours > 0 else dt.date.min


DATES = st.integers(0, 30 + len(EXTREMES)).map(_date)
DATES_CONTROLE = tuple(DEBUT + k * 200 * JOUR for k in range(3))
PERIODES_CONTROLE = ((DEBUT + 100 * JOUR, DEBUT + 465 * JOUR),)
ASSIETTES_CONTROLE = ((2024, "present_dans_l_annee"), (2025, "present_au_1er_janvier"),
                      (2025, "embauches_plus_de_31_jours"))
"""Checked after every step: these rules read the pieces and chains SQL stores at each
save."""
CHOIX = st.sampled_from([*range(12), -1])
"""An index into what exists (modulo its size); -1 (rarely) means an id nobody has."""
ADHERENTS = st.sampled_from([0, 0, 0, 0, 1, 2, -1])
"""Mostly the first adherent, so that its files grow."""
ACTEURS = st.sampled_from(["admin", "admin", "admin", "admin", "admin", "declaration",
                           "agent", "lecture", "etranger"])
NOMS = st.sampled_from(["Martin", "MARTIN", "Durand", "Lefèvre", "Lefevre", "d'Artagnan",
                        "Da Silva", "  "])
PRENOMS = st.sampled_from(["Léa", "Lea", "Tom", "Jean-Paul"])
NAISSANCES = st.sampled_from([dt.date(1990, 5, 4), dt.date(2007, 3, 15), dt.date(1984, 12, 3),
                              dt.date(2024, 6, 1), dt.date(2100, 1, 1), dt.date(9999, 12, 31)])
"""Mostly adults; born in 2024 (contracts drawn before the birth: D2), in 2100 and in 9999
(D1)."""
NIRS = st.sampled_from([None, None, 1, 2, 0])
"""None: no NIR; 1 or 2: one of two valid NIRs for the birth date; 0: an invalid one."""
LIBELLES = st.sampled_from(["Vendeuse", "VENDEUSE", "Boulanger de nuit", "Cariste",
                            "Plongeur", "", "x" * 121])
RISQUES = st.frozensets(st.sampled_from(list(Risque)), max_size=2)
JUSTIFICATIONS = st.sampled_from([None, None, "Avis du médecin du travail"])
REQUETES = st.sampled_from(["r1", "r2", "r3", "r4"])

__all__ = [
    "ACTEURS",
    "ADHERENTS",
    "ASSIETTES_CONTROLE",
    "CHOIX",
    "DATES",
    "DATES_CONTROLE",
    "DEBUT",
    "EXTREMES",
    "INCONNU",
    "JOUR",
    "JUSTIFICATIONS",
    "LIBELLES",
    "NAISSANCES",
    "NIRS",
    "NOMS",
    "PERIODES_CONTROLE",
    "PRENOMS",
    "REQUETES",
    "RISQUES",
    "plus",
]
