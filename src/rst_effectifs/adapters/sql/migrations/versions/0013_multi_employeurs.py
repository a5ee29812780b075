"""Multi-employer workers (F7): ``multi_employeurs``, ``parts_multi_employeur``,
``declarations_multi_employeur``.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-08

``multi_employeurs`` belongs to no member (one row per person and year, across members:
see ``adapters/sql/multi_employeurs.py``); the two others are led by ``adherent_id``.
``ix_salaries_nir`` (files not cancelled by NIR, then member) crosses members by nature:
RST's reconciliation reads it. Nothing to fill: no record exists before this revision.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _texte(longueur: int | None = None) -> sa.types.TypeEngine[str]:
    """Code-point ordered text: the "C" collation on PostgreSQL (see tables.texte)."""
    if longueur is None:
        return sa.Text().with_variant(sa.Text(collation="C"), "postgresql")
    return sa.String(longueur).with_variant(sa.String(longueur, collation="C"), "postgresql")


def _fk_salarie(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["adherent_id", "salarie_id"], ["salaries.adherent_id", "salaries.salarie_id"],
        name=op.f(f"fk_{table}_adherent_id_salarie_id_salaries"))


def upgrade() -> None:
    op.create_table(
        "multi_employeurs",
        sa.Column("annee", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("nir", _texte(15), nullable=False),
        sa.Column("nombre", sa.Integer(), nullable=False),
        sa.Column("fiches", _texte(), nullable=False),
        sa.Column("enregistre_le", sa.DateTime(timezone=True), nullable=False),
        sa.Column("par", _texte(254), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint("nombre >= 2", name=op.f("ck_multi_employeurs_nombre")),
        sa.CheckConstraint("version >= 1", name=op.f("ck_multi_employeurs_version")),
        sa.PrimaryKeyConstraint("annee", "nir", name=op.f("pk_multi_employeurs")),
    )
    op.create_table(
        "parts_multi_employeur",
        sa.Column("adherent_id", _texte(100), nullable=False),
        sa.Column("annee", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("salarie_id", _texte(100), nullable=False),
        sa.Column("rang", sa.Integer(), nullable=False),
        sa.Column("nombre", sa.Integer(), nullable=False),
        sa.CheckConstraint("rang >= 1 AND rang <= nombre",
                           name=op.f("ck_parts_multi_employeur_rang")),
        _fk_salarie("parts_multi_employeur"),
        sa.PrimaryKeyConstraint("adherent_id", "annee", "salarie_id",
                                name=op.f("pk_parts_multi_employeur")),
    )
    op.create_table(
        "declarations_multi_employeur",
        sa.Column("adherent_id", _texte(100), nullable=False),
        sa.Column("annee", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("salarie_id", _texte(100), nullable=False),
        sa.Column("autres_employeurs", sa.Integer(), nullable=False),
        sa.Column("declaree_le", sa.DateTime(timezone=True), nullable=False),
        sa.Column("par", _texte(254), nullable=False),
        sa.CheckConstraint("autres_employeurs >= 1",
                           name=op.f("ck_declarations_multi_employeur_autres_employeurs")),
        _fk_salarie("declarations_multi_employeur"),
        sa.PrimaryKeyConstraint("adherent_id", "annee", "salarie_id",
                                name=op.f("pk_declarations_multi_employeur")),
    )


    op.create_index("ix_salaries_nir", "salaries", ["nir", "adherent_id"],
                    sqlite_where=sa.text("nir IS NOT NULL AND annule = 0"),
                    postgresql_where=sa.text("nir IS NOT NULL AND NOT annule"))


def downgrade() -> None:
    op.drop_index("ix_salaries_nir", table_name="salaries")
    op.drop_table("declarations_multi_employeur")
    op.drop_table("parts_multi_employeur")
    op.drop_table("multi_employeurs")
