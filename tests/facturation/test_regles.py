"""Counting rules as configuration: their edge cases, their input checks, who may read."""

from __future__ import annotations

import pytest
from banc_facturation import AN_2025, Banc, D

import rst_effectifs as rst
from rst_effectifs.domain.facturation import REGLES_PREDEFINIES, periodes_comptables

MISSION = rst.NatureContrat.MISSION_INTERIM
CDD = rst.NatureContrat.CDD


def _regle(**champs: object) -> rst.RegleDeComptage:
    valeurs: dict[str, object] = {"nom": "essai", "mode": rst.ModeDeComptage.PRESENT_DANS_L_ANNEE,
                                  **champs}
    return rst.RegleDeComptage(**valeurs)


def _compte(banc: Banc, regle: rst.RegleDeComptage) -> set[str]:
    return {ligne.salarie_id for ligne in banc.assiette(AN_2025, regle=None,
                                                       regle_sur_mesure=regle).lignes}


def test_a_mission_then_a_direct_hire_counts_from_the_direct_contract() -> None:
    # Mission 01/01–31/03/2025, then (C3) a CDI from 01/04/2025: under
    # embauches_plus_de_31_jours the mission days do not count, the CDI days do.
    banc = Banc()
    sid = banc.embaucher("Martin", D(2025, 1, 1), D(2025, 3, 31), nature=MISSION)
    banc.ajouter_contrat(sid, D(2025, 4, 1), nature=rst.NatureContrat.CDI)
    ligne = banc.assiette(AN_2025, "embauches_plus_de_31_jours").lignes[0]
    assert (ligne.du, ligne.au, ligne.droit_entree) == (D(2025, 4, 1), D(2025, 12, 31), True)


def test_an_excluded_mission_breaks_a_chain() -> None:
    # CDD 20 days, mission 10 days, CDD 20 days: no chain of over 31 days -> not counted.
    banc = Banc()
    sid = banc.embaucher("Martin", D(2025, 1, 1), D(2025, 1, 20), nature=CDD)
    banc.ajouter_contrat(sid, D(2025, 1, 21), D(2025, 1, 30), nature=MISSION)
    banc.ajouter_contrat(sid, D(2025, 1, 31), D(2025, 2, 19), nature=CDD)
    banc.sortir(sid, D(2025, 2, 19))
    assert _compte(banc, REGLES_PREDEFINIES["embauches_plus_de_31_jours"]) == set()
    assert _compte(banc, REGLES_PREDEFINIES["present_dans_l_annee"]) == {sid}


def test_a_gap_between_contracts_starts_a_new_chain() -> None:
    # CDD 01/01–20/01, CDD 22/01–10/02 (one day off in between): 20 and 20 days, two
    # chains, neither over 31 days.
    banc = Banc()
    sid = banc.embaucher("Martin", D(2025, 1, 1), D(2025, 1, 20), nature=CDD)
    banc.ajouter_contrat(sid, D(2025, 1, 22), D(2025, 2, 10), nature=CDD)
    banc.sortir(sid, D(2025, 2, 10))
    assert _compte(banc, REGLES_PREDEFINIES["embauches_plus_de_31_jours"]) == set()


def test_a_contract_without_end_counts_as_long_from_its_first_day() -> None:
    banc = Banc()
    sid = banc.embaucher("Martin", D(2025, 12, 31), nature=CDD)
    assert _compte(banc, REGLES_PREDEFINIES["embauches_plus_de_60_jours"]) == {sid}


def test_a_forgotten_exit_after_a_short_contract_bills_nothing() -> None:
    # CDD of 10 days, no exit recorded: present in the headcount, but the days after the
    # contract are governed by that short contract, so it never counts.
    banc = Banc()
    sid = banc.embaucher("Martin", D(2025, 3, 1), D(2025, 3, 10), nature=CDD)
    assert _compte(banc, REGLES_PREDEFINIES["embauches_plus_de_31_jours"]) == set()
    assert _compte(banc, REGLES_PREDEFINIES["present_dans_l_annee"]) == {sid}


def test_countable_days_are_presence_days_governed_by_eligible_contracts() -> None:
    banc = Banc()
    sid = banc.embaucher("Martin", D(2025, 1, 1), D(2025, 2, 15), nature=CDD)
    banc.sortir(sid, D(2025, 2, 15))
    banc.reintegrer(sid, D(2025, 6, 1))
    salarie = next(s for s in banc.salaries() if s.id == sid)
    assert periodes_comptables(salarie, REGLES_PREDEFINIES["embauches_plus_de_31_jours"]) == (
        rst.Periode(D(2025, 1, 1), D(2025, 2, 15)), rst.Periode(D(2025, 6, 1), None))


def test_a_cancelled_file_never_counts() -> None:
    banc = Banc()
    sid = banc.embaucher("Martin", D(2025, 3, 1))
    rst.annuler_salarie(banc.ctx, banc.agent, rst.AnnulerSalarie(banc.adherent_id, sid))
    assert banc.assiette(AN_2025).lignes == ()


@pytest.mark.parametrize(("champs", "code"), [
    ({"mode": "present_au_1er_janvier"}, "regle.mode_inconnu"),
    ({"duree_min_embauche_jours": -1}, "regle.duree_invalide"),
    ({"duree_min_embauche_jours": 31.0}, "regle.duree_invalide"),
    ({"duree_min_embauche_jours": True}, "regle.duree_invalide"),
    ({"natures_exclues": {"03"}}, "regle.nature_inconnue"),
    ({"nom": "  "}, "facturation.nom_invalide"),
])
def test_a_malformed_rule_is_refused_with_its_field(champs: dict[str, object],
                                                    code: str) -> None:
    with pytest.raises(rst.DonneeInvalide) as info:
        _regle(**champs)
    assert info.value.code == code


def test_a_rule_round_trips_through_json() -> None:
    regle = REGLES_PREDEFINIES["embauches_plus_de_31_jours"]
    texte = rst.ecrire(regle)
    assert '"natures_exclues": ["03"]' in texte
    assert rst.lire(texte, rst.RegleDeComptage) == regle


def test_presets_are_read_only() -> None:
    with pytest.raises(TypeError):
        REGLES_PREDEFINIES["autre"] = _regle()  # type: ignore[index]


@pytest.mark.parametrize("champs", [
    {"regle": None},
    {"regle": "present_dans_l_annee",
     "regle_sur_mesure": REGLES_PREDEFINIES["present_dans_l_annee"]},
    {"regle": "present_dans_l_annee", "bareme": "bareme_exemple",
     "bareme_sur_mesure": rst.BAREMES_PREDEFINIS["bareme_exemple"]},
])
def test_a_command_names_exactly_one_rule_and_at_most_one_bareme(
    champs: dict[str, object]
) -> None:
    with pytest.raises(rst.DonneeInvalide):
        rst.CalculerAssiette("a", D(2025, 1, 1), D(2025, 12, 31), **champs)  # type: ignore[arg-type]


def test_a_period_ending_before_it_starts_is_refused() -> None:
    with pytest.raises(rst.DonneeInvalide) as info:
        rst.CalculerAssiette("a", D(2025, 1, 1), D(2024, 12, 31), regle="present_dans_l_annee")
    assert info.value.code == "periode.invalide"


def test_an_unknown_rule_name_lists_the_presets() -> None:
    banc = Banc()
    erreur = banc.refuse(rst.Introuvable, "regle.inconnue", "F2",
                         lambda: banc.assiette(AN_2025, "au_doigt_mouille"))
    assert "embauches_plus_de_31_jours" in erreur.message


@pytest.mark.parametrize("role", [rst.Role.ADMINISTRATEUR, rst.Role.FACTURATION])
def test_billing_and_administrator_roles_read_the_assiette(role: rst.Role) -> None:
    banc = Banc()
    banc.embaucher("Martin", D(2025, 3, 1))
    assiette = rst.calculer_assiette(banc.ctx, banc.acces(role), rst.CalculerAssiette(
        banc.adherent_id, *AN_2025, regle="present_dans_l_annee"))
    assert assiette.nombre == 1


@pytest.mark.parametrize("role", [rst.Role.DECLARATION, rst.Role.LECTURE])
def test_other_roles_do_not_read_the_assiette(role: rst.Role) -> None:
    banc = Banc()
    banc.refuse(rst.AccesInterdit, "acces.interdit", "A3", lambda: rst.calculer_assiette(
        banc.ctx, banc.acces(role),
        rst.CalculerAssiette(banc.adherent_id, *AN_2025, regle="present_dans_l_annee")))


def test_another_adherents_assiette_answers_not_found() -> None:
    banc = Banc()
    etranger = banc.acces(rst.Role.ADMINISTRATEUR, adherent_id="autre")
    banc.refuse(rst.Introuvable, "adherent.introuvable", "A4", lambda: rst.calculer_assiette(
        banc.ctx, etranger,
        rst.CalculerAssiette(banc.adherent_id, *AN_2025, regle="present_dans_l_annee")))
