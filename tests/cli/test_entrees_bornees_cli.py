"""Bounded inputs on the command line: dates outside the domain's bounds (D1),
dates no one can live (D2, D3) and bytes that are not UTF-8 are refusals with their code
and the option they came from, never "Erreur inattendue"."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from banc_cli import Monde
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rst_effectifs.entrypoints.cli import CODE_REFUS, CODE_USAGE, cli

EMBAUCHE = ("salaries", "embaucher", "--nom", "Petit", "--prenoms", "Lucas", "--nature", "CDD",
            "--debut", "2024-02-05", "--poste", "Maçon")
REGLE = ("--regle", "present_dans_l_annee")

CAS: list[tuple[tuple[str, ...], int, str]] = [
    (("effectif", "--adherent", "\udcff"), CODE_USAGE, "--adherent : ce texte n'est pas en UTF-8"),
    (("salaries", "lister", "--nom", "Du\udcffpont"), CODE_USAGE, "pas en UTF-8"),
    (("effectif", "--le", "9999-12-31"), CODE_REFUS, "du 01/01/1900 au 31/12/2100"),
    (("effectif", "--du", "1899-12-31", "--au", "2024-01-01"), CODE_REFUS, "31/12/2100"),
    ((*EMBAUCHE, "--naissance", "9999-12-31"), CODE_REFUS, "date.hors_bornes"),
    ((*EMBAUCHE, "--naissance", "2100-01-01"), CODE_REFUS, "avant la naissance"),
    (("cloturer", "--du", "2024-01-01", "--au", "2025-06-30", *REGLE), CODE_REFUS, "un an"),
    (("cloturer", "--du", "2100-06-01", "--au", "9999-12-31", *REGLE), CODE_REFUS, "2100"),
]


@pytest.mark.parametrize(("args", "code", "extrait"), CAS, ids=[" ".join(c[0])[:50] for c in CAS])
def test_dates_and_bytes_are_refused_with_a_message(
    monde: Monde, args: tuple[str, ...], code: int, extrait: str
) -> None:
    avant = monde.lancer.photo()
    sortie = monde.lancer(*args, code=code).output
    assert extrait in sortie
    assert "Erreur inattendue" not in sortie and "Traceback" not in sortie
    assert monde.lancer.photo() == avant


def test_the_json_refusal_names_the_option_and_the_rule(monde: Monde) -> None:
    resultat = monde.lancer("effectif", "--le", "0001-01-01", "--json", code=CODE_REFUS)
    enveloppe = json.loads(resultat.stdout)  # one JSON shape on stdout (docs/cli.md)
    assert (enveloppe["ok"], enveloppe["code_sortie"]) == (False, CODE_REFUS)
    erreur = enveloppe["erreur"]
    assert (erreur["code"], erreur["regle"], erreur["chemin"]) == (
        "date.hors_bornes", "D1", "--le")


def test_a_dsn_ending_a_contract_on_31129999_is_refused_at_its_line(
    monde: Monde, tmp_path: Path
) -> None:
    fichier = tmp_path / "fin.dsn"
    fichier.write_text("\n".join([
        "S10.G00.00.001,'Paie Fictive'", "S21.G00.06.001,'842053175'",
        "S21.G00.11.001,'00019'", "S21.G00.30.002,'PETIT'", "S21.G00.30.004,'Lucas'",
        "S21.G00.30.006,'23112001'", "S21.G00.40.001,'05022024'",
        "S21.G00.40.006,'Maçon'", "S21.G00.40.007,'02'", "S21.G00.62.001,'31129999'",
    ]), encoding="latin-1")
    for appliquer in ((), ("--appliquer",)):
        sortie = monde.lancer("importer", "dsn", str(fichier), *appliquer,
                              code=CODE_REFUS).output
        assert "Ligne 10" in sortie and "Erreur inattendue" not in sortie


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(valeur=st.one_of(st.text(max_size=12),
                        st.text(st.characters(min_codepoint=0xDC80, max_codepoint=0xDCFF),
                                min_size=1, max_size=4),
                        st.dates().map(str)),
       option=st.sampled_from([("effectif", "--adherent"), ("effectif", "--le"),
                               ("salaries", "lister", "--nom"), ("salaries", "afficher"),
                               ("journal", "--du")]))
def test_any_option_value_is_answered_never_an_unexpected_error(
    monde: Monde, valeur: str, option: tuple[str, ...]
) -> None:
    env = {"RST_EFFECTIFS_DB": None, "RST_EFFECTIFS_EMAIL": None,
           "RST_EFFECTIFS_ADHERENT": None, "RST_EFFECTIFS_DEBUG": None}
    resultat = CliRunner().invoke(cli, ["--db", monde.lancer.url, *option, f" {valeur}"],
                                  env=env, catch_exceptions=False)
    assert resultat.exit_code in (0, CODE_REFUS, CODE_USAGE), resultat.output
    assert "Erreur inattendue" not in resultat.output
