"""The command line keeps its promises: ``--json`` for every command (``exporter`` and
``portail`` included), type refusals that say what was expected and received, the demo
showing what ``verifier`` flags in what it bills, a barème file's syntax error placed
once, a token's id under ``--quiet``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click
import pytest
from banc_cli import Lanceur, Monde

import rst_effectifs as rst
from rst_effectifs.entrypoints.cli import cli


def _feuilles(groupe: click.Group, chemin: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    feuilles = []
    for nom, commande in groupe.commands.items():
        if isinstance(commande, click.Group):
            feuilles += _feuilles(commande, (*chemin, nom))
        else:
            feuilles.append((*chemin, nom))
    return feuilles


def test_every_command_takes_json_after_its_name() -> None:
    sans = []
    for chemin in _feuilles(cli):
        commande: Any = cli
        for nom in chemin:
            commande = commande.commands[nom]
        if "--json" not in {o for p in commande.params for o in p.opts}:
            sans.append(" ".join(chemin))
    assert sans == [] and len(_feuilles(cli)) > 40


def test_exporter_in_json_names_the_file_or_gives_the_rows(lancer: Lanceur, monde: Monde,
                                                           tmp_path: Path) -> None:
    fichier = tmp_path / "effectif.csv"
    ecrit = lancer.json("exporter", "effectif", "--le", "2024-03-31", "--sortie", str(fichier))
    assert ecrit == {"format": "csv", "nombre": 1, "fichier": str(fichier)}
    assert fichier.read_text(encoding="utf-8").startswith("salarie_id;nom;prenoms")
    lignes = lancer.json("exporter", "assiette", "--annee", "2024", "--regle",
                         "present_dans_l_annee", "--format", "json")
    assert lignes["nombre"] == 1 and lignes["lignes"][0]["salarie_id"] == monde.dupont
    assert set(lignes["lignes"][0]) >= {"nom", "type_de_suivi", "du", "au", "cotisation"}


def test_portail_in_json_answers_one_envelope_when_it_starts(
        lancer: Lanceur, monkeypatch: pytest.MonkeyPatch) -> None:
    from rst_effectifs.entrypoints.web import serveur

    servi: list[object] = []
    monkeypatch.setattr(serveur, "servir", lambda app, hote, port: servi.append((hote, port)))
    resultat = lancer.json("portail", "--port", "8123")
    assert resultat == {"openapi": "http://127.0.0.1:8123/api/v1/openapi.json"}
    assert servi == [("127.0.0.1", 8123)]


def test_a_type_refusal_names_the_type_expected_and_the_type_received() -> None:
    with pytest.raises(rst.DonneeInvalide) as refus:
        rst.ListerSalaries("a1", limite="20")  # type: ignore[arg-type]
    assert refus.value.code == "donnee.type_invalide" and refus.value.chemin == "limite"
    assert refus.value.message == (
        "Le champ « limite » attend un nombre entier ; reçu : un texte.")
    assert refus.value.details == {"attendu": "un nombre entier", "recu": "un texte"}
    with pytest.raises(rst.DonneeInvalide) as nir:
        rst.CorrigerIdentite("a1", "s1", "Nom", "Prénom", "1990-01-01")  # type: ignore[arg-type]
    assert nir.value.details == {"attendu": "une date", "recu": "un texte"}
    assert "1990" not in nir.value.message  # the value itself is never quoted (S1)


def test_the_demo_shows_every_flag_of_those_it_bills(tmp_path: Path) -> None:
    lancer = Lanceur(f"sqlite:///{tmp_path / 'x.db'}", tmp_path)
    demo = lancer.json("demo", "--fichier", str(tmp_path / "demo.db"))
    factures = {ligne["salarie_id"] for ligne in demo["assiette"]["lignes"]}
    verifier = Lanceur(f"sqlite:///{tmp_path / 'demo.db'}", tmp_path).json(
        "verifier", "--le", "2026-12-31")
    signales = {s for a in verifier["anomalies"] for s in a["salarie_ids"]} & factures
    montres = {s for a in demo["verifications"]["anomalies"] for s in a["salarie_ids"]}
    assert signales and signales <= montres
    texte = Lanceur(f"sqlite:///{tmp_path / 'x.db'}", tmp_path)(
        "demo", "--fichier", str(tmp_path / "demo.db")).stdout
    assert "Avant de facturer 2026, 2 anomalies au 31/12/2026" in texte


@pytest.mark.parametrize(("nom", "contenu", "ligne", "colonne"), [
    ("b.toml", 'nom = "x"\nprix_sig = \n', 2, 12),
    ("b.json", '{"nom": "x",\n "prix_sig": }', 2, 14),
])
def test_a_bareme_file_s_syntax_error_names_its_line_and_column_once(
        lancer: Lanceur, monde: Monde, tmp_path: Path, nom: str, contenu: str, ligne: int,
        colonne: int) -> None:
    (tmp_path / nom).write_text(contenu, encoding="utf-8")
    args = ("assiette", "--annee", "2024", "--regle", "present_dans_l_annee",
            "--bareme-fichier", str(tmp_path / nom))
    sortie = lancer(*args, code=1).output
    assert sortie.count(f"ligne {ligne}, colonne {colonne}") == 1 and "colonne :" not in sortie
    assert sortie.count(f"Fichier « {nom} »") == 1
    erreur = lancer.json(*args, code=1)["erreur"]
    assert (erreur["details"]["ligne"], erreur["details"]["colonne"]) == (ligne, colonne)


def test_a_token_s_id_under_quiet(lancer: Lanceur, monde: Monde) -> None:
    jeton_id = lancer("--quiet", "jetons", "emettre", "Script").stdout.strip()
    assert [j["jeton_id"] for j in lancer.json("jetons", "lister")] == [jeton_id]
    json.loads(lancer("--json", "jetons", "revoquer", jeton_id).stdout)
