"""The dates the domain computes with (D1).

Every date a caller or a file gives lies between :data:`DATE_MIN` and :data:`DATE_MAX`.
Inside them every step the rules take (the day before or after, the 18th birthday, a
year later) stays a real date on every storage; no employment record falls outside.
"""

from __future__ import annotations

import datetime as dt

from .erreurs import DonneeInvalide

__all__ = ["DATE_MAX", "DATE_MIN", "date_dans_les_bornes", "date_fr"]

DATE_MIN = dt.date(1900, 1, 1)
DATE_MAX = dt.date(2100, 12, 31)


def date_dans_les_bornes(valeur: dt.date, champ: str | None = None) -> dt.date:
    """``valeur`` if it lies in [:data:`DATE_MIN`, :data:`DATE_MAX`], else the D1 refusal
    naming ``champ``."""
    if DATE_MIN <= valeur <= DATE_MAX:
        return valeur
    raise DonneeInvalide(
        f"Les dates vont du {DATE_MIN:%d/%m/%Y} au {DATE_MAX:%d/%m/%Y}.",
        code="date.hors_bornes", regle="D1", chemin=champ,
    )


def date_fr(jour: dt.date | None) -> str:
    """``2026-03-01`` → ``01/03/2026`` (the portal's JJ/MM/AAAA, the CLI's too); nothing →
    an empty text."""
    return "" if jour is None else f"{jour:%d/%m/%Y}"
