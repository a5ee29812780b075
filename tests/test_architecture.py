"""The one dependency rule of ARCHITECTURE.md, checked by parsing every module's imports.

Inside the hexagon: domain imports only itself, the standard library, attrs and stdnum;
ports add domain; application adds ports; nothing in domain or application reads the
clock. Its two sides: the driven adapters (``adapters/``: storage, notification, clocks)
and ``formats/`` (JSON, DSN, CSV, configuration files) import only the inside; the
composition root ``bootstrap`` adds the adapters; the driving front ends
(``entrypoints/``: CLI, web) import the public API, the formats and ``bootstrap``, never
an adapter nor SQLAlchemy. Only ``testing`` (shipped test helpers, needing the ``test``
extra) may import anything. No two modules import each other, even through others.
"""

from __future__ import annotations

import ast
import graphlib
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

PAQUET = "rst_effectifs"
RACINE = Path(__file__).resolve().parents[1] / "src" / PAQUET
STDLIB = frozenset(sys.stdlib_module_names)

# layer -> top-level third-party packages and project layers it may import
PERMIS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "domain": (frozenset({"attrs", "stdnum"}), frozenset({"domain"})),
    "ports": (frozenset({"attrs"}), frozenset({"domain", "ports"})),
    "application": (frozenset({"attrs"}), frozenset({"domain", "ports", "application"})),
}
INTERDITS_PARTOUT_SAUF_TESTING = frozenset({"hypothesis", "pytest"})
# outer layer -> project layers and third-party packages it must not import
INTERDITS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "adapters": (frozenset({"formats", "bootstrap", "entrypoints"}), frozenset()),
    "formats": (frozenset({"adapters", "bootstrap", "entrypoints"}),
                frozenset({"sqlalchemy", "alembic", "psycopg", "starlette", "click"})),
    "bootstrap": (frozenset({"entrypoints"}), frozenset()),
    "entrypoints": (frozenset({"adapters"}), frozenset({"sqlalchemy", "alembic", "psycopg"})),
}
HORLOGE_DATETIME = frozenset({"now", "utcnow", "today"})
HORLOGE_TIME = frozenset({"time", "time_ns", "monotonic", "perf_counter", "localtime",
                          "gmtime"})


def nom_de_module(chemin: Path) -> str:
    parties = chemin.relative_to(RACINE.parent).with_suffix("").parts
    return ".".join(parties[:-1] if parties[-1] == "__init__" else parties)


def imports(source: str, module: str, est_paquet: bool) -> Iterator[tuple[int, str]]:
    """Absolute names of every module ``source`` imports (relative ones resolved),
    including imports under ``if TYPE_CHECKING`` and ``importlib.import_module("x")``."""
    paquet = module if est_paquet else module.rpartition(".")[0]
    for noeud in ast.walk(ast.parse(source)):
        if isinstance(noeud, ast.Import):
            for alias in noeud.names:
                yield noeud.lineno, alias.name
        elif isinstance(noeud, ast.ImportFrom):
            if noeud.level:
                base = paquet.split(".")
                base = base[: len(base) - (noeud.level - 1)]
                cible = ".".join([*base, noeud.module] if noeud.module else base)
            else:
                cible = noeud.module or ""
            yield noeud.lineno, cible
            for alias in noeud.names:  # ``from . import x`` imports the module ``x``
                yield noeud.lineno, f"{cible}.{alias.name}"
        elif (isinstance(noeud, ast.Call) and isinstance(noeud.func, ast.Name | ast.Attribute)
              and (getattr(noeud.func, "id", None) == "__import__"
                   or getattr(noeud.func, "attr", None) == "import_module")):
            arg = noeud.args[0] if noeud.args else None
            yield noeud.lineno, arg.value if isinstance(arg, ast.Constant) else "<dynamique>"


def violations(source: str, module: str, est_paquet: bool = False) -> list[str]:
    """Imports of ``module`` that break its layer's rule."""
    couche = module.split(".")[1] if module.count(".") >= 1 else ""
    fautes: list[str] = []
    for ligne, cible in imports(source, module, est_paquet):
        racine = cible.split(".")[0]
        if couche == "testing":
            continue
        if racine in INTERDITS_PARTOUT_SAUF_TESTING or cible.startswith(f"{PAQUET}.testing"):
            fautes.append(f"{module}:{ligne} imports {cible}")
        if couche in INTERDITS:
            couches_interdites, tiers_interdits = INTERDITS[couche]
            couche_cible = cible.split(".")[1] if cible.count(".") >= 1 else ""
            if (racine == PAQUET and couche_cible in couches_interdites) or (
                    racine in tiers_interdits):
                fautes.append(f"{module}:{ligne} imports {cible}")
        if couche not in PERMIS:
            continue
        tiers, couches = PERMIS[couche]
        if racine == PAQUET:
            couche_cible = cible.split(".")[1] if cible.count(".") >= 1 else ""
            # ``from .. import x`` yields both the package and ``x``; judge ``x``.
            if couche_cible and couche_cible not in couches and cible != PAQUET:
                fautes.append(f"{module}:{ligne} imports {cible}")
        elif racine not in STDLIB and racine not in tiers:
            fautes.append(f"{module}:{ligne} imports {cible}")
    return fautes


def appels_horloge(source: str) -> list[int]:
    """Lines that read the clock (``x.now()``, ``date.today()``, ``time.time()``...)."""
    return sorted(
        n.lineno for n in ast.walk(ast.parse(source))
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
        and (n.func.attr in HORLOGE_DATETIME
             or (n.func.attr in HORLOGE_TIME and isinstance(n.func.value, ast.Name)
                 and n.func.value.id == "time"))
    )


MODULES = sorted(RACINE.rglob("*.py"))


def test_every_module_is_found() -> None:
    noms = {nom_de_module(m) for m in MODULES}
    assert {f"{PAQUET}.domain.salaries", f"{PAQUET}.ports.salaries",
            f"{PAQUET}.application.contexte", f"{PAQUET}.adapters.memory"} <= noms


@pytest.mark.parametrize("chemin", MODULES, ids=nom_de_module)
def test_module_respects_the_dependency_rule(chemin: Path) -> None:
    assert violations(chemin.read_text(encoding="utf-8"), nom_de_module(chemin),
                      chemin.name == "__init__.py") == []


@pytest.mark.parametrize("couche", ["domain", "application"])
def test_domain_and_application_never_read_the_clock(couche: str) -> None:
    fautes = {
        nom_de_module(m): lignes for m in sorted((RACINE / couche).rglob("*.py"))
        if (lignes := appels_horloge(m.read_text(encoding="utf-8")))
    }
    assert fautes == {}


# -- adapters stand apart; ports only describe ------------------------------------------
def modules_de(couche: str) -> dict[str, str]:
    """Module name -> source, for every module under ``couche`` (``"adapters/sql"``)."""
    return {nom_de_module(m): m.read_text(encoding="utf-8")
            for m in sorted((RACINE / couche).rglob("*.py"))}


def imports_de_memoire(source: str, module: str, est_paquet: bool = False) -> list[str]:
    """What ``module`` imports from the memory adapter (``adapters.memory*``)."""
    memoire = f"{PAQUET}.adapters.memory"
    return [f"{module}:{ligne} imports {cible}"
            for ligne, cible in imports(source, module, est_paquet)
            if cible.startswith(memoire)]


def classes_d_implementation(source: str) -> list[str]:
    """Classes of a ports module that are neither a ``Protocol`` nor a ``@frozen`` value
    with no method: an implementation belongs in an adapter."""
    fautes = []
    for noeud in ast.parse(source).body:
        if not isinstance(noeud, ast.ClassDef):
            continue
        protocole = any(ast.unparse(b).split(".")[-1].startswith("Protocol")
                        for b in noeud.bases)
        valeur = (any(ast.unparse(d).split(".")[-1] == "frozen" for d in noeud.decorator_list)
                  and not any(isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)
                              for n in noeud.body))
        if not protocole and not valeur:
            fautes.append(noeud.name)
    return fautes


def cycles(graphe: dict[str, set[str]]) -> list[str]:
    """One import cycle of ``graphe`` (module -> modules it imports), or ``[]``."""
    try:
        tuple(graphlib.TopologicalSorter(graphe).static_order())
    except graphlib.CycleError as erreur:
        return list(erreur.args[1])
    return []


def graphe_d_imports(sources: dict[str, str]) -> dict[str, set[str]]:
    """Imports between the given modules only (``TYPE_CHECKING`` ones included)."""
    return {module: {cible for _l, cible in imports(source, module, False) if cible in sources}
            for module, source in sources.items()}


def graphe_du_paquet(sources: dict[str, tuple[str, bool]]) -> dict[str, set[str]]:
    """Module -> the modules of ``sources`` it imports (name -> (source, is a package)).
    ``from p import m`` of a module ``m`` is an edge to ``m`` alone, not to ``p``'s
    ``__init__``: it reaches ``p`` only to find ``m``."""
    graphe: dict[str, set[str]] = {}
    for module, (source, est_paquet) in sources.items():
        cibles: set[str] = set()
        paquet = module if est_paquet else module.rpartition(".")[0]
        for noeud in ast.walk(ast.parse(source)):
            if isinstance(noeud, ast.Import):
                cibles |= {a.name for a in noeud.names}
            elif isinstance(noeud, ast.ImportFrom):
                base = paquet.split(".")[: len(paquet.split(".")) - max(noeud.level - 1, 0)]
                cible = (".".join([*base, noeud.module] if noeud.module else base)
                         if noeud.level else noeud.module or "")
                noms = {f"{cible}.{a.name}" for a in noeud.names}
                sous_modules = noms & sources.keys()
                cibles |= sous_modules if sous_modules == noms else sous_modules | {cible}
        graphe[module] = {c for c in cibles if c in sources and c != module}
    return graphe


def test_no_import_cycle_between_modules() -> None:
    """No module imports, through any chain, a module that imports it: each can be read,
    tested and moved alone. Imports inside functions and under ``TYPE_CHECKING`` count."""
    sources = {nom_de_module(m): (m.read_text(encoding="utf-8"), m.name == "__init__.py")
               for m in MODULES}
    assert cycles(graphe_du_paquet(sources)) == []


def test_cycle_finder_sees_a_cycle_through_a_function_and_not_through_a_package() -> None:
    assert cycles(graphe_du_paquet({
        "p.a": ("def f():\n    from .b import g\n", False),
        "p.b": ("from .a import f\n", False)})) != []
    assert cycles(graphe_du_paquet({
        "p": ("from . import a\n", True),
        "p.a": ("from . import b\n", False), "p.b": ("", False)})) == []


def test_front_ends_reach_storage_only_through_bootstrap() -> None:
    """CLI, web and the background sender import neither an adapter nor SQLAlchemy: the
    health check asks ``bootstrap`` for the schema's state."""
    fautes = [faute for chemin in sorted((RACINE / "entrypoints").rglob("*.py"))
              for faute in violations(chemin.read_text(encoding="utf-8"), nom_de_module(chemin),
                                      chemin.name == "__init__.py")]
    assert len(list((RACINE / "entrypoints" / "web").rglob("*.py"))) >= 10
    assert fautes == []


def imports_sql(source: str, module: str, est_paquet: bool = False) -> list[str]:
    """What ``module`` imports of SQLAlchemy, Alembic or the SQL adapter."""
    sql = f"{PAQUET}.adapters.sql"
    return [f"{module}:{ligne} imports {cible}"
            for ligne, cible in imports(source, module, est_paquet)
            if cible.split(".")[0] in {"sqlalchemy", "alembic"}
            or cible == sql or cible.startswith(f"{sql}.")]


def test_cli_reaches_storage_only_through_bootstrap() -> None:
    """The CLI builds its context with ``rst_effectifs.bootstrap`` and asks the ports:
    no SQLAlchemy, no table, nothing of the SQL adapter."""
    cli = modules_de("entrypoints/cli")
    assert len(cli) >= 2
    fautes = [faute for module, source in cli.items()
              for faute in imports_sql(source, module, module.endswith(".cli"))]
    assert fautes == []


# -- short modules; a thin CLI: one menu per module, mirroring application/ ------------
LIGNES_MAX = 450
"""No module under src/ over this many lines (a module does one thing)."""


def cas_d_usage_de(source: str) -> set[str]:
    """The use-case functions an application module defines (``@cas_d_usage(...)``)."""
    return {n.name for n in ast.walk(ast.parse(source)) if isinstance(n, ast.FunctionDef)
            and any(ast.unparse(d).startswith("cas_d_usage") for d in n.decorator_list)}


def fautes_de_menu(source: str, module: str, cas: set[str], modules_de_cas: set[str]
                   ) -> list[str]:
    """What keeps a CLI menu module from being thin: no call to ``executer``, or an
    import of a use-case function (or of a module holding them) from ``application``."""
    application = f"{PAQUET}.application"
    arbre = ast.parse(source)
    fautes = []
    for noeud in ast.walk(arbre):
        if isinstance(noeud, ast.Import | ast.ImportFrom):
            cibles = [cible for _l, cible in imports(ast.unparse(noeud), module, False)]
            for cible in cibles[-len(noeud.names):]:  # what it brings in, not where from
                if cible.startswith(f"{application}.") and (
                        cible in modules_de_cas or cible.rpartition(".")[2] in cas):
                    fautes.append(f"{module}:{noeud.lineno} imports {cible}")
    if not any(isinstance(n, ast.Call) and isinstance(n.func, ast.Name)
               and n.func.id == "executer" for n in ast.walk(arbre)):
        fautes.append(f"{module} never calls executer")
    return fautes


def test_every_module_is_short() -> None:
    longs = {module: n for module, source in modules_de(".").items()
             if (n := len(source.splitlines())) > LIGNES_MAX}
    assert longs == {}


def test_cli_has_one_menu_per_application_module_calling_executer() -> None:
    """Each application module with use cases has its CLI menu of the same name, which
    reaches them through ``executer`` only."""
    applications = {module: cas for module, source in modules_de("application").items()
                    if (cas := cas_d_usage_de(source))}
    assert len(applications) >= 10
    tous_les_cas = set().union(*applications.values())
    cli = modules_de("entrypoints/cli")
    # application/<menu>.py, or a module of an application/<menu>/ package
    menus = {f"{PAQUET}.entrypoints.cli.{module.split('.')[2]}" for module in applications}
    assert menus - cli.keys() == set()
    fautes = [faute for menu in sorted(menus)
              for faute in fautes_de_menu(cli[menu], menu, tous_les_cas, set(applications))]
    assert fautes == []


def test_menu_checker_catches_what_it_must() -> None:
    menu = f"{PAQUET}.entrypoints.cli.postes"
    cas, modules = {"ajouter_poste"}, {f"{PAQUET}.application.postes"}
    bon = ("from ...application.commandes import AjouterPoste\n"
           "from ...application.contexte import executer\n"
           "def f(ctx, a): return executer(ctx, a, AjouterPoste())\n")
    assert fautes_de_menu(bon, menu, cas, modules) == []
    assert fautes_de_menu("from ...application.postes import ajouter_poste\n"
                          "def f(ctx, a, c): return executer(ctx, a, c)\n",
                          menu, cas, modules) != []
    assert fautes_de_menu("from ...application import postes\n" + bon,
                          menu, cas, modules) != []
    assert fautes_de_menu("import rst_effectifs.application.postes\n" + bon,
                          menu, cas, modules) != []
    assert fautes_de_menu("from ...application.postes import PagePostes\n" + bon,
                          menu, cas, modules) == []
    assert fautes_de_menu("def f(ctx, a, c): return ajouter_poste(ctx, a, c)\n",
                          menu, cas, modules) == [f"{menu} never calls executer"]
    assert cas_d_usage_de("@cas_d_usage(Besoin.LECTURE)\ndef lire(ctx, a, c): ...\n"
                          "def aide(): ...\n") == {"lire"}


def test_sql_adapter_imports_nothing_from_the_memory_adapter() -> None:
    fautes = [faute for module, source in modules_de("adapters/sql").items()
              for faute in imports_de_memoire(source, module, module.endswith(".sql"))]
    assert fautes == []


@pytest.mark.parametrize("chemin", sorted((RACINE / "ports").glob("*.py")), ids=nom_de_module)
def test_ports_define_no_implementation_class(chemin: Path) -> None:
    assert classes_d_implementation(chemin.read_text(encoding="utf-8")) == []


def test_memory_adapter_modules_import_each_other_without_cycle() -> None:
    memoire = {module: source for module, source in modules_de("adapters").items()
               if module.startswith(f"{PAQUET}.adapters.memory")}
    assert len(memoire) >= 2
    assert cycles(graphe_d_imports(memoire)) == []


def test_adapter_checkers_catch_what_they_must() -> None:
    assert imports_de_memoire("from ..memory import EtatMemoire",
                              f"{PAQUET}.adapters.sql.salaries") != []
    assert imports_de_memoire("from ..memory.acces import AccesMemoire",
                              f"{PAQUET}.adapters.sql.acces") != []
    assert imports_de_memoire("from ...domain.erreurs import adherent_introuvable",
                              f"{PAQUET}.adapters.sql.salaries") == []
    assert classes_d_implementation(
        "class HorlogeSysteme:\n    def maintenant(self): ...\n"
        "@define\nclass HorlogeFixe:\n    instant: int = 0\n"
        "@frozen\nclass Fixe:\n    def maintenant(self): ...\n"
        "class Horloge(Protocol):\n    def maintenant(self): ...\n"
        "@frozen\nclass Page:\n    n: int\n") == ["HorlogeSysteme", "HorlogeFixe", "Fixe"]
    assert imports_sql("from ...adapters.sql.tables import adherents",
                       f"{PAQUET}.entrypoints.cli.x") != []
    assert imports_sql("from sqlalchemy import select", f"{PAQUET}.entrypoints.cli.x") != []
    assert imports_sql("from ... import bootstrap", f"{PAQUET}.entrypoints.cli.x") == []
    assert imports_sql("from .sqlite_like import x", f"{PAQUET}.entrypoints.cli.x") == []
    assert cycles({"a": {"b"}, "b": {"a"}}) != []
    assert cycles({"a": {"b"}, "b": set()}) == []
    assert graphe_d_imports({
        f"{PAQUET}.adapters.memory.etat": "from .acces import AccesMemoire",
        f"{PAQUET}.adapters.memory.acces": "from typing import TYPE_CHECKING\n"
                                           "if TYPE_CHECKING:\n    from .etat import U",
    }) == {f"{PAQUET}.adapters.memory.etat": {f"{PAQUET}.adapters.memory.acces"},
           f"{PAQUET}.adapters.memory.acces": {f"{PAQUET}.adapters.memory.etat"}}


# -- one layout per port, mirrored in every layer -----------------------------------------
COUCHES_MIROIRS = ("adapters/memory", "adapters/sql", "testing/conformite")
"""Where each storage area ``ports/<area>.py`` has its module of the same name."""


def aires_de_stockage(source_uow: str) -> set[str]:
    """The port modules whose Protocols type an attribute of ``UniteDeTravail`` (read from
    ``ports/unit_of_work.py``), and ``unit_of_work`` itself: the storage areas."""
    arbre = ast.parse(source_uow)
    origine = {alias.asname or alias.name: noeud.module or ""
               for noeud in arbre.body if isinstance(noeud, ast.ImportFrom) and noeud.level == 1
               for alias in noeud.names}
    unite = next(n for n in arbre.body
                 if isinstance(n, ast.ClassDef) and n.name == "UniteDeTravail")
    return {"unit_of_work"} | {
        origine[n.annotation.id] for n in unite.body
        if isinstance(n, ast.AnnAssign) and isinstance(n.annotation, ast.Name)
        and n.annotation.id in origine
    }


def miroirs_manquants(racine: Path) -> list[str]:
    """Every ``<layer>/<area>.py`` missing for a storage area of ``racine/ports``; every
    ``adapters/<name>.py`` missing for a port outside the unit of work (clock, notifier)."""
    aires = aires_de_stockage((racine / "ports" / "unit_of_work.py").read_text("utf-8"))
    ports = {p.stem for p in (racine / "ports").glob("*.py") if p.stem != "__init__"}
    manquants = [f"{couche}/{aire}.py" for aire in sorted(aires) for couche in COUCHES_MIROIRS
                 if not (racine / couche / f"{aire}.py").is_file()]
    manquants += [f"adapters/{port}.py" for port in sorted(ports - aires)
                  if not (racine / "adapters" / f"{port}.py").is_file()]
    manquants += [f"ports/{aire}.py" for aire in sorted(aires - ports)]
    return manquants


def test_every_storage_area_is_mirrored_in_every_layer() -> None:
    aires = aires_de_stockage((RACINE / "ports" / "unit_of_work.py").read_text("utf-8"))
    assert {"adherents", "salaries", "effectif", "facturation", "acces", "envois", "journal",
            "idempotence", "unit_of_work"} <= aires
    assert miroirs_manquants(RACINE) == []


def test_mirror_checker_finds_a_missing_module(tmp_path: Path) -> None:
    for chemin in ("ports/unit_of_work.py", "ports/journal.py", "ports/horloges.py",
                   "adapters/horloges.py", *(f"{c}/{a}.py" for c in COUCHES_MIROIRS
                                             for a in ("journal", "unit_of_work"))):
        (tmp_path / chemin).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / chemin).write_text("", "utf-8")
    (tmp_path / "ports" / "unit_of_work.py").write_text(
        "from .journal import Journal\nclass UniteDeTravail(Protocol):\n"
        "    journal: Journal\n", "utf-8")
    assert miroirs_manquants(tmp_path) == []
    (tmp_path / "adapters" / "sql" / "journal.py").unlink()
    (tmp_path / "adapters" / "horloges.py").unlink()
    assert miroirs_manquants(tmp_path) == ["adapters/sql/journal.py", "adapters/horloges.py"]


def unites_de_travail() -> list[object]:
    from sqlalchemy import create_engine

    from rst_effectifs.adapters.memory import fabrique_memoire
    from rst_effectifs.adapters.sql import FabriqueSql

    return [fabrique_memoire()(), FabriqueSql(create_engine("sqlite://"))()]


def protocoles_non_declares(unite: object) -> list[str]:
    """Attributes of ``unite`` whose class does not subclass the Protocol that
    ``UniteDeTravail`` gives that attribute (and the unit itself, if it does not
    subclass ``UniteDeTravail``)."""
    import typing

    from rst_effectifs.ports.unit_of_work import UniteDeTravail

    attendus = typing.get_type_hints(UniteDeTravail)
    fautes = [f"{type(unite).__name__}.{nom}: {type(getattr(unite, nom)).__name__} does not "
              f"subclass {protocole.__name__}" for nom, protocole in sorted(attendus.items())
              if protocole not in type(getattr(unite, nom)).__mro__]
    if UniteDeTravail not in type(unite).__mro__:
        fautes.append(f"{type(unite).__name__} does not subclass UniteDeTravail")
    return fautes


@pytest.mark.parametrize("unite", unites_de_travail(), ids=lambda u: type(u).__name__)
def test_every_store_a_unit_hands_out_subclasses_its_protocol(unite: object) -> None:
    assert len(vars(type(unite)).get("__annotations__", {})) >= 11
    assert protocoles_non_declares(unite) == []


def test_protocol_checker_flags_a_structural_only_store() -> None:
    from rst_effectifs.adapters.memory import fabrique_memoire

    class JournalSeul:
        def ajouter(self, entree: object) -> None: ...

    unite = fabrique_memoire()()
    unite.journal = JournalSeul()  # type: ignore[assignment]
    assert protocoles_non_declares(unite) == [
        "UniteDeTravailMemoire.journal: JournalSeul does not subclass Journal"]


# -- the checker itself catches what it must ------------------------------------------
@pytest.mark.parametrize(("module", "source"), [
    ("rst_effectifs.domain.x", "import sqlalchemy"),
    ("rst_effectifs.domain.x", "from cattrs import Converter"),
    ("rst_effectifs.domain.x", "import alembic.config"),
    ("rst_effectifs.domain.x", "from ..ports import Horloge"),
    ("rst_effectifs.domain.x", "from rst_effectifs.application import contexte"),
    ("rst_effectifs.domain.x", "from .. import adapters"),
    ("rst_effectifs.domain.x", "import importlib\nimportlib.import_module('sqlalchemy')"),
    ("rst_effectifs.domain.x", "from typing import TYPE_CHECKING\n"
                               "if TYPE_CHECKING:\n    from ..adapters import memory"),
    ("rst_effectifs.ports.x", "import stdnum"),
    ("rst_effectifs.ports.x", "from ..application.contexte import Contexte"),
    ("rst_effectifs.application.x", "from ..adapters.memory import EtatMemoire"),
    ("rst_effectifs.application.x", "import cattrs"),
    ("rst_effectifs.adapters.x", "from ..testing import strategies_identifiants"),
    ("rst_effectifs.adapters.x", "import hypothesis"),
    ("rst_effectifs.adapters.sql.x", "from ...formats.json import ecrire"),
    ("rst_effectifs.formats.x", "from ..adapters.sql import creer_moteur"),
    ("rst_effectifs.formats.x", "from .. import bootstrap"),
    ("rst_effectifs.formats.x", "import sqlalchemy"),
    ("rst_effectifs.entrypoints.web.x", "from ...adapters.sql.migrations import etat"),
    ("rst_effectifs.entrypoints.web.x", "from ...adapters.memory import EtatMemoire"),
    ("rst_effectifs.entrypoints.web.x", "from sqlalchemy import select"),
    ("rst_effectifs.entrypoints.cli.x", "from ...adapters import notification"),
    ("rst_effectifs.bootstrap", "from .entrypoints import cli"),
])
def test_checker_flags_a_forbidden_import(module: str, source: str) -> None:
    assert violations(source, module) != []


@pytest.mark.parametrize(("module", "source"), [
    ("rst_effectifs.domain.x", "import datetime as dt\nfrom attrs import frozen\n"
                               "from stdnum.fr import nir\nfrom .erreurs import RegleMetier"),
    ("rst_effectifs.domain", "from . import salaries"),
    ("rst_effectifs.ports.x", "from ..domain.salaries import Salarie"),
    ("rst_effectifs.application.x", "from ..ports.horloges import Horloge\nfrom . import postes"),
    ("rst_effectifs.testing.x", "import hypothesis\nfrom ..adapters import memory"),
    ("rst_effectifs.entrypoints.web.x", "from ... import NotifierSmtp\nfrom ... import bootstrap\n"
                                        "from ...formats.json import ecrire\nimport starlette"),
    ("rst_effectifs.formats.x", "from ..application.commandes import Commande\nimport cattrs"),
    ("rst_effectifs.bootstrap", "from .adapters.sql import FabriqueSql"),
])
def test_checker_accepts_an_allowed_import(module: str, source: str) -> None:
    assert violations(source, module, module.count(".") == 1) == []


def test_clock_checker_flags_now_today_and_time() -> None:
    source = ("import datetime as dt\nimport time\nx = dt.datetime.now(dt.UTC)\n"
              "y = dt.date.today()\nz = time.time()\nneuf_heures = dt.time(9, 0)")
    assert appels_horloge(source) == [3, 4, 5]
