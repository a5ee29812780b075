"""E5 for a hire sent twice (a double click on the portal's « Embaucher »), and E3 for a
reintegration that brings its new contract (so nobody is back without one, F6)."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from portail_regles import D, Portail

import rst_effectifs as rst


def _embauche(portail: Portail, requete_id: str | None, **champs: object) -> rst.Salarie:
    commande = attrs.evolve(portail.embauche(**champs), requete_id=requete_id)  # type: ignore[arg-type]
    return rst.embaucher(portail.ctx, portail.moi, commande)


def test_e5_a_hire_sent_again_answers_the_file_it_created(portail: Portail) -> None:
    premiere = _embauche(portail, "form-1", nom="Lefebvre")
    avant = portail.instantane()
    renvoi = _embauche(portail, "form-1", nom="Lefebvre")
    assert renvoi == premiere
    assert portail.instantane() == avant
    assert [s.identite.nom for s in portail.salaries()] == ["Lefebvre"]


def test_e5_the_resend_answers_the_file_as_it_is_now(portail: Portail) -> None:
    premiere = _embauche(portail, "form-1")
    portail.sortir(premiere.id, le=D(2025, 3, 31))
    renvoi = _embauche(portail, "form-1")
    assert renvoi.id == premiere.id and not renvoi.est_dans_l_effectif


def test_e5_without_a_request_id_a_second_hire_is_still_s2(portail: Portail) -> None:
    _embauche(portail, None)
    portail.refuse(rst.RegleMetier, "salarie.deja_existant", "S2",
                   lambda: _embauche(portail, None))


def test_e5_a_hire_s_request_id_serves_that_hire_only(portail: Portail) -> None:
    lea = _embauche(portail, "form-1", nom="Durand")
    portail.refuse(rst.RegleMetier, "requete.identifiant_reutilise", "E5",
                   lambda: _embauche(portail, "form-1", nom="Martin"))
    portail.refuse(rst.RegleMetier, "requete.identifiant_reutilise", "E5",
                   lambda: portail.sortir(lea.id, le=D(2025, 3, 31), requete_id="form-1"))


def test_e5_a_refused_hire_keeps_its_request_id_free(portail: Portail) -> None:
    portail.poste("Vendeur")
    portail.refuse(rst.DonneeInvalide, "nir.invalide", "S1",
                   lambda: _embauche(portail, "form-1", nir="290057511800100"))
    assert _embauche(portail, "form-1").identite.nom == "Durand"


def _reintegrer(portail: Portail, *ids: str, jour: dt.date,
                le: rst.NouveauContrat | None = None,
                requete_id: str = "retour") -> rst.ResultatMouvements:
    return rst.reintegrer(portail.ctx, portail.moi, rst.ReintegrerDansLEffectif(
        portail.adherent_id, requete_id, ids, jour, "Retour de congé", contrat=le))


def test_e3_a_reintegration_brings_the_new_contract_of_one_whose_contract_ended(
        portail: Portail) -> None:
    sorti = portail.embaucher(nom="Sorti").id
    portail.sortir(sorti, le=D(2025, 2, 28))  # closes the CDI on that day (E3)
    en_conge = portail.embaucher(nom="Conge", fin=D(2025, 12, 31),
                                 nature=rst.NatureContrat.CDD).id
    portail.sortir(en_conge, le=D(2025, 2, 28))
    nouveau = portail.contrat(D(2025, 4, 1), nature=rst.NatureContrat.CDD,
                              fin=D(2025, 9, 30))
    resultat = _reintegrer(portail, sorti, en_conge, le=nouveau, jour=D(2025, 4, 1))
    assert {s for s, _m in resultat.mouvements} == {sorti, en_conge}
    lea = portail.salarie(sorti)
    assert [(c.debut, c.fin) for c in lea.contrats_actifs] == [
        (D(2025, 1, 6), D(2025, 2, 28)), (D(2025, 4, 1), D(2025, 9, 30))]
    assert lea.contrat_le(D(2025, 4, 1)) is not None and lea.present_le(D(2025, 4, 1))
    assert lea.mouvements_actifs[-1].motif == "Retour de congé"
    # The one whose CDD was closed by the exit gets the contract too; nothing is left
    # "present without a contract" (F6).
    rapport = rst.verifier_avant_facturation(portail.ctx, portail.moi, rst.VerifierAvantFacturation(
        portail.adherent_id, D(2025, 4, 2)))
    assert [a.code for a in rapport.anomalies if "contrat" in a.code] == []


def test_e3_the_new_contract_starts_on_the_reintegration_day(portail: Portail) -> None:
    sorti = portail.embaucher().id
    portail.sortir(sorti, le=D(2025, 2, 28))
    with pytest.raises(rst.DonneeInvalide) as refus:
        _reintegrer(portail, sorti, le=portail.contrat(D(2025, 4, 2)), jour=D(2025, 4, 1))
    assert (refus.value.code, refus.value.chemin) == ("reintegration.debut_du_contrat",
                                                      "contrat.debut")


def test_e3_the_new_contract_names_an_active_poste(portail: Portail) -> None:
    sorti = portail.embaucher().id
    portail.sortir(sorti, le=D(2025, 2, 28))
    echecs = portail.refus_groupe(lambda: _reintegrer(
        portail, sorti, le=portail.contrat(D(2025, 4, 1), poste_id="inconnu"),
        jour=D(2025, 4, 1)))
    assert [e.code for e in echecs] == ["poste.introuvable"]


def test_e5_the_contract_is_part_of_what_a_request_id_names(portail: Portail) -> None:
    sorti = portail.embaucher().id
    portail.sortir(sorti, le=D(2025, 2, 28))
    _reintegrer(portail, sorti, le=portail.contrat(D(2025, 4, 1)), jour=D(2025, 4, 1))
    avant = portail.instantane()
    assert _reintegrer(portail, sorti, le=portail.contrat(D(2025, 4, 1)),
                       jour=D(2025, 4, 1)).deja_traitee
    assert portail.instantane() == avant
    portail.refuse(rst.RegleMetier, "requete.identifiant_reutilise", "E5",
                   lambda: _reintegrer(portail, sorti, jour=D(2025, 4, 1)))
