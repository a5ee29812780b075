"""The schema distributes by ``adherent_id`` on a sharded PostgreSQL (docs/scaling.md):
the SQLAlchemy metadata is read, and each kind of fault the check must catch is shown
to be caught on a scratch schema."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import Column, ForeignKeyConstraint, Index, Integer, MetaData, String, Table

from rst_effectifs.adapters.sql import metadata
from rst_effectifs.adapters.sql.distribution import ANCRE, REFERENCES, ecarts


def test_the_schema_distributes_by_adherent_id() -> None:
    assert ecarts(metadata) == []


def test_docs_scaling_distributes_every_table_as_planned() -> None:
    """docs/scaling.md lists the Citus call of every table, as the plan says."""
    texte = (Path(__file__).parents[3] / "docs" / "scaling.md").read_text(encoding="utf-8")
    appels = re.findall(r"SELECT (create_\w+_table)\('(\w+)'(.*)\);", texte)
    assert sorted(nom for _f, nom, _r in appels) == sorted(metadata.tables)
    for fonction, nom, reste in appels:
        if nom in REFERENCES:
            assert (fonction, reste) == ("create_reference_table", ""), nom
        elif nom == ANCRE:
            assert (fonction, reste) == ("create_distributed_table", ", 'adherent_id'")
        else:
            assert (fonction, reste) == (
                "create_distributed_table",
                f", 'adherent_id', colocate_with => '{ANCRE}'"), nom


def _schema(ajout: Callable[[MetaData], object]) -> MetaData:
    """A small valid schema (a reference tenant table, two co-located tables), plus
    ``ajout``."""
    m = MetaData()
    Table("adherents", m, Column("adherent_id", String(100), primary_key=True),
          Column("numero", String(12)), Index("uq_numero", "numero", unique=True))
    for nom in sorted(REFERENCES - {"adherents"}):  # the other reference tables, bare
        Table(nom, m, Column(f"{nom}_id", Integer(), primary_key=True))
    Table("salaries", m, Column("adherent_id", String(100), primary_key=True),
          Column("salarie_id", String(100), primary_key=True),
          ForeignKeyConstraint(["adherent_id"], ["adherents.adherent_id"]))
    ajout(m)
    return m


def _rien(m: MetaData) -> None:
    return None


def _sans_colonne(m: MetaData) -> None:
    Table("orpheline", m, Column("id", Integer(), primary_key=True))


def _cle_sans_adherent(m: MetaData) -> None:
    Table("contrats", m, Column("contrat_id", String(100), primary_key=True),
          Column("adherent_id", String(100), nullable=False))


def _unique_sans_adherent(m: MetaData) -> None:
    Table("contrats", m, Column("adherent_id", String(100), primary_key=True),
          Column("contrat_id", String(100), primary_key=True), Column("numero", String(20)),
          Index("uq_contrats_numero", "numero", unique=True))


def _index_transverse(m: MetaData) -> None:
    Table("contrats", m, Column("adherent_id", String(100), primary_key=True),
          Column("contrat_id", String(100), primary_key=True), Column("numero", String(20)),
          Index("ix_contrats_numero", "numero"))


def _fk_hors_locataire(m: MetaData) -> None:
    Table("contrats", m, Column("adherent_id", String(100), primary_key=True),
          Column("contrat_id", String(100), primary_key=True),
          Column("autre_adherent", String(100)), Column("salarie_id", String(100)),
          ForeignKeyConstraint(["autre_adherent", "salarie_id"],
                               ["salaries.adherent_id", "salaries.salarie_id"]))


def _type_different(m: MetaData) -> None:
    Table("contrats", m, Column("adherent_id", Integer(), primary_key=True),
          Column("contrat_id", String(100), primary_key=True))


def _reference_vers_distribuee(m: MetaData) -> None:
    table = m.tables["quotas"]
    table.append_column(Column("adherent_id", String(100)))
    table.append_column(Column("salarie_id", String(100)))
    table.append_constraint(ForeignKeyConstraint(
        ["adherent_id", "salarie_id"], ["salaries.adherent_id", "salaries.salarie_id"]))


def _nullable(m: MetaData) -> None:
    Table("contrats", m, Column("adherent_id", String(100), nullable=True),
          Column("contrat_id", String(100), primary_key=True))


@pytest.mark.parametrize(("ajout", "attendu"), [
    (_sans_colonne, "orpheline: no adherent_id column"),
    (_cle_sans_adherent, "contrats: the primary key ['contrat_id'] does not lead"),
    (_unique_sans_adherent, "contrats: unique index uq_contrats_numero"),
    (_index_transverse, "contrats: index ix_contrats_numero"),
    (_fk_hors_locataire, "contrats: foreign key"),
    (_type_different, "contrats.adherent_id has type Integer()"),
    (_reference_vers_distribuee, "quotas: reference table with a foreign"),
    (_nullable, "contrats.adherent_id may be NULL"),
])
def test_each_kind_of_fault_is_caught(ajout: Callable[[MetaData], None], attendu: str) -> None:
    assert ecarts(_schema(_rien)) == []
    trouves = ecarts(_schema(ajout))
    assert any(e.startswith(attendu) for e in trouves), trouves
