"""Reading DSN files (norme NEODeS): the rubrics read, the block structure, the errors."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from monde_import import NIR_DUPONT, NIR_SANTONI, NIRS_EXEMPLE, SIRET, SIRET_RENNES, nir

from rst_effectifs import NatureContrat
from rst_effectifs.application.declarations import FichierInvalide
from rst_effectifs.exemples import chemin_exemple
from rst_effectifs.formats.dsn import DsnInvalide, analyser_dsn, lire_dsn

ENTETE = [
    "S10.G00.00.001,'Paie Fictive'",
    "S20.G00.05.005,'01032024'",
    "S21.G00.06.001,'842053175'",
    "S21.G00.11.001,'00019'",
]


def individu(nir_: str = NIR_DUPONT, nom: str = "DUPONT", prenoms: str = "Élodie",
             naissance: str = "12031984") -> list[str]:
    return [f"S21.G00.30.001,'{nir_}'", f"S21.G00.30.002,'{nom}'",
            f"S21.G00.30.004,'{prenoms}'", f"S21.G00.30.006,'{naissance}'"]


def contrat(debut: str = "01092015", nature: str = "01", numero: str = "C0001") -> list[str]:
    return [f"S21.G00.40.001,'{debut}'", "S21.G00.40.004,'542a'",
            "S21.G00.40.006,'Secrétaire'", f"S21.G00.40.007,'{nature}'",
            "S21.G00.40.008,'99'", f"S21.G00.40.009,'{numero}'"]


def erreurs(lignes: list[str]) -> DsnInvalide:
    with pytest.raises(DsnInvalide) as refus:
        analyser_dsn("\n".join(lignes))
    return refus.value


def ecartes(lignes: list[str]) -> list[tuple[int, list[tuple[str, str]]]]:
    """The people a readable file leaves aside: their block's line, and each reason's
    line and start."""
    declaration = analyser_dsn("\n".join(lignes))
    return [(e.ligne, [(r.split(" ")[1], r) for r in e.raisons]) for e in declaration.ecartes]


def lignes_en_erreur(refus: DsnInvalide) -> list[int]:
    return [int((e.chemin or "").removeprefix("ligne ")) for e in refus.erreurs]


def test_sample_dsn_gives_both_establishments_and_their_people() -> None:
    declaration = lire_dsn(chemin_exemple("exemple.dsn"))
    saint_malo, rennes = declaration.etablissements
    assert saint_malo.siret is not None and saint_malo.siret.valeur == SIRET
    assert rennes.siret is not None and rennes.siret.valeur == SIRET_RENNES
    assert [i.identite.nom for i in saint_malo.individus] == [
        "DUPONT", "MARTIN", "ROUSSEAU", "SANTONI", "N'DIAYE", "GARNIER"]
    assert [i.identite.prenoms for i in rennes.individus] == ["Chloé", "Noël"]
    assert sorted(i.identite.nir.valeur for i in declaration.individus
                  if i.identite.nir is not None) == sorted(NIRS_EXEMPLE)
    assert declaration.source == "dsn"


def test_sample_dsn_reads_each_rubric_of_the_contracts() -> None:
    individus = {i.identite.nom: i for i in lire_dsn(chemin_exemple("exemple.dsn")).individus}
    santoni = individus["SANTONI"]
    assert santoni.identite.nir is not None and santoni.identite.nir.valeur == NIR_SANTONI
    assert santoni.identite.date_naissance == dt.date(1991, 7, 14)
    cdd, cdi = individus["MARTIN"].contrats
    assert (cdd.nature, cdd.debut, cdd.fin_prevue, cdd.numero) == (
        NatureContrat.CDD, dt.date(2024, 1, 2), dt.date(2024, 3, 10), "C0010")
    assert cdd.fin is not None and (cdd.fin.le, cdd.fin.motif) == (dt.date(2024, 3, 10), "031")
    assert (cdi.nature, cdi.debut, cdi.fin) == (NatureContrat.CDI, dt.date(2024, 3, 11), None)
    mission, = individus["N'DIAYE"].contrats
    assert mission.nature is NatureContrat.MISSION_INTERIM
    assert (mission.code_pcs and mission.code_pcs.valeur, mission.libelle_poste) == (
        "633a", "ELECTRICIEN")
    apprentie, = individus["LEROY"].contrats
    assert apprentie.dispositif == "64"
    assert individus["DUPONT"].contrats[0].dispositif is None  # 99: no public scheme
    assert individus["DUPONT"].identite.prenoms == "Élodie Marie"


def test_dsn_is_read_as_latin1_from_a_stream() -> None:
    texte = "\r\n".join([*ENTETE, *individu(prenoms="Noël-Hélène"), *contrat()]) + "\r\n"
    declaration = lire_dsn(io.BytesIO(texte.encode("latin-1")))
    assert declaration.individus[0].identite.prenoms == "Noël-Hélène"


def test_sample_dsn_file_is_latin1_not_utf8() -> None:
    octets = chemin_exemple("exemple.dsn").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        octets.decode("utf-8")
    assert "Élodie".encode("latin-1") in octets


def test_malformed_sample_names_every_bad_line() -> None:
    with pytest.raises(DsnInvalide) as refus:
        lire_dsn(chemin_exemple("malformee.dsn"))
    codes = {int((e.chemin or "")[6:]): e.code for e in refus.value.erreurs}
    assert codes == {
        5: "dsn.structure_invalide",  # a contract before any individual
        7: "nir.invalide",  # wrong key
        10: "dsn.date_invalide",  # 31 February
        11: "dsn.rubrique_manquante",  # its family name line is malformed...
        12: "dsn.ligne_invalide",  # ...here: value not quoted
        18: "contrat.nature_inconnue",
    }
    assert refus.value.nombre == 6
    assert "ligne 5" in refus.value.message
    assert all(e.message.startswith(f"Ligne {n} ") for n, e in
               zip(codes, refus.value.erreurs, strict=True))
    assert isinstance(refus.value, FichierInvalide)


def test_errors_never_show_a_nir() -> None:
    mauvais = NIR_DUPONT[:-2] + f"{(int(NIR_DUPONT[-2:]) + 1) % 97:02d}"
    refus = erreurs([
        *ENTETE,
        *individu(nir_=mauvais),
        *individu(nir_=NIR_SANTONI, naissance="14071990"),  # year differs from the NIR
        f"S21.G00.30.001,{NIR_DUPONT}",  # malformed line holding a NIR
        *contrat(debut="99999999"),
    ])
    assert lignes_en_erreur(refus) == [5, 9, 13, 14]
    texte = " ".join([str(refus), repr(refus), *(str(e) for e in refus.erreurs),
                      *(repr(e.details) for e in refus.erreurs)])
    for numero in (mauvais, NIR_SANTONI, NIR_DUPONT):
        assert numero[:13] not in texte


def test_contract_without_an_individual_is_a_structure_error() -> None:
    refus = erreurs([*ENTETE, *contrat()])
    assert [e.code for e in refus.erreurs] == ["dsn.structure_invalide"]
    assert "Ligne 5 " in refus.erreurs[0].message and "individu" in refus.erreurs[0].message


def test_individual_before_any_establishment_is_a_structure_error() -> None:
    refus = erreurs([ENTETE[0], ENTETE[2], *individu(), *contrat()])
    assert refus.erreurs[0].code == "dsn.structure_invalide"
    assert refus.erreurs[0].chemin == "ligne 3"


def test_end_of_contract_needs_a_contract_and_is_single() -> None:
    sans_contrat = erreurs([*ENTETE, *individu(), "S21.G00.62.001,'10032024'"])
    assert [e.chemin for e in sans_contrat.erreurs] == ["ligne 9"]
    deux_fins = erreurs([*ENTETE, *individu(), *contrat(), "S21.G00.62.001,'10032024'",
                         "S21.G00.62.001,'11032024'"])
    assert [(e.code, e.chemin) for e in deux_fins.erreurs] == [
        ("dsn.structure_invalide", "ligne 16")]


def test_blocks_not_read_are_skipped_wherever_they_are() -> None:
    declaration = analyser_dsn("\n".join([
        *ENTETE, "S21.G00.15.001,'xx'", *individu(), "S21.G00.31.008,'zz'", *contrat(),
        "S21.G00.50.001,'31032024'", "S21.G00.62.001,'31032024'",
        "S21.G00.62.002,'059'", "S21.G00.78.001,'01'", "S90.G00.90.001,'20'",
    ]))
    contrat_lu, = declaration.individus[0].contrats
    assert contrat_lu.fin is not None and contrat_lu.fin.motif == "059"


def test_a_new_block_starts_when_rubric_numbers_go_back() -> None:
    declaration = analyser_dsn("\n".join([
        *ENTETE, *individu(), *contrat("01092015", "02", "C1"), *contrat("01102015", "01", "C2"),
        *individu(NIR_SANTONI, "SANTONI", "Jean-Baptiste", "14071991"),
    ]))
    dupont, santoni = declaration.individus
    assert [c.numero for c in dupont.contrats] == ["C1", "C2"]
    assert santoni.contrats == ()


def test_values_are_kept_as_data() -> None:
    declaration = analyser_dsn("\n".join([
        *ENTETE, *individu(nom="__import__('os').system('false')", prenoms="D'Arc"),
        *contrat(),
    ]))
    identite = declaration.individus[0].identite
    assert identite.nom == "__import__('os').system('false')"
    assert identite.prenoms == "D'Arc"


def test_missing_rubric_leaves_the_person_aside_with_its_block() -> None:
    [(ligne, raisons)] = ecartes([*ENTETE, *individu()[:2], "S21.G00.30.006,'12031984'",
                                  *contrat()])
    assert ligne == 5 and [n for n, _ in raisons] == ["5"]
    assert "S21.G00.30.004" in raisons[0][1]


def test_contract_needs_its_poste_and_coherent_dates() -> None:
    sans_poste = [line for line in contrat() if ".004" not in line and ".006" not in line]
    [(ligne, raisons)] = ecartes([*ENTETE, *individu(), *sans_poste,
                                  *contrat("01032024", "02", "C2"),
                                  "S21.G00.40.010,'01022024'"])
    assert ligne == 5 and [n for n, _ in raisons] == ["9", "19"]
    assert "poste du contrat manque" in raisons[0][1]
    assert "fin prévisionnelle" in raisons[1][1]


def test_empty_or_header_only_file_is_refused() -> None:
    assert erreurs([]).erreurs[0].code == "dsn.vide"
    assert erreurs(ENTETE[:2]).erreurs[0].code == "dsn.vide"


def test_birth_date_must_match_the_nir() -> None:
    [(ligne, raisons)] = ecartes([*ENTETE, *individu(naissance="12031985"), *contrat(),
                                  *individu(NIR_SANTONI, "SANTONI", "Jean", "14071991"),
                                  *contrat()])
    assert ligne == 5 and "ne correspond pas à la date de naissance" in raisons[0][1]


def test_corsican_nir_is_accepted() -> None:
    corse = nir("285062B033017")  # Haute-Corse
    declaration = analyser_dsn("\n".join([
        *ENTETE, *individu(corse, "COLONNA", "Maria", "01061985"), *contrat()]))
    identite = declaration.individus[0].identite
    assert identite.nir is not None and identite.nir.valeur == corse


EXEMPLE = chemin_exemple("exemple.dsn").read_bytes().decode("latin-1").splitlines()


@settings(max_examples=60, deadline=None)
@given(rang=st.integers(0, len(EXEMPLE) - 1),
       junk=st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1,
                    max_size=30).filter(lambda t: "'" not in t and t.strip() != ""
                                        and "\n" not in t and "\r" not in t))
def test_any_corrupted_line_is_named_and_nothing_else_raises(rang: int, junk: str) -> None:
    lignes = list(EXEMPLE)
    lignes[rang] = junk
    with pytest.raises(DsnInvalide) as refus:
        analyser_dsn(lignes)
    assert f"ligne {rang + 1}" in [e.chemin for e in refus.value.erreurs]


def test_many_distinct_rubric_keys_are_read_alike() -> None:
    """Keys are parsed once each, up to a bound; beyond it they are parsed every time,
    with the same result (a hostile file cannot grow the reader's memory)."""
    autres = [f"S21.G00.{50 + i // 1000:02d}.{i % 1000:03d},'x'" for i in range(6000)]
    declaration = analyser_dsn("\n".join([*ENTETE, *autres, *individu(), *contrat()]))
    assert [i.identite.nom for i in declaration.individus] == ["DUPONT"]


@pytest.mark.parametrize("ligne", [
    "S21.G00.30.002,'DUP\nONT'", "S21.G00.30.002,'DUPONT", "S21.G00.30.002,DUPONT'",
    "S21.G00.30.002,'", " S21.G00.30.002,'DUPONT'", "S21.G00.30.02,'DUPONT'",
    "S21.G00.30.002;'DUPONT'",
])
def test_lines_not_shaped_like_a_rubric_are_refused(ligne: str) -> None:
    lignes = [*ENTETE, *individu(), *contrat()]
    lignes[5] = ligne
    refus = lignes_lues_en_erreur(lignes)
    assert ("dsn.ligne_invalide", "ligne 6") in refus


def lignes_lues_en_erreur(lignes: list[str]) -> list[tuple[str, str | None]]:
    with pytest.raises(DsnInvalide) as refus:
        analyser_dsn(lignes)
    return [(e.code, e.chemin) for e in refus.value.erreurs]


def test_trailing_spaces_and_crlf_are_ignored() -> None:
    lignes = [f"{ligne}  \r\n" for ligne in [*ENTETE, *individu(), *contrat()]]
    declaration = analyser_dsn(lignes)
    assert declaration.individus[0].identite.prenoms == "Élodie"


def test_bad_keys_are_not_kept_by_the_reader() -> None:
    """Only well-formed rubric keys are cached: a file of long junk lines leaves the
    reader's cache as it was."""
    from rst_effectifs.formats import dsn_blocs as dsn

    avant = dict(dsn._RUBRIQUES_VUES)
    junk = [f"{'X' * 5000}{i},'v'" for i in range(50)]
    refus = lignes_lues_en_erreur([*ENTETE, *junk, *individu(), *contrat()])
    assert len(refus) == 50 and {code for code, _ in refus} == {"dsn.ligne_trop_longue"}
    assert all(len(cle) <= 14 for cle in dsn._RUBRIQUES_VUES)
    assert set(dsn._RUBRIQUES_VUES) >= set(avant)
