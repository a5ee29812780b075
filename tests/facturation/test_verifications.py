"""F6: likely mistakes reported before billing, each with the action to take."""

from __future__ import annotations

import pytest
from banc_facturation import Banc, D

import rst_effectifs as rst
from rst_effectifs.domain.identifiants import calculer_cle

LE = D(2025, 12, 1)


def _nir(naissance: D, ordre: str) -> str:
    corps = f"1{naissance:%y%m}75118{ordre}"
    return corps + calculer_cle(corps)


def _rapport(banc: Banc, le: D | None = LE,
             acteur: rst.Acteur | None = None) -> rst.RapportDeVerification:
    return rst.verifier_avant_facturation(banc.ctx, acteur or banc.agent,
                                          rst.VerifierAvantFacturation(banc.adherent_id, le))


def _types(rapport: rst.RapportDeVerification) -> list[tuple[rst.TypeAnomalie, tuple[str, ...]]]:
    return [(a.type, a.salarie_ids) for a in rapport.anomalies]


def test_clean_data_gives_an_empty_report() -> None:
    banc = Banc()
    sid = banc.embaucher("Alice", D(2020, 1, 1))
    cdd = banc.embaucher("Bruno", D(2025, 1, 1), D(2025, 3, 31), nature=rst.NatureContrat.CDD)
    banc.sortir(cdd, D(2025, 3, 31))
    rapport = _rapport(banc)
    assert rapport.est_vide and rapport.le == LE and sid


def test_a_contract_ended_over_30_days_ago_with_the_person_still_present_is_a_forgotten_exit(
) -> None:
    # CDD ended 31/10/2025, no exit: on 01/12/2025 that is 31 days ago -> reported; a CDD
    # ended 01/11/2025 (30 days) is not yet.
    banc = Banc()
    oublie = banc.embaucher("Oubli", D(2025, 1, 1), D(2025, 10, 31), nature=rst.NatureContrat.CDD)
    banc.embaucher("Recent", D(2025, 1, 1), D(2025, 11, 1), nature=rst.NatureContrat.CDD)
    rapport = _rapport(banc)
    assert _types(rapport) == [(rst.TypeAnomalie.SORTIE_OUBLIEE, (oublie,))]
    anomalie = rapport.anomalies[0]
    assert "31/10/2025" in anomalie.message and "Oubli" in anomalie.message
    assert anomalie.action.startswith("Sortez-le de l'effectif au 31/10/2025")
    assert anomalie.regle == "F6"


def test_a_reintegration_without_a_contract_is_presence_without_contract() -> None:
    banc = Banc()
    sid = banc.embaucher("Retour", D(2024, 1, 1))
    banc.sortir(sid, D(2024, 6, 30))
    banc.reintegrer(sid, D(2025, 2, 1))
    rapport = _rapport(banc)
    assert _types(rapport) == [(rst.TypeAnomalie.PRESENT_SANS_CONTRAT, (sid,))]
    assert "Ajoutez-lui le contrat" in rapport.anomalies[0].action


def test_same_names_and_birth_date_with_different_nirs_are_probable_duplicates() -> None:
    banc = Banc()
    naissance = D(1990, 5, 4)
    a = banc.embaucher("Dupont", D(2020, 1, 1), naissance=naissance, prenoms="Jean",
                       nir=_nir(naissance, "001"))
    b = banc.embaucher("DUPONT", D(2021, 1, 1), naissance=naissance, prenoms="jean",
                       nir=_nir(naissance, "002"))
    rapport = _rapport(banc)
    assert _types(rapport) == [(rst.TypeAnomalie.DOUBLON_PROBABLE, tuple(sorted((a, b))))]
    anomalie = rapport.anomalies[0]
    assert "NIR différents" in anomalie.message
    for nir in (_nir(naissance, "001"), _nir(naissance, "002")):  # never a NIR in clear
        assert nir not in anomalie.message and nir[:5] not in anomalie.action.replace(" ", "")


def test_a_contract_on_an_archived_poste_is_reported() -> None:
    banc = Banc()
    sid = banc.embaucher("Alice", D(2020, 1, 1), poste=banc.nuit)
    rst.archiver_poste(banc.ctx, banc.agent, rst.ArchiverPoste(banc.adherent_id, banc.nuit))
    rapport = _rapport(banc)
    assert _types(rapport) == [(rst.TypeAnomalie.CONTRAT_SUR_POSTE_ARCHIVE, (sid,))]
    assert "« Boulanger de nuit »" in rapport.anomalies[0].message


def test_anomalies_come_by_kind_then_by_name() -> None:
    banc = Banc()
    z = banc.embaucher("Zola", D(2025, 1, 1), D(2025, 2, 28), nature=rst.NatureContrat.CDD)
    a = banc.embaucher("Abel", D(2025, 1, 1), D(2025, 2, 28), nature=rst.NatureContrat.CDD)
    r = banc.embaucher("Roux", D(2024, 1, 1), poste=banc.nuit)
    rst.archiver_poste(banc.ctx, banc.agent, rst.ArchiverPoste(banc.adherent_id, banc.nuit))
    assert _types(_rapport(banc)) == [
        (rst.TypeAnomalie.SORTIE_OUBLIEE, (a,)), (rst.TypeAnomalie.SORTIE_OUBLIEE, (z,)),
        (rst.TypeAnomalie.CONTRAT_SUR_POSTE_ARCHIVE, (r,)),
    ]


def test_the_report_date_defaults_to_the_clock() -> None:
    banc = Banc()
    assert _rapport(banc, le=None).le == banc.horloge.instant.date()


@pytest.mark.parametrize("role", list(rst.Role))
def test_every_role_of_the_adherent_may_read_the_report(role: rst.Role) -> None:
    banc = Banc()
    assert _rapport(banc, acteur=banc.acces(role)).est_vide
