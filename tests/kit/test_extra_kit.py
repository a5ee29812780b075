"""The ``kit`` extra is enough for the test kit: every module of ``rst_effectifs.testing``
is imported in a fresh interpreter, and every third-party distribution it loaded must be
one the core dependencies and the ``kit`` extra bring (their requirements followed
recursively, as pip would install them). Cheaper than a fresh virtual environment, and
it fails the day a kit module imports a package of another extra."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tomllib
from importlib.metadata import PackageNotFoundError, packages_distributions, requires
from pathlib import Path

RACINE = Path(__file__).resolve().parents[2]
KIT = RACINE / "src" / "rst_effectifs" / "testing"
AVEC_LE_PORTAIL = {"rst_effectifs.testing.serveur"}
"""``serveur_local`` starts the portal: it needs ``[kit,portail]`` (imported lazily)."""

IMPORTER = """
import importlib, json, sys
for nom in sys.argv[1:]:
    importlib.import_module(nom)
print(json.dumps(sorted({n.split(".")[0] for n in sys.modules})))
"""


def _nom(exigence: str) -> str:
    return re.split(r"[ ;<>=!~\[(]", exigence.strip(), maxsplit=1)[0].lower().replace("_", "-")


def _fermeture(racines: list[str]) -> set[str]:
    """The distributions ``racines`` install, requirements followed (extras and
    environment markers of the requirements left out, as a plain install does)."""
    vues: set[str] = set()
    a_voir = [_nom(r) for r in racines]
    while a_voir:
        nom = a_voir.pop()
        if nom in vues:
            continue
        vues.add(nom)
        try:
            exigences = requires(nom) or []
        except PackageNotFoundError:
            continue
        a_voir += [_nom(r) for r in exigences if "extra ==" not in r]
    return vues


def _permises() -> set[str]:
    projet = tomllib.loads((RACINE / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return _fermeture([*projet["dependencies"], *projet["optional-dependencies"]["kit"]])


def _modules_du_kit() -> list[str]:
    return sorted("rst_effectifs." + ".".join(p.relative_to(KIT.parent).with_suffix("").parts)
                  .removesuffix(".__init__") for p in KIT.rglob("*.py"))


def _distributions_chargees(modules: list[str]) -> set[str]:
    sortie = subprocess.run([sys.executable, "-c", IMPORTER, *modules], check=True,
                            capture_output=True, text=True).stdout
    par_module = packages_distributions()
    return {_nom(d) for m in json.loads(sortie) for d in par_module.get(m, ())
            if _nom(d) != "rst-effectifs"}


def test_the_kit_needs_only_the_core_dependencies_and_the_kit_extra() -> None:
    modules = [m for m in _modules_du_kit() if m not in AVEC_LE_PORTAIL]
    assert "rst_effectifs.testing.oracle" in modules and len(modules) > 20
    au_demarrage = _distributions_chargees([])  # what site-packages' .pth files load
    en_trop = _distributions_chargees(modules) - au_demarrage - _permises()
    assert not en_trop, f"the kit imports packages the kit extra does not bring: {en_trop}"


def test_the_kit_extra_is_lighter_than_the_test_extra() -> None:
    extras = tomllib.loads((RACINE / "pyproject.toml").read_text(encoding="utf-8"))[
        "project"]["optional-dependencies"]
    assert {_nom(e) for e in extras["kit"]} == {"pytest", "hypothesis"}
    assert not {"playwright", "schemathesis"} & _fermeture(extras["kit"])
