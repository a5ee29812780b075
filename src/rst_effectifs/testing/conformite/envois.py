"""The contract of ``BoiteDEnvoi`` (ports/envois.py)."""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor

from ...application.contexte import Contexte
from ...domain.erreurs import ConflitDeVersion, EchecTransitoire
from ...domain.identifiants import Email
from ...ports.envois import EnvoiEnAttente
from .suite import SuiteConformite


def _envoi(n: int, minutes: int) -> EnvoiEnAttente:
    quand = dt.datetime(2025, 3, 1, 8, 0, tzinfo=dt.UTC) + dt.timedelta(minutes=minutes)
    return EnvoiEnAttente(f"e{n:02d}", Email.parse(f"Personne{n}@Exemple.fr"), quand)


class ConformiteEnvois(SuiteConformite):
    """BoiteDEnvoi (A2): the outbox. Deposits and takes are staged in the unit of work;
    entries come oldest first; one entry is taken by one committed unit only."""

    def test_entries_wait_from_commit_and_come_oldest_first(self, ctx: Contexte) -> None:
        envois = [_envoi(3, 5), _envoi(1, 0), _envoi(2, 5), _envoi(4, 9)]
        with ctx.unite_de_travail() as uow:
            for envoi in envois:
                uow.envois.deposer(envoi)
            assert uow.envois.compter() == 4
        with ctx.unite_de_travail() as uow:
            assert uow.envois.compter() == 0  # not committed
            for envoi in envois:
                uow.envois.deposer(envoi)
            uow.commit()
        with ctx.unite_de_travail() as uow:
            assert list(uow.envois.prendre(3)) == [_envoi(1, 0), _envoi(2, 5), _envoi(3, 5)]
            assert uow.envois.compter() == 1
            assert list(uow.envois.prendre(3)) == [_envoi(4, 9)]
            assert list(uow.envois.prendre(3)) == []

    def test_a_take_is_kept_only_if_committed(self, ctx: Contexte) -> None:
        with ctx.unite_de_travail() as uow:
            uow.envois.deposer(_envoi(1, 0))
            uow.envois.deposer(_envoi(2, 1))
            uow.commit()
        with ctx.unite_de_travail() as uow:
            assert [e.envoi_id for e in uow.envois.prendre(5)] == ["e01", "e02"]
        with ctx.unite_de_travail() as uow:  # rolled back: still waiting
            assert [e.envoi_id for e in uow.envois.prendre(1)] == ["e01"]
            uow.commit()
        with ctx.unite_de_travail() as uow:
            assert uow.envois.compter() == 1
            assert [e.envoi_id for e in uow.envois.prendre(5)] == ["e02"]

    def test_the_address_keeps_its_spelling(self, ctx: Contexte) -> None:
        with ctx.unite_de_travail() as uow:
            uow.envois.deposer(_envoi(7, 0))
            uow.commit()
        with ctx.unite_de_travail() as uow:
            (envoi,) = uow.envois.prendre(1)
        assert (envoi.email.valeur, envoi.quand, envoi.genre) == (
            "Personne7@exemple.fr", _envoi(7, 0).quand, "recuperation_teledeclarant")

    def test_units_taking_at_once_never_both_get_an_entry(self, ctx: Contexte) -> None:
        with ctx.unite_de_travail() as uow:
            for n in range(12):
                uow.envois.deposer(_envoi(n, n))
            uow.commit()

        def preneur() -> list[str]:
            pris: list[str] = []
            for _ in range(200):
                try:
                    with ctx.unite_de_travail() as uow:
                        lot = [e.envoi_id for e in uow.envois.prendre(2)]
                        uow.commit()
                except (ConflitDeVersion, EchecTransitoire):
                    continue
                if not lot:
                    return pris
                pris += lot
            return pris

        with ThreadPoolExecutor(4) as pool:
            lots = list(pool.map(lambda _i: preneur(), range(4)))
        tous = [i for lot in lots for i in lot]
        assert sorted(tous) == [f"e{n:02d}" for n in range(12)]


__all__ = ["ConformiteEnvois"]
