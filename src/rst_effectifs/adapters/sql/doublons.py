"""Files a database holds twice from before S2 was enforced under concurrency.

Revision ``0005`` adds the unique index that keeps one active file without a NIR per
member, normalised names and birth date (``uq_salaries_identite_actif``). A database
where concurrent writers already left two such files cannot take it: the upgrade stops
with ``technique.doublons_existants`` naming them, and :func:`doublons_bloquants` (the
command ``rst-effectifs base doublons``) lists them, at any revision, so that they can
be merged or cancelled first.
"""

from __future__ import annotations

from collections.abc import Sequence

from attrs import frozen
from sqlalchemy import Engine, and_, func, inspect, select, tuple_
from sqlalchemy.engine import Connection

from .tables import salaries
from .traduction import appeler


@frozen
class FichesEnDouble:
    """Active files of one member without a NIR that share names and birth date."""

    adherent_id: str
    salarie_ids: tuple[str, ...]


def _lister(connection: Connection) -> list[FichesEnDouble]:
    if not inspect(connection).has_table("salaries"):
        return []  # an empty database: nothing to upgrade around
    s = salaries.c
    cle = (s.adherent_id, s.nom_norm, s.prenoms_norm, s.date_naissance)
    actives = and_(s.nir.is_(None), ~s.annule)
    groupes = select(*cle).where(actives).group_by(*cle).having(func.count() > 1)
    rangees = connection.execute(
        select(*cle, s.salarie_id).where(actives, tuple_(*cle).in_(groupes))
        .order_by(*cle, s.salarie_id)
    ).all()
    par_cle: dict[tuple[object, ...], list[str]] = {}
    for rangee in rangees:
        par_cle.setdefault(tuple(rangee[:4]), []).append(rangee[4])
    return [FichesEnDouble(str(c[0]), tuple(ids)) for c, ids in par_cle.items()]


def doublons_bloquants(base: Engine | Connection) -> list[FichesEnDouble]:
    """Every group of active files without a NIR with the same member, normalised names
    and birth date, by member then names; empty when revision 0005 can be applied."""
    if isinstance(base, Connection):
        return appeler(lambda: _lister(base))

    def lire() -> list[FichesEnDouble]:
        with base.connect() as connection:
            return _lister(connection)

    return appeler(lire)


def decrire(groupes: Sequence[FichesEnDouble], au_plus: int = 20) -> str:
    """The groups in one sentence (ids only: never a name nor a NIR), ``au_plus`` of them."""
    parties = [f"adhérent {g.adherent_id} : fiches {', '.join(g.salarie_ids)}"
               for g in groupes[:au_plus]]
    reste = len(groupes) - au_plus
    if reste > 0:
        parties.append(f"et {reste} autre(s) groupe(s)")
    return " ; ".join(parties)


__all__ = ["FichesEnDouble", "decrire", "doublons_bloquants"]
