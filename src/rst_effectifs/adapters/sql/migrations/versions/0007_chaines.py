"""Contract chains stored with the countable pieces, for the chain presets (F1, F2).

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30

A frozen snapshot like the others. Four columns on ``morceaux``: for no excluded nature
and for temp missions (03) excluded, the length in days of the chain holding each piece's
contract (4,000,000 when open, NULL when its nature is excluded) and the longest chain
among the file's earlier pieces (0 when none). Existing rows are filled here, file by
file, from the active contracts: a chain is a run of contracts not excluded, each
starting the day after the previous one ends; a piece belongs to the last contract
started on or before its first day (C2). From now on the library writes them on every
save of a salarié.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
from collections.abc import Iterator, Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OUVERT = 4_000_000
JEUX: tuple[tuple[frozenset[str], str, str], ...] = (
    (frozenset(), "duree_chaine", "duree_avant"),
    (frozenset({"03"}), "duree_chaine_hors_interim", "duree_avant_hors_interim"),
)
COLONNES = [nom for _natures, *noms in JEUX for nom in noms]
LOT = 5000
ADHERENTS_PAR_LOT = 500


def _durees(contrats: list[Any], exclues: frozenset[str]) -> list[int | None]:
    """Each contract's chain length (OUVERT: open; None: excluded), in the given order."""
    durees: list[int | None] = [None] * len(contrats)
    chaine: list[int] = []

    def fermer() -> None:
        if chaine:
            fin: dt.date | None = contrats[chaine[-1]].fin
            duree = OUVERT if fin is None else (fin - contrats[chaine[0]].debut).days + 1
            for i in chaine:
                durees[i] = duree
            chaine.clear()

    for i, c in enumerate(contrats):
        if c.nature in exclues:
            fermer()
            continue
        precedent = contrats[chaine[-1]] if chaine else None
        if not (precedent is not None and precedent.fin is not None
                and c.debut == precedent.fin + dt.timedelta(days=1)):
            fermer()
        chaine.append(i)
    fermer()
    return durees


def _valeurs(connexion: sa.Connection) -> Iterator[dict[str, Any]]:
    """The new columns of every stored piece, ``ADHERENTS_PAR_LOT`` members at a time."""
    adherents = sa.table("adherents", sa.column("adherent_id"))
    ids = list(connexion.execute(
        sa.select(adherents.c.adherent_id).order_by(adherents.c.adherent_id)).scalars())
    for debut in range(0, len(ids), ADHERENTS_PAR_LOT):
        yield from _valeurs_de(connexion, ids[debut:debut + ADHERENTS_PAR_LOT])


def _valeurs_de(connexion: sa.Connection, ids: list[str]) -> Iterator[dict[str, Any]]:
    contrats = sa.table("contrats", *(sa.column(n) for n in (
        "adherent_id", "salarie_id", "nature", "rang")), sa.column("debut", sa.Date()),
        sa.column("fin", sa.Date()), sa.column("annule", sa.Boolean()))
    morceaux = sa.table("morceaux", *(sa.column(n) for n in (
        "adherent_id", "salarie_id", "debut")))
    c, m = contrats.c, morceaux.c
    lignes_c = connexion.execute(
        sa.select(c.adherent_id, c.salarie_id, c.nature, c.debut, c.fin)
        .where(~c.annule, c.adherent_id.in_(ids))
        .order_by(c.adherent_id, c.salarie_id, c.debut, c.rang)).all()
    par_fichier = {cle: list(groupe) for cle, groupe in itertools.groupby(
        lignes_c, key=lambda ligne: (ligne.adherent_id, ligne.salarie_id))}
    pieces = connexion.execute(
        sa.select(m.adherent_id, m.salarie_id, m.debut).where(m.adherent_id.in_(ids))
        .order_by(m.adherent_id, m.salarie_id, m.debut)).all()
    for cle, groupe in itertools.groupby(pieces, key=lambda p: (p.adherent_id, p.salarie_id)):
        contrats_ = par_fichier.get(cle, [])
        debuts = [x.debut.toordinal() for x in contrats_]
        jeux = [_durees(contrats_, natures) for natures, _d, _a in JEUX]
        avants = [0] * len(JEUX)
        for piece in groupe:
            i = bisect.bisect_right(debuts, piece.debut) - 1
            valeurs: dict[str, Any] = {"a": cle[0], "s": cle[1], "d": piece.debut}
            for j, (_natures, colonne_duree, colonne_avant) in enumerate(JEUX):
                duree = jeux[j][i] if i >= 0 else None
                valeurs[colonne_duree] = duree
                valeurs[colonne_avant] = avants[j]
                if duree is not None and duree > avants[j]:
                    avants[j] = duree
            yield valeurs


def upgrade() -> None:
    for nom in COLONNES:
        op.add_column("morceaux", sa.Column(nom, sa.Integer(), nullable=True))
    connexion = op.get_bind()
    morceaux = sa.table("morceaux", *(sa.column(n) for n in (
        "adherent_id", "salarie_id", "debut", *COLONNES)))
    m = morceaux.c
    mise_a_jour = (
        morceaux.update()
        .where(m.adherent_id == sa.bindparam("a"), m.salarie_id == sa.bindparam("s"),
               m.debut == sa.bindparam("d"))
        .values({nom: sa.bindparam(nom) for nom in COLONNES})
    )
    valeurs = _valeurs(connexion)
    while lot := list(itertools.islice(valeurs, LOT)):
        connexion.execute(mise_a_jour, lot)


def downgrade() -> None:
    with op.batch_alter_table("morceaux") as table:
        for nom in reversed(COLONNES):
            table.drop_column(nom)
