"""Importing through the command line: idempotence on the stored data, and a malformed
file that names its bad lines and changes nothing."""

from __future__ import annotations

import json

from banc_cli import Lanceur, Monde

from rst_effectifs.entrypoints.cli import CODE_REFUS
from rst_effectifs.exemples import chemin_exemple

DSN = str(chemin_exemple("exemple.dsn"))
CSV = str(chemin_exemple("salaries.csv"))


def test_the_sample_dsn_imported_twice_leaves_the_database_identical(monde: Monde) -> None:
    lancer = monde.lancer
    premier = lancer("importer", "dsn", DSN, "--appliquer", "--creer-postes").output
    assert "Import enregistré." in premier and "ROUSSEAU" in premier
    apres_premier = lancer.photo()
    assert len(apres_premier["salaries"]) == 6
    second = lancer("importer", "dsn", DSN, "--appliquer", "--creer-postes").output
    assert "ce fichier est déjà importé" in second
    assert lancer.photo() == apres_premier
    assert lancer.json("importer", "dsn", DSN, "--appliquer")["embauches"] == []
    assert lancer.photo() == apres_premier


def test_the_sample_csv_imported_twice_leaves_the_database_identical(monde: Monde) -> None:
    lancer = monde.lancer
    lancer("postes", "ajouter", "Électricien")
    plan = lancer.json("importer", "csv", CSV, "--appliquer")
    assert plan["applique"] is True and plan["embauches"]
    photo = lancer.photo()
    assert lancer.json("importer", "csv", CSV, "--appliquer")["embauches"] == []
    assert lancer.photo() == photo


def test_a_malformed_dsn_names_each_bad_line_and_changes_nothing(monde: Monde) -> None:
    lancer = monde.lancer
    avant = lancer.photo()
    sortie = lancer("importer", "dsn", str(chemin_exemple("malformee.dsn")), "--appliquer",
                    code=CODE_REFUS).output
    assert "rien n'a été importé" in sortie
    for ligne in (5, 7, 10, 11, 12, 18):
        assert f"  - Ligne {ligne}" in sortie
    assert lancer.photo() == avant


def test_a_dsn_of_another_establishment_is_refused(lancer: Lanceur) -> None:
    lancer("--en-tant-que", "agent@rst.example", "adherent", "creer", "--numero", "5",
           "--siret", "73282932000074", "--raison-sociale", "Boulangerie",
           "--email-connexion", "b@boulangerie.example")
    avant = lancer.photo()
    sortie = lancer("importer", "dsn", DSN, "--appliquer", code=CODE_REFUS).output
    assert "import.etablissement_absent" in sortie
    assert lancer.photo() == avant


def test_people_whose_poste_is_missing_are_left_out_and_listed(monde: Monde) -> None:
    sortie = monde.lancer("importer", "dsn", DSN).output
    assert "Postes introuvables" in sortie and "Grutier" in sortie and "GARNIER" in sortie


def test_a_hostile_file_is_cut_at_the_error_cap_and_says_what_was_not_read(
        monde: Monde) -> None:
    fichier = monde.lancer.dossier / "hostile.dsn"
    fichier.write_bytes(b"pas une rubrique\n" * 1200)

    sortie = monde.lancer("importer", "dsn", str(fichier), code=CODE_REFUS).output
    donnees = json.loads(monde.lancer("importer", "dsn", str(fichier), "--json",
                                      code=CODE_REFUS).stdout)["erreur"]

    assert "au moins 1000 erreur(s)" in sortie
    assert "Lecture arrêtée après 1000 erreurs : 200 ligne(s) non lue(s)." in sortie
    assert sortie.count("  - Ligne ") == 1000
    assert (donnees["nombre"], donnees["lignes_non_lues"], len(donnees["erreurs"])) == (
        1000, 200, 1000)


def test_a_record_left_aside_needs_confirmer_ecarts_and_the_encoding_can_be_named(
        monde: Monde, tmp_path: object) -> None:
    from pathlib import Path

    lancer = monde.lancer
    fichier = Path(str(tmp_path)) / "paie.dsn"
    fichier.write_bytes(Path(DSN).read_bytes().replace(
        b"S21.G00.30.006,'22011996'", b"S21.G00.30.006,'31021996'"))
    plan = lancer("importer", "dsn", str(fichier), "--creer-postes").output
    assert "Personnes laissées de côté" in plan and "MARTIN" in plan
    avant = lancer.photo()
    refus = lancer("importer", "dsn", str(fichier), "--appliquer", "--creer-postes",
                   code=CODE_REFUS).output
    assert "import.confirmation_requise" in refus
    assert lancer.photo() == avant
    fait = lancer.json("importer", "dsn", str(fichier), "--appliquer", "--creer-postes",
                       "--confirmer-ecarts", "--encodage", "latin-1")
    assert "MARTIN" not in {e["nom"] for e in fait["embauches"]} and fait["embauches"]
    assert fait["encodage"] == "ISO-8859-1 (Latin-1)"
    mauvais = lancer("importer", "dsn", str(fichier), "--encodage", "ebcdic", code=2).output
    assert "Encodage inconnu" in mauvais
