"""Several processes: ``rst-effectifs portail --workers 2`` for real (two Hypercorn worker
processes, each building the portal with the application factory from the
environment), a few reads and writes with a bearer token, every write stored once; the
factory alone; several processes refused without a shared secret."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from banc_web import EMAIL_ADMIN, NUMERO, peupler
from click.testing import CliRunner
from starlette.testclient import TestClient

import rst_effectifs as rst
from rst_effectifs import bootstrap
from rst_effectifs.entrypoints.cli import CODE_USAGE, cli
from rst_effectifs.entrypoints.web import usine

SECRET = "s" * 64
API_ADHERENT = f"/api/v1/adherents/{NUMERO}"
ATTENTE_S = 180.0
"""Two fresh interpreters import the library on a machine maybe busy: be patient."""


def _base_et_jeton(url: str) -> str:
    """The adherent 101 and a bearer token of its administrator (valid across processes:
    stored in the database)."""
    ctx = bootstrap.depuis_url(url, migrer=True)
    try:
        adherent_id = peupler(ctx)
        admin = rst.resoudre_acces(ctx, EMAIL_ADMIN, adherent_id)
        emis = rst.executer(ctx, admin, rst.EmettreJeton(adherent_id, "processus"))
        return str(emis.texte)
    finally:
        bootstrap.fermer(ctx)


def _port_libre() -> int:
    with socket.socket() as prise:
        prise.bind(("127.0.0.1", 0))
        return int(prise.getsockname()[1])


def _enfants(pid: int) -> list[str]:
    """The command lines of a process's children (Linux' /proc)."""
    enfants = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    lignes = []
    for enfant in enfants:
        try:
            lignes.append(Path(f"/proc/{enfant}/cmdline").read_bytes().replace(b"\0", b" ")
                          .decode())
        except OSError:
            continue
    return lignes


@pytest.fixture
def portail_a_deux_processus(url_sqlite: str) -> Iterator[tuple[str, str, subprocess.Popen[str]]]:
    jeton = _base_et_jeton(url_sqlite)
    port = _port_libre()
    processus = subprocess.Popen(
        [sys.executable, "-m", "rst_effectifs.entrypoints.cli", "--db", url_sqlite, "portail",
         "--workers", "2", "--port", str(port)],
        env={**os.environ, "RST_EFFECTIFS_SECRET": SECRET}, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        limite = time.monotonic() + ATTENTE_S
        while True:
            try:
                if httpx.get(f"{base}/sante", timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert processus.poll() is None and time.monotonic() < limite, \
                "le portail à deux processus n'a pas démarré"
            time.sleep(0.2)
        yield base, jeton, processus
    finally:
        processus.send_signal(signal.SIGINT)
        try:
            processus.wait(timeout=60)
        except subprocess.TimeoutExpired:
            processus.kill()
            processus.wait()


def test_portail_serves_with_two_worker_processes(
        portail_a_deux_processus: tuple[str, str, subprocess.Popen[str]], url_sqlite: str
) -> None:
    base, jeton, processus = portail_a_deux_processus
    travailleurs = [c for c in _enfants(processus.pid) if "multiprocessing.spawn" in c]
    assert len(travailleurs) == 2, travailleurs
    with httpx.Client(base_url=base, timeout=60,
                      headers={"Authorization": f"Bearer {jeton}"}) as client:
        poste = client.post(f"{API_ADHERENT}/postes", json={"libelle": "Vendeur"})
        assert poste.status_code == 201, poste.text
        embauches = [client.post(f"{API_ADHERENT}/salaries", json={
            "nom": nom, "prenoms": "Alex", "date_naissance": "1990-04-02",
            "contrat": {"nature": "01", "debut": "2024-01-01", "poste_id": poste.json()["id"]}})
            for nom in ("Durand", "Martin", "Petit", "Roux")]
        assert [r.status_code for r in embauches] == [201] * 4
        lues = [client.get(f"{API_ADHERENT}/salaries", params={"limite": 10}) for _ in range(6)]
        assert all(len(r.json()["salaries"]) == 4 for r in lues)
    ctx = bootstrap.depuis_url(url_sqlite)
    try:
        with ctx.unite_de_travail() as uow:
            adherent_id = uow.adherents.id_par_numero(NUMERO)
            assert adherent_id is not None
            noms = sorted(s.identite.nom for s in uow.salaries.tous(adherent_id))
    finally:
        bootstrap.fermer(ctx)
    assert noms == ["Durand", "Martin", "Petit", "Roux"]


def test_the_factory_builds_the_portal_from_the_environment(
        url_sqlite: str, monkeypatch: pytest.MonkeyPatch) -> None:
    jeton = _base_et_jeton(url_sqlite)
    monkeypatch.setenv("RST_EFFECTIFS_DB", url_sqlite)
    monkeypatch.setenv("RST_EFFECTIFS_SECRET", SECRET)
    app = usine.application()
    assert app.state.reglages.secret == SECRET
    with TestClient(app) as client:
        assert client.get("/sante").status_code == 200
        page = client.get(f"{API_ADHERENT}/salaries", headers={"Authorization": f"Bearer {jeton}"})
        assert page.status_code == 200 and page.json()["salaries"] == []
    bootstrap.fermer(app.state.ctx)


def test_several_processes_need_a_shared_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("RST_EFFECTIFS_SECRET", raising=False)
    resultat = CliRunner().invoke(cli, ["portail", "--workers", "2"])
    assert resultat.exit_code == CODE_USAGE
    assert "RST_EFFECTIFS_SECRET" in resultat.output
