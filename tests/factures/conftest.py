"""Contexts on the three storages for the invoice tests (``banc_factures.contexte``)."""

from __future__ import annotations

import pytest

STOCKAGES = ("memoire", "sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql))


@pytest.fixture(params=STOCKAGES)
def url_stockage(request: pytest.FixtureRequest) -> tuple[str, str | None]:
    """(storage, URL of a fresh database; ``None`` in memory)."""
    stockage: str = request.param
    if stockage == "memoire":
        return stockage, None
    return stockage, request.getfixturevalue(f"url_{stockage}")
