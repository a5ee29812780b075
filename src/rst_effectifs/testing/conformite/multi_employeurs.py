"""The contract of ``DepotMultiEmployeurs`` (ports/multi_employeurs.py): F7's records,
shares, declarations and the reconciliation by NIR."""

from __future__ import annotations

import datetime as dt

from attrs import evolve

from ...application.contexte import Contexte
from ...domain.erreurs import ConflitDeVersion
from ...domain.multi_employeurs import (
    DeclarationMultiEmployeur,
    FicheMultiEmployeur,
    MultiEmployeur,
)
from ...domain.partage import PartMultiEmployeur
from ...domain.salaries import Salarie
from ...ports.unit_of_work import UniteDeTravail
from .suite import SuiteConformite, adherent_exemple, fait, nir_pour, salarie_simple

QUAND = dt.datetime(2025, 2, 3, 9, 30, tzinfo=dt.UTC)
NAISSANCE = dt.date(1988, 4, 9)


def _multi(annee: int, nir_ordre: int, *fiches: tuple[str, str], version: int = 0
           ) -> MultiEmployeur:
    return MultiEmployeur(annee, nir_pour(NAISSANCE, ordre=nir_ordre), tuple(
        FicheMultiEmployeur(a, s, rang) for rang, (a, s) in enumerate(fiches, start=1)),
        QUAND, "agent@rst.fr", version)


class ConformiteMultiEmployeurs(SuiteConformite):
    """DepotMultiEmployeurs: one record per person and year, each member's shares,
    declarations, and the people to reconcile (F7)."""

    def _peupler(self, ctx: Contexte) -> None:
        """Three members; persons 1 and 2 on several, person 3 on one only (declared by
        it), person 4 on two but cancelled on one, a declared file without NIR."""
        self.stocker(ctx, *(adherent_exemple(f"a{n}", n) for n in (1, 2, 3)))
        fichiers: list[Salarie] = []
        for ordre, adherents in ((2, "123"), (1, "12"), (3, "2"), (4, "13")):
            for a in adherents:
                fichiers.append(salarie_simple(
                    f"p{ordre}-a{a}", f"a{a}", f"a{a}-vente", naissance=NAISSANCE,
                    nir=nir_pour(NAISSANCE, ordre=ordre)))
        fichiers[-1] = fait(fichiers[-1].annuler(None))
        fichiers.append(salarie_simple("sans-nir", "a3", "a3-vente", nom="Sansnir"))
        self.stocker(ctx, *fichiers)

    def test_a_record_round_trips_and_gives_each_member_its_share(self, ctx: Contexte) -> None:
        self._peupler(ctx)
        multi = _multi(2025, 1, ("a2", "p1-a2"), ("a1", "p1-a1"))
        with ctx.unite_de_travail() as uow:
            assert uow.multi_employeurs.obtenir(2025, multi.nir) is None
            assert uow.multi_employeurs.enregistrer(multi).version == 1
            uow.commit()
        with ctx.unite_de_travail() as uow:
            assert uow.multi_employeurs.obtenir(2025, multi.nir) == evolve(multi, version=1)
            assert uow.multi_employeurs.obtenir(2026, multi.nir) is None
            assert uow.multi_employeurs.parts("a1", 2025) == {
                "p1-a1": PartMultiEmployeur(2, 2)}
            assert uow.multi_employeurs.parts("a2", 2025) == {
                "p1-a2": PartMultiEmployeur(1, 2)}
            assert uow.multi_employeurs.parts("a3", 2025) == {}
            assert uow.multi_employeurs.parts("a1", 2024) == {}
            assert uow.multi_employeurs.parts("inconnu", 2025) == {}
            assert uow.multi_employeurs.parts_du_salarie("a1", "p1-a1") == [
                (2025, PartMultiEmployeur(2, 2))]
            assert uow.multi_employeurs.parts_du_salarie("a2", "p1-a1") == []
            assert list(uow.multi_employeurs.adherents_avec_parts(2025)) == ["a1", "a2"]
            assert list(uow.multi_employeurs.adherents_avec_parts(2024)) == []

    def test_a_replaced_record_moves_the_shares(self, ctx: Contexte) -> None:
        self._peupler(ctx)
        with ctx.unite_de_travail() as uow:
            premier = uow.multi_employeurs.enregistrer(
                _multi(2025, 2, ("a1", "p2-a1"), ("a2", "p2-a2")))
            uow.commit()
        remplace = _multi(2025, 2, ("a3", "p2-a3"), ("a2", "p2-a2"), version=premier.version)
        with ctx.unite_de_travail() as uow:
            assert uow.multi_employeurs.enregistrer(remplace).version == 2
            uow.commit()
        with ctx.unite_de_travail() as uow:
            assert uow.multi_employeurs.obtenir(2025, remplace.nir) == evolve(remplace,
                                                                              version=2)
            assert uow.multi_employeurs.parts("a1", 2025) == {}
            assert uow.multi_employeurs.parts("a3", 2025) == {
                "p2-a3": PartMultiEmployeur(1, 2)}
            assert list(uow.multi_employeurs.adherents_avec_parts(2025)) == ["a2", "a3"]

    def test_a_record_written_meanwhile_is_a_version_conflict(self, ctx: Contexte) -> None:
        """Two units both read no record, or the same version: the second to write is
        refused (at the call or on commit) and the first one's record stays."""
        self._peupler(ctx)
        with ctx.unite_de_travail() as uow:
            uow.multi_employeurs.enregistrer(_multi(2025, 1, ("a1", "p1-a1"), ("a2", "p1-a2")))
            uow.commit()
        for tardif in (_multi(2025, 1, ("a2", "p1-a2"), ("a1", "p1-a1")),
                       _multi(2025, 1, ("a2", "p1-a2"), ("a1", "p1-a1"), version=7)):
            with ctx.unite_de_travail() as uow:

                def ecrire(uow: UniteDeTravail = uow, tardif: MultiEmployeur = tardif) -> None:
                    uow.multi_employeurs.enregistrer(tardif)
                    uow.commit()

                self.refuse(ecrire, ConflitDeVersion)
        with ctx.unite_de_travail() as uow:
            lu = uow.multi_employeurs.obtenir(2025, nir_pour(NAISSANCE, ordre=1))
            assert lu is not None and lu.version == 1
            assert lu.fiches[0] == FicheMultiEmployeur("a1", "p1-a1", 1)

    def test_declarations_round_trip_replace_and_are_scoped(self, ctx: Contexte) -> None:
        self._peupler(ctx)
        une = DeclarationMultiEmployeur("a2", "p3-a2", 2025, 1, QUAND, "rh@a2.fr")
        autre_annee = evolve(une, annee=2026, autres_employeurs=2)
        with ctx.unite_de_travail() as uow:
            uow.multi_employeurs.declarer(une)
            uow.multi_employeurs.declarer(autre_annee)
            uow.commit()
        plus_tard = evolve(une, autres_employeurs=3, declaree_le=QUAND + dt.timedelta(days=40))
        with ctx.unite_de_travail() as uow:
            uow.multi_employeurs.declarer(plus_tard)
            uow.commit()
        with ctx.unite_de_travail() as uow:
            assert uow.multi_employeurs.declaration("a2", "p3-a2", 2025) == plus_tard
            assert plus_tard.en_retard and not une.en_retard
            assert list(uow.multi_employeurs.declarations_du_salarie("a2", "p3-a2")) == [
                plus_tard, autre_annee]
            assert uow.multi_employeurs.declaration("a1", "p3-a2", 2025) is None
            assert list(uow.multi_employeurs.declarations_du_salarie("a1", "p3-a2")) == []

    def test_reconciliation_finds_nirs_on_several_members_and_declared_files(
            self, ctx: Contexte) -> None:
        self._peupler(ctx)
        with ctx.unite_de_travail() as uow:
            assert list(uow.multi_employeurs.rapprochements(2025, 0, 50)) == [
                (("a1", "p1-a1"), ("a2", "p1-a2")),
                (("a1", "p2-a1"), ("a2", "p2-a2"), ("a3", "p2-a3"))]
            for a, s in (("a2", "p3-a2"), ("a3", "sans-nir"), ("a1", "p4-a1")):
                uow.multi_employeurs.declarer(
                    DeclarationMultiEmployeur(a, s, 2025, 1, QUAND, "rh@exemple.fr"))
            uow.multi_employeurs.declarer(
                DeclarationMultiEmployeur("a1", "p1-a1", 2026, 1, QUAND, "rh@exemple.fr"))
            uow.commit()
        with ctx.unite_de_travail() as uow:
            tous = list(uow.multi_employeurs.rapprochements(2025, 0, 50))
            assert tous == [
                (("a1", "p1-a1"), ("a2", "p1-a2")),
                (("a1", "p2-a1"), ("a2", "p2-a2"), ("a3", "p2-a3")),
                (("a2", "p3-a2"),),
                (("a1", "p4-a1"),),
                (("a3", "sans-nir"),)]
            for decalage in range(len(tous) + 1):
                for limite in (1, 2, 3):
                    assert list(uow.multi_employeurs.rapprochements(
                        2025, decalage, limite)) == tous[decalage:decalage + limite]
            assert len(uow.multi_employeurs.rapprochements(2026, 0, 50)) == 2


__all__ = ["ConformiteMultiEmployeurs"]
