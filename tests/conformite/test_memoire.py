"""The memory adapter against the storage conformance suite."""

from __future__ import annotations

import rst_effectifs as rst
from rst_effectifs.testing.conformite import ConformiteStockage


class TestMemoire(ConformiteStockage):
    def make_contexte(self) -> rst.Contexte:
        return rst.en_memoire()
