"""Fixtures of the import tests: the sample DSN's adherent, on every storage."""

from __future__ import annotations

import pytest
from monde_import import Monde, construire_monde

import rst_effectifs as rst


@pytest.fixture
def monde(contexte: rst.Contexte) -> Monde:
    return construire_monde(contexte)
