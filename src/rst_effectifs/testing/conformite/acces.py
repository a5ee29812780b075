"""The contracts of ``DepotAcces``, ``LecturesComptes`` and ``DepotQuotas``
(ports/acces.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from attrs import evolve

from ...application.contexte import Contexte
from ...domain.adherents import Acces, Adherent, Role
from ...domain.comptes import Compte
from ...domain.identifiants import Email
from ...ports.acces import AdherentAccessible, SessionEtAdherent
from ...ports.sessions import SessionPortail
from .suite import SuiteConformite, adherent_exemple

T0 = dt.datetime(2026, 3, 1, 8, 0, tzinfo=dt.UTC)


def _acces(email: str, adherent_id: str, *roles: Role) -> Acces:
    return Acces(Email.parse(email), adherent_id, frozenset(roles or (Role.LECTURE,)))


class ConformiteAcces(SuiteConformite):
    """DepotAcces (A3): one access per (adherent, e-mail ignoring case), staged in the
    unit of work, listed by e-mail, found across adherents by e-mail."""

    @pytest.fixture
    def adherents(self, ctx: Contexte) -> None:
        self.stocker(ctx, adherent_exemple("a1", 1), adherent_exemple("a2", 2))

    def test_accesses_round_trip_and_match_e_mails_ignoring_case(
        self, ctx: Contexte, adherents: None
    ) -> None:
        paie = _acces("Paie@Exemple.FR", "a1", Role.DECLARATION, Role.LECTURE)
        with ctx.unite_de_travail() as uow:
            uow.acces.ajouter(paie)
            assert uow.acces.obtenir("a1", Email.parse("paie@exemple.fr")) == paie
            uow.commit()
        with ctx.unite_de_travail() as uow:
            assert uow.acces.obtenir("a1", Email.parse("PAIE@exemple.fr")) == paie
            assert uow.acces.obtenir("a2", paie.email) is None
            assert uow.acces.obtenir("a9", paie.email) is None
            assert uow.acces.obtenir("\x00" * 300, paie.email) is None

    def test_list_by_e_mail_and_scoped_by_adherent(self, ctx: Contexte, adherents: None) -> None:
        zoe, bob = _acces("zoe@exemple.fr", "a1"), _acces("Bob@exemple.fr", "a1")
        ailleurs = _acces("bob@exemple.fr", "a2", Role.ADMINISTRATEUR)
        with ctx.unite_de_travail() as uow:
            for acces in (zoe, ailleurs, bob):
                uow.acces.ajouter(acces)
            uow.commit()
        with ctx.unite_de_travail() as uow:
            assert list(uow.acces.lister("a1")) == [bob, zoe]
            assert list(uow.acces.lister("a2")) == [ailleurs]
            assert list(uow.acces.lister("a9")) == []
            assert list(uow.acces.de_l_email(Email.parse("BOB@exemple.fr"))) == [bob, ailleurs]
            assert list(uow.acces.de_l_email(Email.parse("nul@exemple.fr"))) == []

    def test_change_and_removal_are_staged_until_commit(
        self, ctx: Contexte, adherents: None
    ) -> None:
        lecture = _acces("rh@exemple.fr", "a1")
        admin = evolve(lecture, roles=frozenset({Role.ADMINISTRATEUR}))
        with ctx.unite_de_travail() as uow:
            uow.acces.ajouter(lecture)
            uow.commit()
        with ctx.unite_de_travail() as uow:
            uow.acces.modifier(admin)
            assert uow.acces.obtenir("a1", lecture.email) == admin
        with ctx.unite_de_travail() as uow:
            assert uow.acces.obtenir("a1", lecture.email) == lecture  # not committed
            uow.acces.modifier(admin)
            uow.commit()
        with ctx.unite_de_travail() as uow:
            assert list(uow.acces.lister("a1")) == [admin]
            uow.acces.retirer("a1", Email.parse("RH@exemple.fr"))
            assert uow.acces.obtenir("a1", lecture.email) is None
            assert list(uow.acces.de_l_email(lecture.email)) == []
        with ctx.unite_de_travail() as uow:
            assert uow.acces.obtenir("a1", lecture.email) == admin
            uow.acces.retirer("a1", lecture.email)
            uow.commit()
        with ctx.unite_de_travail() as uow:
            assert list(uow.acces.lister("a1")) == []


class ConformiteComptes(SuiteConformite):
    """LecturesComptes (A1–A3): lookups that cross members."""

    def test_declarant_numbers_are_found_except_on_the_named_adherent(
        self, ctx: Contexte
    ) -> None:
        self.stocker(ctx, adherent_exemple("a1", 1), adherent_exemple("a2", 2))
        with ctx.unite_de_travail() as uow:
            assert uow.comptes.teledeclarant_attribue("TD000001")
            assert not uow.comptes.teledeclarant_attribue("TD000001", sauf="a1")
            assert uow.comptes.teledeclarant_attribue("TD000002", sauf="a1")
            assert not uow.comptes.teledeclarant_attribue("TD999999")

    def test_login_accounts_ignore_case_and_come_by_adherent_id(self, ctx: Contexte) -> None:
        deux = evolve(adherent_exemple("a2", 2), email_connexion=Email.parse(
            "contact.1@boulangerie-elise.fr"))
        self.stocker(ctx, deux, adherent_exemple("a1", 1), adherent_exemple("a3", 3))
        with ctx.unite_de_travail() as uow:
            comptes = uow.comptes.comptes_de_connexion(Email.parse(
                "CONTACT.1@boulangerie-elise.fr"))
            un, deux_lu = uow.adherents.obtenir("a1"), uow.adherents.obtenir("a2")
        assert list(comptes) == [Compte.de(un), Compte.de(deux_lu)]

    def _deux_adherents(self, ctx: Contexte) -> tuple[Adherent, Adherent, Acces]:
        """Two adherents stored (the second without postes) and the pay office's access
        on the first, to store."""
        a1, a2 = adherent_exemple("a1", 1), adherent_exemple("a2", 2, postes=())
        self.stocker(ctx, a1, a2)
        return a1, a2, _acces("Paie@Exemple.FR", "a1", Role.DECLARATION)

    def test_a_number_and_an_e_mail_give_the_adherent_and_that_access(
        self, ctx: Contexte
    ) -> None:
        a1, a2, paie = self._deux_adherents(ctx)
        with ctx.unite_de_travail() as uow:
            uow.acces.ajouter(paie)
            uow.commit()
        with ctx.unite_de_travail() as uow:
            comptes = uow.comptes
            lu = evolve(a1, version=1)
            assert comptes.adherent_et_acces(a1.numero.valeur,
                                             Email.parse("PAIE@exemple.fr")) == (lu, paie)
            assert comptes.adherent_et_acces(a1.numero.valeur,
                                             Email.parse("nul@exemple.fr")) == (lu, None)
            assert comptes.adherent_et_acces(a2.numero.valeur, paie.email) == (
                evolve(a2, version=1), None)
            assert comptes.adherent_et_acces("999999", paie.email) is None
            assert comptes.adherent_et_acces("\x00" * 300, paie.email) is None
            assert uow.adherents.obtenir("a1") == lu

    def test_a_session_comes_with_the_adherent_and_its_e_mail_s_access(
        self, ctx: Contexte
    ) -> None:
        a1, a2, paie = self._deux_adherents(ctx)
        session = SessionPortail("5" * 64, Email.parse("PAIE@exemple.fr"), T0, T0)
        with ctx.unite_de_travail() as uow:
            uow.acces.ajouter(paie)
            uow.sessions.ajouter(session)
            uow.sessions.ajouter(evolve(session, session_id="6" * 64,
                                        email=Email.parse("nul@exemple.fr"), fin=T0))
            uow.commit()
        with ctx.unite_de_travail() as uow:
            comptes = uow.comptes
            lu1, lu2 = evolve(a1, version=1), evolve(a2, version=1)
            assert comptes.session_et_adherent("5" * 64, a1.numero.valeur) == \
                SessionEtAdherent(session, lu1, paie)
            assert comptes.session_et_adherent("5" * 64, a2.numero.valeur) == \
                SessionEtAdherent(session, lu2, None)
            ended = comptes.session_et_adherent("6" * 64, a1.numero.valeur)
            assert ended is not None and ended.session.fin == T0  # read, not judged
            assert (ended.adherent, ended.acces) == (lu1, None)
            for numero in ("999999", "\x00" * 300, ""):
                assert comptes.session_et_adherent("5" * 64, numero) == \
                    SessionEtAdherent(session, None, None)
            assert comptes.session_et_adherent("7" * 64, a1.numero.valeur) is None
            assert comptes.session_et_adherent("\x00" * 300, a1.numero.valeur) is None
            assert uow.adherents.obtenir("a1") == lu1

    def test_accessible_adherents_carry_what_a_front_end_shows(self, ctx: Contexte) -> None:
        self.stocker(ctx, adherent_exemple("a2", 2), adherent_exemple("a1", 1))
        with ctx.unite_de_travail() as uow:
            uow.acces.ajouter(_acces("paie@exemple.fr", "a2", Role.DECLARATION))
            uow.acces.ajouter(_acces("Paie@exemple.fr", "a1", Role.LECTURE))
            uow.acces.ajouter(_acces("autre@exemple.fr", "a1", Role.LECTURE))
            uow.commit()
        with ctx.unite_de_travail() as uow:
            accessibles = list(uow.comptes.accessibles(Email.parse("PAIE@exemple.fr")))
            assert list(uow.comptes.accessibles(Email.parse("nul@exemple.fr"))) == []
        un, deux = adherent_exemple("a1", 1), adherent_exemple("a2", 2)
        assert accessibles == [
            AdherentAccessible("a1", un.numero.valeur, un.raison_sociale,
                               frozenset({Role.LECTURE})),
            AdherentAccessible("a2", deux.numero.valeur, deux.raison_sociale,
                               frozenset({Role.DECLARATION})),
        ]


class ConformiteQuotas(SuiteConformite):
    """DepotQuotas (A2, A6): requests counted per key (an address digest) since a
    moment, forgotten before another, staged in the unit of work."""

    def test_requests_are_counted_per_key_since_a_moment(self, ctx: Contexte) -> None:
        t0 = dt.datetime(2025, 3, 1, 8, 0, tzinfo=dt.UTC)
        with ctx.unite_de_travail() as uow:
            for minutes in (0, 10, 20):
                uow.quotas.ajouter("cle-a", t0 + dt.timedelta(minutes=minutes))
            uow.quotas.ajouter("cle-b", t0)
            assert uow.quotas.compter("cle-a", t0) == 3
            uow.commit()
        with ctx.unite_de_travail() as uow:
            assert uow.quotas.compter("cle-a", t0) == 3
            assert uow.quotas.compter("cle-a", t0 + dt.timedelta(minutes=10)) == 2
            assert uow.quotas.compter("cle-b", t0 + dt.timedelta(seconds=1)) == 0
            assert uow.quotas.compter("cle-c", t0) == 0
            uow.quotas.ajouter("cle-a", t0 + dt.timedelta(hours=1))
        with ctx.unite_de_travail() as uow:
            assert uow.quotas.compter("cle-a", t0) == 3  # the last one not committed

    def test_forgetting_drops_older_requests_of_every_key(self, ctx: Contexte) -> None:
        t0 = dt.datetime(2025, 3, 1, 8, 0, tzinfo=dt.UTC)
        with ctx.unite_de_travail() as uow:
            uow.quotas.ajouter("cle-a", t0)
            uow.quotas.ajouter("cle-a", t0 + dt.timedelta(hours=2))
            uow.quotas.ajouter("cle-b", t0)
            uow.commit()
        with ctx.unite_de_travail() as uow:
            uow.quotas.oublier(t0 + dt.timedelta(hours=1))
            uow.commit()
        debut = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
        with ctx.unite_de_travail() as uow:
            assert uow.quotas.compter("cle-a", debut) == 1
            assert uow.quotas.compter("cle-b", debut) == 0


__all__ = ["ConformiteAcces", "ConformiteComptes", "ConformiteQuotas"]
