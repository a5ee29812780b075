"""``rst-effectifs factures``: issuing every member's closings of a year (resumable: run
again, the members already invoiced are skipped), listing, the XML and the PDF."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from banc_cli import AGENT, Lanceur

import rst_effectifs as rst
from rst_effectifs import bootstrap
from rst_effectifs.domain.periodes import Periode
from rst_effectifs.exemples import chemin_exemple
from rst_effectifs.testing import concurrence_factures as cf


@pytest.fixture
def lanceur(tmp_path: Path) -> Lanceur:
    return Lanceur(f"sqlite:///{tmp_path / 'rst.db'}", tmp_path)


def test_issuing_a_year_for_every_member_then_again_issues_nothing_more(
    lanceur: Lanceur,
) -> None:
    ctx = rst.depuis_url(lanceur.url)
    ids = cf.peupler(ctx, 5, Periode(dt.date(2025, 1, 1), dt.date(2025, 12, 31)))
    bootstrap.fermer(ctx)
    emetteur = str(chemin_exemple("emetteur.toml"))
    bilan = lanceur.json("--en-tant-que", AGENT, "factures", "emettre", "--annee", "2025",
                         "--emetteur", emetteur, "--par-lot", "2")
    assert bilan["adherents_factures"] == 5 and bilan["restants"] == 0
    assert len(bilan["numeros"]) == 5 and bilan["numeros"][0].endswith("-000001")
    encore = lanceur.json("--en-tant-que", AGENT, "factures", "emettre", "--annee", "2025",
                          "--emetteur", emetteur)
    assert encore["adherents_factures"] == 0 and encore["numeros"] == []
    liste = lanceur.json("factures", "lister", "--adherent", "7000000")  # its administrator
    (numero,) = [f["numero"] for f in liste]
    assert numero in bilan["numeros"]
    xml = lanceur("factures", "xml", numero, "--adherent", "7000000")
    assert "<ram:BuyerReference>7000000</ram:BuyerReference>" in xml.stdout
    sortie = lanceur.dossier / "f.pdf"
    lanceur("factures", "pdf", numero, "--adherent", "7000000", "--sortie", str(sortie))
    assert sortie.read_bytes().startswith(b"%PDF")
    assert len(ids) == 5
