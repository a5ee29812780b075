"""V1 under real concurrency: processes sending the same expected version for the same
salarié at once, on a SQLite file and on PostgreSQL. Exactly one change is stored; every
other process gets ``VersionPerimee`` or ``ConflitDeVersion``
(``rst_effectifs.testing.concurrence_versions``)."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest
from test_concurrence import _url_postgresql

import rst_effectifs as rst
from rst_effectifs.adapters.sql import upgrade
from rst_effectifs.testing.concurrence_versions import course_aux_versions


def test_one_of_two_processes_with_the_same_expected_version_wins_on_sqlite(
    tmp_path: Path,
) -> None:
    url = f"sqlite:///{tmp_path / 'rst.db'}"
    upgrade(url)
    assert course_aux_versions(functools.partial(rst.depuis_url, url, migrer=False)) == []


@pytest.mark.postgresql
def test_one_of_three_processes_with_the_same_expected_version_wins_on_postgresql() -> None:
    url = _url_postgresql()
    upgrade(url)
    assert course_aux_versions(functools.partial(rst.depuis_url, url, migrer=False),
                               processus=3) == []
