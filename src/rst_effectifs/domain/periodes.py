"""Day ranges, both ends included; ``fin=None`` means still open."""

from __future__ import annotations

import datetime as dt

from attrs import frozen

from .erreurs import DonneeInvalide


@frozen
class Periode:
    debut: dt.date
    fin: dt.date | None = None

    def __attrs_post_init__(self) -> None:
        if self.fin is not None and self.fin < self.debut:
            raise DonneeInvalide(
                "La fin de la période précède son début.", code="periode.invalide", regle="E4"
            )

    def contient(self, le: dt.date) -> bool:
        return self.debut <= le and (self.fin is None or le <= self.fin)

    def croise(self, autre: Periode) -> bool:
        return (self.fin is None or autre.debut <= self.fin) and (
            autre.fin is None or self.debut <= autre.fin
        )
