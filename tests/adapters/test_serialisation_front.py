"""Front-end helpers: URL fields merged into bodies, query strings, statuses, typed details."""

from __future__ import annotations

import datetime as dt
import json
import pathlib
import re
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from test_serialisation import COMMANDES, instances

import rst_effectifs as rst
from rst_effectifs import (
    DonneeInvalide,
    ListerPostes,
    ListerSalaries,
    ModifierRisques,
    Risque,
    statut_http,
    structurer,
    structurer_parametres,
)
from rst_effectifs.application.declarations import FichierInvalide
from rst_effectifs.formats import json as serialisation
from rst_effectifs.formats.json import (
    CODE_CHAMP_INVALIDE,
    CODE_CONTREDIT_L_URL,
    CODE_PARAMETRES_INVALIDES,
    STATUTS_PAR_CLASSE,
    STATUTS_PAR_CODE,
    erreur_en_json,
    lire,
    make_converter,
)

SOURCES = pathlib.Path(rst.__file__).parent
AGENT = rst.AgentRst(rst.Email.parse("agent@rst.fr"))
CLAIR = make_converter()


def _refus(fonction: Any, *args: Any, **kwargs: Any) -> DonneeInvalide:
    with pytest.raises(DonneeInvalide) as refus:
        fonction(*args, **kwargs)
    return refus.value


# ------------------------------------------------------------------ URL fields


def test_url_fields_are_merged_into_the_body() -> None:
    commande = structurer(rst.RenommerPoste, {"libelle": "Cariste"},
                          adherent_id="a1", poste_id="p1")
    assert commande == rst.RenommerPoste("a1", "p1", "Cariste")


def test_a_body_repeating_the_url_value_is_accepted() -> None:
    corps = {"adherent_id": "a1", "poste_id": "p1", "libelle": "Cariste"}
    assert structurer(rst.RenommerPoste, corps, poste_id="p1").poste_id == "p1"


def test_a_body_contradicting_the_url_is_refused_naming_the_field() -> None:
    refus = _refus(structurer, rst.RenommerPoste, {"poste_id": "p2", "libelle": "x"},
                   adherent_id="a1", poste_id="p1")
    assert (refus.code, refus.chemin) == (CODE_CONTREDIT_L_URL, "$.poste_id")
    assert "p2" not in refus.message and statut_http(refus) == 422


def test_a_url_field_the_command_lacks_is_a_programming_error() -> None:
    with pytest.raises(TypeError, match="salarie_id"):
        structurer(rst.RenommerPoste, {"libelle": "x"}, salarie_id="s1")


def test_the_former_argument_order_still_works() -> None:
    assert structurer({"adherent_id": "a1"}, ListerPostes) == ListerPostes("a1")
    assert structurer(ListerPostes, {"adherent_id": "a1"}) == ListerPostes("a1")
    assert structurer([1, 2], tuple[int, ...]) == structurer(tuple[int, ...], [1, 2]) == (1, 2)
    assert _refus(structurer, object(), ListerPostes).chemin == "$"  # not JSON, not a type


def test_lire_takes_url_fields_too() -> None:
    commande = lire('{"inclure_archives": true}', ListerPostes, adherent_id="a1")
    assert commande == ListerPostes("a1", inclure_archives=True)


def test_a_body_that_is_not_an_object_is_still_refused_at_the_root() -> None:
    refus = _refus(structurer, ListerPostes, [1], adherent_id="a1")
    assert (refus.code, refus.chemin) == (CODE_CHAMP_INVALIDE, "$")


# ---------------------------------------------------------------- query strings


def test_a_page_size_from_the_query_string_is_a_number() -> None:
    commande = structurer_parametres(ListerSalaries, {"limite": "20"}, adherent_id="a1")
    assert commande == ListerSalaries("a1", limite=20)


@pytest.mark.parametrize(("texte", "attendu"), [
    ("true", True), ("false", False), ("1", True), ("0", False), ("TRUE", True)])
def test_booleans_from_the_query_string(texte: str, attendu: bool) -> None:
    commande = structurer_parametres(ListerPostes, [("inclure_archives", texte)], adherent_id="a")
    assert commande.inclure_archives is attendu


def test_dates_optional_fields_and_cursor_from_the_query_string() -> None:
    commande = structurer_parametres(ListerSalaries, [
        ("present_le", "2024-01-15"), ("apres", "s9"), ("nom", "dup")], adherent_id="a1")
    assert (commande.present_le, commande.apres, commande.nom) == (
        dt.date(2024, 1, 15), "s9", "dup")
    assert structurer_parametres(ListerSalaries, {"present_le": ""}, adherent_id="a").present_le \
        is None


def test_repeated_keys_fill_a_set_of_enum_values() -> None:
    commande = structurer_parametres(ModifierRisques, [
        ("risques", "amiante"), ("risques", "plomb")], adherent_id="a1", poste_id="p1")
    assert commande.risques == frozenset({Risque.AMIANTE, Risque.PLOMB})
    par_liste = structurer_parametres(ModifierRisques, {"risques": ["amiante"]},
                                      adherent_id="a1", poste_id="p1")
    assert par_liste.risques == frozenset({Risque.AMIANTE})


@pytest.mark.parametrize(("parametres", "chemin", "code"), [
    ({"limite": "vingt"}, "limite", CODE_CHAMP_INVALIDE),
    ({"limite": "2.5"}, "limite", CODE_CHAMP_INVALIDE),
    ({"limite": ["1", "2"]}, "limite", CODE_CHAMP_INVALIDE),
    ({"limite": "0"}, "limite", "donnee.limite_invalide"),
    ({"present_le": "15/01/2024"}, "present_le", CODE_CHAMP_INVALIDE),
    ({"present_le": "1800-01-01"}, "present_le", "date.hors_bornes"),
    ({"trier": "nom"}, "trier", CODE_CHAMP_INVALIDE),
    ({"adherent_id": "a2"}, "adherent_id", CODE_CONTREDIT_L_URL),
])
def test_query_refusals_name_the_parameter(parametres: dict[str, Any], chemin: str,
                                           code: str) -> None:
    refus = _refus(structurer_parametres, ListerSalaries, parametres, adherent_id="a1")
    assert (refus.code, refus.chemin) == (code, chemin)
    assert chemin in refus.details and statut_http(refus) == 422


def test_enum_and_boolean_refusals_name_the_parameter() -> None:
    refus = _refus(structurer_parametres, ModifierRisques, {"risques": ["amiante", "xx"]},
                   adherent_id="a1", poste_id="p1")
    assert (refus.code, refus.chemin) == (CODE_CHAMP_INVALIDE, "risques")
    refus = _refus(structurer_parametres, ListerPostes, {"inclure_archives": "oui"},
                   adherent_id="a1")
    assert refus.chemin == "inclure_archives"


def test_an_unknown_parameter_that_is_no_field_name_is_not_quoted() -> None:
    refus = _refus(structurer_parametres, ListerPostes, {"184127511800262": "x"}, adherent_id="a")
    assert refus.chemin == "<clé inconnue>" and "184127511800262" not in str(refus.details)


@pytest.mark.parametrize("parametres", [[("limite", 20)], [(1, "x")], 5, [("a", "b", "c")]])
def test_parameters_that_are_not_texts_are_a_bad_request(parametres: Any) -> None:
    refus = _refus(structurer_parametres, ListerSalaries, parametres, adherent_id="a1")
    assert refus.code == CODE_PARAMETRES_INVALIDES and statut_http(refus) == 400


def test_a_nested_field_cannot_come_from_the_query_string() -> None:
    refus = _refus(structurer_parametres, rst.CalculerAssiette, {
        "debut": "2024-01-01", "fin": "2024-12-31", "regle_sur_mesure": "x"}, adherent_id="a")
    assert refus.chemin == "regle_sur_mesure"


def test_json_bodies_stay_strict() -> None:
    refus = _refus(structurer, ListerSalaries, {"limite": "20"}, adherent_id="a1")
    assert (refus.code, refus.chemin) == (CODE_CHAMP_INVALIDE, "$.limite")


# ------------------------------------------------------------------ statuses


def _codes_du_code_source() -> set[str]:
    """Every stable code written in the library: ``code="..."`` arguments, ``code = "..."``
    class attributes and the ``*CODE*`` constants (``_NIR_CODE``, ``CODE_JSON_INVALIDE``)."""
    codes: set[str] = set()
    for fichier in SOURCES.rglob("*.py"):
        texte = fichier.read_text(encoding="utf-8")
        codes |= set(re.findall(r'\bcode\s*=\s*"([a-z_.]+)"', texte))
        codes |= set(re.findall(r'^_?[A-Z_]*CODE[A-Z_]* = "([a-z_]+\.[a-z_.]+)"', texte, re.M))
    return codes


def test_every_code_the_library_raises_has_a_status() -> None:
    codes = _codes_du_code_source()
    assert len(codes) > 80  # the search found them
    sans_statut = sorted(codes - STATUTS_PAR_CODE.keys())
    assert not sans_statut, f"add these codes to STATUTS_PAR_CODE: {sans_statut}"


def test_the_table_lists_only_real_statuses() -> None:
    assert set(STATUTS_PAR_CODE.values()) <= {400, 401, 403, 404, 409, 412, 413, 422, 429, 500,
                                                503}


@pytest.mark.parametrize(("erreur", "statut"), [
    (rst.DonneeInvalide("x"), 422),
    (rst.RegleMetier("x"), 409),
    (rst.Introuvable("x"), 404),
    (rst.AccesInterdit("x"), 403),
    (rst.ConflitDeVersion(), 409),
    (rst.RefusGroupe([rst.Echec("s1", "salarie.introuvable", "A4", "x")]), 422),
    (rst.ErreurTechnique("x"), 503),
    (rst.ErreurRstEffectifs("x"), 500),
    (FichierInvalide([], 0), 422),
    (ValueError("x"), 500),
    (KeyError("x"), 500),
])
def test_each_error_class_has_its_status(erreur: BaseException, statut: int) -> None:
    assert statut_http(erreur) == statut


@pytest.mark.parametrize(("classe", "statut"), list(STATUTS_PAR_CLASSE))
def test_a_new_code_falls_back_on_its_class(classe: type[Any], statut: int) -> None:
    if classe is rst.RefusGroupe:
        erreur: BaseException = classe([])
    else:
        erreur = classe("x", code="nouveau.code_sans_statut")
    assert statut_http(erreur) == statut


def test_agreed_concurrency_and_transient_codes() -> None:
    perimee = rst.ConflitDeVersion(code="concurrence.version_perimee",
                                   details={"version": 3, "version_attendue": 2})
    assert statut_http(perimee) == 412
    assert statut_http(rst.ErreurTechnique("x", code="technique.transitoire")) == 503
    assert statut_http(rst.DonneeInvalide("x", code="acces.manquant")) == 403
    assert statut_http(rst.DonneeInvalide("x", code="json.invalide")) == 400


def test_an_unknown_billing_rule_named_in_the_body_is_not_a_missing_resource() -> None:
    ctx = rst.en_memoire()
    adherent = rst.creer_adherent(ctx, AGENT, rst.CreerAdherent(
        numero="101", siret="73282932000074", raison_sociale="Boulangerie",
        email_connexion="contact@boulangerie.fr"))
    regle = sorted(rst.REGLES_PREDEFINIES)[0]
    for choix in ({"regle": "inexistante"}, {"regle": regle, "bareme": "inexistant"}):
        with pytest.raises(rst.Introuvable) as refus:
            rst.executer(ctx, AGENT, structurer(rst.CalculerAssiette, {
                "debut": "2024-01-01", "fin": "2024-12-31", **choix}, adherent_id=adherent.id))
        assert refus.value.code in {"regle.inconnue", "bareme.inconnu"}
        assert statut_http(refus.value) == 422, choix
    with pytest.raises(rst.Introuvable) as introuvable:
        rst.executer(ctx, AGENT, rst.ConsulterSalarie(adherent.id, "personne"))
    assert statut_http(introuvable.value) == 404


def test_a_library_refusal_from_the_doorway_maps_to_its_status() -> None:
    ctx = rst.en_memoire()
    with pytest.raises(DonneeInvalide) as refus:
        rst.executer(ctx, "pas un acteur", ListerPostes("a1"))  # type: ignore[arg-type]
    assert statut_http(refus.value) == 403


# ---------------------------------------------------------------- typed details


def test_syntax_error_details_are_numbers() -> None:
    refus = _refus(lire, '{"a":\n  }', ListerPostes)
    assert erreur_en_json(refus)["details"] == {"ligne": 2, "colonne": 3}
    assert statut_http(refus) == 400


def test_error_json_keeps_detail_types_and_is_json() -> None:
    erreur = rst.ConflitDeVersion(details={
        "version": 3, "ids": ("s1", "s2"), "ensemble": frozenset({1}), "ok": True,
        "rien": None, "taux": 0.5, "sous": {"n": 1}})
    details = erreur_en_json(erreur)["details"]
    assert details == {"version": 3, "ids": ["s1", "s2"], "ensemble": [1], "ok": True,
                       "rien": None, "taux": 0.5, "sous": {"n": 1}}
    assert json.loads(json.dumps(details)) == details


def test_a_refused_file_counts_with_numbers() -> None:
    refus = FichierInvalide([DonneeInvalide("x", chemin="ligne 2")], 3, lignes_non_lues=4)
    assert (refus.details["nombre"], refus.details["listees"],
            refus.details["lignes_non_lues"]) == (3, 1, 4)


def test_the_facade_exports_the_helpers() -> None:
    for nom in ("structurer", "structurer_parametres", "statut_http"):
        assert getattr(rst, nom) is getattr(serialisation, nom)
        assert nom in rst.__all__ and nom in serialisation.__all__


def test_the_former_name_of_the_query_string_door_still_works() -> None:
    """``structurer_requete`` was the public name before ``structurer_parametres``."""
    assert rst.structurer_requete is rst.structurer_parametres
    assert "structurer_requete" in rst.__all__ and "structurer_requete" in serialisation.__all__
    assert serialisation.CODE_REQUETE_INVALIDE == serialisation.CODE_PARAMETRES_INVALIDES
    assert rst.structurer_requete(rst.ListerPostes, {}, adherent_id="a") == rst.ListerPostes("a")


# ------------------------------------------- query strings carry every flat command

def _en_parametres(commande: Any) -> list[tuple[str, str]] | None:
    """A command as query-string pairs, as a browser would send it; ``None`` when it
    cannot travel so (a nested object, an empty list, text that reads as absent, or an
    integer of more than 18 digits, which the query-string reader refuses)."""
    paires: list[tuple[str, str]] = []
    for nom, valeur in CLAIR.unstructure(commande).items():
        valeurs = valeur if isinstance(valeur, list) else [valeur]
        if (isinstance(valeur, list) and not valeur) or valeur == "":
            return None
        for v in valeurs:
            if isinstance(v, dict | list):
                return None
            if isinstance(v, int) and not isinstance(v, bool) and abs(v) >= 10**18:
                return None  # the query string reads 18 digits at most (refused, typed)
            texte = "" if v is None else json.dumps(v) if isinstance(v, bool) else str(v)
            if isinstance(v, str) and v == "":
                return None
            if isinstance(v, int) and not isinstance(v, bool) and len(str(abs(v))) > 18:
                return None
            paires.append((nom, texte))
    return paires


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(COMMANDES).flatmap(instances))
def test_every_flat_command_survives_a_query_string(commande: Any) -> None:
    paires = _en_parametres(commande)
    assume(paires is not None)
    assert structurer_parametres(type(commande), paires) == commande
