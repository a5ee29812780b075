"""The contract of ``DepotSessions`` (ports/sessions.py)."""

from __future__ import annotations

import datetime as dt

from ...application.contexte import Contexte
from ...domain.identifiants import Email
from ...ports.sessions import SessionPortail
from .suite import SuiteConformite

T0 = dt.datetime(2026, 3, 1, 8, 0, tzinfo=dt.UTC)
UNE_MINUTE = dt.timedelta(minutes=1)


def _session(n: int, email: str = "Marie@Exemple.fr") -> SessionPortail:
    return SessionPortail(f"{n:064x}", Email.parse(email), T0, T0)


class ConformiteSessions(SuiteConformite):
    """DepotSessions (A6): sessions staged in the unit of work, ended for good, every
    session of an e-mail (ignoring case) ended at once, the unused forgotten."""

    def test_a_session_is_found_touched_and_ended_for_good(self, ctx: Contexte) -> None:
        with ctx.unite_de_travail() as uow:
            uow.sessions.ajouter(_session(1))
            assert uow.sessions.obtenir(f"{1:064x}") == _session(1)
        with ctx.unite_de_travail() as uow:
            assert uow.sessions.obtenir(f"{1:064x}") is None  # rolled back
            uow.sessions.ajouter(_session(1))
            uow.commit()
        with ctx.unite_de_travail() as uow:
            uow.sessions.toucher(f"{1:064x}", T0 + 5 * UNE_MINUTE)
            uow.sessions.terminer(f"{1:064x}", T0 + 6 * UNE_MINUTE)
            uow.commit()
        with ctx.unite_de_travail() as uow:
            uow.sessions.terminer(f"{1:064x}", T0 + 9 * UNE_MINUTE)
            uow.commit()
        with ctx.unite_de_travail() as uow:
            lue = uow.sessions.obtenir(f"{1:064x}")
            assert lue is not None
            assert (lue.vu, lue.fin) == (T0 + 5 * UNE_MINUTE, T0 + 6 * UNE_MINUTE)
            assert uow.sessions.obtenir("inconnue") is None

    def test_every_session_of_an_address_ends_at_once(self, ctx: Contexte) -> None:
        with ctx.unite_de_travail() as uow:
            for n, email in ((1, "Marie@Exemple.fr"), (2, "marie@exemple.fr"),
                             (3, "autre@exemple.fr")):
                uow.sessions.ajouter(_session(n, email))
            uow.commit()
        with ctx.unite_de_travail() as uow:
            assert uow.sessions.terminer_de(Email.parse("MARIE@exemple.fr"), T0 + UNE_MINUTE) == 2
            assert uow.sessions.terminer_de(Email.parse("marie@exemple.fr"), T0 + UNE_MINUTE) == 0
            uow.commit()
        with ctx.unite_de_travail() as uow:
            restent = [uow.sessions.obtenir(f"{n:064x}") for n in (1, 2, 3)]
            assert [s is not None and s.fin is None for s in restent] == [False, False, True]

    def test_unused_sessions_are_forgotten(self, ctx: Contexte) -> None:
        with ctx.unite_de_travail() as uow:
            uow.sessions.ajouter(_session(1))
            uow.sessions.ajouter(SessionPortail(f"{2:064x}", Email.parse("a@b.fr"),
                                                T0, T0 + 10 * UNE_MINUTE))
            uow.commit()
        with ctx.unite_de_travail() as uow:
            uow.sessions.oublier(T0 + UNE_MINUTE)
            uow.commit()
        with ctx.unite_de_travail() as uow:
            assert uow.sessions.obtenir(f"{1:064x}") is None
            assert uow.sessions.obtenir(f"{2:064x}") is not None


__all__ = ["ConformiteSessions"]
