"""Invoices and credit notes (F8): ``factures``, ``numerotation``, ``adherents.adresse``,
and the triggers that make an issued document immutable.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-05

``factures`` refuses every ``UPDATE`` and ``DELETE`` (and, on PostgreSQL, ``TRUNCATE``)
with a trigger on both engines: a correction is a credit note, never an edit.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None



def _texte(longueur: int | None = None) -> sa.types.TypeEngine[str]:
    """Code-point ordered text: the "C" collation on PostgreSQL (see tables.texte)."""
    if longueur is None:
        return sa.Text().with_variant(sa.Text(collation="C"), "postgresql")
    return sa.String(longueur).with_variant(sa.String(longueur, collation="C"), "postgresql")


def upgrade() -> None:
    op.add_column("adherents", sa.Column("adresse", _texte(), nullable=True))
    op.create_table(
        "factures",
        sa.Column("adherent_id", _texte(100), nullable=False),
        sa.Column("numero", _texte(60), nullable=False),
        sa.Column("annee", sa.Integer(), nullable=False),
        sa.Column("rang", sa.Integer(), nullable=False),
        sa.Column("nature", _texte(10), nullable=False),
        sa.Column("objet", _texte(20), nullable=False),
        sa.Column("cloture_debut", sa.Date(), nullable=False),
        sa.Column("cloture_fin", sa.Date(), nullable=False),
        sa.Column("debut", sa.Date(), nullable=False),
        sa.Column("fin", sa.Date(), nullable=False),
        sa.Column("emise_a", sa.DateTime(timezone=True), nullable=False),
        sa.Column("total_ht", sa.Numeric(14, 2), nullable=False),
        sa.Column("total_ttc", sa.Numeric(14, 2), nullable=False),
        sa.Column("contenu", _texte(), nullable=False),
        sa.Column("xml", _texte(), nullable=False),
        sa.ForeignKeyConstraint(["adherent_id"], ["adherents.adherent_id"],
                                name=op.f("fk_factures_adherent_id_adherents")),
        sa.CheckConstraint("nature IN ('facture', 'avoir')", name=op.f("ck_factures_nature")),
        sa.CheckConstraint("rang >= 1", name=op.f("ck_factures_rang")),
        sa.PrimaryKeyConstraint("adherent_id", "numero", name=op.f("pk_factures")),
    )
    op.create_index("uq_factures_annee_rang", "factures", ["annee", "rang"], unique=True)
    op.create_index("uq_factures_numero", "factures", ["numero"], unique=True)
    op.create_index("uq_factures_document", "factures",
                    ["adherent_id", "cloture_debut", "cloture_fin", "debut", "fin", "nature"],
                    unique=True)
    op.create_table(
        "numerotation",
        sa.Column("annee", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("dernier", sa.Integer(), nullable=False),
        sa.CheckConstraint("dernier >= 0", name=op.f("ck_numerotation_dernier")),
        sa.PrimaryKeyConstraint("annee", name=op.f("pk_numerotation")),
    )
    if op.get_context().dialect.name == "postgresql":
        op.execute("""
            CREATE FUNCTION factures_immuables() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'factures : un document émis ne change jamais (F8)'
                    USING ERRCODE = 'restrict_violation';
            END $$""")
        op.execute("CREATE TRIGGER factures_sans_modification BEFORE UPDATE OR DELETE "
                   "ON factures FOR EACH ROW EXECUTE FUNCTION factures_immuables()")
        op.execute("CREATE TRIGGER factures_sans_vidage BEFORE TRUNCATE ON factures "
                   "FOR EACH STATEMENT EXECUTE FUNCTION factures_immuables()")
    else:
        op.execute("CREATE TRIGGER factures_sans_update BEFORE UPDATE ON factures BEGIN "
                   "SELECT RAISE(ABORT, 'factures : un document émis ne change jamais (F8)'); "
                   "END")
        op.execute("CREATE TRIGGER factures_sans_delete BEFORE DELETE ON factures BEGIN "
                   "SELECT RAISE(ABORT, 'factures : un document émis ne change jamais (F8)'); "
                   "END")


def downgrade() -> None:
    if op.get_context().dialect.name == "postgresql":
        op.execute("DROP TRIGGER factures_sans_vidage ON factures")
        op.execute("DROP TRIGGER factures_sans_modification ON factures")
        op.execute("DROP FUNCTION factures_immuables()")
    op.drop_table("numerotation")
    op.drop_index("uq_factures_document", table_name="factures")
    op.drop_index("uq_factures_numero", table_name="factures")
    op.drop_index("uq_factures_annee_rang", table_name="factures")
    op.drop_table("factures")
    op.drop_column("adherents", "adresse")
