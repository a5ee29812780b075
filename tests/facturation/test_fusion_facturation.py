"""S5 and F4/F6: a file doubled before S2 was enforced is reported before billing, and
merging it into the kept file after a closing is regularised by the next one."""

from __future__ import annotations

import datetime as dt

from banc_facturation import AN_2025, AN_2026, NAISSANCE, Banc, D

import rst_effectifs as rst
from rst_effectifs.domain.contrats import Contrat
from rst_effectifs.testing.invariants import recalculer_clotures, verifier_regularisations

BAREME = rst.Bareme("bareme_2025", prix_sig="100", prix_sia="110",
                    prix_sir="120", droit_entree="66", forfait_etablissement="35")


def _doubler(banc: Banc, salarie_id: str, nom: str, debut: dt.date,
             fin: dt.date | None = None) -> str:
    """A second file for a person, stored without S2 (as before the fix)."""
    contrat = Contrat(id=f"{salarie_id}-c", nature=rst.NatureContrat.CDI, debut=debut,
                      poste_id=banc.vente, fin=fin)
    identite = rst.Identite(nom=nom, prenoms="Camille", date_naissance=NAISSANCE)
    salarie, _ = rst.Salarie.embaucher(salarie_id, banc.adherent_id, identite, contrat)
    with banc.ctx.unite_de_travail() as uow:
        uow.salaries.ajouter(salarie)
        uow.commit()
    return salarie_id


def _cloturer(banc: Banc, periode: tuple[D, D]) -> rst.Cloture:
    return rst.cloturer_periode(banc.ctx, banc.agent, rst.CloturerPeriode(
        banc.adherent_id, *periode, regle="present_dans_l_annee", bareme_sur_mesure=BAREME))


def _fusionner(banc: Banc, conserve: str, doublon: str) -> rst.Salarie:
    return rst.fusionner_salaries(banc.ctx, banc.agent, rst.FusionnerSalaries(
        banc.adherent_id, conserve, doublon))


def _lignes(cloture: rst.Cloture) -> list[tuple[str, str, str, int]]:
    return sorted((ligne.salarie_id, ligne.element.value, ligne.motif.split(" :")[0],
                   ligne.quantite)
                  for r in cloture.regularisations for ligne in r.lignes)


def _historique_juste(banc: Banc) -> None:
    clotures = banc.clotures()
    with banc.ctx.unite_de_travail() as uow:
        verifier_regularisations(clotures, recalculer_clotures(uow, clotures))


def test_a_doubled_file_is_reported_before_billing_then_no_more_once_merged() -> None:
    banc = Banc()
    garde = banc.embaucher("Alice", D(2020, 3, 1))
    doublon = _doubler(banc, "double", "ALICE", D(2020, 3, 1))
    commande = rst.VerifierAvantFacturation(banc.adherent_id, D(2025, 12, 1))
    rapport = rst.verifier_avant_facturation(banc.ctx, banc.agent, commande)
    assert [(a.type, a.salarie_ids) for a in rapport.anomalies] == [
        (rst.TypeAnomalie.DOUBLON, tuple(sorted((garde, doublon))))]
    assert "fusionnez" in rapport.anomalies[0].action.lower()
    _fusionner(banc, garde, doublon)
    assert rst.verifier_avant_facturation(banc.ctx, banc.agent, commande).est_vide


def test_a_person_billed_twice_in_a_closed_period_is_credited_once_at_the_next_closing(
) -> None:
    banc = Banc()
    garde = banc.embaucher("Alice", D(2020, 3, 1))
    doublon = _doubler(banc, "double", "Alice", D(2020, 3, 1))
    gelee = _cloturer(banc, AN_2025)
    assert {ligne.salarie_id for ligne in gelee.assiette.lignes} == {garde, doublon}
    _fusionner(banc, garde, doublon)
    quoi = [e.quoi for e in banc.journal()][-3:]
    assert quoi == ["salarie.fusion", "salarie.annule_par_fusion",
                    "facturation.annulation_a_regulariser"]
    suivante = _cloturer(banc, AN_2026)
    assert _lignes(suivante) == [(doublon, "cotisation", "Retiré après la clôture", -1)]
    regularisation = suivante.regularisations[0]
    assert regularisation.periode == rst.Periode(*AN_2025)
    assert regularisation.montants is not None
    assert regularisation.montants.total_ht == -100
    assert [ligne.salarie_id for ligne in suivante.assiette.lignes] == [garde]
    _historique_juste(banc)


def test_history_moved_into_a_closed_period_bills_the_kept_file_instead() -> None:
    # The duplicate carried 2025 (hired 01/06, left 31/12); the kept file starts in 2026.
    # After the merge the kept file holds 2025: -1 for the duplicate, +1 for the kept one.
    banc = Banc()
    garde = banc.embaucher("Alice", D(2026, 3, 1))
    doublon = _doubler(banc, "double", "Alice", D(2025, 6, 1), D(2025, 12, 31))
    banc.sortir(doublon, D(2025, 12, 31))
    _cloturer(banc, AN_2025)
    fusionne = _fusionner(banc, garde, doublon)
    assert fusionne.periodes_de_presence() == (
        rst.Periode(D(2025, 6, 1), D(2025, 12, 31)), rst.Periode(D(2026, 3, 1), None))
    suivante = _cloturer(banc, AN_2026)
    lignes = _lignes(suivante)
    assert (doublon, "cotisation", "Retiré après la clôture", -1) in lignes
    assert (garde, "cotisation", "Compté après la clôture", 1) in lignes
    assert sum(q for *_r, q in lignes) == 0
    _historique_juste(banc)


def test_a_merge_outside_closed_periods_regularises_nothing() -> None:
    banc = Banc()
    garde = banc.embaucher("Alice", D(2026, 3, 1))
    _cloturer(banc, AN_2025)
    doublon = _doubler(banc, "double", "Alice", D(2026, 3, 1))
    _fusionner(banc, garde, doublon)
    assert "facturation.annulation_a_regulariser" not in [e.quoi for e in banc.journal()]
    assert _cloturer(banc, AN_2026).regularisations == ()
