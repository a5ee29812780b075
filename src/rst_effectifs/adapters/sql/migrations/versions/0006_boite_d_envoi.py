"""The outbox of declarant-number requests (A2): ``boite_d_envoi``.

Revision ID: 0006
Revises: 0004
Create Date: 2026-11-30

A recovery request now writes one row here, whatever the address; the sender
(``envoyer_en_attente``) takes the rows, looks the address up, journals and sends. Like
``tentatives_recuperation`` the table belongs to no member (see ``adapters/sql/acces.py``).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _texte(longueur: int) -> sa.types.TypeEngine[str]:
    """Code-point ordered text: the "C" collation on PostgreSQL (see tables.texte)."""
    return sa.String(longueur).with_variant(sa.String(longueur, collation="C"), "postgresql")


def upgrade() -> None:
    op.create_table(
        "boite_d_envoi",
        sa.Column("envoi_id", _texte(100), nullable=False),
        sa.Column("genre", _texte(40), nullable=False),
        sa.Column("email", _texte(254), nullable=False),
        sa.Column("quand", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("envoi_id", name=op.f("pk_boite_d_envoi")),
    )
    op.create_index("ix_boite_d_envoi_quand", "boite_d_envoi", ["quand", "envoi_id"])


def downgrade() -> None:
    op.drop_index("ix_boite_d_envoi_quand", table_name="boite_d_envoi")
    op.drop_table("boite_d_envoi")
