"""The oracle shares no code with what it checks: an architecture test on the imports and
attribute reads of the kit's oracle and of the invariants built on it."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

TESTING = Path(__file__).resolve().parents[2] / "src" / "rst_effectifs" / "testing"
ORACLE_PUR = ("oracle.py", "oracle_montants.py")
"""Standard library and each other only."""
LECTURE = "oracle_lecture.py"
"""Reads the library's objects: data classes only, never a computation."""
INVARIANTS = ("invariants.py", "invariants_effectif.py")
STDLIB = frozenset(sys.stdlib_module_names)

CALCULS_DU_DOMAINE = frozenset({
    # presence and headcount (E1-E4, P3)
    "periodes_de_presence", "present_le", "present_sur", "contrat_le", "date_entree",
    "contrats_actifs", "mouvements_actifs", "est_dans_l_effectif", "age_le",
    "type_de_suivi_le", "dernier_jour_present", "calculer_effectif", "_presences",
    # counting and amounts (F1, F2)
    "assiette_de_reference", "ligne_assiette", "periodes_comptables", "morceaux_comptables",
    "durees_des_chaines", "contrats_eligibles", "compte_tous_les_contrats",
    "calculer_montants", "montant_ligne", "prix_unitaire", "arrondir",
})
"""What the library computes from the facts: the oracle and the invariants must never
import it, or a bug there would be agreed with."""
METHODES_DU_DOMAINE = frozenset({
    "periodes_de_presence", "present_le", "present_sur", "contrat_le", "date_entree",
    "contrats_actifs", "mouvements_actifs", "est_dans_l_effectif", "age_le",
    "compte_tous_les_contrats", "prix",
})
"""The same computations as methods and properties of domain objects (``.prix_unitaire``
of an invoice line is a stored field, not a computation)."""
MODULES_PERMIS_A_LA_LECTURE = frozenset({"rst_effectifs.domain.mouvements"})


def _importes(arbre: ast.Module, module: str) -> list[tuple[str, str]]:
    """(module, name) for every import; relative ones resolved from ``testing``."""
    trouves = []
    for noeud in ast.walk(arbre):
        if isinstance(noeud, ast.Import):
            trouves += [(a.name, "") for a in noeud.names]
        elif isinstance(noeud, ast.ImportFrom):
            base = module.split(".")[: len(module.split(".")) - noeud.level]
            cible = ".".join([*base, noeud.module or ""]) if noeud.level else noeud.module or ""
            trouves += [(cible.rstrip("."), a.name) for a in noeud.names]
    return trouves


def _sous_type_checking(arbre: ast.Module) -> set[int]:
    lignes: set[int] = set()
    for noeud in ast.walk(arbre):
        if isinstance(noeud, ast.If) and "TYPE_CHECKING" in ast.unparse(noeud.test):
            lignes |= {n.lineno for b in noeud.body for n in ast.walk(b) if hasattr(n, "lineno")}
    return lignes


def fautes(source: str, nom: str) -> list[str]:
    """The imports and reads of module ``testing/<nom>`` that break the oracle's rule."""
    arbre = ast.parse(source)
    module = "rst_effectifs.testing." + nom.removesuffix(".py")
    annotations = _sous_type_checking(arbre)
    trouvees = []
    for noeud in ast.walk(arbre):
        if not isinstance(noeud, ast.Import | ast.ImportFrom):
            continue
        for cible, nom_importe in _importes(ast.Module([noeud], []), module):
            racine = cible.split(".")[0]
            oracle = cible.startswith("rst_effectifs.testing.oracle")
            if nom_importe in CALCULS_DU_DOMAINE and not oracle:
                trouvees.append(f"imports {nom_importe} from {cible}")
            elif nom in ORACLE_PUR and racine not in STDLIB and racine != "__future__" \
                    and not oracle:
                trouvees.append(f"imports {cible}: the oracle takes only the standard library")
            elif nom == LECTURE and cible.startswith("rst_effectifs") and not oracle and (
                    cible not in MODULES_PERMIS_A_LA_LECTURE and noeud.lineno not in annotations):
                trouvees.append(f"imports {cible} at run time")
    for noeud in ast.walk(arbre):
        if isinstance(noeud, ast.Attribute) and noeud.attr in METHODES_DU_DOMAINE:
            trouvees.append(f"reads .{noeud.attr} (line {noeud.lineno})")
    return trouvees


@pytest.mark.parametrize("nom", [*ORACLE_PUR, LECTURE, *INVARIANTS])
def test_the_oracle_and_the_invariants_use_none_of_the_library_computations(nom: str) -> None:
    assert fautes((TESTING / nom).read_text(encoding="utf-8"), nom) == []


@pytest.mark.parametrize(("nom", "source"), [
    ("oracle.py", "from ..domain.salaries import Salarie\n"),
    ("oracle.py", "import attrs\n"),
    ("oracle_lecture.py", "from ..domain.effectif import Effectif\n"),
    ("invariants.py", "from ..domain.effectif import type_de_suivi_le\n"),
    ("invariants.py", "def f(s):\n    return s.periodes_de_presence()\n"),
    ("oracle_lecture.py", "def f(s):\n    return s.contrat_le(1)\n"),
])
def test_the_check_flags_a_borrowed_computation(nom: str, source: str) -> None:
    assert fautes(source, nom)
