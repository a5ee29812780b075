"""F7 under real concurrency: several processes, each an RST agent, record the same
worker for the same year at once, on a SQLite file and on PostgreSQL; the database then
holds ONE record and one share per member
(``rst_effectifs.testing.concurrence_multi_employeurs``), counted here in SQL too."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from test_concurrence import _url_postgresql

import rst_effectifs as rst
from rst_effectifs.adapters.sql import upgrade
from rst_effectifs.testing.concurrence_multi_employeurs import course_au_multi_employeur

TOURS = 1


def _compter(url: str) -> tuple[int, int, int]:
    moteur = create_engine(url)
    try:
        with moteur.connect() as connection:
            return tuple(connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
                         for table in ("multi_employeurs", "parts_multi_employeur",
                                       "journal WHERE quoi = 'facturation.multi_employeur'"))
    finally:
        moteur.dispose()


def test_three_agents_recording_one_worker_at_once_leave_one_record_on_sqlite(
    tmp_path: Path,
) -> None:
    url = f"sqlite:///{tmp_path / 'rst.db'}"
    upgrade(url)
    assert course_au_multi_employeur(functools.partial(rst.depuis_url, url, migrer=False),
                                     processus=3, tours=TOURS) == []
    assert _compter(url) == (TOURS, 2 * TOURS, 2 * TOURS)


@pytest.mark.postgresql
def test_three_agents_recording_one_worker_at_once_leave_one_record_on_postgresql() -> None:
    url = _url_postgresql()
    upgrade(url)
    assert course_au_multi_employeur(functools.partial(rst.depuis_url, url, migrer=False),
                                     processus=3, tours=TOURS) == []
    assert _compter(url) == (TOURS, 2 * TOURS, 2 * TOURS)
