"""What invoicing reads of each closing, in a column of its own (``clotures.resume``),
and the issued documents compressed with LZ4 on PostgreSQL.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-08

Issuing a year's invoices read each closing's whole ``contenu`` (the assiette with one
line per salarié) to reach a few totals. ``resume`` holds just what invoicing reads —
the rule's name, the barème, the totals per follow-up type, the entry fees and the
regularisations — each copied as ``contenu`` writes it. A frozen snapshot like the
others: existing closings are filled here from their ``contenu`` (plain JSON, no library
code), a few hundred at a time; from now on the library writes it with every closing.

On PostgreSQL built with LZ4 (``default_toast_compression`` accepts it; PostgreSQL 14
and later), ``factures.contenu`` and ``factures.xml`` are compressed with it rather than
the default pglz: a document is written once and its XML is most of a batch's bytes,
which LZ4 compresses about twice as fast. Documents already stored keep their
compression (PostgreSQL reads both).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LOT = 500


def resume(contenu: str) -> str:
    """``resume`` of a closing stored as ``contenu``."""
    cloture: dict[str, Any] = json.loads(contenu)
    assiette = cloture["assiette"]
    return json.dumps({
        "regle": cloture["regle"]["nom"],
        "bareme": cloture["bareme"],
        "totaux": assiette["totaux"],
        "droits_entree": assiette["droits_entree"],
        "regularisations": cloture["regularisations"],
        **_parts(assiette["lignes"]),
    }, ensure_ascii=False)


def _parts(lignes: list[dict[str, Any]]) -> dict[str, Any]:
    """Multi-employer shares (F7) of the counted lines, when there are any."""
    parts = [[ligne["type_de_suivi"], ligne["part"]] for ligne in lignes
             if ligne["cotisation"] and ligne.get("part")]
    return {"parts": parts} if parts else {}


def _texte() -> sa.types.TypeEngine[str]:
    """Code-point ordered text: the "C" collation on PostgreSQL (see tables.texte)."""
    return sa.Text().with_variant(sa.Text(collation="C"), "postgresql")


def upgrade() -> None:
    op.add_column("clotures", sa.Column("resume", _texte(), nullable=True))
    clotures = sa.table("clotures", sa.column("adherent_id"), sa.column("debut", sa.Date()),
                        sa.column("fin", sa.Date()), sa.column("contenu"),
                        sa.column("resume"))
    c = clotures.c
    connexion = op.get_bind()
    mise_a_jour = (clotures.update()
                   .where(c.adherent_id == sa.bindparam("a"), c.debut == sa.bindparam("d"),
                          c.fin == sa.bindparam("f"))
                   .values(resume=sa.bindparam("r")))
    apres: tuple[Any, ...] | None = None
    while True:
        requete = sa.select(c.adherent_id, c.debut, c.fin, c.contenu)
        if apres is not None:
            requete = requete.where(sa.tuple_(c.adherent_id, c.debut, c.fin) > apres)
        lignes = connexion.execute(
            requete.order_by(c.adherent_id, c.debut, c.fin).limit(LOT)).all()
        if not lignes:
            break
        connexion.execute(mise_a_jour, [{"a": ligne.adherent_id, "d": ligne.debut,
                                         "f": ligne.fin, "r": resume(ligne.contenu)}
                                        for ligne in lignes])
        apres = tuple(lignes[-1][:3])
    with op.batch_alter_table("clotures") as table:
        table.alter_column("resume", existing_type=_texte(), nullable=False)
    if _lz4_disponible(connexion):
        op.execute("ALTER TABLE factures ALTER COLUMN contenu SET COMPRESSION lz4")
        op.execute("ALTER TABLE factures ALTER COLUMN xml SET COMPRESSION lz4")


def _lz4_disponible(connexion: sa.Connection) -> bool:
    if connexion.dialect.name != "postgresql":
        return False
    return bool(connexion.execute(sa.text(
        "SELECT 'lz4' = ANY(enumvals) FROM pg_settings "
        "WHERE name = 'default_toast_compression'")).scalar())


def downgrade() -> None:
    if _lz4_disponible(op.get_bind()):
        op.execute("ALTER TABLE factures ALTER COLUMN contenu SET COMPRESSION default")
        op.execute("ALTER TABLE factures ALTER COLUMN xml SET COMPRESSION default")
    with op.batch_alter_table("clotures") as table:
        table.drop_column("resume")
