"""The SQL adapter on SQLite against the storage conformance suite."""

from __future__ import annotations

import pytest

import rst_effectifs as rst
from rst_effectifs.testing.conformite import ConformiteStockage


class TestSqlite(ConformiteStockage):
    @pytest.fixture(autouse=True)
    def _base(self, url_sqlite: str) -> None:
        self.url = url_sqlite

    def make_contexte(self) -> rst.Contexte:
        return rst.depuis_url(self.url)
