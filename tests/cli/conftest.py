"""Fixtures of the command-line tests: a SQLite file per test with a runner bound to it,
and a small adherent built through the commands (helpers in ``banc_cli``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from banc_cli import Lanceur, Monde, creer_monde


@pytest.fixture
def lancer(tmp_path: Path) -> Lanceur:
    return Lanceur(f"sqlite:///{tmp_path / 'cli.db'}", tmp_path)


@pytest.fixture
def monde(lancer: Lanceur) -> Monde:
    return creer_monde(lancer)
