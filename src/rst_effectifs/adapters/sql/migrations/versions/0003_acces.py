"""Accounts and accesses: stored accesses (A3), recovery attempts (A2), unique declarant
numbers (A1), and an append-only journal (A5).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28

Every existing adherent's login e-mail becomes its administrator, as creating an
adherent does from now on. The journal gets triggers that refuse UPDATE and DELETE
(and TRUNCATE on PostgreSQL). A later migration that rebuilds ``journal`` in SQLite
batch mode (a table copy) must create the triggers again.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Literal SQL only (no value is ever interpolated into SQL text in this package).
_POSTGRESQL = (
    """
    CREATE FUNCTION journal_en_ajout_seul() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION 'journal: append-only (A5)' USING ERRCODE = 'restrict_violation';
    END
    $$
    """,
    "CREATE TRIGGER journal_sans_modification BEFORE UPDATE OR DELETE ON journal "
    "FOR EACH ROW EXECUTE FUNCTION journal_en_ajout_seul()",
    "CREATE TRIGGER journal_sans_vidage BEFORE TRUNCATE ON journal "
    "FOR EACH STATEMENT EXECUTE FUNCTION journal_en_ajout_seul()",
)
_SQLITE = (
    "CREATE TRIGGER journal_sans_modification BEFORE UPDATE ON journal "
    "BEGIN SELECT RAISE(ABORT, 'journal: append-only (A5)'); END",
    "CREATE TRIGGER journal_sans_suppression BEFORE DELETE ON journal "
    "BEGIN SELECT RAISE(ABORT, 'journal: append-only (A5)'); END",
)


def _texte(longueur: int | None = None) -> sa.types.TypeEngine[str]:
    """Code-point ordered text: the "C" collation on PostgreSQL (see tables.texte)."""
    if longueur is None:
        return sa.Text().with_variant(sa.Text(collation="C"), "postgresql")
    return sa.String(longueur).with_variant(sa.String(longueur, collation="C"), "postgresql")


def upgrade() -> None:
    op.create_index("uq_adherents_numero_teledeclarant", "adherents",
                    ["numero_teledeclarant"], unique=True)
    op.create_table(
        "acces",
        sa.Column("adherent_id", _texte(100), nullable=False),
        sa.Column("email_cle", _texte(254), nullable=False),
        sa.Column("email", _texte(254), nullable=False),
        sa.Column("roles", _texte(100), nullable=False),
        sa.CheckConstraint("roles <> ''", name=op.f("ck_acces_roles")),
        sa.ForeignKeyConstraint(["adherent_id"], ["adherents.adherent_id"],
                                name=op.f("fk_acces_adherent_id_adherents")),
        sa.PrimaryKeyConstraint("adherent_id", "email_cle", name=op.f("pk_acces")),
    )
    op.create_index("ix_acces_email_cle", "acces", ["email_cle", "adherent_id"])
    op.create_table(
        "tentatives_recuperation",
        sa.Column("tentative_id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("cle", _texte(64), nullable=False),
        sa.Column("quand", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("tentative_id", name=op.f("pk_tentatives_recuperation")),
    )
    op.create_index("ix_tentatives_recuperation_cle_quand", "tentatives_recuperation",
                    ["cle", "quand"])
    # Login e-mails are ASCII (A1): lower() is the case-folded comparison key.
    op.execute(
        "INSERT INTO acces (adherent_id, email_cle, email, roles) "
        "SELECT adherent_id, lower(email_connexion), email_connexion, 'administrateur' "
        "FROM adherents"
    )
    for instruction in _POSTGRESQL if op.get_bind().dialect.name == "postgresql" else _SQLITE:
        op.execute(instruction)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER journal_sans_vidage ON journal")
        op.execute("DROP TRIGGER journal_sans_modification ON journal")
        op.execute("DROP FUNCTION journal_en_ajout_seul()")
    else:
        op.execute("DROP TRIGGER journal_sans_suppression")
        op.execute("DROP TRIGGER journal_sans_modification")
    op.drop_index("ix_tentatives_recuperation_cle_quand", table_name="tentatives_recuperation")
    op.drop_table("tentatives_recuperation")
    op.drop_index("ix_acces_email_cle", table_name="acces")
    op.drop_table("acces")
    op.drop_index("uq_adherents_numero_teledeclarant", table_name="adherents")
