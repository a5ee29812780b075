"""Each poste's own version (expected versions, V1): the ETag a client sends back
to change one poste, moved by every change of that poste and of no other.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04

A frozen snapshot like the others: one integer column, 0 for the postes already stored
(the version every poste starts at).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("postes",
                  sa.Column("version", sa.Integer(), nullable=False, server_default="0"))


def downgrade() -> None:
    op.drop_column("postes", "version")  # in place: other tables' keys point at postes
