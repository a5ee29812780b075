"""Sign-in codes and bearer tokens (A6, A7): ``codes_connexion``, ``jetons_acces``.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04

Both belong to no member (see ``adapters/sql/connexions.py``) and hold digests only.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _texte(longueur: int) -> sa.types.TypeEngine[str]:
    """Code-point ordered text: the "C" collation on PostgreSQL (see tables.texte)."""
    return sa.String(longueur).with_variant(sa.String(longueur, collation="C"), "postgresql")


def upgrade() -> None:
    op.create_table(
        "codes_connexion",
        sa.Column("code_id", _texte(100), nullable=False),
        sa.Column("email_cle", _texte(254), nullable=False),
        sa.Column("email", _texte(254), nullable=False),
        sa.Column("empreinte", _texte(200), nullable=False),
        sa.Column("cree", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expire", sa.DateTime(timezone=True), nullable=False),
        sa.Column("essais", sa.Integer(), nullable=False),
        sa.Column("utilise", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("code_id", name=op.f("pk_codes_connexion")),
    )
    op.create_index("ix_codes_connexion_email_cle", "codes_connexion", ["email_cle", "expire"])
    op.create_table(
        "jetons_acces",
        sa.Column("jeton_id", _texte(100), nullable=False),
        sa.Column("email_cle", _texte(254), nullable=False),
        sa.Column("email", _texte(254), nullable=False),
        sa.Column("empreinte", _texte(200), nullable=False),
        sa.Column("libelle", _texte(100), nullable=False),
        sa.Column("cree", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expire", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoque", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("jeton_id", name=op.f("pk_jetons_acces")),
    )
    op.create_index("uq_jetons_acces_empreinte", "jetons_acces", ["empreinte"], unique=True)
    op.create_index("ix_jetons_acces_email_cle", "jetons_acces", ["email_cle", "cree"])


def downgrade() -> None:
    op.drop_index("ix_jetons_acces_email_cle", table_name="jetons_acces")
    op.drop_index("uq_jetons_acces_empreinte", table_name="jetons_acces")
    op.drop_table("jetons_acces")
    op.drop_index("ix_codes_connexion_email_cle", table_name="codes_connexion")
    op.drop_table("codes_connexion")
