"""The contract of ``DepotAdherents`` (ports/adherents.py)."""

from __future__ import annotations

import datetime as dt

from attrs import evolve

from ...application.contexte import Contexte
from ...domain.erreurs import ErreurDomaine, Introuvable
from ...domain.identifiants import CodePcsEse
from ...domain.suivi import Risque
from .suite import SuiteConformite, adherent_exemple


class ConformiteAdherents(SuiteConformite):
    """DepotAdherents: round trips, versions, unknown ids, member numbers."""

    def test_adherent_round_trips_with_every_poste_shape(self, ctx: Contexte) -> None:
        adherent = adherent_exemple("a1", cloture_au=dt.date(2024, 12, 31))
        [stocke] = self.stocker(ctx, adherent)
        assert stocke == evolve(adherent, version=1)
        assert self.adherent(ctx, "a1") == stocke

    def test_adherent_without_optional_fields_round_trips(self, ctx: Contexte) -> None:
        adherent = evolve(adherent_exemple("a1", postes=()), numero_teledeclarant=None)
        self.stocker(ctx, adherent)
        assert self.adherent(ctx, "a1") == evolve(adherent, version=1)

    def test_saved_adherent_replaces_postes_and_bumps_version(self, ctx: Contexte) -> None:
        self.stocker(ctx, adherent_exemple("a1"))
        with ctx.unite_de_travail() as uow:
            a = uow.adherents.obtenir("a1")
            a, _ = a.ajouter_poste("a1-neuf", "Pâtissière", {Risque.AGENTS_BIOLOGIQUES_2},
                                   code_pcs=CodePcsEse("684b"))
            a, _ = a.supprimer_poste("a1-vente")
            a, _ = a.archiver_poste("a1-nuit")
            a, _ = a.renommer_poste("a1-chantier", "Chantier")
            a = a.cloturer_jusqu_au(dt.date(2025, 6, 30))
            sauve = uow.adherents.enregistrer(a)
            assert sauve == evolve(a, version=2)
            uow.commit()
        assert self.adherent(ctx, "a1") == sauve

    def test_unknown_adherent_is_introuvable(self, ctx: Contexte) -> None:
        self.stocker(ctx, adherent_exemple("a1"))
        with ctx.unite_de_travail() as uow:
            erreur = self.refuse(lambda: uow.adherents.obtenir("a2"), Introuvable)
        assert erreur.code == "adherent.introuvable"

    def test_numero_existe_only_for_stored_numbers(self, ctx: Contexte) -> None:
        adherent = adherent_exemple("a1", 7)
        self.stocker(ctx, adherent)
        with ctx.unite_de_travail() as uow:
            assert uow.adherents.numero_existe(adherent.numero.valeur)
            assert not uow.adherents.numero_existe("999999")

    def test_id_par_numero_finds_the_stored_adherent_only(self, ctx: Contexte) -> None:
        a1, a2 = adherent_exemple("a1", 7), adherent_exemple("a2", 8)
        self.stocker(ctx, a1, a2)
        with ctx.unite_de_travail() as uow:
            assert uow.adherents.id_par_numero(a2.numero.valeur) == "a2"
            assert uow.adherents.id_par_numero(a1.numero.valeur) == "a1"
            assert uow.adherents.id_par_numero("999999") is None

    def test_par_numero_gives_the_stored_adherent_with_its_postes(self, ctx: Contexte) -> None:
        a1, a2 = adherent_exemple("a1", 7), adherent_exemple("a2", 8, postes=())
        self.stocker(ctx, a1, a2)
        with ctx.unite_de_travail() as uow:
            assert uow.adherents.par_numero(a1.numero.valeur) == evolve(a1, version=1)
            assert uow.adherents.par_numero(a2.numero.valeur) == evolve(a2, version=1)
            assert uow.adherents.par_numero("999999") is None
            assert uow.adherents.obtenir("a1") == evolve(a1, version=1)

    def test_a_unit_sees_the_adherent_it_saved(self, ctx: Contexte) -> None:
        """What a unit read then saved is what it reads again (an identity map, if the
        storage keeps one, follows the unit's own writes), by id and by number."""
        a1 = adherent_exemple("a1", 7)
        self.stocker(ctx, a1)
        with ctx.unite_de_travail() as uow:
            lu = uow.adherents.par_numero(a1.numero.valeur)
            assert lu is not None
            change, _ = lu.renommer_poste("a1-chantier", "Chantier")
            sauve = uow.adherents.enregistrer(change)
            assert uow.adherents.obtenir("a1") == sauve
            assert uow.adherents.par_numero(a1.numero.valeur) == sauve
            uow.rollback()
            assert uow.adherents.obtenir("a1") == evolve(a1, version=1)

    def test_ids_lists_every_adherent_in_id_order(self, ctx: Contexte) -> None:
        with ctx.unite_de_travail() as uow:
            assert uow.adherents.ids() == []
        self.stocker(ctx, adherent_exemple("b2", 2), adherent_exemple("a1", 1),
                     adherent_exemple("b10", 3))
        with ctx.unite_de_travail() as uow:
            assert uow.adherents.ids() == ["a1", "b10", "b2"]
            assert uow.adherents.ids(2) == ["a1", "b10"]

    def test_adding_an_existing_adherent_id_is_refused(self, ctx: Contexte) -> None:
        self.stocker(ctx, adherent_exemple("a1", 1))

        def encore() -> None:
            with ctx.unite_de_travail() as uow:
                uow.adherents.ajouter(adherent_exemple("a1", 2))
                uow.commit()

        self.refuse(encore, ErreurDomaine)
        assert self.adherent(ctx, "a1").numero.valeur == adherent_exemple("a1", 1).numero.valeur


__all__ = ["ConformiteAdherents"]
