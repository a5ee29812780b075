"""S2 in the database for files without a NIR: one active file per member, normalised
names and birth date (``uq_salaries_identite_actif``), as ``uq_salaries_nir_actif`` does
for the NIR.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30

Concurrent hires and imports could leave two such files before this revision (the
duplicate check was a read followed by an insert). If the database holds some, the
index cannot be built: the upgrade stops, changes nothing, and names them
(``technique.doublons_existants``); ``rst-effectifs base doublons`` lists them. Merge or
cancel the duplicates, then upgrade again.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from rst_effectifs.domain.erreurs import ErreurTechnique

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_AU_PLUS = 20


def _doublons() -> list[tuple[str, list[str]]]:
    salaries = sa.table("salaries", *(sa.column(n) for n in (
        "adherent_id", "salarie_id", "nom_norm", "prenoms_norm", "date_naissance", "nir")),
        sa.column("annule", sa.Boolean()))
    s = salaries.c
    cle = (s.adherent_id, s.nom_norm, s.prenoms_norm, s.date_naissance)
    actives = sa.and_(s.nir.is_(None), ~s.annule)
    groupes = sa.select(*cle).where(actives).group_by(*cle).having(sa.func.count() > 1)
    lignes = op.get_bind().execute(
        sa.select(*cle, s.salarie_id).where(actives, sa.tuple_(*cle).in_(groupes))
        .order_by(*cle, s.salarie_id)
    ).all()
    par_cle: dict[tuple[object, ...], list[str]] = {}
    for ligne in lignes:
        par_cle.setdefault(tuple(ligne[:4]), []).append(str(ligne[4]))
    return [(str(c[0]), ids) for c, ids in par_cle.items()]


def upgrade() -> None:
    doublons = _doublons()
    if doublons:
        parties = [f"adhérent {a} : fiches {', '.join(ids)}" for a, ids in doublons[:_AU_PLUS]]
        if len(doublons) > _AU_PLUS:
            parties.append(f"et {len(doublons) - _AU_PLUS} autre(s) groupe(s)")
        raise ErreurTechnique(
            f"La base contient {len(doublons)} groupe(s) de fiches actives en double "
            "(mêmes nom, prénoms et date de naissance, sans NIR), que la règle S2 interdit "
            f"désormais : {' ; '.join(parties)}. Listez-les avec « rst-effectifs base "
            "doublons », fusionnez ou annulez les doublons, puis relancez la mise à jour "
            "(rien n'a été modifié).",
            code="technique.doublons_existants", regle="S2",
            details={"groupes": str(len(doublons))},
        )
    op.create_index(
        "uq_salaries_identite_actif", "salaries",
        ["adherent_id", "nom_norm", "prenoms_norm", "date_naissance"], unique=True,
        sqlite_where=sa.text("nir IS NULL AND annule = 0"),
        postgresql_where=sa.text("nir IS NULL AND NOT annule"),
    )


def downgrade() -> None:
    op.drop_index("uq_salaries_identite_actif", table_name="salaries")
