"""The portal's sessions kept on the server (A6): ``sessions_portail``.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07

It belongs to no member (see ``adapters/sql/sessions.py``) and holds digests only.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _texte(longueur: int) -> sa.types.TypeEngine[str]:
    """Code-point ordered text: the "C" collation on PostgreSQL (see tables.texte)."""
    return sa.String(longueur).with_variant(sa.String(longueur, collation="C"), "postgresql")


def upgrade() -> None:
    op.create_table(
        "sessions_portail",
        sa.Column("session_id", _texte(100), nullable=False),
        sa.Column("email_cle", _texte(254), nullable=False),
        sa.Column("email", _texte(254), nullable=False),
        sa.Column("cree", sa.DateTime(timezone=True), nullable=False),
        sa.Column("vu", sa.DateTime(timezone=True), nullable=False),
        sa.Column("fin", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("session_id", name=op.f("pk_sessions_portail")),
    )
    op.create_index("ix_sessions_portail_email_cle", "sessions_portail", ["email_cle"])


def downgrade() -> None:
    op.drop_index("ix_sessions_portail_email_cle", table_name="sessions_portail")
    op.drop_table("sessions_portail")
