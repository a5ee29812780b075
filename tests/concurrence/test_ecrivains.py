"""Writers that wait instead of failing: many threads and
processes writing different things on one SQLite file or PostgreSQL database, none
refused, none lost; readers are not held up by a writer; on one salarié, every refusal
is a plain version conflict and the successful writes are all there, in order."""

from __future__ import annotations

import datetime as dt
import functools
import threading
import time

import pytest

import rst_effectifs as rst
from rst_effectifs.adapters.sql import FabriqueSql, upgrade
from rst_effectifs.application.contexte import REGISTRE, Besoin
from rst_effectifs.application.transactions import annoncer_ecriture, ecriture_annoncee
from rst_effectifs.testing import concurrence_ecrivains as ecr

AGENT = ecr.AGENT


def _ids(ctx: rst.Contexte, monde: ecr.Monde) -> list[str]:
    with ctx.unite_de_travail() as uow:
        return [s.id for s in uow.salaries.tous(monde.adherent_id)
                if s.identite.nom != "Temoin"]


def test_threads_hiring_and_changing_different_people_on_a_sqlite_file_all_succeed(
    url_sqlite: str,
) -> None:
    """The issue measured 19-20 refusals of 24 with a deferred BEGIN."""
    ctx = rst.depuis_url(url_sqlite)
    try:
        monde = ecr.preparer(ctx)
        lots = ecr.embauches(monde, 6, 4)
        bilans = ecr.lancer_en_fils(ctx, lots)
        assert ecr.verifier_embauches(ctx, monde, lots, bilans) == []
        ids = _ids(ctx, monde)
        assert len(ids) == 24
        bilans = ecr.lancer_en_fils(ctx, ecr.changements(monde, ids, 6))
        assert ecr.verifier_changements(ctx, monde, bilans, 24) == []
    finally:
        assert isinstance(ctx.unite_de_travail, FabriqueSql)
        ctx.unite_de_travail.fermer()


@pytest.mark.parametrize("moteur", ["sqlite", pytest.param("postgresql",
                                                           marks=pytest.mark.postgresql)])
def test_processes_hiring_and_changing_different_people_all_succeed(
    request: pytest.FixtureRequest, moteur: str
) -> None:
    url = request.getfixturevalue("url_sqlite" if moteur == "sqlite" else "url_postgresql")
    upgrade(url)
    ouvrir = functools.partial(rst.depuis_url, url, migrer=False)
    ctx = ouvrir()
    try:
        monde = ecr.preparer(ctx)
        lots = ecr.embauches(monde, 4, 5)
        assert ecr.verifier_embauches(ctx, monde, lots, ecr.lancer(ouvrir, lots)) == []
        ids = _ids(ctx, monde)
        assert len(ids) == 20
        bilans = ecr.lancer(ouvrir, ecr.changements(monde, ids, 4))
        assert ecr.verifier_changements(ctx, monde, bilans, 20) == []
        assert all(i == "ok" for b in bilans for i in b.issues)
    finally:
        assert isinstance(ctx.unite_de_travail, FabriqueSql)
        ctx.unite_de_travail.fermer()


@pytest.mark.parametrize("moteur", ["sqlite", pytest.param("postgresql",
                                                           marks=pytest.mark.postgresql)])
def test_writers_of_one_salarie_are_refused_only_by_a_version_conflict(
    request: pytest.FixtureRequest, moteur: str
) -> None:
    url = request.getfixturevalue("url_sqlite" if moteur == "sqlite" else "url_postgresql")
    upgrade(url)
    ouvrir = functools.partial(rst.depuis_url, url, migrer=False)
    ctx = ouvrir()
    try:
        monde = ecr.preparer(ctx)
        cible = rst.executer(ctx, AGENT, ecr.embauches(monde, 1, 1)[0][0]).id
        lots = ecr.sur_un_salarie(monde, cible, 4, 3)
        bilans = ecr.lancer(ouvrir, lots)
        assert ecr.verifier_un_salarie(ctx, monde, cible, lots, bilans) == []
        if moteur == "sqlite":  # writers take turns: nobody writes over a stale copy
            assert all(i == "ok" for b in bilans for i in b.issues)
    finally:
        assert isinstance(ctx.unite_de_travail, FabriqueSql)
        ctx.unite_de_travail.fermer()


def test_a_sqlite_writer_waits_for_the_current_one_and_readers_do_not(url_sqlite: str) -> None:
    ctx = rst.depuis_url(url_sqlite)
    try:
        monde = ecr.preparer(ctx)
        with annoncer_ecriture():
            assert ecriture_annoncee()
            tenant = ctx.unite_de_travail()
        assert not ecriture_annoncee()
        with tenant:
            tenant.adherents.obtenir(monde.adherent_id)  # the write lock is held from here
            embauche: list[object] = []
            ecrivain = threading.Thread(target=lambda: embauche.append(rst.executer(
                ctx, AGENT, ecr.embauches(monde, 1, 1)[0][0])))
            ecrivain.start()
            debut = time.perf_counter()
            page = rst.executer(ctx, AGENT, rst.ListerSalaries(monde.adherent_id))
            effectif = rst.executer(ctx, AGENT, rst.ConsulterEffectif(
                monde.adherent_id, dt.date(2024, 2, 1)))
            clotures = rst.executer(ctx, AGENT, rst.ListerClotures(monde.adherent_id))
            assert time.perf_counter() - debut < 5  # far below the 30 s busy timeout
            assert [s.identite.nom for s in page.salaries] == ["Temoin"]
            assert clotures == ()
            assert effectif is not None
            ecrivain.join(timeout=1.0)
            assert ecrivain.is_alive() and not embauche  # waiting, not refused
        ecrivain.join(timeout=30)
        assert len(embauche) == 1
        assert len(_ids(ctx, monde)) == 1
    finally:
        assert isinstance(ctx.unite_de_travail, FabriqueSql)
        ctx.unite_de_travail.fermer()


def test_each_use_case_declares_whether_it_writes() -> None:
    lecteurs = {nom for nom, cas in REGISTRE.items() if not cas.ecrit}
    # Any role manages its own access tokens: those two need only LECTURE but write.
    ecrivains_en_lecture = {"emettre_jeton", "revoquer_jeton"}
    assert {nom for nom, cas in REGISTRE.items()
            if cas.besoin is Besoin.LECTURE} - ecrivains_en_lecture <= lecteurs
    assert not ecrivains_en_lecture & lecteurs
    assert {"lister_acces", "consulter_journal", "calculer_assiette", "calculer_totaux",
            "consulter_cloture", "lister_clotures"} <= lecteurs
    assert not {"embaucher", "ajouter_contrat", "sortir", "cloturer_periode",
                "recuperer_numero_teledeclarant", "creer_adherent"} & lecteurs
