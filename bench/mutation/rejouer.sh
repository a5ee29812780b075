#!/usr/bin/env bash
# Replay the mutants mutmut left alive against the kit's tests as they are now (after a
# new invariant or test), the way mutmut runs one: MUTANT_UNDER_TEST selects the mutant
# in the copy's mutants/src. Prints "killed" or "survived" per mutant.
#   bash bench/mutation/rejouer.sh [DOSSIER]        (the folder of lancer.sh)
set -uo pipefail
racine=$(cd "$(dirname "$0")/../.." && pwd)
dossier=${1:-/tmp/rst_mutation}
rm -rf "$dossier/rejeu" && mkdir -p "$dossier/rejeu"
cp -r "$racine/tests" "$racine/pyproject.toml" "$dossier/rejeu/"
cd "$dossier" && PATH="$racine/.venv/bin:$PATH" mutmut results 2>/dev/null \
    | grep -o 'rst_effectifs[^:]*: survived' | cut -d: -f1 > rejeu/survivants.txt
cd "$dossier/rejeu"
while read -r nom; do
  if MUTANT_UNDER_TEST="$nom" PYTHONPATH="$dossier/mutants/src" RST_KIT_EXEMPLES=10 \
      nice -n 10 "$racine/.venv/bin/python" -m pytest -x -q -p no:cacheprovider \
      tests/kit/test_oracle.py tests/kit/test_invariants_kit.py \
      tests/conformite/test_memoire.py \
      --deselect tests/kit/test_invariants_kit.py::test_memory_and_sql_answer_alike \
      > /dev/null 2>&1; then echo "survived $nom"; else echo "killed $nom"; fi
done < survivants.txt
