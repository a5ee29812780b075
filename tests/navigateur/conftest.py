"""Fixtures of the browser tests: Debian's Chromium driven by Playwright through its
executable path (never a downloaded browser), one per test session.

Without Chromium the tests skip, unless ``RST_EFFECTIFS_REQUIRE_CHROMIUM=1`` (CI, set by
``.ci/chromium.sh``), where they fail: CI never skips them."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = os.environ.get("RST_EFFECTIFS_CHROMIUM", "/usr/bin/chromium")
ARGUMENTS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update",
             "--disable-sync", "--disable-dev-shm-usage", "--lang=fr-FR"]
LANGUE = {"LANG": "fr_FR.UTF-8", "LANGUAGE": "fr"}
"""With Debian's chromium-l10n, a French browser: date inputs read JJ/MM/AAAA."""
"""No sandbox (CI runs as root), no network of its own: the browser talks to the test's
loopback server only."""


@pytest.fixture(scope="session")
def navigateur() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        message = f"no Chromium at {CHROMIUM} (source .ci/chromium.sh)"
        if os.environ.get("RST_EFFECTIFS_REQUIRE_CHROMIUM") == "1":
            pytest.fail(f"RST_EFFECTIFS_REQUIRE_CHROMIUM=1 but {message}")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGUMENTS,
                                    env={**os.environ, **LANGUE})
        try:
            yield browser
        finally:
            browser.close()
