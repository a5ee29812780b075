"""Revision 0005 (S2 in the database for files without a NIR): a database where
concurrent writers left two files for one person is not upgraded half-way; the error
names the files, and ``doublons_bloquants`` / ``rst-effectifs base doublons`` list them."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from click.testing import CliRunner
from sqlalchemy import insert, inspect, update

import rst_effectifs as rst
from rst_effectifs.adapters.sql import creer_moteur, revision_courante, upgrade
from rst_effectifs.adapters.sql import tables as t
from rst_effectifs.adapters.sql.adherents import rangee_adherent, rangee_poste
from rst_effectifs.adapters.sql.doublons import FichesEnDouble, doublons_bloquants
from rst_effectifs.adapters.sql.salaries_rangees import rangees_par_table
from rst_effectifs.entrypoints.cli import cli
from rst_effectifs.testing.conformite import adherent_exemple, nir_pour, salarie_simple

NAISSANCE = dt.date(1990, 5, 4)


def _stocker(url: str, adherent: rst.Adherent, salaries: list[rst.Salarie]) -> None:
    """Rows as the library at revision 0004 wrote them, duplicates included."""
    moteur = creer_moteur(url)
    try:
        with moteur.begin() as connection:
            connection.execute(insert(t.adherents), {  # no address before 0011
                k: v for k, v in rangee_adherent(adherent, 1).items() if k != "adresse"})
            connection.execute(insert(t.postes), [  # no per-poste version before 0008
                {k: v for k, v in rangee_poste(adherent.id, i, p).items()
                 if k not in ("version", "risques_bits")}
                for i, p in enumerate(adherent.postes)])
            for table, rangees in rangees_par_table(salaries).items():
                if rangees:  # only the columns the table had at 0004 (0007 added some)
                    colonnes = {c["name"] for c in inspect(connection).get_columns(table.name)}
                    connection.execute(insert(table), [
                        {k: v for k, v in rangee.items() if k in colonnes} for rangee in rangees])
    finally:
        moteur.dispose()


def _base_avec_doublons(url: str) -> None:
    upgrade(url, "0004")
    _stocker(url, adherent_exemple("a1"), [
        salarie_simple("s1", "a1", "a1-vente"),
        salarie_simple("s2", "a1", "a1-vente", nom="MARTIN", prenoms="lea"),  # same person
        salarie_simple("s3", "a1", "a1-vente", nir=nir_pour(NAISSANCE)),  # NIR: not blocking
        rst.Salarie.annuler(salarie_simple("s4", "a1", "a1-vente"), None)[0],  # cancelled
        salarie_simple("s5", "a1", "a1-vente", nom="Autre"),
    ])
    _stocker(url, adherent_exemple("a2", 2), [
        salarie_simple("x1", "a2", "a2-vente"),
        salarie_simple("x2", "a2", "a2-vente"),
        salarie_simple("x3", "a2", "a2-vente"),
    ])


def test_existing_duplicates_stop_the_upgrade_with_their_ids(url_sql: str) -> None:
    _base_avec_doublons(url_sql)
    attendus = [FichesEnDouble("a1", ("s1", "s2")), FichesEnDouble("a2", ("x1", "x2", "x3"))]
    assert doublons_bloquants(creer_moteur(url_sql)) == attendus

    with pytest.raises(rst.ErreurTechnique) as refus:
        upgrade(url_sql)

    assert refus.value.code == "technique.doublons_existants"
    assert refus.value.regle == "S2"
    message = refus.value.message
    assert "2 groupe(s)" in message
    assert "adhérent a1 : fiches s1, s2" in message
    assert "adhérent a2 : fiches x1, x2, x3" in message
    assert "rst-effectifs base doublons" in message
    assert revision_courante(url_sql) == "0004"  # nothing changed

    moteur = creer_moteur(url_sql)
    try:
        with moteur.begin() as connection:  # the duplicates cancelled by hand
            connection.execute(update(t.salaries).where(
                t.salaries.c.salarie_id.in_(["s2", "x2", "x3"])).values(annule=True))
    finally:
        moteur.dispose()
    assert doublons_bloquants(creer_moteur(url_sql)) == []
    upgrade(url_sql)
    assert revision_courante(url_sql) >= "0005"  # 0005 passed, up to the head


def test_the_new_index_refuses_a_second_file_without_nir_as_s2(url_sql: str) -> None:
    """Bypassing the use case (and its lock), the database itself answers S2."""
    upgrade(url_sql)
    _stocker(url_sql, adherent_exemple("a1"), [salarie_simple("s1", "a1", "a1-vente")])
    ctx = rst.depuis_url(url_sql, migrer=False)
    try:
        with pytest.raises(rst.RegleMetier) as refus, ctx.unite_de_travail() as uow:
            uow.salaries.ajouter(salarie_simple("s2", "a1", "a1-vente", prenoms="LÉA"))
            uow.commit()
        assert (refus.value.code, refus.value.regle) == ("salarie.deja_existant", "S2")
        with ctx.unite_de_travail() as uow:  # with a NIR, or cancelled: allowed
            uow.salaries.ajouter(salarie_simple("s3", "a1", "a1-vente",
                                                nir=nir_pour(NAISSANCE)))
            uow.salaries.ajouter(rst.Salarie.annuler(
                salarie_simple("s4", "a1", "a1-vente"), None)[0])
            uow.commit()
    finally:
        ctx.unite_de_travail.fermer()  # type: ignore[attr-defined]


def test_the_command_lists_the_duplicates_without_upgrading(url_sqlite: str) -> None:
    _base_avec_doublons(url_sqlite)
    runner = CliRunner()
    texte = runner.invoke(cli, ["--db", url_sqlite, "base", "doublons"])
    assert texte.exit_code == 0, texte.output
    assert "s1, s2" in texte.output and "x1, x2, x3" in texte.output
    en_json = runner.invoke(cli, ["--db", url_sqlite, "base", "doublons", "--json"])
    assert json.loads(en_json.output)["resultat"] == [
        {"adherent_id": "a1", "salarie_ids": ["s1", "s2"]},
        {"adherent_id": "a2", "salarie_ids": ["x1", "x2", "x3"]},
    ]
    assert revision_courante(url_sqlite) == "0004"
    refus = runner.invoke(cli, ["--db", url_sqlite, "adherent", "afficher", "--adherent", "a1"])
    assert refus.exit_code != 0
    assert "base doublons" in refus.output
    assert revision_courante(url_sqlite) == "0004"


def test_an_empty_database_has_no_duplicates(url_sql: str) -> None:
    moteur = creer_moteur(url_sql)
    try:
        assert doublons_bloquants(moteur) == []
        with moteur.connect() as connection:
            assert doublons_bloquants(connection) == []
    finally:
        moteur.dispose()
