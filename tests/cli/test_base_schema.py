"""``rst-effectifs base migrer | etat | verifier``: the schema migrated on purpose."""

from __future__ import annotations

from pathlib import Path

from banc_cli import Lanceur

from rst_effectifs.adapters.sql import revision_courante, upgrade
from rst_effectifs.adapters.sql.migrations import tete
from rst_effectifs.entrypoints.cli.commandes import CODE_TECHNIQUE


def test_a_new_file_is_listed_then_migrated_then_checked(lancer: Lanceur, tmp_path: Path) -> None:
    etat = lancer.json("base", "etat")
    assert (etat["revision"], etat["revision_attendue"], etat["a_jour"]) == (None, tete(), False)
    assert not (tmp_path / "cli.db").exists()  # looking changes nothing
    fait = lancer.json("base", "migrer")
    assert (fait["revision_avant"], fait["revision"]) == (None, tete())
    assert fait["appliquees"] == etat["a_appliquer"]
    assert lancer("base", "etat").output.rstrip().endswith("Schéma à jour : rien à migrer.")
    assert lancer.json("base", "verifier")["a_jour"] is True
    assert "déjà à jour" in lancer("base", "migrer").output


def test_an_old_schema_fails_the_check_naming_the_command(lancer: Lanceur) -> None:
    upgrade(lancer.url, "0004")
    refus = lancer.json("base", "verifier", code=CODE_TECHNIQUE)["erreur"]
    assert refus["code"] == "technique.schema_perime"
    assert refus["details"]["commande"] == "rst-effectifs base migrer"
    assert refus["details"]["revision"] == "0004"
    assert "rst-effectifs base migrer" in lancer("base", "etat").output
    assert revision_courante(lancer.url) == "0004"  # etat and verifier never migrate
    sortie = lancer("base", "migrer").output
    assert "Révision 0004 → " in sortie and "migration(s) appliquée(s)" in sortie
    lancer("base", "verifier")
