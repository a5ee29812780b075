"""The SQL adapter on PostgreSQL against the storage conformance suite."""

from __future__ import annotations

import pytest

import rst_effectifs as rst
from rst_effectifs.testing.conformite import ConformiteStockage, retirer_unicite_des_salaries


@pytest.mark.postgresql
class TestPostgresql(ConformiteStockage):
    @pytest.fixture(autouse=True)
    def _base(self, url_postgresql: str) -> None:
        self.url = url_postgresql

    def make_contexte(self) -> rst.Contexte:
        return rst.depuis_url(self.url, migrer=True)

    def accepter_doublons(self, ctx: rst.Contexte) -> None:
        retirer_unicite_des_salaries(self.url)
