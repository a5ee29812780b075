#!/usr/bin/env bash
# Replay the mutants mutmut did not kill (survived, timed out, or no test reached them)
# against the kit as it is now (after a new invariant or test), the way mutmut runs one:
# MUTANT_UNDER_TEST selects the mutant in the run's mutated copy of the library. The kit
# (src/rst_effectifs/testing, never mutated) and tests/ come from this work tree; all is
# copied under DOSSIER/rejeu, nothing else of DOSSIER is written. Prints "killed",
# "survived" or "timeout" (over LIMITE seconds, default 600) per mutant.
#   bash bench/mutation/rejouer.sh [DOSSIER] [LIMITE]   (DOSSIER: the folder of lancer.sh)
set -uo pipefail
racine=$(cd "$(dirname "$0")/../.." && pwd)
dossier=${1:-/tmp/rst_mutation}
limite=${2:-600}
rejeu="$dossier/rejeu"
rm -rf "$rejeu" && mkdir -p "$rejeu"
cp -r "$racine/tests" "$racine/pyproject.toml" "$rejeu/"
cp -r "$dossier/mutants/src" "$rejeu/src"
rm -rf "$rejeu/src/rst_effectifs/testing"
cp -r "$racine/src/rst_effectifs/testing" "$rejeu/src/rst_effectifs/testing"
cd "$dossier" && PATH="$racine/.venv/bin:$PATH" mutmut results 2>/dev/null \
    | grep -oE 'rst_effectifs[^:]*: (survived|timeout|no tests)' | cut -d: -f1 > "$rejeu/survivants.txt"
cd "$rejeu"
while read -r nom; do
  debut=$SECONDS
  MUTANT_UNDER_TEST="$nom" PYTHONPATH="$rejeu/src" PYTHONDONTWRITEBYTECODE=1 \
      RST_KIT_EXEMPLES=10 timeout "$limite" nice -n 10 "$racine/.venv/bin/python" -m pytest \
      -x -q -p no:cacheprovider \
      tests/kit/test_oracle.py tests/kit/test_invariants_kit.py tests/kit/test_montants_kit.py \
      tests/conformite/test_memoire.py \
      --deselect tests/kit/test_invariants_kit.py::test_memory_and_sql_answer_alike \
      > /dev/null 2>&1
  case $? in
    0) echo "survived $nom ($((SECONDS - debut)) s)" ;;
    124) echo "timeout $nom ($((SECONDS - debut)) s)" ;;
    *) echo "killed $nom ($((SECONDS - debut)) s)" ;;
  esac
done < survivants.txt
