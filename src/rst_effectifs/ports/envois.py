"""The outbox port (A2): messages to send, written in the transaction that decides them
and sent after its commit, by whoever runs ``envoyer_en_attente``.

Today its one kind of entry is a declarant-number request: the address asked for and
when. Which accounts it matches is looked up by the sender, not by the request, so that
a request does the same work whether the address is known or not (no timing oracle).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Protocol

from attrs import frozen

from ..domain.identifiants import Email

RECUPERATION_TELEDECLARANT = "recuperation_teledeclarant"
"""The kind of an outbox entry asking for the declarant number of an address (A2)."""


@frozen
class EnvoiEnAttente:
    """One outbox entry: ``email`` the address asked for, ``quand`` the request's
    instant; ``envoi_id`` identifies the entry (unique)."""

    envoi_id: str
    email: Email
    quand: dt.datetime
    genre: str = RECUPERATION_TELEDECLARANT


class BoiteDEnvoi(Protocol):
    """Entries staged in the unit of work like every write; reads see its own pending
    ones. An entry is taken by at most one committed unit of work."""

    def deposer(self, envoi: EnvoiEnAttente) -> None:
        """Stage an entry; it waits once the unit commits."""
        ...

    def prendre(self, limite: int) -> Sequence[EnvoiEnAttente]:
        """Up to ``limite`` waiting entries, oldest first (``quand``, then ``envoi_id``),
        removed by this unit of work. A unit taking at the same time either does not get
        them or fails with ``ConflitDeVersion``; a rollback leaves them waiting."""
        ...

    def compter(self) -> int:
        """Entries waiting, as this unit of work sees them."""
        ...


__all__ = ["RECUPERATION_TELEDECLARANT", "BoiteDEnvoi", "EnvoiEnAttente"]
