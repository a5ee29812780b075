"""DSN identities: a birth date with an unknown day or month (``precision_naissance``),
and the NTT of a person without NIR (``ntt``, unique per member among active files, S2).

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07

A frozen snapshot like the others. Every file already stored has a complete birth date
and no NTT: the new text column defaults to ``complete``, the other is empty, so the new
partial index is built on no row.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _texte(longueur: int) -> sa.types.TypeEngine[str]:
    return sa.String(longueur).with_variant(sa.String(longueur, collation="C"), "postgresql")


def upgrade() -> None:
    op.add_column("salaries", sa.Column("ntt", _texte(40), nullable=True))
    op.add_column("salaries", sa.Column("precision_naissance", _texte(24), nullable=False,
                                        server_default="complete"))
    op.create_index(
        "uq_salaries_ntt_actif", "salaries", ["adherent_id", "ntt"], unique=True,
        sqlite_where=sa.text("ntt IS NOT NULL AND annule = 0"),
        postgresql_where=sa.text("ntt IS NOT NULL AND NOT annule"),
    )


def downgrade() -> None:
    op.drop_index("uq_salaries_ntt_actif", table_name="salaries")
    # in place: other tables' keys point at salaries
    op.drop_column("salaries", "precision_naissance")
    op.drop_column("salaries", "ntt")
