"""The SQL adapter on SQLite against the storage conformance suite."""

from __future__ import annotations

import pytest

import rst_effectifs as rst
from rst_effectifs.testing.conformite import ConformiteStockage, retirer_unicite_des_salaries


class TestSqlite(ConformiteStockage):
    @pytest.fixture(autouse=True)
    def _base(self, url_sqlite: str) -> None:
        self.url = url_sqlite

    def make_contexte(self) -> rst.Contexte:
        return rst.depuis_url(self.url)

    def accepter_doublons(self, ctx: rst.Contexte) -> None:
        retirer_unicite_des_salaries(self.url)
