"""The account and access ports on the memory adapter (A1–A3): accesses, account
lookups across members and the recovery attempts counter (A2).

Like every memory repository, writes wait in the unit of work and reach the shared
state at commit; reads see the unit's own pending writes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from ...domain.adherents import Acces, Adherent
from ...domain.comptes import Compte
from ...domain.identifiants import Email
from ...ports.acces import (
    AdherentAccessible,
    DepotAcces,
    DepotQuotas,
    LecturesComptes,
    SessionEtAdherent,
)
from .etat import UniteMemoire

CleAcces = tuple[str, str]


class AccesMemoire(DepotAcces):
    """A3: (adherent id, case-folded e-mail) -> access; ``None`` pending means removed."""

    def __init__(self, uow: UniteMemoire) -> None:
        self._uow = uow
        self.en_attente: dict[CleAcces, Acces | None] = {}

    def _tous(self) -> dict[CleAcces, Acces]:
        tous = dict(self._uow.etat.acces)
        for cle, acces in self.en_attente.items():
            if acces is None:
                tous.pop(cle, None)
            else:
                tous[cle] = acces
        return tous

    def obtenir(self, adherent_id: str, email: Email) -> Acces | None:
        if not isinstance(adherent_id, str):
            return None
        cle = (adherent_id, email.cle)
        if cle in self.en_attente:
            return self.en_attente[cle]
        return self._uow.etat.acces.get(cle)

    def lister(self, adherent_id: str) -> Sequence[Acces]:
        return [a for (adherent, _e), a in sorted(self._tous().items())
                if adherent == adherent_id]

    def ajouter(self, acces: Acces) -> None:
        self.en_attente[(acces.adherent_id, acces.email.cle)] = acces

    def modifier(self, acces: Acces) -> None:
        self.en_attente[(acces.adherent_id, acces.email.cle)] = acces

    def retirer(self, adherent_id: str, email: Email) -> None:
        self.en_attente[(adherent_id, email.cle)] = None

    def de_l_email(self, email: Email) -> Sequence[Acces]:
        return [a for (_a, e), a in sorted(self._tous().items()) if e == email.cle]

    def appliquer(self, store: dict[CleAcces, Acces]) -> None:
        for cle, acces in self.en_attente.items():
            if acces is None:
                store.pop(cle, None)
            else:
                store[cle] = acces


class ComptesMemoire(LecturesComptes):
    """Account lookups over committed adherents and this unit's pending ones."""

    def __init__(self, uow: UniteMemoire) -> None:
        self._uow = uow

    def _adherents(self) -> dict[str, Adherent]:
        tous = dict(self._uow.etat.adherents)
        tous.update(self._uow.adherents_en_attente())
        return tous

    def teledeclarant_attribue(self, numero: str, sauf: str | None = None) -> bool:
        return any(
            a.numero_teledeclarant is not None and a.numero_teledeclarant.valeur == numero
            for i, a in self._adherents().items() if i != sauf
        )

    def comptes_de_connexion(self, email: Email) -> Sequence[Compte]:
        return [Compte.de(a) for _i, a in sorted(self._adherents().items())
                if a.email_connexion == email]

    def accessibles(self, email: Email) -> Sequence[AdherentAccessible]:
        adherents = self._adherents()
        return [
            AdherentAccessible(a.adherent_id, adherents[a.adherent_id].numero.valeur,
                               adherents[a.adherent_id].raison_sociale, a.roles)
            for a in self._uow.acces.de_l_email(email) if a.adherent_id in adherents
        ]


    def adherent_et_acces(self, numero: str, email: Email) -> tuple[Adherent, Acces | None] | None:
        trouves = [a for _i, a in sorted(self._adherents().items()) if a.numero.valeur == numero]
        if not trouves:
            return None
        return trouves[0], self._uow.acces.obtenir(trouves[0].id, email)

    def session_et_adherent(self, session_id: str, numero: str) -> SessionEtAdherent | None:
        session = self._uow.sessions.obtenir(session_id)
        if session is None:
            return None
        trouve = self.adherent_et_acces(numero, session.email)
        return SessionEtAdherent(session, *(trouve or (None, None)))


class QuotasMemoire(DepotQuotas):
    """The rate limits' counted requests (A2, A6), by key."""

    def __init__(self, uow: UniteMemoire) -> None:
        self._uow = uow
        self.en_attente: list[tuple[str, dt.datetime]] = []
        self.oubli: dt.datetime | None = None

    def compter(self, cle: str, depuis: dt.datetime) -> int:
        stockees = self._uow.etat.quotas.get(cle, ())
        return (sum(1 for quand in stockees if quand >= depuis)
                + sum(1 for c, quand in self.en_attente if c == cle and quand >= depuis))

    def ajouter(self, cle: str, quand: dt.datetime) -> None:
        self.en_attente.append((cle, quand))

    def oublier(self, avant: dt.datetime) -> None:
        self.oubli = avant if self.oubli is None else max(self.oubli, avant)

    def appliquer(self, store: dict[str, tuple[dt.datetime, ...]]) -> None:
        if self.oubli is not None:
            limite = self.oubli
            for cle in list(store):
                reste = tuple(q for q in store[cle] if q >= limite)
                if reste:
                    store[cle] = reste
                else:
                    del store[cle]
        for cle, quand in self.en_attente:
            store[cle] = (*store.get(cle, ()), quand)


__all__ = ["AccesMemoire", "ComptesMemoire", "QuotasMemoire"]
