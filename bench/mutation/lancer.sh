#!/usr/bin/env bash
# The mutation run of docs/testing-kit.md ("How well the kit checks"), by hand, never in
# CI. mutmut (configured in pyproject.toml, [tool.mutmut]) mutates the domain's functions
# that compute presence, the headcount, who is billed and the amounts, in a copy of the
# work tree, and runs only the kit's tests against each mutant (tests/kit and the
# conformance suite on memory). Niced: the machine is shared.
#   bash bench/mutation/lancer.sh [DOSSIER]          (default /tmp/rst_mutation)
# Needs mutmut in the venv: .venv/bin/pip install "mutmut>=3.3"
set -euo pipefail
racine=$(cd "$(dirname "$0")/../.." && pwd)
dossier=${1:-/tmp/rst_mutation}
rm -rf "$dossier" && mkdir -p "$dossier"
(cd "$racine" && git ls-files -co --exclude-standard -z | xargs -0 cp --parents -t "$dossier")
cd "$dossier"
export PATH="$racine/.venv/bin:$PATH" RST_KIT_EXEMPLES=${RST_KIT_EXEMPLES:-10}
d=rst_effectifs.domain
perimetre=(
  # presence (E1-E3)
  "$d.salaries.x__presences__*" "$d.salaries.xǁSalarieǁperiodes_de_presence__*"
  "$d.salaries.xǁSalarieǁpresent_le__*" "$d.salaries.xǁSalarieǁpresent_sur__*"
  "$d.salaries.xǁSalarieǁcontrat_le__*"
  "$d.periodes.xǁPeriodeǁcontient__*" "$d.periodes.xǁPeriodeǁcroise__*"
  # headcount (E4, P3)
  "$d.effectif.x_calculer_effectif__*" "$d.effectif.x_dernier_jour_present__*"
  "$d.effectif.x_type_de_suivi_le__*"
  # who is billed (F1, F2)
  "$d.facturation.x__fusionner__*" "$d.facturation.x_assiette_de_reference__*"
  "$d.facturation.x_contrats_eligibles__*" "$d.facturation.x_durees_des_chaines__*"
  "$d.facturation.x_ligne_assiette__*" "$d.facturation.x_morceaux_comptables__*"
  "$d.facturation.x_periodes_comptables__*"
  # amounts (F2)
  "$d.assiettes.x_montant_ligne__*" "$d.assiettes.xǁAssietteǁdepuis_lignes__*"
  "$d.baremes.x_calculer_montants__*" "$d.baremes.x_prix_unitaire__*"
  "$d.monnaie.x_arrondir__*"
)
nice -n 10 mutmut run --max-children 2 "${perimetre[@]}" > run.log 2>&1 || true
mutmut results > survivants.txt 2>&1 || true
for nom in $(grep -o 'rst_effectifs[^:]*' survivants.txt); do mutmut show "$nom"; done > diffs.txt 2>&1
grep -c . survivants.txt || true
