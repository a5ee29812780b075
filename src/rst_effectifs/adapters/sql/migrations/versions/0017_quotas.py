"""The rate limits' counted requests get the name of what they hold: ``quotas``.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-10

``tentatives_recuperation`` was created for the declarant-number recoveries (A2); the
sign-in requests and code checks (A6) have been counted in it since, so its name said
less than it held. A new table takes the rows (they are purged after the limit's window
anyway, but a limit reached just before the upgrade stays reached), then the old one is
dropped: creating rather than renaming gives both engines the constraint, index and
sequence names of a table made under the new name.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _texte(longueur: int) -> sa.types.TypeEngine[str]:
    """Code-point ordered text: the "C" collation on PostgreSQL (see tables.texte)."""
    return sa.String(longueur).with_variant(sa.String(longueur, collation="C"), "postgresql")


def _creer(table: str, colonne_id: str) -> None:
    op.create_table(
        table,
        sa.Column(colonne_id, sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("cle", _texte(64), nullable=False),
        sa.Column("quand", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint(colonne_id, name=op.f(f"pk_{table}")),
    )
    op.create_index(f"ix_{table}_cle_quand", table, ["cle", "quand"])


def _supprimer(table: str) -> None:
    op.drop_index(f"ix_{table}_cle_quand", table_name=table)
    op.drop_table(table)


def upgrade() -> None:
    _creer("quotas", "quota_id")
    op.execute("INSERT INTO quotas (cle, quand) SELECT cle, quand FROM tentatives_recuperation")
    _supprimer("tentatives_recuperation")


def downgrade() -> None:
    _creer("tentatives_recuperation", "tentative_id")
    op.execute("INSERT INTO tentatives_recuperation (cle, quand) SELECT cle, quand FROM quotas")
    _supprimer("quotas")
