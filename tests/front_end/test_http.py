"""If-Match as RFC 9110 writes it, and request bodies read as the library's refusals."""

from __future__ import annotations

import pytest

import rst_effectifs as rst
from rst_effectifs import lire_corps, statut_http, version_if_match


@pytest.mark.parametrize(("entete", "version"), [
    (None, None), ("*", None), (" * ", None), ('"3"', 3), ('W/"3"', 3), (' "0" ', 0),
    ('"3", W/"3"', 3), (',, "7" ,', 7), ('"abc", "5"', 5), ('"2147483647"', 2**31 - 1),
])
def test_if_match_accepts_a_tag_a_weak_tag_a_list_and_the_star(entete: str | None,
                                                               version: int | None) -> None:
    assert version_if_match(entete) == version


@pytest.mark.parametrize("entete", [
    "3", '"3', '3"', "W/3", 'w/"3"', '"3" "4"', '"3";', "", " ", ",", '"a b"', '*, "3"',
    '"3", "4"',
])
def test_if_match_refuses_what_is_not_its_syntax_or_names_two_versions_with_400(
        entete: str) -> None:
    with pytest.raises(rst.DonneeInvalide) as refus:
        version_if_match(entete)
    assert (refus.value.code, refus.value.chemin) == ("requete.entete_invalide", "If-Match")
    assert statut_http(refus.value) == 400


@pytest.mark.parametrize("entete", ['"abc"', '""', '"-1"', '"2147483648"', 'W/"x"', '"³"'])
def test_if_match_naming_no_version_of_ours_is_a_412(entete: str) -> None:
    with pytest.raises(rst.ConflitDeVersion) as refus:
        version_if_match(entete)
    assert refus.value.code == "concurrence.etag_inconnu" and statut_http(refus.value) == 412


@pytest.mark.parametrize("corps", [b"\xff\xfe{", b"{", b'{"libelle": "Vente"', b"NaN",
                                   "é".encode("latin-1"), b'\xef\xbb\xbf{"libelle": 1}x'])
def test_a_body_that_is_not_utf8_json_is_the_library_s_400(corps: bytes) -> None:
    with pytest.raises(rst.DonneeInvalide) as refus:
        lire_corps(rst.AjouterPoste, corps, adherent_id="a1")
    assert refus.value.code == "json.invalide" and statut_http(refus.value) == 400
    assert refus.value.__cause__ is None and refus.value.__context__ is None


def test_a_body_becomes_its_command_with_the_url_s_ids() -> None:
    assert lire_corps(rst.AjouterPoste, b'{"libelle": "Vente"}',
                      adherent_id="a1") == rst.AjouterPoste("a1", "Vente")
    assert lire_corps(rst.ConsulterAdherent, b"  ", adherent_id="a1") == rst.ConsulterAdherent(
        "a1")
