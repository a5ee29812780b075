#!/usr/bin/env bash
# The mutation run of docs/testing-kit.md, by hand (never in CI): cosmic-ray mutates the
# domain's presence, headcount and billing functions, one mutant at a time, in a copy of
# the committed tree, and runs only the kit's tests (tests/kit and the conformance suite
# on memory) against each. Niced: the machine is shared.
#   bash bench/mutation/lancer.sh [DOSSIER]        (default /tmp/rst_mutation)
set -euo pipefail
racine=$(cd "$(dirname "$0")/../.." && pwd)
dossier=${1:-/tmp/rst_mutation}
rm -rf "$dossier" && mkdir -p "$dossier"
git -C "$racine" archive HEAD | tar -x -C "$dossier"
cd "$dossier"
export PATH="$racine/.venv/bin:$PATH" PYTHONPATH="$dossier/src" RST_KIT_EXEMPLES=${RST_KIT_EXEMPLES:-20}
cosmic-ray init bench/mutation/cosmic-ray.toml session.sqlite
python bench/mutation/perimetre.py session.sqlite
nice -n 19 cosmic-ray exec bench/mutation/cosmic-ray.toml session.sqlite
cr-report session.sqlite --show-pending > rapport.txt || true
tail -n 5 rapport.txt
