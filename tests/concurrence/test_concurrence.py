"""The concurrency kit (``rst_effectifs.testing.concurrence``) on a SQLite file and on
PostgreSQL: real processes racing on S2 and E5, a few rounds each (the long run is
``bench/concurrence.py``, docs/testing-kit.md)."""

from __future__ import annotations

import datetime as dt
import functools
import os
import secrets
from collections.abc import Callable
from pathlib import Path

import pytest
from attrs import evolve
from log_postgresql import LogPostgresql
from sqlalchemy import create_engine

import rst_effectifs as rst
from rst_effectifs.adapters.sql import upgrade
from rst_effectifs.domain.ntt import Ntt
from rst_effectifs.exemples import chemin_exemple
from rst_effectifs.formats.dsn import lire_dsn
from rst_effectifs.testing.concurrence import (
    NAISSANCE,
    SIRET_DSN,
    Banc,
    ConformiteConcurrence,
    _nouvel_adherent,
    jouer,
)
from rst_effectifs.testing.conformite import nir_pour

VARIABLE_POSTGRESQL = "RST_EFFECTIFS_TEST_POSTGRESQL_URL"


def _url_postgresql() -> str:
    url = os.environ.get(VARIABLE_POSTGRESQL)
    if not url:
        message = f"set {VARIABLE_POSTGRESQL} to run the PostgreSQL tests"
        if os.environ.get("RST_EFFECTIFS_REQUIRE_POSTGRESQL") == "1":
            pytest.fail(message)
        pytest.skip(message)
    moteur = create_engine(url)
    try:
        with moteur.begin() as connection:
            connection.exec_driver_sql("DROP SCHEMA IF EXISTS public CASCADE")
            connection.exec_driver_sql("CREATE SCHEMA public")
    finally:
        moteur.dispose()
    return url


class _SurUneBase(ConformiteConcurrence):
    url: str = ""

    @classmethod
    def ouvreur(cls) -> Callable[[], rst.Contexte]:
        return functools.partial(rst.depuis_url, cls.url, migrer=False)

    def test_a_hire_sent_again_at_once_makes_one_file(
        self, banc: tuple[Banc, rst.Contexte]
    ) -> None:
        """E5 for a hire (a double click on « Embaucher »): the same request id sent by
        every process at once makes one file, and every answer is that file."""
        b, ctx = banc
        for _ in range(2):
            adherent_id, poste_id, _email = _nouvel_adherent(ctx)
            requete = secrets.token_hex(8)
            issues = b.tour([("embaucher", (adherent_id, poste_id, None, requete))]
                            * b.processus)
            with ctx.unite_de_travail() as uow:
                fiches = [s.id for s in uow.salaries.tous(adherent_id)
                          if not s.annule and s.identite.nom != "Temoin"]
            assert len(fiches) == 1, issues
            assert [i.genre for i in issues] == ["ok"] * b.processus, issues
            assert {dict(i.details)["salarie_id"] for i in issues} == set(fiches)


    def test_imports_declaring_one_ntt_person_at_once_make_one_file(
        self, banc: tuple[Banc, rst.Contexte]
    ) -> None:
        """S2 by the NTT (S21.G00.30.020): every process imports a DSN declaring one
        person without NIR, her names spelled differently in each file, the same NTT;
        counted afterwards in the database, she has one file."""
        b, ctx = banc
        adherent_id, _poste_id, _email = _nouvel_adherent(ctx, SIRET_DSN)
        lue = lire_dsn(chemin_exemple("exemple.dsn"))
        ntt = f"2{secrets.randbelow(10**12):012d}"

        def variante(k: int) -> rst.DeclarationImportee:
            etablissement = lue.etablissements[0]
            individu = etablissement.individus[0]
            identite = rst.Identite(("Nguyen", "NGUYEN VAN", "Nguyễn", "Nguyen-Van")[k % 4],
                                    ("An", "Anh", "An", "Anh")[k % 4],
                                    individu.identite.date_naissance + dt.timedelta(days=k),
                                    ntt=Ntt(ntt))
            return evolve(lue, etablissements=(evolve(etablissement, individus=(
                evolve(individu, identite=identite),)),))

        issues = b.tour([("importer", (adherent_id, variante(k)))
                         for k in range(b.processus)])
        assert all(i.genre in ("ok", "refus") for i in issues), issues
        with ctx.unite_de_travail() as uow:
            fiches = [s.id for s in uow.salaries.tous(adherent_id) if not s.annule
                      and s.identite.ntt is not None and s.identite.ntt.valeur == ntt]
        assert len(fiches) == 1, issues
        assert sum(int(dict(i.details)["embauches"]) for i in issues if i.genre == "ok") == 1


class TestConcurrenceSqlite(_SurUneBase):
    @pytest.fixture(scope="class", autouse=True)
    @classmethod
    def _base(cls, tmp_path_factory: pytest.TempPathFactory) -> None:
        fichier: Path = tmp_path_factory.mktemp("concurrence") / "rst.db"
        cls.url = f"sqlite:///{fichier}"
        upgrade(cls.url)


@pytest.mark.postgresql
class TestConcurrencePostgresql(_SurUneBase):
    @pytest.fixture(scope="class", autouse=True)
    @classmethod
    def _base(cls) -> None:
        cls.url = _url_postgresql()
        upgrade(cls.url)

    def test_the_races_leave_no_nir_in_the_server_log(
        self, banc: tuple[Banc, rst.Contexte]
    ) -> None:
        """No NIR in the server's log: the locks settle the races before the unique index
        could reject a row (and log its key, NIR included, at the default verbosity)."""
        moteur = create_engine(self.url)
        try:
            log_serveur = LogPostgresql(moteur)
            tours = [t for scenario in ("embauche_avec_nir", "embauche_mixte", "import_dsn")
                     for t in jouer(*banc, scenario, 1)]
            assert [v for t in tours for v in t.violations] == []
            lignes = log_serveur.marquer(moteur)
        finally:
            moteur.dispose()
        declaration = lire_dsn(chemin_exemple("exemple.dsn"))
        nirs = {nir_pour(NAISSANCE, sexe="2").valeur} | {
            i.identite.nir.valeur for e in declaration.etablissements for i in e.individus
            if i.identite.nir is not None}
        assert [ligne for ligne in lignes if "uq_salaries" in ligne] == []
        assert [ligne for ligne in lignes if any(nir in ligne for nir in nirs)] == []
