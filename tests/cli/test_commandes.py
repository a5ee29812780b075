"""Every command's happy path on a SQLite file, in text and in ``--json``."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest
from banc_cli import AGENT, NIR_DUPONT, Lanceur, Monde, creer_monde

from rst_effectifs.entrypoints.cli import affichage, cli
from rst_effectifs.exemples import chemin_exemple


def test_help_is_french_on_every_command(lancer: Lanceur) -> None:
    def commandes(groupe: object, chemin: tuple[str, ...]) -> list[tuple[str, ...]]:
        trouvees = [chemin]
        for nom, sous in getattr(groupe, "commands", {}).items():
            trouvees += commandes(sous, (*chemin, nom))
        return trouvees

    toutes = commandes(cli, ())
    assert len(toutes) > 30
    for chemin in toutes:
        aide = lancer(*chemin, "--help").output
        assert "Utilisation : rst-effectifs" in aide, chemin
        assert "Afficher cette aide et quitter." in aide, chemin
        assert "Usage:" not in aide and "Show this message" not in aide, chemin


def test_adherent_is_created_by_an_agent_and_shown_by_number(monde: Monde) -> None:
    lancer = monde.lancer
    affiche = lancer("adherent", "afficher", "--adherent", "1001").output
    assert "Bâtiments Côte d'Émeraude" in affiche and "84205317500019" in affiche
    assert lancer.json("adherent", "afficher")["id"] == monde.adherent_id
    assert lancer.json("adherent", "afficher", "--adherent", monde.adherent_id)["numero"] == "1001"


def test_adherent_creation_prints_the_new_account(lancer: Lanceur) -> None:
    sortie = lancer("--en-tant-que", AGENT, "adherent", "creer", "--numero", "77",
                    "--siret", "73282932000074", "--raison-sociale", "Boulangerie",
                    "--email-connexion", "contact@boulangerie.example").output
    assert "Adhérent créé : numéro 77." in sortie and "contact@boulangerie.example" in sortie


def test_postes_are_added_listed_renamed_given_risks_archived_and_deleted(monde: Monde) -> None:
    lancer = monde.lancer
    assert "Poste ajouté : « Grutier »." in lancer(
        "postes", "ajouter", "Grutier", "--risque", "autorisation_conduite").output
    grutier = next(p for p in lancer.json("postes", "lister") if p["libelle"] == "Grutier")
    assert grutier["risques"] == ["autorisation_conduite"]
    renomme = lancer.json("postes", "renommer", "grutier", "Grutier à tour")
    assert renomme["libelle"] == "Grutier à tour" and renomme["id"] == grutier["id"]
    nuit = lancer.json("postes", "risques", "Grutier à tour", "--risque", "travail_de_nuit")
    assert nuit["risques"] == ["travail_de_nuit"]
    assert "SIA" in lancer("postes", "lister").output
    assert lancer.json("postes", "archiver", "Maçon")["archive"] is True
    assert "Maçon" not in {p["libelle"] for p in lancer.json("postes", "lister")}
    assert "Maçon" in {p["libelle"] for p in lancer.json("postes", "lister", "--archives")}
    assert lancer.json("postes", "supprimer", grutier["id"]) == {"supprime": grutier["id"]}
    assert "Poste supprimé : « Cariste »." in lancer("postes", "supprimer", "653a").output


def test_hiring_shows_the_file_with_a_masked_nir(monde: Monde) -> None:
    lancer = monde.lancer
    sortie = lancer("salaries", "embaucher", "--nom", "Petit", "--prenoms", "Lucas",
                    "--naissance", "23/11/2001", "--nature", "02", "--debut", "2024-02-05",
                    "--fin", "2024-04-30", "--poste", "Cariste", "--numero", "C0020").output
    assert "Salarié embauché : Petit Lucas." in sortie and "C0020" in sortie
    dupont = lancer.json("salaries", "afficher", monde.dupont)
    assert dupont["identite"]["nir"] == "2 84 03 ** *** *** **"
    texte = lancer("salaries", "afficher", monde.dupont).output
    assert NIR_DUPONT not in texte and "2 84 03 ** *** *** **" in texte
    assert "Secrétaire de direction" in texte and "C0001" in texte


def test_salaries_are_listed_with_filters_and_pages(monde: Monde) -> None:
    lancer = monde.lancer
    for nom in ("Abel", "Bernard", "Carpentier"):
        lancer("salaries", "embaucher", "--nom", nom, "--prenoms", "Jo", "--naissance",
               "1990-01-01", "--nature", "CDI", "--debut", "2024-01-01", "--poste", "Maçon")
    page = lancer.json("salaries", "lister", "--limite", "2")
    assert [s["identite"]["nom"] for s in page["salaries"]] == ["Abel", "Bernard"]
    suite = lancer.json("salaries", "lister", "--limite", "2", "--apres", page["suivant"])
    assert [s["identite"]["nom"] for s in suite["salaries"]] == ["Carpentier", "Dupont"]
    assert suite["suivant"] is None
    tout = lancer.json("salaries", "lister", "--limite", "1", "--tout")
    assert len(tout["salaries"]) == 4
    assert [s["identite"]["nom"] for s in lancer.json("salaries", "lister", "--nom", "ber")[
        "salaries"]] == ["Bernard"]
    assert len(lancer.json("salaries", "lister", "--poste", "Maçon")["salaries"]) == 3
    assert [s["identite"]["nom"] for s in lancer.json(
        "salaries", "lister", "--present-le", "2020-01-01")["salaries"]] == ["Dupont"]
    texte = lancer("salaries", "lister", "--limite", "2").output
    assert "Page suivante : --apres " + page["suivant"] in texte


def test_identity_is_corrected_on_the_same_file(monde: Monde) -> None:
    lancer = monde.lancer
    corrige = lancer.json("salaries", "corriger", monde.dupont, "--prenoms", "Élodie")
    assert corrige["id"] == monde.dupont and corrige["identite"]["prenoms"] == "Élodie"
    assert corrige["identite"]["nir"] == "2 84 03 ** *** *** **"  # kept
    sans = lancer.json("salaries", "corriger", monde.dupont, "--sans-nir")
    assert sans["identite"]["nir"] is None
    assert "Identité corrigée" in lancer("salaries", "corriger", monde.dupont,
                                         "--nir", NIR_DUPONT).output


def test_a_file_entered_by_mistake_is_cancelled(monde: Monde) -> None:
    lancer = monde.lancer
    erreur = lancer.json("salaries", "embaucher", "--nom", "Erreur", "--prenoms", "Saisie",
                         "--naissance", "1990-01-01", "--nature", "CDD", "--debut",
                         "2030-01-01", "--poste", "Maçon")
    assert lancer.json("salaries", "annuler", erreur["id"])["annule"] is True


def test_contracts_are_added_and_cancelled(monde: Monde) -> None:
    lancer = monde.lancer
    ajoute = lancer.json("contrats", "ajouter", monde.dupont, "--nature", "01", "--debut",
                         "2024-06-01", "--poste", "Maçon", "--numero", "C0002")
    assert len(ajoute["contrats"]) == 2 and ajoute["contrats"][0]["fin"] == "2024-05-31"
    nouveau = ajoute["contrats"][1]["id"]
    annule = lancer.json("contrats", "annuler", monde.dupont, nouveau)
    assert [c["annule"] for c in annule["contrats"]] == [False, True]
    texte = lancer("contrats", "ajouter", monde.dupont, "--nature", "CDI", "--debut",
                   "2024-07-01", "--poste", "632a").output
    assert "Contrat ajouté à Dupont Élodie Marie." in texte and "01/07/2024" in texte


def test_exits_and_reintegrations_of_several_at_once(monde: Monde) -> None:
    lancer = monde.lancer
    autre = lancer.json("salaries", "embaucher", "--nom", "Martin", "--prenoms", "Léa",
                        "--naissance", "1996-01-22", "--nature", "CDI", "--debut",
                        "2024-01-02", "--poste", "Maçon")["id"]
    sortie = lancer.json("sortir", monde.dupont, autre, "--le", "2024-03-31", "--motif", "059",
                         "--requete", "r1")
    assert [p[0] for p in sortie["mouvements"]] == [monde.dupont, autre]
    assert lancer.json("effectif", "--le", "2024-04-01")["nombre"] == 0
    again = lancer.json("sortir", monde.dupont, autre, "--le", "2024-03-31", "--motif", "059",
                        "--requete", "r1")
    assert again["deja_traitee"] is True
    texte = lancer("reintegrer", monde.dupont, "--le", "2024-05-01").output
    assert "1 salarié réintégré dans l'effectif à partir du 01/05/2024." in texte
    assert lancer.json("effectif", "--le", "2024-05-01")["nombre"] == 1
    mouvement = lancer.json("salaries", "afficher", autre)["mouvements"][0]["id"]
    annule = lancer.json("mouvements", "annuler", autre, mouvement)
    assert annule["mouvements"][0]["annule"] is True


def test_effectif_on_a_date_and_over_a_period(monde: Monde) -> None:
    lancer = monde.lancer
    texte = lancer("effectif", "--le", "2024-03-31").output
    assert "Effectif au 31/03/2024 : 1 salarié" in texte and "Dupont" in texte
    assert "SIG 1, SIA 0, SIR 0" in texte
    periode = lancer.json("effectif", "--du", "2010-01-01", "--au", "2015-12-31")
    assert periode["nombre"] == 1 and periode["debut"] == "2010-01-01"
    assert lancer.json("effectif", "--du", "2010-01-01", "--au", "2014-12-31")["nombre"] == 0


def test_assiette_close_and_closings(monde: Monde) -> None:
    lancer = monde.lancer
    assiette = lancer.json("assiette", "--annee", "2026", "--regle", "present_dans_l_annee",
                           "--bareme", "bareme_exemple")
    assert assiette["montants"]["total_ht"] == "135.00"  # 100 + 35
    texte = lancer("assiette", "--du", "2026-01-01", "--au", "2026-12-31", "--regle",
                   "present_au_1er_janvier", "--bareme", "bareme_exemple").output
    assert "Total TTC" in texte and "162.00" in texte
    cloture = lancer.json("cloturer", "--annee", "2024", "--regle", "present_dans_l_annee")
    assert cloture["assiette"]["lignes"][0]["salarie_id"] == monde.dupont
    liste = lancer.json("clotures", "lister")
    assert [c["periode"]["debut"] for c in liste] == ["2024-01-01"]
    assert "clôturée le" in lancer("clotures", "afficher", "--annee", "2024").output
    assert lancer.json("adherent", "afficher")["cloture_au"] == "2024-12-31"


def test_billing_runs_over_every_member(monde: Monde) -> None:
    lancer = monde.lancer
    lancer("--en-tant-que", AGENT, "adherent", "creer", "--numero", "1002", "--siret",
           "73282932000074", "--raison-sociale", "Boulangerie", "--email-connexion",
           "b@boulangerie.example")
    agent = ("--en-tant-que", AGENT)
    tous = lancer.json(*agent, "assiette", "--annee", "2024", "--regle",
                       "present_dans_l_annee", "--tous")
    assert len(tous["resultats"]) == 2 and tous["refus"] == []
    verifs = lancer.json(*agent, "verifier", "--tous", "--le", "2024-12-31")
    assert len(verifs["resultats"]) == 2
    clos = lancer.json(*agent, "cloturer", "--annee", "2024", "--regle",
                       "present_dans_l_annee", "--tous")
    assert len(clos["resultats"]) == 2
    # Closing again: each member refuses (F4); every refusal is listed, exit code 1.
    encore = lancer(*agent, "cloturer", "--annee", "2024", "--regle", "present_dans_l_annee",
                    "--tous", code=1)
    assert encore.output.count("cloture.deja_faite") == 2
    en_json = lancer.json(*agent, "cloturer", "--annee", "2024", "--regle",
                          "present_dans_l_annee", "--tous", code=1)
    assert [r["code"] for r in en_json["resultat"]["refus"]] == ["cloture.deja_faite"] * 2


def test_pre_billing_checks(monde: Monde) -> None:
    lancer = monde.lancer
    lancer("salaries", "embaucher", "--nom", "Rousseau", "--prenoms", "Théo", "--naissance",
           "1987-05-13", "--nature", "CDD", "--debut", "2023-10-02", "--fin", "2024-03-15",
           "--poste", "Cariste")
    rapport = lancer.json("verifier", "--le", "2024-06-30")
    assert [a["type"] for a in rapport["anomalies"]] == ["sortie_oubliee"]
    assert "Sortez-le de l'effectif au 15/03/2024" in lancer("verifier", "--le",
                                                             "2024-06-30").output
    assert "Aucune anomalie" in lancer("verifier", "--le", "2024-03-15").output


def test_journal_lists_who_did_what(monde: Monde) -> None:
    lancer = monde.lancer
    entrees = lancer.json("journal", "--limite", "0")
    quoi = [e["quoi"] for e in entrees]
    assert quoi[0] == "adherent.cree" and "salarie.embauche" in quoi
    assert {e["qui"] for e in entrees} == {AGENT, "rh@emeraude.example"}
    lancer("acces", "accorder", "paie@emeraude.example", "--role", "declaration")
    lancer("--en-tant-que", "paie@emeraude.example", "salaries", "corriger", monde.dupont,
           "--prenoms", "Élodie")
    dernier = lancer.json("journal", "--limite", "1", "--salarie", monde.dupont)
    assert len(dernier) == 1 and dernier[0]["qui"] == "paie@emeraude.example"
    assert "paie@emeraude.example" in lancer("journal").output


def test_import_is_a_dry_run_until_applied(monde: Monde, tmp_path: Path) -> None:
    lancer = monde.lancer
    dsn = str(chemin_exemple("exemple.dsn"))
    avant = lancer.photo()
    simulation = lancer("importer", "dsn", dsn).output
    assert "Simulation : rien n'a été enregistré" in simulation and "GARNIER" in simulation
    assert lancer.photo() == avant
    plan = lancer.json("importer", "dsn", dsn, "--appliquer", "--creer-postes")
    assert plan["applique"] is True and len(plan["embauches"]) == 5
    assert [p["libelle"] for p in plan["postes_crees"]] == ["ELECTRICIEN", "Grutier"]
    csv = lancer.json("importer", "csv", str(chemin_exemple("salaries.csv")), "--creer-postes")
    assert csv["applique"] is False and csv["embauches"]


def test_exports_of_effectif_and_assiette(monde: Monde, tmp_path: Path) -> None:
    lancer = monde.lancer
    csv = lancer("exporter", "effectif", "--le", "2024-03-31").stdout
    assert csv.splitlines() == ["salarie_id;nom;prenoms;type_de_suivi",
                                f"{monde.dupont};Dupont;Élodie Marie;SIG"]
    effectif = json.loads(lancer("exporter", "effectif", "--du", "2024-01-01", "--au",
                                 "2024-12-31", "--format", "json").stdout)
    assert effectif["nombre"] == 1
    fichier = tmp_path / "assiette.csv"
    lancer("exporter", "assiette", "--annee", "2026", "--regle", "present_dans_l_annee",
           "--bareme", "bareme_exemple", "--sortie", str(fichier))
    lignes = fichier.read_text(encoding="utf-8").splitlines()
    assert lignes[0].startswith("salarie_id;nom;prenoms;type_de_suivi;motif")
    assert lignes[1].endswith(";oui;non;100.00")
    assiette = json.loads(lancer("exporter", "assiette", "--annee", "2024", "--regle",
                                 "present_dans_l_annee", "--format", "json").stdout)
    assert assiette["lignes"][0]["salarie_id"] == monde.dupont


def test_the_only_adherent_is_the_default_and_two_need_a_choice(lancer: Lanceur) -> None:
    creer_monde(lancer)
    lancer("--en-tant-que", AGENT, "adherent", "creer", "--numero", "1002", "--siret",
           "73282932000074", "--raison-sociale", "Boulangerie", "--email-connexion",
           "b@boulangerie.example")
    refus = lancer("postes", "lister", code=2)
    assert "plusieurs adhérents" in refus.output
    assert lancer.json("postes", "lister", "--adherent", "1002") == []


def test_progress_bars_only_on_a_terminal_and_never_in_json(
    monkeypatch: pytest.MonkeyPatch, monde: Monde
) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(sys, "stdout", Terminal())
    assert affichage.progression_visible(en_json_=False) is True
    assert affichage.progression_visible(en_json_=True) is False
    with affichage.progression(True) as barre:
        assert barre is not None
    monkeypatch.setattr(sys, "stdout", io.StringIO())
    assert affichage.progression_visible(en_json_=False) is False
    with affichage.progression(False) as barre:
        assert barre is None
    monkeypatch.undo()
    sortie = monde.lancer("importer", "dsn", str(chemin_exemple("exemple.dsn"))).output
    assert "Lecture de exemple.dsn" not in sortie and "Préparation du plan" not in sortie
