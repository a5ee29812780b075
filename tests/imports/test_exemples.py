"""The sample files ship with the package and are found by name."""

from __future__ import annotations

import fnmatch
import tomllib
from pathlib import Path

import pytest

import rst_effectifs as rst
from rst_effectifs.exemples import EXEMPLES, chemin_exemple

RACINE = Path(__file__).resolve().parents[2]


def test_each_sample_is_found_by_name() -> None:
    for nom in EXEMPLES:
        chemin = chemin_exemple(nom)
        assert chemin.name == nom and chemin.is_file()


def test_unknown_sample_is_not_found() -> None:
    with pytest.raises(rst.Introuvable) as refus:
        chemin_exemple("../../pyproject.toml")
    assert "exemple.dsn" in refus.value.message


def test_samples_are_declared_as_package_data() -> None:
    projet = tomllib.loads((RACINE / "pyproject.toml").read_text(encoding="utf-8"))
    motifs = projet["tool"]["setuptools"]["package-data"]["rst_effectifs"]
    dossier = RACINE / "src" / "rst_effectifs" / "exemples"
    fichiers = sorted(p.name for p in dossier.iterdir() if p.suffix in (".dsn", ".csv", ".toml"))
    assert fichiers == sorted(EXEMPLES)
    for nom in fichiers:
        assert any(fnmatch.fnmatch(f"exemples/{nom}", m) for m in motifs), nom


def test_the_billing_samples_are_valid_configuration() -> None:
    from rst_effectifs.formats.configuration import lire_bareme, lire_couts_moyens

    bareme = lire_bareme(chemin_exemple("bareme-2027.toml"))
    couts = lire_couts_moyens(chemin_exemple("couts-moyens.toml"))
    assert couts[2025] == rst.COUTS_MOYENS_NATIONAUX[2025]  # the bundled ones kept
    assert bareme.annees == frozenset({2027})
    assert couts[2027].minimum <= min(bareme.prix_sig, bareme.prix_sia, bareme.prix_sir)
    assert max(bareme.prix_sig, bareme.prix_sia, bareme.prix_sir) <= couts[2027].maximum
