"""Sign-in codes and bearer tokens on SQL (A6, A7): the ``codes_connexion`` and
``jetons_acces`` tables. Like the outbox they belong to no member (a documented
exception to "adherent_id leads every key"): they authenticate an e-mail, kept
case-folded in ``email_cle`` for look-ups; codes and tokens are stored as digests only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from attrs import evolve
from sqlalchemy import Column, Index, Integer, Table, delete, insert, select, update
from sqlalchemy.engine import RowMapping

from ...domain.identifiants import Email
from ...ports.connexions import CodeDeConnexion, DepotConnexions, JetonDAcces
from .rangees import UniteSql, cle_valide
from .tables import ID_MAX, InstantUtc, metadata, texte

codes_connexion = Table(
    "codes_connexion",
    metadata,
    Column("code_id", texte(ID_MAX), primary_key=True),
    Column("email_cle", texte(254), nullable=False),
    Column("email", texte(254), nullable=False),
    Column("empreinte", texte(200), nullable=False),
    Column("cree", InstantUtc(), nullable=False),
    Column("expire", InstantUtc(), nullable=False),
    Column("essais", Integer(), nullable=False),
    Column("utilise", InstantUtc(), nullable=True),
    Index("ix_codes_connexion_email_cle", "email_cle", "expire"),
)
"""A6: one row per sign-in code sent; ``empreinte`` its salted scrypt digest."""

jetons_acces = Table(
    "jetons_acces",
    metadata,
    Column("jeton_id", texte(ID_MAX), primary_key=True),
    Column("email_cle", texte(254), nullable=False),
    Column("email", texte(254), nullable=False),
    Column("empreinte", texte(200), nullable=False),
    Column("libelle", texte(100), nullable=False),
    Column("cree", InstantUtc(), nullable=False),
    Column("expire", InstantUtc(), nullable=True),
    Column("revoque", InstantUtc(), nullable=True),
    Index("uq_jetons_acces_empreinte", "empreinte", unique=True),
    Index("ix_jetons_acces_email_cle", "email_cle", "cree"),
)
"""A7: one row per bearer token issued; ``empreinte`` the SHA-256 of its text."""


def _code(rangee: RowMapping) -> CodeDeConnexion:
    return CodeDeConnexion(rangee["code_id"], Email(rangee["email"]), rangee["empreinte"],
                           rangee["cree"], rangee["expire"], rangee["essais"], rangee["utilise"])


def _jeton(rangee: RowMapping) -> JetonDAcces:
    return JetonDAcces(rangee["jeton_id"], Email(rangee["email"]), rangee["empreinte"],
                       rangee["libelle"], rangee["cree"], rangee["expire"], rangee["revoque"])


class ConnexionsSql(DepotConnexions):
    """Writes run at once inside the unit's transaction. ``utiliser_code`` is one
    conditional UPDATE: of concurrent units, one changes the row; PostgreSQL makes the
    others wait and then match nothing, SQLite refuses them a stale snapshot."""

    def __init__(self, uow: UniteSql) -> None:
        self._uow = uow

    def ajouter_code(self, code: CodeDeConnexion) -> None:
        self._uow.ecrire_rangees(insert(codes_connexion), {
            "code_id": code.code_id, "email_cle": code.email.cle, "email": code.email.valeur,
            "empreinte": code.empreinte, "cree": code.cree, "expire": code.expire,
            "essais": code.essais, "utilise": code.utilise,
        })

    def codes_actifs(self, email: Email, maintenant: dt.datetime) -> Sequence[CodeDeConnexion]:
        c = codes_connexion.c
        return [_code(rangee) for rangee in self._uow.rangees(
            select(codes_connexion).where(c.email_cle == email.cle, c.utilise.is_(None),
                                          c.expire > maintenant)
            .order_by(c.cree, c.code_id))]

    def reserver_essai(self, code_id: str, email: Email, maintenant: dt.datetime,
                       essais_max: int) -> CodeDeConnexion | None:
        """One conditional ``UPDATE … RETURNING``: PostgreSQL makes concurrent units
        wait on the row and re-check the condition, SQLite has one writer at a time."""
        if not cle_valide(code_id):
            return None
        c = codes_connexion.c
        rangee = self._uow.rangee(update(codes_connexion).where(
            c.code_id == code_id, c.email_cle == email.cle, c.utilise.is_(None),
            c.expire > maintenant, c.essais < essais_max).values(essais=c.essais + 1)
            .returning(*codes_connexion.c))
        return None if rangee is None else evolve(_code(rangee), essais=rangee["essais"] - 1)

    def utiliser_code(self, code_id: str, quand: dt.datetime) -> bool:
        c = codes_connexion.c
        return self._uow.ecrire_rangees(update(codes_connexion).where(
            c.code_id == code_id, c.utilise.is_(None)).values(utilise=quand)) == 1

    def oublier_codes(self, avant: dt.datetime) -> None:
        self._uow.ecrire_rangees(delete(codes_connexion).where(codes_connexion.c.expire < avant))

    def ajouter_jeton(self, jeton: JetonDAcces) -> None:
        self._uow.ecrire_rangees(insert(jetons_acces), {
            "jeton_id": jeton.jeton_id, "email_cle": jeton.email.cle,
            "email": jeton.email.valeur, "empreinte": jeton.empreinte,
            "libelle": jeton.libelle, "cree": jeton.cree, "expire": jeton.expire,
            "revoque": jeton.revoque,
        })

    def obtenir_jeton(self, jeton_id: str) -> JetonDAcces | None:
        if not cle_valide(jeton_id):
            return None
        rangee = self._uow.rangee(select(jetons_acces).where(jetons_acces.c.jeton_id == jeton_id))
        return None if rangee is None else _jeton(rangee)

    def jeton_par_empreinte(self, empreinte: str) -> JetonDAcces | None:
        rangee = self._uow.rangee(select(jetons_acces).where(
            jetons_acces.c.empreinte == empreinte))
        return None if rangee is None else _jeton(rangee)

    def jetons_de(self, email: Email) -> Sequence[JetonDAcces]:
        j = jetons_acces.c
        return [_jeton(rangee) for rangee in self._uow.rangees(
            select(jetons_acces).where(j.email_cle == email.cle).order_by(j.cree, j.jeton_id))]

    def revoquer_jeton(self, jeton_id: str, quand: dt.datetime) -> None:
        j = jetons_acces.c
        self._uow.ecrire_rangees(update(jetons_acces).where(
            j.jeton_id == jeton_id, j.revoque.is_(None)).values(revoque=quand))


__all__ = ["ConnexionsSql", "codes_connexion", "jetons_acces"]
