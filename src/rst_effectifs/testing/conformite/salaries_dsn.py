"""The contract of ``DepotSalaries`` for the identities a DSN gives: a birth date with an
unknown day or month (stored as such, read back the same) and the NTT of a person
without NIR (S2: one NTT, one file), alike in every storage."""

from __future__ import annotations

import datetime as dt

from attrs import evolve

from ...application.contexte import Contexte
from ...domain.identites import PrecisionNaissance, naissance_partielle
from ...domain.ntt import Ntt
from ...domain.salaries import Identite
from .suite import SuiteConformite, nir_pour, salarie_simple

NTT = Ntt.parse("2842053175000042")


class ConformiteIdentitesDsn(SuiteConformite):
    """Partial birth dates and NTTs round-trip; the NTT decides S2 like the NIR."""

    def test_a_partial_birth_date_and_an_ntt_read_back_as_stored(
        self, ctx: Contexte, deux_adherents: object
    ) -> None:
        jour, precision = naissance_partielle(2008, None, None)
        fiche = salarie_simple("s1", "a1", "a1-vente", naissance=jour)
        fiche = evolve(fiche, identite=evolve(fiche.identite, precision_naissance=precision,
                                              ntt=NTT))
        self.stocker(ctx, fiche)
        with ctx.unite_de_travail() as uow:
            lue = uow.salaries.obtenir("a1", "s1").identite
        assert lue == fiche.identite
        assert lue.precision_naissance is PrecisionNaissance.JOUR_ET_MOIS_INCONNUS
        assert lue.date_naissance == dt.date(2008, 12, 31)

    def test_doublons_match_by_ntt_whatever_the_names(
        self, ctx: Contexte, deux_adherents: object
    ) -> None:
        fiche = salarie_simple("s1", "a1", "a1-vente")
        self.stocker(ctx, evolve(fiche, identite=evolve(fiche.identite, ntt=NTT)))
        naissance = dt.date(1990, 5, 4)
        autre = Identite("Zed", "Ann", dt.date(1971, 1, 1), ntt=NTT)
        avec_nir = Identite("Zed", "Ann", naissance, nir_pour(naissance), ntt=NTT)
        with ctx.unite_de_travail() as uow:
            assert uow.salaries.doublons("a1", autre) == ["s1"]
            assert uow.salaries.doublons("a1", avec_nir) == ["s1"]
            assert uow.salaries.doublons("a1", autre, sauf="s1") == []
            assert uow.salaries.doublons("a2", autre) == []
