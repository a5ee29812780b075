"""Billing on SQL (F2, F4, F5): closings are stored as they were billed and read back
exactly; assiettes, closings and regularisations answer the same as in memory."""

from __future__ import annotations

import datetime as dt
from typing import Any

from portail_sql import AGENT, contrat, ids_sequentiels, nouvel_adherent, tenter

import rst_effectifs as rst

AN = {an: (dt.date(an, 1, 1), dt.date(an, 12, 31)) for an in (2024, 2025, 2026)}
BAREME = rst.Bareme("bareme_2025", prix_sig="100", prix_sia="110", prix_sir="120",
                    droit_entree="66", forfait_etablissement="35")
COUT_2024 = "115.50"  # F3: the library knows no 2024 cost; the caller gives one


def scenario_facturation(ctx: rst.Contexte) -> list[tuple[str, Any]]:
    reponses: list[tuple[str, Any]] = []

    def pas(nom: str, action: Any) -> Any:
        resultat = tenter(action)
        reponses.append((nom, resultat))
        return resultat

    adherent, moi = nouvel_adherent(ctx)
    autre, _ = nouvel_adherent(ctx, 2, raison_sociale="Garage Durand")
    a = adherent.id
    vente = rst.ajouter_poste(ctx, moi, rst.AjouterPoste(a, "Vendeuse"))
    nuit = rst.ajouter_poste(ctx, moi, rst.AjouterPoste(
        a, "Boulanger de nuit", frozenset({rst.Risque.TRAVAIL_DE_NUIT})))
    embauches = {}
    for nom, debut, fin, poste, nature in (
        ("Alice", dt.date(2020, 3, 1), None, vente, rst.NatureContrat.CDI),
        ("Bruno", dt.date(2024, 5, 2), dt.date(2024, 5, 20), vente, rst.NatureContrat.CDD),
        ("Chloé", dt.date(2024, 11, 4), None, nuit, rst.NatureContrat.CDI),
        ("Damien", dt.date(2024, 7, 1), None, vente, rst.NatureContrat.MISSION_INTERIM),
    ):
        embauches[nom] = rst.embaucher(ctx, moi, rst.EmbaucherSalarie(
            a, nom=nom, prenoms="X", date_naissance=dt.date(1990, 1, 1),
            contrat=contrat(poste.id, debut, fin=fin, nature=nature)))
    for regle in ("present_au_1er_janvier", "present_dans_l_annee",
                  "embauches_plus_de_31_jours"):
        pas(f"assiette 2024 {regle}", lambda regle=regle: rst.calculer_assiette(
            ctx, moi, rst.CalculerAssiette(a, *AN[2024], regle=regle,
                                           bareme_sur_mesure=BAREME, cout_moyen=COUT_2024)))
    pas("cloture 2024", lambda: rst.cloturer_periode(ctx, AGENT, rst.CloturerPeriode(
        a, *AN[2024], regle="embauches_plus_de_31_jours", bareme_sur_mesure=BAREME,
        cout_moyen=COUT_2024)))
    pas("cloture 2024 encore", lambda: rst.cloturer_periode(ctx, AGENT, rst.CloturerPeriode(
        a, *AN[2024], regle="embauches_plus_de_31_jours", bareme_sur_mesure=BAREME,
        cout_moyen=COUT_2024)))
    # Late news about 2024: an exit dated inside it, a hire dated inside it.
    pas("sortie tardive", lambda: rst.sortir(ctx, moi, rst.SortirDeLEffectif(
        a, "sortie-tardive", (embauches["Alice"].id,), le=dt.date(2024, 12, 31))))
    pas("embauche tardive", lambda: rst.embaucher(ctx, moi, rst.EmbaucherSalarie(
        a, nom="Émile", prenoms="Y", date_naissance=dt.date(2007, 6, 1),
        contrat=contrat(vente.id, dt.date(2024, 10, 1)))))
    pas("cloture 2025", lambda: rst.cloturer_periode(ctx, AGENT, rst.CloturerPeriode(
        a, *AN[2025], regle="embauches_plus_de_31_jours", bareme_sur_mesure=BAREME)))
    pas("cloture non contigue", lambda: rst.cloturer_periode(ctx, AGENT, rst.CloturerPeriode(
        a, dt.date(2026, 2, 1), dt.date(2026, 12, 31), regle="present_dans_l_annee")))
    pas("consulter 2024", lambda: rst.consulter_cloture(ctx, moi, rst.ConsulterCloture(
        a, *AN[2024])))
    pas("consulter inconnue", lambda: rst.consulter_cloture(ctx, moi, rst.ConsulterCloture(
        a, *AN[2026])))
    pas("lister", lambda: rst.lister_clotures(ctx, moi, rst.ListerClotures(a)))
    pas("lister autre", lambda: rst.lister_clotures(ctx, AGENT, rst.ListerClotures(autre.id)))
    pas("adherent", lambda: rst.consulter_adherent(ctx, moi, rst.ConsulterAdherent(a)))
    with ctx.unite_de_travail() as uow:
        regle = rst.REGLES_PREDEFINIES["present_dans_l_annee"]
        reponses.append(("tous", tuple(uow.facturation.assiette_de_tous(
            rst.Periode(*AN[2025]), regle, BAREME))))
        reponses.append(("journal", tuple(uow.journal.lister(a))))
    return reponses


def test_billing_answers_the_same_on_every_storage(fabrique_contexte):
    attendu = scenario_facturation(
        rst.en_memoire(horloge=rst.HorlogeFixe(), nouvel_id=ids_sequentiels()))
    obtenu = scenario_facturation(
        fabrique_contexte(horloge=rst.HorlogeFixe(), nouvel_id=ids_sequentiels()))

    assert [nom for nom, _ in obtenu] == [nom for nom, _ in attendu]
    for (nom, reponse), (_, reference) in zip(obtenu, attendu, strict=True):
        assert reponse == reference, nom


def test_the_billing_scenario_closes_and_regularises():
    etapes = dict(scenario_facturation(
        rst.en_memoire(horloge=rst.HorlogeFixe(), nouvel_id=ids_sequentiels())))
    assert etapes["cloture 2024 encore"].code == "cloture.deja_faite"
    assert etapes["cloture 2025"].regularisations  # the late news about 2024
    assert etapes["consulter 2024"] == etapes["cloture 2024"]
    assert etapes["consulter inconnue"].code == "cloture.introuvable"
    assert etapes["lister"] == (etapes["cloture 2024"], etapes["cloture 2025"])
    assert len(etapes["tous"]) == 2


def une_cloture_2024(contexte: rst.Contexte) -> tuple[rst.Adherent, rst.Acteur, rst.Cloture]:
    """One adherent with one salarié (a name beyond ASCII), its 2024 closed and priced."""
    adherent, moi = nouvel_adherent(contexte)
    poste = rst.ajouter_poste(contexte, moi, rst.AjouterPoste(adherent.id, "Vendeuse"))
    rst.embaucher(contexte, moi, rst.EmbaucherSalarie(
        adherent.id, nom="O'Brien 😀", prenoms="Zoë", date_naissance=dt.date(1990, 1, 1),
        contrat=contrat(poste.id, dt.date(2024, 2, 1))))
    cloture = rst.cloturer_periode(contexte, AGENT, rst.CloturerPeriode(
        adherent.id, *AN[2024], regle="present_dans_l_annee", bareme_sur_mesure=BAREME,
        cout_moyen=COUT_2024))
    return adherent, moi, cloture


def test_a_closing_reads_back_exactly_as_stored(contexte):
    adherent, moi, cloture = une_cloture_2024(contexte)
    relue = rst.consulter_cloture(contexte, moi, rst.ConsulterCloture(adherent.id, *AN[2024]))
    assert relue == cloture
    assert relue.controle_bande == rst.ControleBande(rst.CoutMoyenNational(2024, COUT_2024))
    assert relue.cloturee_le.tzinfo is not None
    assert relue.assiette.montants is not None
