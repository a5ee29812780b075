"""Fixtures of the pages' in-process tests: a portal over a memory context with a fixed
clock and a memory outbox, with the adherent 101 (helpers in ``banc_pages``)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from banc_pages import Portail, portail_sur

import rst_effectifs as rst


@pytest.fixture
def ctx() -> rst.Contexte:
    return rst.en_memoire(horloge=rst.HorlogeFixe(), notifier=rst.NotifierMemoire())


@pytest.fixture
def portail(ctx: rst.Contexte) -> Iterator[Portail]:
    with portail_sur(ctx) as p:
        yield p
