"""The contract of ``UniteDeTravail`` (ports/unit_of_work.py): commit, rollback,
isolation of pending writes, versions and locks."""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor

import pytest
from attrs import evolve

from ...application.contexte import Contexte
from ...domain.erreurs import ConflitDeVersion, EchecTransitoire, Introuvable
from ...domain.salaries import Salarie
from ...ports.idempotence import RequeteTraitee
from ...ports.unit_of_work import UniteDeTravail
from .suite import SuiteConformite, adherent_exemple, entree_journal, fait, fait_a, salarie_simple


class ConformiteUniteDeTravail(SuiteConformite):
    """UniteDeTravail: all or nothing, explicit commit, optimistic concurrency."""

    @pytest.fixture
    def stocke(self, ctx: Contexte) -> Salarie:
        self.stocker(ctx, adherent_exemple("a1"))
        [s] = self.stocker(ctx, salarie_simple("s1", "a1", "a1-vente"))
        assert isinstance(s, Salarie)
        return s

    @staticmethod
    def _tout_ecrire(uow: UniteDeTravail, base: Salarie) -> None:
        uow.adherents.ajouter(adherent_exemple("a2", 2))
        uow.salaries.ajouter(salarie_simple("s2", "a1", "a1-vente", nom="Neuf"))
        uow.salaries.enregistrer(fait(base.sortir("m1", dt.date(2024, 6, 30))))
        uow.idempotence.ajouter(RequeteTraitee("a1", "r1", "e", (("s1", "m1"),)))
        uow.journal.ajouter(entree_journal("a1", "effectif.sortie", 1, "s1"))

    def _rien_n_a_change(self, ctx: Contexte, base: Salarie) -> None:
        with ctx.unite_de_travail() as uow:
            assert uow.salaries.obtenir("a1", "s1") == base
            assert [s.id for s in uow.salaries.tous("a1")] == ["s1"]
            self.refuse(lambda: uow.adherents.obtenir("a2"), Introuvable)
            assert uow.idempotence.obtenir("a1", "r1") is None
            assert list(uow.journal.lister("a1")) == []

    def test_leaving_without_commit_stores_nothing(self, ctx: Contexte, stocke: Salarie) -> None:
        with ctx.unite_de_travail() as uow:
            self._tout_ecrire(uow, stocke)
        self._rien_n_a_change(ctx, stocke)

    def test_an_exception_rolls_back_and_propagates(self, ctx: Contexte, stocke: Salarie) -> None:
        class Panne(Exception):
            pass

        with pytest.raises(Panne), ctx.unite_de_travail() as uow:
            self._tout_ecrire(uow, stocke)
            raise Panne
        self._rien_n_a_change(ctx, stocke)

    def test_explicit_rollback_discards_changes(self, ctx: Contexte, stocke: Salarie) -> None:
        with ctx.unite_de_travail() as uow:
            self._tout_ecrire(uow, stocke)
            uow.rollback()
        self._rien_n_a_change(ctx, stocke)

    def test_commit_stores_everything_at_once(self, ctx: Contexte, stocke: Salarie) -> None:
        with ctx.unite_de_travail() as uow:
            self._tout_ecrire(uow, stocke)
            uow.commit()
        with ctx.unite_de_travail() as uow:
            assert uow.salaries.obtenir("a1", "s1").version == 2
            assert sorted(s.id for s in uow.salaries.tous("a1")) == ["s1", "s2"]
            assert uow.adherents.obtenir("a2").version == 1
            assert uow.idempotence.obtenir("a1", "r1") is not None
            assert len(uow.journal.lister("a1")) == 1

    def test_locks_last_until_the_end_of_the_unit_and_no_longer(
        self, ctx: Contexte, stocke: Salarie
    ) -> None:
        """S2/E5 locks (``verrouiller_identites``, ``verrouiller_requete``): taken first or
        after a read, twice in one unit, and released by commit, rollback or an error, so
        the next units (one after the other, here) take them again at once."""
        identite = stocke.identite
        with ctx.unite_de_travail() as uow:
            uow.verrouiller_identites("a1", [identite])
            uow.verrouiller_identites("a1", [identite, evolve(identite, nom="Autre")])
            uow.salaries.ajouter(salarie_simple("s2", "a1", "a1-vente", nom="Autre"))
            uow.commit()
        with ctx.unite_de_travail() as uow:
            uow.salaries.obtenir("a1", "s1")  # a read first
            uow.verrouiller_identites("a1", None)
            uow.verrouiller_requete("a1", "r1")
            uow.rollback()
        with pytest.raises(ZeroDivisionError), ctx.unite_de_travail() as uow:
            uow.verrouiller_requete("a1", "r1")
            raise ZeroDivisionError
        with ctx.unite_de_travail() as uow:
            uow.verrouiller_identites("a1", None)
            uow.verrouiller_requete("a1", "r1")
            assert sorted(s.id for s in uow.salaries.tous("a1")) == ["s1", "s2"]

    def test_a_rolled_back_save_leaves_the_version_usable(
        self, ctx: Contexte, stocke: Salarie
    ) -> None:
        with ctx.unite_de_travail() as uow:
            uow.salaries.enregistrer(fait(stocke.sortir("m1", dt.date(2024, 6, 30))))
        with ctx.unite_de_travail() as uow:
            sauve = uow.salaries.enregistrer(fait(stocke.sortir("m2", dt.date(2024, 7, 31))))
            uow.commit()
        assert self.salarie(ctx, "a1", "s1") == sauve
        assert sauve.version == 2

    def test_second_of_two_saves_from_the_same_load_conflicts_and_first_stays(
        self, ctx: Contexte, stocke: Salarie
    ) -> None:
        # Separate units one after the other: an adapter may serialise open units
        # (SQLite's single writer), so two open at once in one thread could deadlock.
        with ctx.unite_de_travail() as un:
            copie_un = un.salaries.obtenir("a1", "s1")
        with ctx.unite_de_travail() as deux:
            copie_deux = deux.salaries.obtenir("a1", "s1")
        with ctx.unite_de_travail() as un:
            gagnant = un.salaries.enregistrer(fait(copie_un.sortir("m1", dt.date(2024, 6, 30))))
            un.commit()

        def perdant() -> None:
            with ctx.unite_de_travail() as deux:
                deux.salaries.enregistrer(
                    fait(copie_deux.sortir("m2", dt.date(2024, 9, 30), "031")))
                deux.commit()

        self.refuse(perdant, ConflitDeVersion)
        assert self.salarie(ctx, "a1", "s1") == gagnant

    def test_second_of_two_adherent_saves_from_the_same_load_conflicts(
        self, ctx: Contexte, stocke: Salarie
    ) -> None:
        a_un = a_deux = self.adherent(ctx, "a1")
        with ctx.unite_de_travail() as un:
            gagnant = un.adherents.enregistrer(fait_a(a_un.archiver_poste("a1-vente")))
            un.commit()

        def perdant() -> None:
            with ctx.unite_de_travail() as deux:
                deux.adherents.enregistrer(fait_a(a_deux.renommer_poste("a1-nuit", "Fournil")))
                deux.commit()

        self.refuse(perdant, ConflitDeVersion)
        assert self.adherent(ctx, "a1") == gagnant

    def test_units_in_threads_never_lose_an_update(self, ctx: Contexte, stocke: Salarie) -> None:
        """Read-modify-write from several threads, retrying on a conflict or a transient
        failure: every change is there at the end."""
        fils, changements = 3, 8

        def travailler(n: int) -> None:
            for i in range(changements):
                while True:
                    try:
                        with ctx.unite_de_travail() as uow:
                            a = uow.adherents.obtenir("a1")
                            uow.adherents.enregistrer(
                                fait_a(a.ajouter_poste(f"t{n}-{i}", f"Poste {n}.{i}")))
                            uow.commit()
                        break
                    except (ConflitDeVersion, EchecTransitoire):
                        continue

        with ThreadPoolExecutor(fils) as pool:
            list(pool.map(travailler, range(fils)))
        adherent = self.adherent(ctx, "a1")
        ajoutes = {p.id for p in adherent.postes if p.id.startswith("t")}
        assert ajoutes == {f"t{n}-{i}" for n in range(fils) for i in range(changements)}
        assert adherent.version == 1 + fils * changements

    def test_a_stale_copy_never_overwrites(self, ctx: Contexte, stocke: Salarie) -> None:
        with ctx.unite_de_travail() as uow:
            recent = uow.salaries.enregistrer(fait(stocke.sortir("m1", dt.date(2024, 6, 30))))
            uow.commit()

        def perime() -> None:
            with ctx.unite_de_travail() as uow:
                uow.salaries.enregistrer(fait(stocke.sortir("m2", dt.date(2024, 8, 31))))
                uow.commit()

        self.refuse(perime, ConflitDeVersion)
        self.refuse(perime, ConflitDeVersion)
        assert self.salarie(ctx, "a1", "s1") == recent

    def test_saving_twice_from_one_copy_in_one_unit_conflicts(
        self, ctx: Contexte, stocke: Salarie
    ) -> None:
        def deux_fois() -> None:
            with ctx.unite_de_travail() as uow:
                uow.salaries.enregistrer(fait(stocke.sortir("m1", dt.date(2024, 6, 30))))
                uow.salaries.enregistrer(fait(stocke.sortir("m2", dt.date(2024, 7, 31))))
                uow.commit()

        self.refuse(deux_fois, ConflitDeVersion)
        assert self.salarie(ctx, "a1", "s1") == stocke

    def test_chained_saves_in_one_unit_count_each_version(
        self, ctx: Contexte, stocke: Salarie
    ) -> None:
        with ctx.unite_de_travail() as uow:
            v2 = uow.salaries.enregistrer(fait(stocke.sortir("m1", dt.date(2024, 6, 30))))
            v3 = uow.salaries.enregistrer(fait(v2.reintegrer("m2", dt.date(2024, 9, 1))))
            uow.commit()
        assert (v2.version, v3.version) == (2, 3)
        assert self.salarie(ctx, "a1", "s1") == v3

    def test_saving_a_salarie_never_added_is_refused(self, ctx: Contexte, stocke: Salarie) -> None:
        def fantome() -> None:
            with ctx.unite_de_travail() as uow:
                uow.salaries.enregistrer(salarie_simple("s9", "a1", "a1-vente"))
                uow.commit()

        self.refuse(fantome, ConflitDeVersion)
        with ctx.unite_de_travail() as uow:
            assert [s.id for s in uow.salaries.tous("a1")] == ["s1"]

    def test_units_of_work_after_a_failed_commit_still_work(
        self, ctx: Contexte, stocke: Salarie
    ) -> None:
        def perime() -> None:
            with ctx.unite_de_travail() as uow:
                uow.salaries.enregistrer(evolve(stocke, version=7))
                uow.commit()

        self.refuse(perime, ConflitDeVersion)
        with ctx.unite_de_travail() as uow:
            sauve = uow.salaries.enregistrer(fait(stocke.sortir("m1", dt.date(2024, 6, 30))))
            uow.commit()
        assert self.salarie(ctx, "a1", "s1") == sauve


__all__ = ["ConformiteUniteDeTravail"]
