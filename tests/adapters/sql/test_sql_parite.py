"""Memory, SQLite and PostgreSQL give the same answers to the same use cases (F5)."""

from __future__ import annotations

from portail_sql import Refus, ids_sequentiels, scenario_portail

import rst_effectifs as rst


def test_portal_scenario_answers_the_same_on_every_storage(fabrique_contexte):
    reference = scenario_portail(
        rst.en_memoire(horloge=rst.HorlogeFixe(), nouvel_id=ids_sequentiels()))
    obtenu = scenario_portail(
        fabrique_contexte(horloge=rst.HorlogeFixe(), nouvel_id=ids_sequentiels()))

    assert [nom for nom, _ in obtenu] == [nom for nom, _ in reference]
    for (nom, attendu), (_, reponse) in zip(reference, obtenu, strict=True):
        assert reponse == attendu, nom


def test_portal_scenario_exercises_refusals_and_results():
    """The scenario itself is worth comparing: it refuses and accepts what it should."""
    etapes = dict(scenario_portail(
        rst.en_memoire(horloge=rst.HorlogeFixe(), nouvel_id=ids_sequentiels())))

    assert etapes["doublon par NIR"] == Refus("RegleMetier", "salarie.deja_existant", "S2")
    assert etapes["doublon par nom"] == Refus("RegleMetier", "salarie.deja_existant", "S2")
    assert etapes["poste doublon"].code == "poste.libelle_existant"
    assert etapes["contrat chevauchant"].code == "contrat.chevauchement"
    assert etapes["sortie renvoyee"].deja_traitee
    refus = etapes["sortie refusee"]
    assert refus.code == "requete.refus_groupe"
    assert {e.salarie_id for e in refus.echecs} == {etapes["embauche Dupont"].id, "inconnu"}
    assert etapes["effectif au 2025-10-01"].nombre == 2
    assert etapes["effectif 2025"].nombre == 5  # the cancelled file never counts
    tom = etapes["embauche Petit"].id
    types = {ligne.salarie_id: ligne.type_de_suivi for ligne in etapes["effectif 2025"].lignes}
    assert types[tom] is rst.TypeDeSuivi.SIA  # P3: a minor on a SIG poste
    fin_2025, debut_2026 = etapes["effectif au 2025-10-01"], etapes["effectif au 2026-03-01"]
    assert debut_2026.salarie_ids == fin_2025.salarie_ids
    assert etapes["liste curseur inconnu"].code == "salarie.introuvable"
    assert len(etapes["journal"]) > 20
