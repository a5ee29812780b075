"""The contract of ``DepotConnexions`` (ports/connexions.py)."""

from __future__ import annotations

import datetime as dt

from ...application.contexte import Contexte
from ...domain.erreurs import ConflitDeVersion
from ...domain.identifiants import Email
from ...ports.connexions import CodeDeConnexion, JetonDAcces
from .suite import SuiteConformite

T0 = dt.datetime(2026, 3, 1, 8, 0, tzinfo=dt.UTC)
UNE_MINUTE = dt.timedelta(minutes=1)


def _code(n: int, email: str = "Marie@Exemple.fr", cree: dt.datetime = T0) -> CodeDeConnexion:
    return CodeDeConnexion(f"c{n:02d}", Email.parse(email), f"scrypt$00${n:064x}", cree,
                           cree + 15 * UNE_MINUTE)


def _jeton(n: int, email: str = "Marie@Exemple.fr") -> JetonDAcces:
    return JetonDAcces(f"j{n:02d}", Email.parse(email), f"{n:064x}", f"Appli {n}",
                       T0 + n * UNE_MINUTE, T0 + dt.timedelta(days=90))


class ConformiteConnexions(SuiteConformite):
    """DepotConnexions (A6, A7): codes and tokens staged in the unit of work, found by
    e-mail ignoring case, a code used once whatever runs at the same time."""

    def test_codes_are_found_active_by_address_ignoring_case(self, ctx: Contexte) -> None:
        with ctx.unite_de_travail() as uow:
            uow.connexions.ajouter_code(_code(2, cree=T0 + UNE_MINUTE))
            uow.connexions.ajouter_code(_code(1))
            uow.connexions.ajouter_code(_code(3, "autre@exemple.fr"))
            assert [c.code_id for c in uow.connexions.codes_actifs(
                Email.parse("marie@exemple.fr"), T0)] == ["c01", "c02"]
        with ctx.unite_de_travail() as uow:  # rolled back
            assert list(uow.connexions.codes_actifs(Email.parse("marie@exemple.fr"), T0)) == []
            uow.connexions.ajouter_code(_code(1))
            uow.connexions.ajouter_code(_code(2, cree=T0 + UNE_MINUTE))
            uow.commit()
        with ctx.unite_de_travail() as uow:
            email = Email.parse("MARIE@exemple.fr")
            assert uow.connexions.codes_actifs(email, T0) == [
                _code(1), _code(2, cree=T0 + UNE_MINUTE)]
            assert [c.code_id for c in uow.connexions.codes_actifs(email, T0 + 15 * UNE_MINUTE)] \
                == ["c02"]  # c01 expired at T0 + 15 min
            assert list(uow.connexions.codes_actifs(email, T0 + 16 * UNE_MINUTE)) == []

    def test_a_code_is_used_once_and_attempts_add_up(self, ctx: Contexte) -> None:
        with ctx.unite_de_travail() as uow:
            uow.connexions.ajouter_code(_code(1))
            uow.commit()
        email = Email.parse("marie@exemple.fr")
        for deja in range(2):
            with ctx.unite_de_travail() as uow:
                reserve = uow.connexions.reserver_essai("c01", email, T0, 3)
                assert reserve is not None and reserve.essais == deja
                uow.commit()
        with ctx.unite_de_travail() as uow:
            assert [c.essais for c in uow.connexions.codes_actifs(email, T0)] == [2]
            assert uow.connexions.utiliser_code("c01", T0 + UNE_MINUTE) is True
            assert uow.connexions.utiliser_code("c01", T0 + UNE_MINUTE) is False
            assert list(uow.connexions.codes_actifs(email, T0)) == []
            uow.commit()
        with ctx.unite_de_travail() as uow:
            assert list(uow.connexions.codes_actifs(email, T0)) == []
            assert uow.connexions.utiliser_code("c01", T0 + 2 * UNE_MINUTE) is False
            assert uow.connexions.utiliser_code("inconnu", T0 + 2 * UNE_MINUTE) is False

    def test_a_try_is_reserved_only_while_tries_remain(self, ctx: Contexte) -> None:
        with ctx.unite_de_travail() as uow:
            uow.connexions.ajouter_code(_code(1))
            uow.commit()
        email = Email.parse("marie@exemple.fr")
        with ctx.unite_de_travail() as uow:
            assert uow.connexions.reserver_essai("c01", Email.parse("x@exemple.fr"), T0, 2) \
                is None  # another address's code
            assert uow.connexions.reserver_essai("inconnu", email, T0, 2) is None
            assert uow.connexions.reserver_essai("c01", email, T0 + 15 * UNE_MINUTE, 2) is None
            assert uow.connexions.reserver_essai("c01", email, T0, 2) is not None
            assert uow.connexions.reserver_essai("c01", email, T0, 2) is not None
            assert uow.connexions.reserver_essai("c01", email, T0, 2) is None
            uow.commit()
        with ctx.unite_de_travail() as uow:
            assert uow.connexions.reserver_essai("c01", email, T0, 2) is None
            assert [c.essais for c in uow.connexions.codes_actifs(email, T0)] == [2]

    def test_two_units_using_one_code_sign_in_once(self, ctx: Contexte) -> None:
        with ctx.unite_de_travail() as uow:
            uow.connexions.ajouter_code(_code(1))
            uow.commit()
        email = Email.parse("marie@exemple.fr")
        premiere, seconde = ctx.unite_de_travail(), ctx.unite_de_travail()
        with premiere:
            assert len(premiere.connexions.codes_actifs(email, T0)) == 1
            assert premiere.connexions.utiliser_code("c01", T0 + UNE_MINUTE)
            premiere.commit()
        reussites = 0
        try:
            with seconde:
                if seconde.connexions.utiliser_code("c01", T0 + UNE_MINUTE):
                    seconde.commit()
                    reussites += 1
        except ConflitDeVersion:
            pass
        assert reussites == 0

    def test_expired_codes_are_forgotten(self, ctx: Contexte) -> None:
        with ctx.unite_de_travail() as uow:
            uow.connexions.ajouter_code(_code(1))
            uow.connexions.ajouter_code(_code(2, cree=T0 + 10 * UNE_MINUTE))
            uow.commit()
        with ctx.unite_de_travail() as uow:
            uow.connexions.oublier_codes(T0 + 20 * UNE_MINUTE)
            uow.commit()
        with ctx.unite_de_travail() as uow:
            assert [c.code_id for c in uow.connexions.codes_actifs(
                Email.parse("marie@exemple.fr"), T0)] == ["c02"]

    def test_tokens_by_digest_by_address_and_revoked(self, ctx: Contexte) -> None:
        with ctx.unite_de_travail() as uow:
            for jeton in (_jeton(2), _jeton(1), _jeton(3, "autre@exemple.fr")):
                uow.connexions.ajouter_jeton(jeton)
            assert uow.connexions.obtenir_jeton("j01") == _jeton(1)
            uow.commit()
        with ctx.unite_de_travail() as uow:
            assert uow.connexions.jeton_par_empreinte(f"{2:064x}") == _jeton(2)
            assert uow.connexions.jeton_par_empreinte(f"{9:064x}") is None
            assert uow.connexions.obtenir_jeton("j09") is None
            assert uow.connexions.obtenir_jeton("x" * 1000) is None
            assert [j.jeton_id for j in uow.connexions.jetons_de(
                Email.parse("MARIE@exemple.fr"))] == ["j01", "j02"]
            uow.connexions.revoquer_jeton("j01", T0 + 5 * UNE_MINUTE)
            uow.commit()
        with ctx.unite_de_travail() as uow:
            revoque = uow.connexions.obtenir_jeton("j01")
            assert revoque is not None and revoque.revoque == T0 + 5 * UNE_MINUTE
            uow.connexions.revoquer_jeton("j01", T0 + 9 * UNE_MINUTE)  # already: unchanged
            uow.commit()
        with ctx.unite_de_travail() as uow:
            revoque = uow.connexions.obtenir_jeton("j01")
            assert revoque is not None and revoque.revoque == T0 + 5 * UNE_MINUTE


__all__ = ["ConformiteConnexions"]
