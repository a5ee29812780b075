"""Closed billing periods (F4).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _texte(longueur: int | None = None) -> sa.types.TypeEngine[str]:
    """Code-point ordered text: the "C" collation on PostgreSQL (see tables.texte)."""
    if longueur is None:
        return sa.Text().with_variant(sa.Text(collation="C"), "postgresql")
    return sa.String(longueur).with_variant(sa.String(longueur, collation="C"), "postgresql")


def upgrade() -> None:
    op.create_table(
        "clotures",
        sa.Column("adherent_id", _texte(100), nullable=False),
        sa.Column("debut", sa.Date(), nullable=False),
        sa.Column("fin", sa.Date(), nullable=False),
        sa.Column("cloturee_le", sa.DateTime(timezone=True), nullable=False),
        sa.Column("contenu", _texte(), nullable=False),
        sa.CheckConstraint("fin >= debut", name=op.f("ck_clotures_dates")),
        sa.ForeignKeyConstraint(["adherent_id"], ["adherents.adherent_id"],
                                name=op.f("fk_clotures_adherent_id_adherents")),
        sa.PrimaryKeyConstraint("adherent_id", "debut", "fin", name=op.f("pk_clotures")),
    )


def downgrade() -> None:
    op.drop_table("clotures")
