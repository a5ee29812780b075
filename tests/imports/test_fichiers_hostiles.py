"""Hostile import files: the readers stop at their error cap and
count what they did not read, and a line too long to be one is refused without being
held. Peak memory on big files is measured by ``bench/fichiers_hostiles.py``."""

from __future__ import annotations

import io

import pytest
from test_csv import rangee
from test_dsn import ENTETE, contrat, individu

from rst_effectifs import DonneeInvalide
from rst_effectifs.application.declarations import MAX_ERREURS, FichierInvalide
from rst_effectifs.formats.csv_io import (
    COLONNES,
    CsvInvalide,
    analyser_csv,
    lire_csv,
)
from rst_effectifs.formats.csv_io import (
    LONGUEUR_MAX_LIGNE as MAX_CSV,
)
from rst_effectifs.formats.dsn import LONGUEUR_MAX_LIGNE as MAX_DSN
from rst_effectifs.formats.dsn import DsnInvalide, analyser_dsn, lire_dsn
from rst_effectifs.formats.lignes import BLOC, lignes_bornees

ENTETE_CSV = ";".join(COLONNES)
RANGEE = rangee()


def _refus(lire, contenu: bytes, **options: object) -> FichierInvalide:
    with pytest.raises(FichierInvalide) as refus:
        lire(io.BytesIO(contenu), **options)
    return refus.value


def _lignes(refus: FichierInvalide) -> list[str | None]:
    return [e.chemin for e in refus.erreurs]


# -- the error cap ---------------------------------------------------------------------
def test_a_dsn_reader_stops_at_its_cap_and_counts_the_lines_left() -> None:
    contenu = b"pas une rubrique\n" * 30

    refus = _refus(lire_dsn, contenu, max_erreurs=10)

    assert isinstance(refus, DsnInvalide)
    assert (refus.nombre, len(refus.erreurs), refus.lignes_non_lues) == (10, 10, 20)
    assert _lignes(refus) == [f"ligne {n}" for n in range(1, 11)]
    assert {e.code for e in refus.erreurs} == {"dsn.ligne_invalide"}
    assert "au moins 10 erreur(s)" in refus.message and "20 ligne(s)" in refus.message
    assert refus.details["lignes_non_lues"] == 20


def test_the_default_cap_is_the_documented_constant() -> None:
    refus = _refus(lire_dsn, b"x\n" * (MAX_ERREURS + 250))

    assert MAX_ERREURS == 1000
    assert (refus.nombre, len(refus.erreurs), refus.lignes_non_lues) == (1000, 1000, 250)


def test_a_file_read_to_the_end_counts_every_error_and_lists_the_first_by_line() -> None:
    """Blocks become values as they close; the errors of the last ones, found when the
    file ends, are counted past the cap; the list keeps the first ones by line,
    whatever the order they were found in."""
    lignes = [*ENTETE, "ligne cassée"]  # line 5, found while reading
    lignes += [*individu(naissance="99999999")[1:], *contrat()]  # birth date: line 8
    lignes += [*individu(naissance="99999999")[1:], *contrat(nature="77")]  # 17 and 21

    with pytest.raises(DsnInvalide) as refus:
        analyser_dsn("\n".join(lignes), max_erreurs=3)

    assert (refus.value.nombre, refus.value.lignes_non_lues) == (4, 0)
    assert _lignes(refus.value) == ["ligne 5", "ligne 8", "ligne 17"]
    assert "4 erreur(s)" in refus.value.message and "au moins" not in refus.value.message


def test_blocks_that_fail_as_they_close_count_toward_the_cap() -> None:
    """A file of well-shaped blocks with bad values stops at the cap too, without
    holding its blocks."""
    contenu = b"S21.G00.06.001,'842053175'\n" + b"S21.G00.11.001,'1'\n" * 50

    refus = _refus(lire_dsn, contenu, max_erreurs=10)

    # the 10th (line 11) is found when line 12 closes its block: 39 lines left
    assert (refus.nombre, refus.lignes_non_lues) == (10, 39)
    assert {e.code for e in refus.erreurs} == {"siret.invalide"}
    assert _lignes(refus) == [f"ligne {n}" for n in range(2, 12)]


def test_a_csv_reader_stops_at_its_cap_and_counts_the_lines_left() -> None:
    contenu = (ENTETE_CSV + "\n" + "DUPONT;Jean\n" * 30).encode()

    refus = _refus(lire_csv, contenu, max_erreurs=5)

    assert isinstance(refus, CsvInvalide)
    assert (refus.nombre, len(refus.erreurs), refus.lignes_non_lues) == (5, 5, 25)
    assert _lignes(refus) == [f"ligne {n}" for n in range(2, 7)]
    assert {e.code for e in refus.erreurs} == {"csv.ligne_invalide"}


def test_a_csv_with_errors_under_the_cap_is_read_to_the_end() -> None:
    texte = "\n".join([ENTETE_CSV, RANGEE, "DUPONT;Jean", RANGEE, "x"])

    with pytest.raises(CsvInvalide) as refus:
        analyser_csv(texte, max_erreurs=5)

    assert (refus.value.nombre, refus.value.lignes_non_lues) == (2, 0)
    assert _lignes(refus.value) == ["ligne 3", "ligne 5"]


@pytest.mark.parametrize("maximum", [0, -1, True, 2.5, "10"])
def test_the_cap_must_be_a_whole_number_of_at_least_one(maximum: object) -> None:
    for lire in (lambda: analyser_dsn("x", max_erreurs=maximum),  # type: ignore[arg-type]
                 lambda: analyser_csv("x", max_erreurs=maximum)):  # type: ignore[arg-type]
        with pytest.raises(DonneeInvalide) as refus:
            lire()
        assert (refus.value.code, refus.value.chemin) == ("import.max_erreurs_invalide",
                                                          "max_erreurs")


# -- too-long lines --------------------------------------------------------------------
def test_a_too_long_dsn_line_is_one_typed_error_and_the_rest_is_read() -> None:
    lignes = [*ENTETE, *individu(), *contrat()]
    lignes[5] = "S21.G00.30.002,'" + "A" * 100_000 + "'"  # the name: missing as well
    contenu = "\n".join(lignes).encode("latin-1")

    refus = _refus(lire_dsn, contenu)

    assert [(e.code, e.chemin) for e in refus.erreurs] == [
        ("dsn.rubrique_manquante", "ligne 5"), ("dsn.ligne_trop_longue", "ligne 6")]
    assert f"dépasse {MAX_DSN} caractères" in refus.erreurs[1].message
    assert "AAAA" not in refus.message + "".join(e.message for e in refus.erreurs)


def test_a_line_padded_past_the_limit_is_too_long_whatever_it_starts_with() -> None:
    """Cutting a long line must not turn it into a valid one."""
    lignes = [*ENTETE, *individu(), *contrat()]
    lignes[5] = "S21.G00.30.002,'DUPONT'" + " " * MAX_DSN + "suite"

    refus = _refus(lire_dsn, "\n".join(lignes).encode("latin-1"))

    assert ("dsn.ligne_trop_longue", "ligne 6") in [(e.code, e.chemin) for e in refus.erreurs]


def test_a_too_long_csv_line_is_one_typed_error_and_lines_keep_their_numbers() -> None:
    texte = "\n".join([ENTETE_CSV, RANGEE, "X" * (MAX_CSV * 3), RANGEE, "DUPONT;Jean", ""])

    for refus in (_refus(lire_csv, texte.encode()), _refus(lambda f: analyser_csv(
            f.read().decode()), texte.encode())):
        assert [(e.code, e.chemin) for e in refus.erreurs] == [
            ("csv.ligne_trop_longue", "ligne 3"), ("csv.ligne_invalide", "ligne 5")]
        assert refus.lignes_non_lues == 0


def test_a_line_is_never_read_in_one_piece_beyond_the_limit() -> None:
    lu: list[int] = []
    flux = io.StringIO("court\n" + "L" * 1_000_000 + "\nfin\n")

    def lire(taille: int) -> str:
        lu.append(taille)
        return flux.readline(taille)

    assert [len(ligne) for ligne in lignes_bornees(lire, 100)] == [6, 101, 4]
    assert max(lu) == max(102, BLOC)
