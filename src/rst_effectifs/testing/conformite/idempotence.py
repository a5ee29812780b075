"""The contract of ``DepotIdempotence`` (ports/idempotence.py)."""

from __future__ import annotations

import datetime as dt

from ...application.contexte import Contexte
from ...application.plan_import import ContratPrevu, Embauche, PlanImport, PosteCree
from ...domain.contrats import NatureContrat
from ...ports.idempotence import RequeteTraitee
from .suite import SuiteConformite, adherent_exemple


class ConformiteIdempotence(SuiteConformite):
    """DepotIdempotence: the idempotence store of grouped requests (E5)."""

    def test_request_round_trips_and_is_scoped_by_adherent(self, ctx: Contexte) -> None:
        self.stocker(ctx, adherent_exemple("a1", 1), adherent_exemple("a2", 2))
        requete = RequeteTraitee("a1", "req-« 1 »", repr(("SortirDeLEffectif", ("s1",), None)),
                                 (("s1", "m1"), ("s2", "m2"), ("s10", "m3")))
        with ctx.unite_de_travail() as uow:
            assert uow.idempotence.obtenir("a1", requete.requete_id) is None
            uow.idempotence.ajouter(requete)
            uow.commit()
        with ctx.unite_de_travail() as uow:
            assert uow.idempotence.obtenir("a1", requete.requete_id) == requete
            assert uow.idempotence.obtenir("a2", requete.requete_id) is None
            assert uow.idempotence.obtenir("a1", "autre") is None

    def test_an_imports_plan_round_trips(self, ctx: Contexte) -> None:
        """An applied import keeps its plan, for a resend to answer it again."""
        self.stocker(ctx, adherent_exemple("a1", 1))
        contrat = ContratPrevu(3, NatureContrat.CDD, dt.date(2024, 1, 1), dt.date(2024, 6, 30),
                               "p1", "Vendeur « 2 »", numero="00001")
        plan = PlanImport("a1", True, embauches=tuple(
            Embauche(i, f"Durand-{i}", "Éloïse", "2 84 12 ** *** *** **", f"s{i}", (contrat,))
            for i in range(2000)), postes_crees=(PosteCree(None, "Vendeur", "421a"),),
            etablissements_ignores=("84205317500019",))
        requete = RequeteTraitee("a1", "import-1", "sha256:ab", (), plan)
        with ctx.unite_de_travail() as uow:
            uow.idempotence.ajouter(requete)
            uow.commit()
        with ctx.unite_de_travail() as uow:
            assert uow.idempotence.obtenir("a1", "import-1") == requete

    def test_same_request_id_under_two_adherents(self, ctx: Contexte) -> None:
        self.stocker(ctx, adherent_exemple("a1", 1), adherent_exemple("a2", 2))
        un = RequeteTraitee("a1", "r", "e1", (("s1", "m1"),))
        deux = RequeteTraitee("a2", "r", "e2", ())
        with ctx.unite_de_travail() as uow:
            uow.idempotence.ajouter(un)
            uow.idempotence.ajouter(deux)
            uow.commit()
        with ctx.unite_de_travail() as uow:
            assert uow.idempotence.obtenir("a1", "r") == un
            assert uow.idempotence.obtenir("a2", "r") == deux


__all__ = ["ConformiteIdempotence"]
