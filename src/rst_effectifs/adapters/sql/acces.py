"""Accounts and accesses on SQL (A1–A3, A6): the ``acces`` and ``quotas`` tables, the
unique declarant number, and their repositories.

Three documented exceptions to "adherent_id leads every key": ``ix_acces_email_cle``
answers "which adherents may this e-mail act on" (an accountant's list crosses members
by nature), ``quotas`` belongs to no member (it counts recovery and sign-in requests
per address, kept as a digest, never as the address), and neither does
``boite_d_envoi``, the outbox of recovery requests: the request is anonymous and which
members its address matches is looked up by the sender, so that the request itself does
the same work for any address (A2, no timing oracle). The declarant number is unique
among adherents, like the member number, on the tenant table itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import (
    CheckConstraint,
    Column,
    ForeignKeyConstraint,
    Index,
    Integer,
    Table,
    and_,
    bindparam,
    delete,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.engine import RowMapping

from ...domain.adherents import Acces, Adherent, Role
from ...domain.comptes import Compte
from ...domain.erreurs import ConflitDeVersion
from ...domain.identifiants import Email
from ...ports.acces import (
    AdherentAccessible,
    DepotAcces,
    DepotQuotas,
    LecturesComptes,
    SessionEtAdherent,
)
from .adherents import COLONNES_POSTE, adherent_avec_postes, adherent_depuis_rangees, email_stocke
from .rangees import UniteSql, cle_valide
from .sessions import COLONNES_SESSION, session_depuis_rangee, sessions_portail
from .tables import ID_MAX, InstantUtc, adherents, metadata, postes, texte

acces = Table(
    "acces",
    metadata,
    Column("adherent_id", texte(ID_MAX), primary_key=True),
    Column("email_cle", texte(254), primary_key=True),
    Column("email", texte(254), nullable=False),
    Column("roles", texte(100), nullable=False),
    ForeignKeyConstraint(["adherent_id"], ["adherents.adherent_id"]),
    CheckConstraint("roles <> ''", name="roles"),
    Index("ix_acces_email_cle", "email_cle", "adherent_id"),
)
"""A3: one row per (adherent, case-folded e-mail); ``roles`` the sorted role values,
comma-separated."""

quotas = Table(
    "quotas",
    metadata,
    Column("quota_id", Integer(), primary_key=True, autoincrement=True),
    Column("cle", texte(64), nullable=False),
    Column("quand", InstantUtc(), nullable=False),
    Index("ix_quotas_cle_quand", "cle", "quand"),
)
"""The rate limits' counted requests (``DepotQuotas``): one row per recovery request
(A2), sign-in request or code check (A6), by key (an address digest); rows older than
the longest window are deleted on the next request."""


UQ_TELEDECLARANT = Index(
    "uq_adherents_numero_teledeclarant", adherents.c.numero_teledeclarant, unique=True
)
"""A1: one adherent per declarant number (several may have none)."""


def _roles(texte_roles: str) -> frozenset[Role]:
    return frozenset(Role(v) for v in texte_roles.split(","))


def _texte_roles(roles: frozenset[Role]) -> str:
    return ",".join(sorted(r.value for r in roles))


def acces_depuis_rangee(rangee: RowMapping) -> Acces:
    return Acces(email_stocke(rangee["email"]), rangee["adherent_id"], _roles(rangee["roles"]))


_PAR_CLE = select(acces).where(acces.c.adherent_id == bindparam("adherent_id"),
                               acces.c.email_cle == bindparam("email_cle"))
"""One access, by (adherent, case-folded e-mail): every request reads it (built once)."""


class AccesSql(DepotAcces):
    """A3: writes run at once inside the unit's transaction."""

    def __init__(self, uow: UniteSql) -> None:
        self._uow = uow

    def obtenir(self, adherent_id: str, email: Email) -> Acces | None:
        if not cle_valide(adherent_id):
            return None
        rangee = self._uow.rangee(_PAR_CLE, {"adherent_id": adherent_id, "email_cle": email.cle})
        return None if rangee is None else acces_depuis_rangee(rangee)

    def lister(self, adherent_id: str) -> Sequence[Acces]:
        if not cle_valide(adherent_id):
            return []
        rangees = self._uow.rangees(select(acces).where(acces.c.adherent_id == adherent_id)
                                    .order_by(acces.c.email_cle))
        return [acces_depuis_rangee(rangee) for rangee in rangees]

    def ajouter(self, nouveau: Acces) -> None:
        self._uow.ecrire_rangees(insert(acces), {
            "adherent_id": nouveau.adherent_id, "email_cle": nouveau.email.cle,
            "email": nouveau.email.valeur, "roles": _texte_roles(nouveau.roles),
        })

    def modifier(self, change: Acces) -> None:
        touchees = self._uow.ecrire_rangees(
            update(acces).where(acces.c.adherent_id == change.adherent_id,
                                acces.c.email_cle == change.email.cle)
            .values(roles=_texte_roles(change.roles))
        )
        if touchees != 1:
            raise ConflitDeVersion()

    def retirer(self, adherent_id: str, email: Email) -> None:
        touchees = self._uow.ecrire_rangees(
            delete(acces).where(acces.c.adherent_id == adherent_id,
                                acces.c.email_cle == email.cle)
        )
        if touchees != 1:
            raise ConflitDeVersion()

    def de_l_email(self, email: Email) -> Sequence[Acces]:
        rangees = self._uow.rangees(select(acces).where(acces.c.email_cle == email.cle)
                                    .order_by(acces.c.adherent_id))
        return [acces_depuis_rangee(rangee) for rangee in rangees]


def compte_depuis_rangee(rangee: RowMapping) -> Compte:
    """A whole ``adherents`` row, decoded once (``adherent_depuis_rangees``), seen as an
    account."""
    return Compte.de(adherent_depuis_rangees(rangee, ()))


_ADHERENT_ET_ACCES = (
    select(adherents, *COLONNES_POSTE, acces.c.email.label("acces_email"),
           acces.c.roles.label("acces_roles"))
    .select_from(adherents.outerjoin(postes, postes.c.adherent_id == adherents.c.adherent_id)
                 .outerjoin(acces, and_(acces.c.adherent_id == adherents.c.adherent_id,
                                        acces.c.email_cle == bindparam("email_cle"))))
    .where(adherents.c.numero == bindparam("numero"))
    .order_by(postes.c.rang)
)
"""An adherent by member number with its postes and one e-mail's access on it: what a
request resolves, in one statement (built once)."""

_SESSION_ET_ADHERENT = (
    select(*COLONNES_SESSION, adherents, *COLONNES_POSTE, acces.c.email.label("acces_email"),
           acces.c.roles.label("acces_roles"))
    .select_from(
        sessions_portail
        .outerjoin(adherents, adherents.c.numero == bindparam("numero"))
        .outerjoin(postes, postes.c.adherent_id == adherents.c.adherent_id)
        .outerjoin(acces, and_(acces.c.adherent_id == adherents.c.adherent_id,
                               acces.c.email_cle == sessions_portail.c.email_cle)))
    .where(sessions_portail.c.session_id == bindparam("session_id"))
    .order_by(postes.c.rang)
)
""":data:`_ADHERENT_ET_ACCES` for a session's e-mail, read with the session: a
signed-in request's first statement (built once)."""


def _acces_joint(rangee: RowMapping, adherent: Adherent) -> Acces | None:
    if rangee["acces_roles"] is None:
        return None
    return Acces(email_stocke(rangee["acces_email"]), adherent.id, _roles(rangee["acces_roles"]))


class ComptesSql(LecturesComptes):
    def __init__(self, uow: UniteSql) -> None:
        self._uow = uow

    def teledeclarant_attribue(self, numero: str, sauf: str | None = None) -> bool:
        instruction = select(adherents.c.adherent_id).where(
            adherents.c.numero_teledeclarant == numero)
        if sauf is not None:
            instruction = instruction.where(adherents.c.adherent_id != sauf)
        return self._uow.rangee(instruction.limit(1)) is not None

    def comptes_de_connexion(self, email: Email) -> Sequence[Compte]:
        # Stored addresses are ASCII (Email refuses anything else): lower() is casefold().
        rangees = self._uow.rangees(
            select(adherents)
            .where(func.lower(adherents.c.email_connexion) == email.cle)
            .order_by(adherents.c.adherent_id)
        )
        return [compte_depuis_rangee(rangee) for rangee in rangees]

    def accessibles(self, email: Email) -> Sequence[AdherentAccessible]:
        rangees = self._uow.rangees(
            select(acces.c.adherent_id, acces.c.roles, adherents.c.numero,
                   adherents.c.raison_sociale)
            .join(adherents, adherents.c.adherent_id == acces.c.adherent_id)
            .where(acces.c.email_cle == email.cle)
            .order_by(acces.c.adherent_id)
        )
        return [AdherentAccessible(rangee["adherent_id"], rangee["numero"],
                                   rangee["raison_sociale"], _roles(rangee["roles"]))
                for rangee in rangees]


    def adherent_et_acces(self, numero: str, email: Email) -> tuple[Adherent, Acces | None] | None:
        if not cle_valide(numero):
            return None
        rangees = self._uow.rangees(_ADHERENT_ET_ACCES, {"numero": numero,
                                                         "email_cle": email.cle})
        adherent = adherent_avec_postes(rangees)
        if adherent is None:
            return None
        self._uow.retenir_adherent(adherent)
        return adherent, _acces_joint(rangees[0], adherent)

    def session_et_adherent(self, session_id: str, numero: str) -> SessionEtAdherent | None:
        if not cle_valide(session_id):
            return None
        if not cle_valide(numero):
            numero = ""  # no member number is empty: the session alone
        rangees = self._uow.rangees(_SESSION_ET_ADHERENT, {"session_id": session_id,
                                                           "numero": numero})
        if not rangees:
            return None
        session = session_depuis_rangee(rangees[0])
        if rangees[0]["adherent_id"] is None:
            return SessionEtAdherent(session, None, None)
        adherent = adherent_avec_postes(rangees)
        assert adherent is not None
        self._uow.retenir_adherent(adherent)
        return SessionEtAdherent(session, adherent, _acces_joint(rangees[0], adherent))


class QuotasSql(DepotQuotas):
    def __init__(self, uow: UniteSql) -> None:
        self._uow = uow

    def compter(self, cle: str, depuis: dt.datetime) -> int:
        rangee = self._uow.rangee(select(func.count().label("n")).select_from(quotas)
                                  .where(quotas.c.cle == cle, quotas.c.quand >= depuis))
        return 0 if rangee is None else int(rangee["n"])

    def ajouter(self, cle: str, quand: dt.datetime) -> None:
        self._uow.ecrire_rangees(insert(quotas), {"cle": cle, "quand": quand})

    def oublier(self, avant: dt.datetime) -> None:
        self._uow.ecrire_rangees(delete(quotas).where(quotas.c.quand < avant))


__all__ = ["UQ_TELEDECLARANT", "AccesSql", "ComptesSql", "QuotasSql", "acces", "quotas"]
