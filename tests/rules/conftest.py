"""Fixtures of the rule tests (rules P, S, C, E of DOMAIN.md)."""

from __future__ import annotations

import pytest
from portail_regles import Portail


@pytest.fixture
def portail() -> Portail:
    return Portail()
