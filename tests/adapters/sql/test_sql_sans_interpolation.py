"""Nothing is interpolated into SQL text: the adapter builds statements with SQLAlchemy
Core and passes every value as a bound parameter. This test reads the adapter's source
and fails on any f-string, ``.format`` or ``%`` that produces SQL, and on any raw-SQL
call (``text``, ``exec_driver_sql``, ``execute``) whose text is not a literal."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import rst_effectifs.adapters.sql as adaptateur_sql

SOURCES = sorted(Path(adaptateur_sql.__file__).parent.rglob("*.py"))
SQL = re.compile(r"\b(SELECT|INSERT|UPDATE|DELETE|DROP|CREATE|ALTER|WHERE|PRAGMA|BEGIN|"
                 r"VALUES|FROM|TRUNCATE|GRANT)\b", re.IGNORECASE)
APPELS_SQL = {"text", "exec_driver_sql", "execute", "executescript", "literal_column"}


def _texte_constant(noeud: ast.AST) -> str:
    """The literal parts of a string-building expression."""
    if isinstance(noeud, ast.Constant) and isinstance(noeud.value, str):
        return noeud.value
    if isinstance(noeud, ast.JoinedStr):
        return "".join(_texte_constant(v) for v in noeud.values)
    if isinstance(noeud, ast.BinOp):
        return _texte_constant(noeud.left) + _texte_constant(noeud.right)
    if isinstance(noeud, ast.Call) and isinstance(noeud.func, ast.Attribute):
        return _texte_constant(noeud.func.value)
    return ""


def _problemes(source: Path) -> list[str]:
    arbre = ast.parse(source.read_text(encoding="utf-8"))
    problemes = []
    for noeud in ast.walk(arbre):
        ligne = f"{source.name}:{getattr(noeud, 'lineno', '?')}"
        if isinstance(noeud, ast.JoinedStr) and SQL.search(_texte_constant(noeud)):
            problemes.append(f"{ligne}: f-string building SQL")
        if (isinstance(noeud, ast.BinOp) and isinstance(noeud.op, ast.Mod | ast.Add)
                and SQL.search(_texte_constant(noeud))
                and not all(isinstance(c, ast.Constant) for c in (noeud.left, noeud.right))):
            problemes.append(f"{ligne}: % or + building SQL")
        if (isinstance(noeud, ast.Call) and isinstance(noeud.func, ast.Attribute)
                and noeud.func.attr == "format" and SQL.search(_texte_constant(noeud))):
            problemes.append(f"{ligne}: .format building SQL")
        if isinstance(noeud, ast.Call):
            nom = noeud.func.attr if isinstance(noeud.func, ast.Attribute) else (
                noeud.func.id if isinstance(noeud.func, ast.Name) else "")
            if nom in APPELS_SQL and noeud.args:
                premier = noeud.args[0]
                est_texte = isinstance(premier, ast.JoinedStr | ast.BinOp) or (
                    isinstance(premier, ast.Call) and isinstance(premier.func, ast.Attribute)
                    and premier.func.attr == "format")
                if est_texte:
                    problemes.append(f"{ligne}: {nom}() on built text")
    return problemes


def test_the_adapter_sources_are_all_read():
    noms = {s.name for s in SOURCES}
    assert {"salaries.py", "effectif.py", "unit_of_work.py", "moteur.py", "tables.py",
            "env.py"} <= noms


def test_no_sql_text_is_built_from_values():
    problemes = [p for source in SOURCES for p in _problemes(source)]
    assert problemes == []


def test_the_check_catches_interpolation(tmp_path):
    """The test itself can fail: each way of building SQL from a value is caught."""
    fautif = tmp_path / "fautif.py"
    fautif.write_text(
        "nom = 'x'\n"
        "a = f\"SELECT * FROM salaries WHERE nom = '{nom}'\"\n"
        "b = \"DELETE FROM postes WHERE id = '%s'\" % nom\n"
        "c = \"UPDATE adherents SET nom = '{}'\".format(nom)\n"
        "connexion.exec_driver_sql('DROP TABLE ' + nom)\n",
        encoding="utf-8",
    )
    lignes = {int(p.split(":")[1]) for p in _problemes(fautif)}
    assert lignes == {2, 3, 4, 5}
