"""The sign-in port (A6, A7): single-use sign-in codes and bearer tokens, both kept as
digests only. Like the outbox they belong to no member: they authenticate an e-mail,
which then acts through its accesses (A3)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Protocol

from attrs import field, frozen

from ..domain.identifiants import Email


@frozen
class CodeDeConnexion:
    """A6: one sign-in code sent to ``email``; ``empreinte`` its salted digest (never the
    code), valid until ``expire``, ``essais`` wrong codes tried while it was active,
    ``utilise`` when it signed in (once)."""

    code_id: str
    email: Email
    empreinte: str = field(repr=False)
    cree: dt.datetime
    expire: dt.datetime
    essais: int = 0
    utilise: dt.datetime | None = None


@frozen
class JetonDAcces:
    """A7: one bearer token of ``email`` (a machine client's); ``empreinte`` the digest
    of its text (never the text), ``revoque`` when revoked."""

    jeton_id: str
    email: Email
    empreinte: str = field(repr=False)
    libelle: str
    cree: dt.datetime
    expire: dt.datetime | None = None
    revoque: dt.datetime | None = None


class DepotConnexions(Protocol):
    """Writes are staged in the unit of work; reads see its own pending ones."""

    def ajouter_code(self, code: CodeDeConnexion) -> None: ...

    def codes_actifs(self, email: Email, maintenant: dt.datetime) -> Sequence[CodeDeConnexion]:
        """The codes of ``email`` (ignoring case) neither used nor expired at
        ``maintenant``, oldest first (``cree``, then ``code_id``)."""
        ...

    def reserver_essai(self, code_id: str, email: Email, maintenant: dt.datetime,
                       essais_max: int) -> CodeDeConnexion | None:
        """Count one try on the code ``code_id`` of ``email`` (ignoring case) if it is
        neither used nor expired at ``maintenant`` and was tried fewer than
        ``essais_max`` times: returns it (``essais`` as before this try), else ``None``
        and counts nothing. Atomic: of any number of concurrent units, at most
        ``essais_max`` in all ever get the code (the others ``None``, or
        ``ConflitDeVersion`` at commit)."""
        ...

    def utiliser_code(self, code_id: str, quand: dt.datetime) -> bool:
        """Mark the code used; ``False`` if it already was. Of several units using the
        same code at the same time, one commits it; the others get ``False`` or fail
        with ``ConflitDeVersion``."""
        ...

    def oublier_codes(self, avant: dt.datetime) -> None:
        """Drop every code that expired before ``avant``."""
        ...

    def ajouter_jeton(self, jeton: JetonDAcces) -> None: ...

    def obtenir_jeton(self, jeton_id: str) -> JetonDAcces | None: ...

    def jeton_par_empreinte(self, empreinte: str) -> JetonDAcces | None: ...

    def jetons_de(self, email: Email) -> Sequence[JetonDAcces]:
        """Every token of ``email`` (ignoring case), revoked ones included, by
        ``cree`` then ``jeton_id``."""
        ...

    def revoquer_jeton(self, jeton_id: str, quand: dt.datetime) -> None: ...


__all__ = ["CodeDeConnexion", "DepotConnexions", "JetonDAcces"]
