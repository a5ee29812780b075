"""An API request's unit of work runs in a worker thread, at most ``Reglages.fils`` at
once (``RST_EFFECTIFS_FILS``; by default the processors for SQLite, twice as many for
PostgreSQL): more would only take turns on the interpreter's lock (docs/performance.md,
"The portal against its floor")."""

from __future__ import annotations

import asyncio
import os
import threading
import time
from pathlib import Path
from typing import Any

import attrs
import httpx
import pytest
from banc_web import EMAIL_ADMIN, EN_TETE_TEST, NUMERO, application, peupler

import rst_effectifs as rst
from rst_effectifs.entrypoints.web import api
from rst_effectifs.entrypoints.web.fils import fils_par_defaut
from rst_effectifs.entrypoints.web.reglages import Reglages

SECRET = "s" * 40


def test_by_default_the_storage_sizes_the_count_and_a_setting_names_another() -> None:
    processeurs = os.cpu_count() or 1
    assert fils_par_defaut(en_processus=True) == max(2, processeurs)
    assert fils_par_defaut(en_processus=False) == max(2, 2 * processeurs)
    assert Reglages(SECRET).fils is None
    assert Reglages.depuis_environnement({"RST_EFFECTIFS_SECRET": SECRET}).fils is None
    lus = Reglages.depuis_environnement({"RST_EFFECTIFS_SECRET": SECRET,
                                         "RST_EFFECTIFS_FILS": "3"})
    assert lus.fils == 3


def test_sqlite_and_memory_run_in_the_process_a_server_s_storage_does_not(
        tmp_path: Path) -> None:
    sqlite = rst.depuis_url(f"sqlite:///{tmp_path / 'p.db'}", migrer=True)
    assert rst.bootstrap.stockage_en_processus(sqlite)
    assert rst.bootstrap.stockage_en_processus(rst.en_memoire())
    rst.bootstrap.fermer(sqlite)
    serveur = rst.depuis_url("postgresql+psycopg://x:y@127.0.0.1:1/nulle", migrer=False)
    assert not rst.bootstrap.stockage_en_processus(serveur)  # asked without connecting


@pytest.mark.parametrize("valeur", ["0", "-2", "quatre"])
def test_a_count_that_is_not_a_positive_integer_is_refused_naming_the_setting(
    valeur: str,
) -> None:
    with pytest.raises(rst.DonneeInvalide) as refus:
        Reglages.depuis_environnement({"RST_EFFECTIFS_SECRET": SECRET,
                                       "RST_EFFECTIFS_FILS": valeur})
    assert refus.value.code == "configuration.invalide"
    assert "RST_EFFECTIFS_FILS" in refus.value.message


@pytest.mark.parametrize("fils", [1, 3, None])
def test_no_more_units_at_once_than_the_setting_says(
    fils: int | None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
) -> None:
    """Eight requests sent together: at most ``fils`` run their unit at the same time
    (``None``: the default for SQLite), every one answers, and the count is reached
    (the limit is not one)."""
    ctx = rst.depuis_url(f"sqlite:///{tmp_path / 'fils.db'}", horloge=rst.HorlogeFixe(),
                         migrer=True)
    peupler(ctx)
    app = application(ctx)
    app.state.reglages = attrs.evolve(app.state.reglages, fils=fils)
    verrou, en_cours, vus = threading.Lock(), [0], [0]
    executer = api._executer

    def compte(*arguments: Any) -> Any:
        with verrou:
            en_cours[0] += 1
            vus[0] = max(vus[0], en_cours[0])
        try:
            time.sleep(0.05)
            return executer(*arguments)
        finally:
            with verrou:
                en_cours[0] -= 1

    monkeypatch.setattr(api, "_executer", compte)

    async def envoyer() -> list[int]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test",
                                     headers={EN_TETE_TEST: EMAIL_ADMIN}) as client:
            reponses = await asyncio.gather(*(client.get(f"/api/v1/adherents/{NUMERO}")
                                              for _ in range(8)))
        return [r.status_code for r in reponses]

    try:
        assert asyncio.run(envoyer()) == [200] * 8
    finally:
        rst.bootstrap.fermer(ctx)
    assert vus[0] == min(8, fils or fils_par_defaut(en_processus=True))
