"""Fail the CI run if pytest skipped anything, or if no PostgreSQL test ran.

Usage: python .ci/sans_saut.py JUNIT_XML [JUNIT_XML …]. Reads the JUnit reports pytest
wrote (``--junitxml``; CI runs the suite in two parts); expected failures (xfail) are not
skips. In CI the PostgreSQL tests run, none of them skipped.
"""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET


def main(*chemins: str) -> int:
    sautes: list[str] = []
    postgresql = 0
    cas_lus = [cas for chemin in chemins for cas in ET.parse(chemin).iter("testcase")]
    for cas in cas_lus:
        nom = f"{cas.get('classname')}::{cas.get('name')}"
        saut = cas.find("skipped")
        if saut is not None and saut.get("type") != "pytest.xfail":
            sautes.append(f"{nom}: {saut.get('message', '')}")
        elif saut is None and "postgresql" in nom.lower():
            postgresql += 1
    for ligne in sautes:
        print(f"skipped in CI: {ligne}", file=sys.stderr)
    if postgresql == 0:
        print("no PostgreSQL test ran (is RST_EFFECTIFS_TEST_POSTGRESQL_URL set?)",
              file=sys.stderr)
    if sautes or postgresql == 0:
        return 1
    print(f"no test skipped; {postgresql} PostgreSQL tests ran", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
