"""Input classes are checked by the attrs validators derived from their annotations: every
supported form accepts its values and refuses others with ``DonneeInvalide`` naming the
field; an unsupported form stops the class from being defined."""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Callable
from decimal import Decimal
from typing import Any, Literal, Optional, Union

import attrs
import pytest
from attrs import frozen

from rst_effectifs.application.commandes import Commande
from rst_effectifs.application.typage import types_verifies
from rst_effectifs.domain.adherents import Role
from rst_effectifs.domain.erreurs import DonneeInvalide


@frozen
class Interne:
    x: int


@frozen(field_transformer=types_verifies)
class Formes:
    """One field per supported form, each with a valid default."""

    texte: str = "a"
    drapeau: bool = False
    entier: int = 0
    jour: dt.date = dt.date(2025, 1, 1)
    montant: Decimal = Decimal("1")
    role: Role = Role.LECTURE
    interne: Interne = Interne(1)
    optionnel: str | None = None
    ancien_optionnel: Optional[int] = None  # noqa: UP045 (the form is what is tested)
    union: Union[int, str] = 0  # noqa: UP007
    union_optionnelle: int | dt.date | None = None
    liste: list[int] = attrs.field(factory=list)
    suite: tuple[str, ...] = ()
    paire: tuple[int, str] = (1, "a")
    paires: tuple[tuple[str, str], ...] = ()
    roles: frozenset[Role] = frozenset()
    choix: Literal["mensuel", "annuel"] = "mensuel"
    choix_optionnel: Literal[1, 2] | None = None
    rien: None = None


CAS: list[tuple[str, list[object], list[object]]] = [
    ("texte", ["", "abc"], [1, None, b"a"]),
    ("drapeau", [True, False], [0, 1, "oui", None]),
    ("entier", [0, -3, 10**20], [True, 1.0, "1", None]),
    ("jour", [dt.date(2024, 2, 29)], [dt.datetime(2024, 1, 1), "2024-01-01", None]),
    ("montant", [Decimal("0.5")], [0.5, "1", None]),
    ("role", [Role.ADMINISTRATEUR], ["lecture", None]),
    ("interne", [Interne(2)], [{"x": 2}, None]),
    ("optionnel", [None, "x"], [1, b"x"]),
    ("ancien_optionnel", [None, 4], [True, "4"]),
    ("union", [3, "3"], [None, 3.0, True]),
    ("union_optionnelle", [None, 3, dt.date(2024, 1, 1)], ["3", dt.datetime(2024, 1, 1)]),
    ("liste", [[], [1, 2]], [(1, 2), [1, "2"], [True], None]),
    ("suite", [(), ("a", "b")], [["a"], ("a", 1), "ab", None]),
    ("paire", [(0, "")], [(0,), (0, "", 1), ("a", 0), [0, ""], None]),
    ("paires", [(), (("a", "b"), ("c", "d"))], [(("a",),), (("a", 1),), [("a", "b")],
                                                (["a", "b"],)]),
    ("roles", [frozenset({Role.LECTURE})], [{Role.LECTURE}, frozenset({"lecture"}), None]),
    ("choix", ["mensuel", "annuel"], ["hebdomadaire", None, 1]),
    ("choix_optionnel", [None, 1, 2], [3, "1", True, 1.0]),
    ("rien", [None], [0, ""]),
]


@pytest.mark.parametrize(("nom", "bonnes", "mauvaises"), CAS, ids=[c[0] for c in CAS])
def test_each_supported_form_accepts_its_values_and_refuses_others_naming_the_field(
    nom: str, bonnes: list[object], mauvaises: list[object],
) -> None:
    for bonne in bonnes:
        assert getattr(Formes(**{nom: bonne}), nom) == bonne  # type: ignore[arg-type]
    for mauvaise in mauvaises:
        with pytest.raises(DonneeInvalide) as refus:
            Formes(**{nom: mauvaise})  # type: ignore[arg-type]
        assert (refus.value.code, refus.value.chemin) == ("donnee.type_invalide", nom)
        attendu, recu = refus.value.details["attendu"], refus.value.details["recu"]
        assert refus.value.message == f"Le champ « {nom} » attend {attendu} ; reçu : {recu}."
        assert repr(mauvaise) not in refus.value.message  # the type, never the value
        assert refus.value.__context__ is None  # attrs' message quotes the value


def test_every_supported_form_is_covered() -> None:
    assert {c[0] for c in CAS} == {f.name for f in attrs.fields(Formes)}


@pytest.fixture
def commande_de_test() -> type:
    """A command with the forms the commands did not use before: list, Literal,
    Optional, nested tuples. Defined for the test only (collected after it), so that no
    code listing the subclasses of ``Commande`` finds it."""

    @frozen(field_transformer=types_verifies)
    class CommandeDeTest(Commande):
        adherent_id: str
        quantites: list[int]
        periodicite: Literal["mensuel", "annuel"]
        paires: tuple[tuple[str, tuple[int, ...]], ...] = ()
        le: Optional[dt.date] = None  # noqa: UP045

    return CommandeDeTest


def _sans_commande_de_test() -> None:
    gc.collect()
    assert [c for c in Commande.__subclasses__() if c.__module__ == __name__] == []


def test_a_command_checks_list_literal_optional_and_nested_tuples(
    commande_de_test: Any,
) -> None:
    commande = commande_de_test("a", [1, 2], "annuel", (("x", (1, 2)),), dt.date(2025, 1, 1))
    assert commande.paires == (("x", (1, 2)),)
    for champ, valeur in [("quantites", [1, "2"]), ("periodicite", "jamais"),
                          ("paires", (("x", (1, "2")),)), ("le", "2025-01-01"),
                          ("adherent_id", 3)]:
        arguments: dict[str, Any] = {"adherent_id": "a", "quantites": [],
                                     "periodicite": "mensuel", champ: valeur}
        with pytest.raises(DonneeInvalide) as refus:
            commande_de_test(**arguments)
        assert (refus.value.code, refus.value.chemin) == ("donnee.type_invalide", champ)


def test_a_command_still_bounds_its_ids_and_dates_after_the_type_checks(
    commande_de_test: Any,
) -> None:
    with pytest.raises(DonneeInvalide) as refus:
        commande_de_test("a" * 101, [], "mensuel")
    assert (refus.value.code, refus.value.regle) == ("donnee.id_invalide", "T1")
    with pytest.raises(DonneeInvalide) as refus:
        commande_de_test("a", [], "mensuel", le=dt.date(1, 1, 1))
    assert refus.value.regle == "D1"


def _definir_donnee() -> type:
    @frozen(field_transformer=types_verifies)
    class Mauvaise:
        valeurs: dict[str, int]
    return Mauvaise


def _definir_commande() -> type:
    @frozen(field_transformer=types_verifies)
    class MauvaiseCommande(Commande):
        rappel: Callable[[int], int]
    return MauvaiseCommande


def _definir_any() -> type:
    @frozen(field_transformer=types_verifies)
    class CommandeAny(Commande):
        quoi: Any
    return CommandeAny


def _definir_sans_verification() -> type:
    @frozen
    class CommandeNonVerifiee(Commande):
        quoi: str
    return CommandeNonVerifiee


def _definir_nom_inconnu() -> type:
    @frozen(field_transformer=types_verifies)
    class Inconnue:
        quoi: NomQuiNExistePas  # type: ignore[name-defined] # noqa: F821
    return Inconnue


@pytest.mark.parametrize(("definir", "attendu"), [
    (_definir_donnee, "Mauvaise.valeurs : annotation non prise en charge"),
    (_definir_commande, "MauvaiseCommande.rappel : annotation non prise en charge"),
    (_definir_any, "CommandeAny.quoi : annotation non prise en charge"),
    (_definir_nom_inconnu, "Inconnue : annotations illisibles"),
    (_definir_sans_verification,
     "CommandeNonVerifiee : une commande se déclare @frozen.field_transformer=types_verifies."),
])
def test_an_unsupported_annotation_fails_when_the_class_is_defined(
    definir: Callable[[], type], attendu: str,
) -> None:
    with pytest.raises(TypeError, match=attendu) as refus:
        definir()
    del refus  # its traceback holds the half-built class
    _sans_commande_de_test()


def test_every_command_class_has_its_fields_checked_by_attrs_itself() -> None:
    """The checks are the validators attrs runs in ``__init__``: each field of each
    command carries one (none is left to a hand-written loop)."""
    from rst_effectifs.application.contexte import _sous_classes
    commandes = _sous_classes(Commande)
    assert len(commandes) > 30
    for cls in commandes:
        assert cls.__dict__["__rst_types_verifies__"] is True, cls
        for champ in attrs.fields(cls):
            assert champ.validator is not None, (cls, champ.name)
