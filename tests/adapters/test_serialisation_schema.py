"""JSON Schemas: what the converter writes validates, what a schema accepts the converter reads."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from test_serialisation import AGENT, COMMANDES, Monde, instances, mondes

import rst_effectifs as rst
from rst_effectifs import schema_json, schemas
from rst_effectifs.application.commandes import ID_MAX
from rst_effectifs.application.contexte import PAR_COMMANDE
from rst_effectifs.formats.json import (
    CODE_CHAMP_INVALIDE,
    erreur_en_json,
    make_converter,
    structurer,
)
from rst_effectifs.formats.json.schema import (
    MOTIF_NIR_MASQUE,
    commandes,
    resultats,
    schema_erreur,
)
from rst_effectifs.testing.strategies import historiques, postes

REGLAGES = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.filter_too_much])
CLAIR, MASQUE = make_converter(), make_converter(masquer_nir=True)
VALIDATEURS: dict[tuple[Any, bool], Draft202012Validator] = {}


def _validateur(type_: Any, masquer_nir: bool = False) -> Draft202012Validator:
    cle = (type_, masquer_nir)
    if cle not in VALIDATEURS:
        schema = schema_json(type_, masquer_nir=masquer_nir)
        Draft202012Validator.check_schema(schema)
        VALIDATEURS[cle] = Draft202012Validator(
            schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    return VALIDATEURS[cle]


def _valide(objet: Any, type_: Any = None, masquer_nir: bool = False) -> None:
    converter = MASQUE if masquer_nir else CLAIR
    donnees = json.loads(json.dumps(converter.unstructure(objet)))
    erreurs = [f"{list(e.absolute_path)}: {e.message}" for e in
               _validateur(type_ or type(objet), masquer_nir).iter_errors(donnees)]
    assert not erreurs, erreurs


# ------------------------------------------------------------------ coverage


def test_every_command_result_and_the_error_body_have_a_schema() -> None:
    tout = schemas()
    assert set(tout) == {"commandes", "resultats", "erreur"}
    assert set(tout["commandes"]) == {c.__name__ for c in COMMANDES} - {"ResultatMouvements"}
    assert set(tout["resultats"]) == {c.__name__ for c in PAR_COMMANDE}
    for groupe in ("commandes", "resultats"):
        for schema in tout[groupe].values():
            Draft202012Validator.check_schema(schema)
    Draft202012Validator.check_schema(tout["erreur"])
    assert json.loads(json.dumps(tout)) == tout


def test_results_follow_the_use_cases_return_annotations() -> None:
    par_commande = resultats()
    assert par_commande[rst.ListerSalaries] is rst.PageSalaries
    assert par_commande[rst.ListerPostes] == tuple[rst.Poste, ...]
    assert schemas()["resultats"]["SupprimerPoste"]["type"] == "null"
    assert schemas()["resultats"]["ListerPostes"]["type"] == "array"


def test_the_schema_is_strict_like_the_converter() -> None:
    schema = schema_json(rst.EmbaucherSalarie)
    classe = schema["$defs"]["EmbaucherSalarie"]
    assert classe["additionalProperties"] is False
    assert {"adherent_id", "nom", "prenoms", "date_naissance", "contrat"} <= set(
        classe["required"])
    assert classe["properties"]["adherent_id"]["maxLength"] == ID_MAX
    assert classe["properties"]["date_naissance"]["format"] == "date"
    validateur = _validateur(rst.EmbaucherSalarie)
    assert not validateur.is_valid({"adherent_id": "a", "inconnu": 1})


_JOUR = dt.timedelta(days=1)


@pytest.mark.parametrize(("texte", "valide"), [
    (rst.DATE_MIN.isoformat(), True), (rst.DATE_MAX.isoformat(), True),
    ("2026-02-28", True), ((rst.DATE_MIN - _JOUR).isoformat(), False),
    ((rst.DATE_MAX + _JOUR).isoformat(), False), ("0008-09-24", False),
    ("2026-13-01", False), ("2026-00-10", False), ("2026-01-32", False), ("26-01-01", False)])
def test_a_date_in_a_schema_keeps_to_d1s_bounds(texte: str, valide: bool) -> None:
    """D1 in the schema itself: a form can check a date before sending it, and a
    generator drawing from the schema draws dates the domain takes."""
    validateur = _validateur(rst.ConsulterEffectif)
    assert validateur.is_valid({"adherent_id": "a", "le": texte}) is valide


def test_simple_types_as_the_converter_writes_them() -> None:
    poste = schema_json(rst.Poste)["$defs"]["Poste"]["properties"]
    assert poste["risques"]["uniqueItems"] is True
    assert set(poste["risques"]["items"]["enum"]) == {r.value for r in rst.Risque}
    bareme = schema_json(rst.Bareme)["$defs"]["Bareme"]["properties"]
    assert {"type": "string", "pattern": r"^-?[0-9]{1,30}(\.[0-9]{1,30})?$"} in bareme[
        "prix_sig"]["anyOf"]


def test_movements_are_a_union_tagged_by_type() -> None:
    schema = schema_json(rst.Salarie)
    mouvements = schema["$defs"]["Salarie"]["properties"]["mouvements"]["items"]
    variantes = [schema["$defs"][v["$ref"].rsplit("/", 1)[1]] for v in mouvements["oneOf"]]
    assert sorted(v["properties"]["type"]["const"] for v in variantes) == [
        "reintegration", "sortie"]
    assert all(v["required"][0] == "type" for v in variantes)


def test_counts_are_read_only_properties() -> None:
    effectif = schema_json(rst.Effectif)["$defs"]["Effectif"]["properties"]
    assert effectif["nombre"]["readOnly"] and effectif["par_type"]["readOnly"]
    assert schema_json(rst.Assiette)["$defs"]["Assiette"]["properties"]["nombre"]["readOnly"]


def test_a_masking_converter_has_a_masked_nir_schema() -> None:
    identite = schema_json(rst.Identite, masquer_nir=True)["$defs"]["Identite"]
    assert identite["properties"]["nir"]["anyOf"][0]["pattern"] == MOTIF_NIR_MASQUE
    commande = schema_json(rst.EmbaucherSalarie, masquer_nir=True)
    assert commande["$defs"]["EmbaucherSalarie"]["properties"]["nir"]["anyOf"][0][
        "readOnly"] is True
    contrat = rst.NouveauContrat(rst.NatureContrat.CDI, rst.DATE_MIN, "p1")
    for nir in ("184127511800262", "pas un NIR", None):
        _valide(rst.EmbaucherSalarie("a1", "Roux", "Sam", rst.DATE_MIN, contrat, nir=nir),
                masquer_nir=True)


def test_the_error_body_validates() -> None:
    validateur = Draft202012Validator(schema_erreur())
    groupe = rst.RefusGroupe([rst.Echec("s1", "salarie.introuvable", "A4", "Introuvable.")])
    for erreur in (groupe, rst.ConflitDeVersion(details={"version": 3}),
                   rst.DonneeInvalide("x", chemin="$.nom", details={"$.nom": "x"})):
        validateur.validate(erreur_en_json(erreur))


# ------------------------------------------------ what the converter writes validates


@REGLAGES
@given(st.sampled_from(COMMANDES).flatmap(instances), st.booleans())
def test_every_command_written_validates_against_its_schema(commande: Any,
                                                            masquer: bool) -> None:
    _valide(commande, masquer_nir=masquer)


@REGLAGES
@given(mondes(), st.booleans())
def test_every_result_written_validates_against_its_schema(monde: Monde, masquer: bool) -> None:
    for objet in monde.objets():
        _valide(objet, masquer_nir=masquer)


@REGLAGES
@given(historiques("a1", ("p1", "p2")), postes())
def test_the_test_kit_aggregates_validate(salarie: rst.Salarie, poste: rst.Poste) -> None:
    _valide(salarie)
    _valide(salarie, masquer_nir=True)
    _valide(poste)


def test_each_use_case_result_validates_against_the_schema_of_its_command() -> None:
    """Billing, account and access results too, which the world above does not return."""
    ctx = rst.en_memoire()
    adherent = rst.creer_adherent(ctx, AGENT, rst.CreerAdherent(
        numero="101", siret="73282932000074", raison_sociale="Boulangerie",
        email_connexion="contact@boulangerie.fr"))
    aid = adherent.id
    poste = rst.executer(ctx, AGENT, rst.AjouterPoste(aid, "Cariste"))
    debut, fin = dt.date(2024, 1, 1), dt.date(2024, 12, 31)
    rst.executer(ctx, AGENT, rst.EmbaucherSalarie(
        aid, "Roux", "Sam", dt.date(1984, 12, 1),
        rst.NouveauContrat(rst.NatureContrat.CDI, debut, poste.id), nir="184127511800262"))
    facturation = {"regle": "present_dans_l_annee", "bareme": "bareme_exemple",
                   "debut": "2025-01-01", "fin": "2025-12-31"}
    annee_facturee = (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    commandes_jouees: list[Any] = [
        rst.ListerPostes(aid), rst.ListerSalaries(aid), rst.ConsulterAdherent(aid),
        rst.ConsulterEffectif(aid, debut), rst.EffectifSurPeriode(aid, debut, fin),
        structurer(rst.CalculerAssiette, facturation, adherent_id=aid),
        structurer(rst.CalculerTotaux, facturation),
        structurer(rst.CloturerPeriode, facturation, adherent_id=aid),
        rst.ListerClotures(aid), rst.ConsulterCloture(aid, *annee_facturee),
        rst.VerifierAvantFacturation(aid, fin), rst.ConsulterCompte(aid),
        rst.AccorderAcces(aid, "compta@boulangerie.fr", frozenset({rst.Role.FACTURATION})),
        rst.ListerAcces(aid), rst.ConsulterJournal(aid),
        rst.ArchiverPoste(aid, rst.executer(ctx, AGENT, rst.AjouterPoste(aid, "Vieux")).id),
    ]
    for commande in commandes_jouees:
        resultat = rst.executer(ctx, AGENT, commande)
        for masquer in (False, True):
            _valide(resultat, resultats()[type(commande)], masquer_nir=masquer)


# ------------------------------------------------ what a schema accepts is read


def _sans_erreur_de_forme(type_: Any, donnees: Any, masquer_nir: bool) -> None:
    """Structuring may refuse with a domain rule a schema cannot say (a NIR's key, a
    date's bounds), never with a JSON-shape error, never with anything untyped."""
    try:
        structurer(type_, donnees, MASQUE if masquer_nir else CLAIR)
    except rst.ErreurRstEffectifs as refus:
        assert refus.code != CODE_CHAMP_INVALIDE, (refus.chemin, refus.details)


def depuis_le_schema(schema: dict[str, Any],
                     racine: dict[str, Any] | None = None) -> st.SearchStrategy[Any]:
    """Values a schema of :mod:`json_schema`'s vocabulary describes, drawn from it alone
    (``$ref``, ``anyOf``/``oneOf``, ``enum``/``const``, objects with optional properties,
    arrays, patterns, formats). hypothesis-jsonschema 0.23.1, the latest, fails on the
    Hypothesis this project uses (``many.more`` is gone), hence this small walker."""
    racine = racine or schema
    if "$ref" in schema:
        return depuis_le_schema(racine["$defs"][schema["$ref"].rsplit("/", 1)[1]], racine)
    for cle in ("anyOf", "oneOf"):
        if cle in schema:
            return st.one_of(*(depuis_le_schema(s, racine) for s in schema[cle]))
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    if "const" in schema:
        return st.just(schema["const"])
    sorte = schema.get("type")
    if sorte == "null":
        return st.none()
    if sorte == "boolean":
        return st.booleans()
    if sorte == "integer":
        return st.integers(-(2**40), 2**40)
    if sorte == "string":
        return _textes(schema)
    if sorte == "array":
        return _tableaux(schema, racine)
    if sorte == "object" and "properties" in schema:
        return _objets(schema, racine)
    if sorte == "object":
        return st.dictionaries(st.text(max_size=5), st.integers(), max_size=3)
    raise AssertionError(f"unknown schema {schema}")


def _textes(schema: dict[str, Any]) -> st.SearchStrategy[str]:
    if schema.get("format") == "date":  # its pattern keeps to D1's bounds
        return st.dates(rst.DATE_MIN, rst.DATE_MAX).map(dt.date.isoformat)
    if schema.get("format") == "date-time":
        decalages = st.integers(-14 * 60, 14 * 60).map(
            lambda m: dt.timezone(dt.timedelta(minutes=m)))
        return st.datetimes(timezones=decalages).map(dt.datetime.isoformat)
    if "pattern" in schema:  # ECMA-262's ``$`` is the very end, unlike Python's before "\n"
        return st.from_regex(schema["pattern"], fullmatch=True)
    return st.text(min_size=schema.get("minLength", 0), max_size=schema.get("maxLength", 30))


def _tableaux(schema: dict[str, Any], racine: dict[str, Any]) -> st.SearchStrategy[Any]:
    if "prefixItems" in schema:
        return st.tuples(*(depuis_le_schema(s, racine) for s in schema["prefixItems"])).map(
            list)
    elements = depuis_le_schema(schema.get("items", {"type": "integer"}), racine)
    return st.lists(elements, max_size=3, unique_by=_cle if schema.get("uniqueItems") else None)


def _cle(valeur: Any) -> str:
    return json.dumps(valeur, sort_keys=True)


@st.composite
def _objets(draw: st.DrawFn, schema: dict[str, Any], racine: dict[str, Any]) -> Any:
    objet = {}
    for nom, sous in schema["properties"].items():
        if nom in schema.get("required", ()) or draw(st.booleans()):
            objet[nom] = draw(depuis_le_schema(sous, racine))
    return objet


def _depuis_le_schema(types_: list[Any]) -> st.SearchStrategy[tuple[Any, Any, bool]]:
    @st.composite
    def cas(draw: st.DrawFn) -> tuple[Any, Any, bool]:
        type_, masquer = draw(st.sampled_from([(t, m) for t in types_ for m in (False, True)]))
        donnees = draw(depuis_le_schema(schema_json(type_, masquer_nir=masquer)))
        assert _validateur(type_, masquer).is_valid(donnees)  # the walker keeps to the schema
        return type_, donnees, masquer

    return cas()


@settings(max_examples=80, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                 HealthCheck.filter_too_much])
@given(_depuis_le_schema(commandes()))
def test_what_a_command_schema_accepts_the_converter_reads(cas: tuple[Any, Any, bool]) -> None:
    _sans_erreur_de_forme(*cas)


SIMPLES = [rst.Poste, rst.Contrat, rst.Identite, rst.Acces, rst.Sortie, rst.Reintegration,
           rst.LigneEffectif, rst.Bareme, rst.RegleDeComptage, rst.EntreeJournal]


@settings(max_examples=50, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                 HealthCheck.filter_too_much])
@given(_depuis_le_schema(SIMPLES))
def test_what_a_result_schema_accepts_the_converter_reads(cas: tuple[Any, Any, bool]) -> None:
    _sans_erreur_de_forme(*cas)


@pytest.mark.parametrize("type_", [rst.Salarie, rst.Effectif, rst.PageSalaries])
def test_big_results_schemas_accept_what_is_written_only(type_: Any) -> None:
    """Large aggregates are checked on written values (above); their schema still
    names every field the converter reads."""
    cle = type_.__name__
    proprietes = schema_json(type_)["$defs"][cle]["properties"]
    assert {a.name for a in attrs.fields(type_) if a.init} <= set(proprietes)
