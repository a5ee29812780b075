"""Countable pieces (``morceaux``) derived at save time for the billing run (F1, F2).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27

A frozen snapshot like the others: the table as it is at this revision, and its rows for
the files already stored computed here in SQL from ``contrats`` and ``presences`` (each
active contract governs its days up to the day before the next one's start, C2; those
days count where the file is present, E3). From now on the library writes them with
``presences`` on every save of a salarié.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OUVERT = 4_000_000
_JOUR_UN = dt.date(1, 1, 1)


def _id(nom: str) -> sa.Column[str]:
    type_ = sa.String(100).with_variant(sa.String(100, collation="C"), "postgresql")
    return sa.Column(nom, type_, nullable=False)


def _jour(dialecte: str, colonne: Any) -> Any:
    """``date.toordinal()`` in SQL."""
    if dialecte == "sqlite":
        return sa.cast(sa.func.julianday(colonne) - sa.literal(1721424.5, sa.Float()),
                       sa.Integer())
    return sa.type_coerce(colonne - sa.literal(_JOUR_UN, sa.Date()), sa.Integer()) + 1


def _remplir(dialecte: str) -> None:
    contrats = sa.table("contrats", sa.column("adherent_id"), sa.column("salarie_id"),
                        sa.column("poste_id"), sa.column("debut", sa.Date()),
                        sa.column("annule", sa.Boolean()))
    presences = sa.table("presences", sa.column("adherent_id"), sa.column("salarie_id"),
                         sa.column("debut", sa.Date()), sa.column("fin", sa.Date()))
    salaries = sa.table("salaries", sa.column("adherent_id"), sa.column("salarie_id"),
                        sa.column("annule", sa.Boolean()))
    morceaux = sa.table("morceaux", *(sa.column(n) for n in (
        "adherent_id", "salarie_id", "debut", "fin", "poste_id", "premier")))
    c, p, s = contrats.c, presences.c, salaries.c
    cle = (c.adherent_id, c.salarie_id)
    d = _jour(dialecte, c.debut)
    regnes = sa.select(
        c.adherent_id, c.salarie_id, c.poste_id, d.label("d"),
        sa.func.coalesce(sa.func.lead(d).over(partition_by=cle, order_by=c.debut) - 1,
                         OUVERT).label("f"),
    ).where(~c.annule).subquery("regnes")
    r = regnes.c
    p_debut = _jour(dialecte, p.debut)
    p_fin = sa.func.coalesce(_jour(dialecte, p.fin), OUVERT)
    debut = sa.case((r.d > p_debut, r.d), else_=p_debut)
    fin = sa.case((r.f < p_fin, r.f), else_=p_fin)
    pieces = sa.select(
        r.adherent_id, r.salarie_id, r.poste_id, debut.label("debut"), fin.label("fin"),
    ).select_from(
        regnes.join(presences, sa.and_(p.adherent_id == r.adherent_id,
                                       p.salarie_id == r.salarie_id,
                                       p_debut <= r.f, p_fin >= r.d))
        .join(salaries, sa.and_(s.adherent_id == r.adherent_id,
                                s.salarie_id == r.salarie_id))
    ).where(~s.annule).subquery("pieces")
    m = pieces.c
    premier = sa.func.min(m.debut).over(partition_by=(m.adherent_id, m.salarie_id))
    op.execute(morceaux.insert().from_select(
        ["adherent_id", "salarie_id", "debut", "fin", "poste_id", "premier"],
        sa.select(m.adherent_id, m.salarie_id, m.debut, m.fin, m.poste_id, premier),
    ))


def upgrade() -> None:
    op.create_table(
        "morceaux",
        _id("adherent_id"),
        _id("salarie_id"),
        sa.Column("debut", sa.Integer(), nullable=False),
        sa.Column("fin", sa.Integer(), nullable=False),
        _id("poste_id"),
        sa.Column("premier", sa.Integer(), nullable=False),
        sa.CheckConstraint("fin >= debut AND premier <= debut",
                           name=op.f("ck_morceaux_jours")),
        sa.ForeignKeyConstraint(["adherent_id", "salarie_id"],
                                ["salaries.adherent_id", "salaries.salarie_id"],
                                name=op.f("fk_morceaux_adherent_id_salarie_id_salaries")),
        sa.ForeignKeyConstraint(["adherent_id", "poste_id"],
                                ["postes.adherent_id", "postes.poste_id"],
                                name=op.f("fk_morceaux_adherent_id_poste_id_postes")),
        sa.PrimaryKeyConstraint("adherent_id", "salarie_id", "debut",
                                name=op.f("pk_morceaux")),
    )
    _remplir(op.get_bind().dialect.name)


def downgrade() -> None:
    op.drop_table("morceaux")
