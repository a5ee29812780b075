"""Helpers of the command-line tests: a runner bound to one SQLite file, photos of the
stored rows, and a small adherent built through the commands themselves."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import attrs
from click.testing import CliRunner, Result
from sqlalchemy import create_engine, select

from rst_effectifs.adapters.sql import metadata
from rst_effectifs.entrypoints.cli import cli

AGENT = "agent@rst.example"
SIRET = "84205317500019"  # the establishment of exemple.dsn
NIR_DUPONT = "284037505612355"


@attrs.define
class Lanceur:
    """Runs ``rst-effectifs --db URL …`` in-process and checks the exit code."""

    url: str
    dossier: Path

    def __call__(self, *args: str, code: int = 0, entree: str | None = None) -> Result:
        runner = CliRunner()
        env = {"RST_EFFECTIFS_DB": None, "RST_EFFECTIFS_EMAIL": None,
               "RST_EFFECTIFS_ADHERENT": None, "RST_EFFECTIFS_DEBUG": None,
               "XDG_DATA_HOME": str(self.dossier / "donnees")}
        resultat = runner.invoke(cli, ["--db", self.url, *args], input=entree, env=env,
                                 catch_exceptions=False)
        assert resultat.exit_code == code, resultat.output
        return resultat

    def json(self, *args: str, code: int = 0) -> Any:
        """The ``--json`` envelope's ``resultat`` (its ``ok`` and ``code_sortie`` checked)."""
        enveloppe = json.loads(self(*args, "--json", code=code).stdout)
        assert enveloppe["code_sortie"] == code and enveloppe["ok"] is (code == 0)
        return enveloppe["resultat"] if code == 0 else enveloppe

    def photo(self) -> dict[str, list[tuple[Any, ...]]]:
        """Every row of every table, sorted: two photos are equal when nothing changed."""
        moteur = create_engine(self.url)
        try:
            with moteur.connect() as connection:
                return {nom: sorted((tuple(r) for r in connection.execute(select(table))),
                                    key=repr)
                        for nom, table in metadata.tables.items()}
        finally:
            moteur.dispose()


@attrs.frozen
class Monde:
    """One adherent (number 1001, SIRET of exemple.dsn) with three postes and Dupont."""

    lancer: Lanceur
    adherent_id: str
    postes: dict[str, str]
    dupont: str
    dupont_contrat: str


def creer_monde(lancer: Lanceur, postes: Sequence[tuple[str, str]] = (
        ("Maçon", "632a"), ("Cariste", "653a"), ("Secrétaire de direction", "542a"))) -> Monde:
    adherent = lancer.json("--en-tant-que", AGENT, "adherent", "creer", "--numero", "1001",
                           "--siret", SIRET, "--raison-sociale", "Bâtiments Côte d'Émeraude",
                           "--email-connexion", "rh@emeraude.example")
    ids = {libelle: lancer.json("postes", "ajouter", libelle, "--pcs", code)["id"]
           for libelle, code in postes}
    dupont = lancer.json("salaries", "embaucher", "--nom", "Dupont", "--prenoms",
                         "Élodie Marie", "--naissance", "1984-03-12", "--nir", NIR_DUPONT,
                         "--nature", "CDI", "--debut", "2015-09-01", "--poste",
                         "Secrétaire de direction", "--numero", "C0001")
    return Monde(lancer, adherent["id"], ids, dupont["id"], dupont["contrats"][0]["id"])
