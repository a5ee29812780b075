"""S5 with F4 on every storage: a person billed twice in a closed period (a file doubled
before S2 was enforced), merged, is credited once by the next closing — the same lines on
memory, SQLite and PostgreSQL, whose assiettes read the rows each save derives."""

from __future__ import annotations

import datetime as dt

import rst_effectifs as rst
from rst_effectifs.domain.contrats import Contrat

D = dt.date
AGENT = rst.AgentRst(rst.Email.parse("agent@rst.fr"))
REGLE = "present_dans_l_annee"


def _lignes(cloture: rst.Cloture) -> list[tuple[str, str, int]]:
    return sorted((ligne.salarie_id, ligne.element.value, ligne.quantite)
                  for r in cloture.regularisations for ligne in r.lignes)


def test_a_merge_after_a_closing_is_regularised_alike_on_every_storage(
    contexte: rst.Contexte,
) -> None:
    ctx = contexte
    a = rst.creer_adherent(ctx, AGENT, rst.CreerAdherent(
        "000042", "73282932000074", "Boulangerie", "contact@boulangerie.fr")).id
    poste = rst.ajouter_poste(ctx, AGENT, rst.AjouterPoste(a, "Vente")).id
    garde = rst.embaucher(ctx, AGENT, rst.EmbaucherSalarie(
        a, "Roux", "Inès", D(1990, 5, 4), rst.NouveauContrat(
            rst.NatureContrat.CDI, D(2024, 3, 1), poste)))
    # The same person hired again before S2 was enforced, with her NIR this time (so
    # that even a fixed database's unique indexes hold both files).
    identite = rst.Identite("ROUX", "ines", D(1990, 5, 4), rst.Nir("290057511800192"))
    double, _ = rst.Salarie.embaucher("double", a, identite, Contrat(
        "double-c", rst.NatureContrat.CDI, D(2024, 3, 1), poste))
    with ctx.unite_de_travail() as uow:
        uow.salaries.ajouter(double)
        uow.commit()
    premiere = rst.cloturer_periode(ctx, AGENT, rst.CloturerPeriode(
        a, D(2025, 1, 1), D(2025, 12, 31), regle=REGLE))
    assert sorted(ligne.salarie_id for ligne in premiere.assiette.lignes) == sorted(
        [garde.id, "double"])
    rapport = rst.verifier_avant_facturation(ctx, AGENT, rst.VerifierAvantFacturation(
        a, D(2026, 1, 1)))
    assert [(x.type, x.salarie_ids) for x in rapport.anomalies] == [
        (rst.TypeAnomalie.DOUBLON, tuple(sorted([garde.id, "double"])))]

    fusionne = rst.fusionner_salaries(ctx, AGENT, rst.FusionnerSalaries(a, garde.id, "double"))
    assert fusionne.identite.nir == identite.nir and len(fusionne.contrats_actifs) == 1

    suivante = rst.cloturer_periode(ctx, AGENT, rst.CloturerPeriode(
        a, D(2026, 1, 1), D(2026, 12, 31), regle=REGLE))
    assert _lignes(suivante) == [("double", "cotisation", -1)]
    assert [ligne.salarie_id for ligne in suivante.assiette.lignes] == [garde.id]
    journal = rst.consulter_journal(ctx, AGENT, rst.ConsulterJournal(a))
    assert [e.quoi for e in journal if e.salarie_id == "double"] == [
        "salarie.annule_par_fusion", "facturation.annulation_a_regulariser"]
