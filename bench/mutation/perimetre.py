"""Keep, in a cosmic-ray session, only the mutants of the functions that compute
presence, the headcount, who is billed and the amounts; mark every other one skipped
(commands, validators, messages and French texts are other tests' business).

Usage: ``python bench/mutation/perimetre.py SESSION.sqlite``
"""

from __future__ import annotations

import sys

from cosmic_ray.work_db import WorkDB, use_db
from cosmic_ray.work_item import WorkerOutcome, WorkResult

PERIMETRE = {
    # presence (E1-E3)
    "src/rst_effectifs/domain/salaries.py": {
        "_presences", "periodes_de_presence", "date_entree", "contrat_le", "contrats_actifs",
        "mouvements_actifs"},
    "src/rst_effectifs/domain/periodes.py": {"contient", "croise"},
    # headcount (E4, P3)
    "src/rst_effectifs/domain/effectif.py": {
        "type_de_suivi_le", "dernier_jour_present", "calculer_effectif", "par_type"},
    # who is billed (F1, F2)
    "src/rst_effectifs/domain/facturation.py": {
        "durees_des_chaines", "contrats_eligibles", "morceaux_comptables",
        "periodes_comptables", "_fusionner", "ligne_assiette", "assiette_de_reference"},
    # amounts (F2)
    "src/rst_effectifs/domain/assiettes.py": {"depuis_lignes", "montant_ligne"},
    "src/rst_effectifs/domain/baremes.py": {"calculer_montants", "prix_unitaire"},
    "src/rst_effectifs/domain/monnaie.py": {"arrondir"},
}


def main(session: str) -> None:
    gardes = sautes = 0
    with use_db(session, WorkDB.Mode.open) as db:
        for item in db.work_items:
            dans = all(m.definition_name in PERIMETRE.get(str(m.module_path), ())
                       for m in item.mutations)
            if dans:
                gardes += 1
                continue
            sautes += 1
            db.set_result(item.job_id, WorkResult(worker_outcome=WorkerOutcome.SKIPPED))
    print(f"{gardes} mutants kept, {sautes} skipped (outside presence, headcount, billing)")


if __name__ == "__main__":
    main(sys.argv[1])
