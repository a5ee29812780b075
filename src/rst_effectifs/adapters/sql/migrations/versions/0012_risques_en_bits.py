"""The risk catalogue is dated (P2b: on 1 October 2025 electrical clearance and driving
authorisation left the reinforced follow-up), so a poste's type depends on the day:
``postes.risques_bits``, the poste's risks as a bit set, lets every statement compute
the type of any day from the dated catalogue, in SQL.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-10

A frozen snapshot like the others: it copies the bit of each risk code (the library's
``adapters/sql/suivi.py`` uses the same ones) and fills the column in one statement
from the codes already stored (``postes.risques``, comma-separated). Nothing else of a
poste is rewritten: ``type_de_suivi`` keeps what it held.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_BITS = {
    "amiante": 0, "plomb": 1, "agents_cmr": 2, "agents_biologiques_3_4": 3,
    "rayonnements_ionisants": 4, "milieu_hyperbare": 5, "montage_echafaudages": 6,
    "habilitation_electrique": 7, "autorisation_conduite": 8, "manutention_plus_55_kg": 9,
    "jeunes_travaux_reglementes": 10, "travail_de_nuit": 11,
    "champs_electromagnetiques": 12, "agents_biologiques_2": 13,
}


def upgrade() -> None:
    op.add_column("postes", sa.Column("risques_bits", sa.Integer(), nullable=False,
                                      server_default="0"))
    postes = sa.table("postes", sa.column("risques", sa.Text()),
                      sa.column("risques_bits", sa.Integer()))
    entoure = sa.literal(",") + postes.c.risques + sa.literal(",")
    somme = sum((sa.case((entoure.contains(f",{code},", autoescape=True), 1 << bit),
                         else_=0) for code, bit in _BITS.items()), sa.literal(0))
    op.execute(postes.update().values(risques_bits=somme))


def downgrade() -> None:
    op.drop_column("postes", "risques_bits")  # in place: other tables' keys point at postes
