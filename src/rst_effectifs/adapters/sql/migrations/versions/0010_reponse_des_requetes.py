"""An applied import resent under its ``Idempotency-Key`` answers its first plan (E5):
``requetes.reponse``.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04

A frozen snapshot like the others: one nullable text column, empty for the grouped
movements already stored (their answer is their ``mouvements``).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    texte = sa.Text().with_variant(sa.Text(collation="C"), "postgresql")
    op.add_column("requetes", sa.Column("reponse", texte, nullable=True))


def downgrade() -> None:
    op.drop_column("requetes", "reponse")
