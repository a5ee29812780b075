"""The outbox on SQL (A2): the ``boite_d_envoi`` table and its store. Like
``quotas`` it belongs to no member: a request is anonymous, and which
members its address matches is looked up by the sender, so that the request does the
same work for any address (no timing oracle)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Column, Index, Table, delete, func, insert, select

from ...domain.identifiants import Email
from ...ports.envois import BoiteDEnvoi, EnvoiEnAttente
from .rangees import UniteSql
from .tables import ID_MAX, InstantUtc, metadata, texte

boite_d_envoi = Table(
    "boite_d_envoi",
    metadata,
    Column("envoi_id", texte(ID_MAX), primary_key=True),
    Column("genre", texte(40), nullable=False),
    Column("email", texte(254), nullable=False),
    Column("quand", InstantUtc(), nullable=False),
    Index("ix_boite_d_envoi_quand", "quand", "envoi_id"),
)
"""A2: the outbox; one row per recovery request until the sender takes it (deleted
then, in the transaction that journals the sending)."""


class EnvoisSql(BoiteDEnvoi):
    """The outbox. ``prendre`` deletes the rows it returns in one statement, so that it
    takes SQLite's write lock at once; on PostgreSQL rows another transaction is taking
    are skipped (``FOR UPDATE SKIP LOCKED``)."""

    def __init__(self, uow: UniteSql) -> None:
        self._uow = uow

    def deposer(self, envoi: EnvoiEnAttente) -> None:
        self._uow.ecrire_rangees(insert(boite_d_envoi), {
            "envoi_id": envoi.envoi_id, "genre": envoi.genre, "email": envoi.email.valeur,
            "quand": envoi.quand,
        })

    def prendre(self, limite: int) -> Sequence[EnvoiEnAttente]:
        b = boite_d_envoi.c
        premiers = (select(b.envoi_id).order_by(b.quand, b.envoi_id).limit(max(limite, 0))
                    .with_for_update(skip_locked=True))
        rangees = self._uow.rangees(delete(boite_d_envoi).where(b.envoi_id.in_(premiers))
                                    .returning(b.envoi_id, b.genre, b.email, b.quand))
        return sorted((EnvoiEnAttente(rangee["envoi_id"], Email(rangee["email"]), rangee["quand"],
                                      rangee["genre"]) for rangee in rangees),
                      key=lambda e: (e.quand, e.envoi_id))

    def compter(self) -> int:
        rangee = self._uow.rangee(select(func.count().label("n")).select_from(boite_d_envoi))
        return 0 if rangee is None else int(rangee["n"])


__all__ = ["EnvoisSql", "boite_d_envoi"]
