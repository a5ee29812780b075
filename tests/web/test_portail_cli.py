"""``rst-effectifs portail``: a clear usage error without the extra; ``--demo`` serves
the demo's base with the sample loaded (the server replaced by a recorder); ``--proxy``
names the reverse proxies believed."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import pytest
from banc_web import EN_TETE_TEST, justificatif_de_test
from click.testing import CliRunner
from starlette.testclient import TestClient

from rst_effectifs.entrypoints.cli import CODE_USAGE, cli
from rst_effectifs.entrypoints.cli import portail as module_portail
from rst_effectifs.entrypoints.web import serveur


def test_without_the_extra_the_command_says_how_to_install_it(
        monkeypatch: pytest.MonkeyPatch) -> None:
    trouver = importlib.util.find_spec
    monkeypatch.setattr(module_portail.importlib.util, "find_spec",
                        lambda nom: None if nom == "hypercorn" else trouver(nom))
    resultat = CliRunner().invoke(cli, ["portail"])
    assert resultat.exit_code == CODE_USAGE
    assert "rst-effectifs[portail]" in resultat.output and "hypercorn" in resultat.output


def test_demo_serves_the_sample(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    lances: list[dict[str, Any]] = []
    monkeypatch.setattr(serveur, "servir", lambda app, hote, port: lances.append(
        {"app": app, "host": hote, "port": port}))
    resultat = CliRunner().invoke(cli, ["portail", "--demo", "--port", "8123",
                                        "--proxy", "10.0.0.0/8"])
    assert resultat.exit_code == 0, resultat.output
    (lance,) = lances
    assert (lance["host"], lance["port"]) == ("127.0.0.1", 8123)
    assert "Portail adhérent : ouvrez http://127.0.0.1:8123/ dans votre navigateur." \
        in resultat.output
    app = lance["app"]
    assert app.state.reglages.proxies == ("10.0.0.0/8",)
    app.state.justificatif = justificatif_de_test
    with TestClient(app) as client:
        client.headers[EN_TETE_TEST] = "rh@emeraude.example"
        page = client.get("/api/v1/adherents/4242/salaries").json()
    assert page["salaries"], "the sample's people are served"


def test_a_proxy_that_is_no_address_is_a_usage_error(monkeypatch: pytest.MonkeyPatch,
                                                     tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    monkeypatch.setattr(serveur, "servir", lambda app, hote, port: None)
    resultat = CliRunner().invoke(cli, ["portail", "--proxy", "nginx.local"])
    assert resultat.exit_code != 0 and "nginx.local" in resultat.output


def test_the_start_message_gives_the_pages_address_in_french() -> None:
    assert module_portail.message_de_demarrage("0.0.0.0", 8000).startswith(
        "Portail adhérent : ouvrez http://127.0.0.1:8000/ dans votre navigateur.")
    assert "http://[::1]:80/api/v1/" in module_portail.message_de_demarrage("::1", 80)
