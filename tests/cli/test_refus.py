"""Bad input on every command: a French message, a non-zero exit code, never a
traceback; in ``--json`` mode the one envelope on standard output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from banc_cli import AGENT, NIR_DUPONT, Monde

from rst_effectifs.entrypoints.cli import CODE_REFUS, CODE_TECHNIQUE, CODE_USAGE, cli
from rst_effectifs.exemples import chemin_exemple

DUPONT = "<dupont>"  # replaced by Dupont's id
DSN = str(chemin_exemple("exemple.dsn"))
MALFORMEE = str(chemin_exemple("malformee.dsn"))
BAREME_2025 = ("--annee", "2024", "--regle", "present_dans_l_annee", "--bareme",
               "bareme_exemple")  # the sample prices 2025 and 2026 only (F3)

CAS: list[tuple[tuple[str, ...], int, str]] = [
    (("exemples", "--dossier", "/dev/null/exemples"), CODE_REFUS, "Fichier"),
    (("--en-tant-que", AGENT, "adherent", "creer", "--numero", "9", "--siret", "12345678901234",
      "--raison-sociale", "X", "--email-connexion", "x@x.example"), CODE_REFUS, "SIRET"),
    (("adherent", "creer", "--numero", "9", "--siret", "73282932000074", "--raison-sociale", "X",
      "--email-connexion", "x@x.example"), CODE_USAGE, "agent RST"),
    (("--en-tant-que", "pas-une-adresse", "adherent", "afficher"), CODE_REFUS, "adresse e-mail"),
    (("adherent", "afficher", "--adherent", "9999"), CODE_REFUS, "adhérent est introuvable"),
    (("--en-tant-que", "paie@x.example", "compte", "afficher"), CODE_REFUS,
     "adhérent est introuvable"),
    (("compte", "modifier", "--email-connexion", "pas-une-adresse"), CODE_REFUS,
     "adresse e-mail"),
    (("acces", "lister", "--adherent", "9999"), CODE_REFUS, "adhérent est introuvable"),
    (("acces", "accorder", "rh@emeraude.example", "--role", "lecture"), CODE_REFUS,
     "déjà un accès"),
    (("acces", "accorder", "paie@x.example"), CODE_USAGE, "--role"),
    (("acces", "modifier", "rh@emeraude.example", "--role", "lecture"), CODE_REFUS,
     "dernier administrateur"),
    (("acces", "retirer", "paie@x.example"), CODE_REFUS, "n'a pas d'accès"),
    (("postes", "ajouter", "Maçon"), CODE_REFUS, "s'appelle déjà"),
    (("postes", "ajouter", "Grutier", "--pcs", "12"), CODE_REFUS, "PCS-ESE"),
    (("postes", "lister", "--adherent", "nope"), CODE_REFUS, "introuvable"),
    (("postes", "renommer", "Plombier", "Zingueur"), CODE_REFUS, "Aucun poste"),
    (("postes", "archiver", "Plombier"), CODE_REFUS, "Aucun poste"),
    (("postes", "supprimer", "Secrétaire de direction"), CODE_REFUS, "archiv"),
    (("postes", "risques", "Maçon", "--risque", "plutonium"), CODE_USAGE, "Risque inconnu"),
    (("salaries", "embaucher", "--nom", "Petit", "--prenoms", "Lucas", "--naissance",
      "2001-11-23", "--nir", "123", "--nature", "CDD", "--debut", "2024-02-05", "--poste",
      "Maçon"), CODE_REFUS, "NIR"),
    (("salaries", "embaucher", "--nom", "Dupont", "--prenoms", "Élodie Marie", "--naissance",
      "1984-03-12", "--nature", "CDI", "--debut", "2024-02-05", "--poste", "Maçon"),
     CODE_REFUS, "déjà une fiche"),
    (("salaries", "embaucher", "--nom", "Petit", "--prenoms", "Lucas", "--naissance",
      "2001-11-23", "--nature", "42", "--debut", "2024-02-05", "--poste", "Maçon"),
     CODE_USAGE, "Nature de contrat"),
    (("salaries", "embaucher", "--nom", "Petit"), CODE_USAGE, "Il manque"),
    (("salaries", "lister", "--limite", "0"), CODE_REFUS, "taille de page"),
    (("salaries", "lister", "--limite", "beaucoup"), CODE_USAGE, "nombre entier"),
    (("salaries", "afficher", "inconnu"), CODE_REFUS, "salarié est introuvable"),
    (("salaries", "corriger", DUPONT, "--naissance", "1990-03-12"), CODE_REFUS, "NIR"),
    (("salaries", "corriger", DUPONT, "--nir", NIR_DUPONT, "--sans-nir"), CODE_USAGE,
     "pas les deux"),
    (("salaries", "annuler", "inconnu"), CODE_REFUS, "introuvable"),
    (("salaries", "fusionner", DUPONT, DUPONT), CODE_REFUS, "avec elle-même"),
    (("contrats", "ajouter", DUPONT, "--nature", "CDD", "--debut", "2010-01-01", "--fin",
      "2016-01-01", "--poste", "Maçon"), CODE_REFUS, "contrat"),
    (("contrats", "ajouter", DUPONT, "--nature", "CDD", "--debut", "2024-01-01", "--fin",
      "2023-01-01", "--poste", "Maçon"), CODE_REFUS, "fin"),
    (("contrats", "annuler", DUPONT, "inconnu"), CODE_REFUS, "introuvable"),
    (("sortir", "--le", "2024-01-01"), CODE_USAGE, "Il manque SALARIE"),
    (("sortir", DUPONT, "inconnu", "--le", "2010-01-01"), CODE_REFUS, "inconnu : Ce salarié"),
    (("reintegrer", DUPONT, "--le", "2024-01-01"), CODE_REFUS, "Aucune modification"),
    (("sortir", DUPONT, "--le", "2024-01-01", "--motif", "démission"), CODE_REFUS, "motif"),
    (("mouvements", "annuler", DUPONT, "inconnu"), CODE_REFUS, "introuvable"),
    (("effectif", "--le", "31/02/2024"), CODE_USAGE, "n'existe pas dans le calendrier"),
    (("effectif", "--le", "hier"), CODE_USAGE, "AAAA-MM-JJ"),
    (("effectif", "--du", "2024-02-01", "--au", "2024-01-01"), CODE_REFUS, "précède"),
    (("effectif", "--du", "2024-02-01"), CODE_USAGE, "--du et --au"),
    (("assiette", "--regle", "present_dans_l_annee"), CODE_USAGE, "Indiquez la période"),
    (("assiette", "--annee", "2024", "--regle", "au_doigt_mouille"), CODE_USAGE,
     "Règle de comptage inconnu"),
    (("assiette", *BAREME_2025), CODE_REFUS, "F3"),
    (("cloturer", *BAREME_2025), CODE_REFUS, "F3"),
    (("cloturer", "--annee", "2024", "--du", "2024-01-01", "--regle", "present_dans_l_annee"),
     CODE_USAGE, "pas les deux"),
    (("clotures", "lister", "--adherent", "inconnu"), CODE_REFUS, "introuvable"),
    (("clotures", "afficher", "--annee", "2020"), CODE_REFUS, "introuvable"),
    (("factures", "emettre", "--annee", "2025"), CODE_USAGE, "agent RST"),
    (("factures", "lister", "--adherent", "inconnu"), CODE_REFUS, "introuvable"),
    (("factures", "pdf", "FA-2099-000001"), CODE_REFUS, "facture est introuvable"),
    (("factures", "xml", "FA-2099-000001"), CODE_REFUS, "facture est introuvable"),
    (("verifier", "--le", "demain"), CODE_USAGE, "date"),
    (("journal", "--limite", "-1"), CODE_REFUS, "nombre positif"),
    (("importer", "dsn", "absent.dsn"), CODE_REFUS, "n'existe pas"),
    (("importer", "xml", DSN), CODE_USAGE, "Format inconnu"),
    (("importer", "dsn", MALFORMEE), CODE_REFUS, "Ligne 5"),
    (("importer", "csv", DSN), CODE_REFUS, "Ligne 1"),
    (("exporter", "effectif", "--format", "xml"), CODE_USAGE, "Format inconnu"),
    (("exporter", "effectif", "--sortie", "/dossier/absent/effectif.csv"), CODE_REFUS,
     "n'existe pas"),
    (("exporter", "assiette", *BAREME_2025), CODE_REFUS, "F3"),
    (("exporter",), CODE_USAGE, ""),
    (("demo", "--fichier", "/dossier/absent/demo.db"), CODE_TECHNIQUE, "base de données"),
    (("inconnue",), CODE_USAGE, "Commande inconnue : « inconnue »"),
    (("effectif", "--hier"), CODE_USAGE, "Option inconnue : --hier"),
    (("effectif", "--le"), CODE_USAGE, "L'option --le attend une valeur"),
    (("salaries", "afficher", DUPONT, "de trop"), CODE_USAGE, "en trop"),
    (("base", "doublons", "de trop"), CODE_USAGE, "en trop"),
    (("jetons", "emettre", " "), CODE_REFUS, "libellé du jeton"),
    (("jetons", "emettre", "Appli", "--jours", "0"), CODE_REFUS, "1 à 366 jours"),
    (("jetons", "revoquer", "inconnu"), CODE_REFUS, "jeton d'accès n'existe pas"),
    (("jetons", "lister", "--adherent", "inconnu"), CODE_REFUS, "introuvable"),
    (("--en-tant-que", AGENT, "multi-employeurs", "lister", "--annee", "99"), CODE_REFUS,
     "1900"),
    (("multi-employeurs", "lister", "--annee", "2025"), CODE_USAGE, "agent RST"),
    (("--en-tant-que", AGENT, "multi-employeurs", "enregistrer", "--annee", "2025", "--fiche",
      "sans-deux-points"), CODE_USAGE, "NUMERO_ADHERENT:ID_SALARIE"),
    (("--en-tant-que", AGENT, "multi-employeurs", "enregistrer", "--annee", "2025", "--fiche",
      f"1001:{DUPONT}", "--fiche", "1001:inconnu"), CODE_REFUS, "introuvable"),
    (("multi-employeurs", "declarer", DUPONT, "--annee", "2023"), CODE_REFUS, "2024"),
    (("multi-employeurs", "afficher", "inconnu"), CODE_REFUS, "salarié est introuvable"),
    (("base", "migrer", "de trop"), CODE_USAGE, "en trop"),
    (("base", "etat", "de trop"), CODE_USAGE, "en trop"),
    (("base", "verifier", "--revision", "0001"), CODE_USAGE, "Option inconnue : --revision"),
    (("portail", "de trop"), CODE_USAGE, "en trop"),
    (("portail", "--port", "99999"), CODE_USAGE, "99999"),
]


def _args(monde: Monde, args: tuple[str, ...]) -> list[str]:
    return [monde.dupont if a == DUPONT else a for a in args]


@pytest.mark.parametrize(("args", "code", "extrait"), CAS, ids=[" ".join(c[0])[:60] for c in CAS])
def test_bad_input_is_refused_in_french_without_a_traceback(
    monde: Monde, args: tuple[str, ...], code: int, extrait: str
) -> None:
    resultat = monde.lancer(*_args(monde, args), code=code)
    sortie = resultat.output
    assert extrait in sortie
    assert "Traceback" not in sortie and "Error:" not in sortie and "Usage:" not in sortie
    if code == CODE_REFUS:
        assert sortie.startswith("Refusé : ") and resultat.stdout == ""
    elif code == CODE_USAGE and args != ("exporter",):
        assert "Erreur d'utilisation : " in sortie


def test_every_command_has_a_refusal_case() -> None:
    def feuilles(groupe: object, chemin: tuple[str, ...]) -> set[tuple[str, ...]]:
        sous = getattr(groupe, "commands", None)
        if not sous:
            return {chemin}
        return set().union(*(feuilles(c, (*chemin, n)) for n, c in sous.items()))

    couverts = set()
    for args, _code, _extrait in CAS:
        mots = [a for a in args if not a.startswith("-") and "@" not in a]
        couverts |= {tuple(mots[:1]), tuple(mots[:2])}
    assert feuilles(cli, ()) - couverts == set()


def test_a_grouped_refusal_lists_every_failed_salarie_in_json(monde: Monde) -> None:
    resultat = monde.lancer("sortir", monde.dupont, "x1", "x2", "--le", "2010-01-01", "--json",
                            code=CODE_REFUS)
    enveloppe = json.loads(resultat.stdout)
    assert (enveloppe["ok"], enveloppe["code_sortie"], enveloppe["resultat"]) == (
        False, CODE_REFUS, None)
    erreur = enveloppe["erreur"]
    assert erreur["code"] == "requete.refus_groupe"
    assert [e["salarie_id"] for e in erreur["echecs"]] == [monde.dupont, "x1", "x2"]
    assert resultat.stderr == ""


def test_a_bad_file_lists_every_bad_line_in_json(monde: Monde) -> None:
    resultat = monde.lancer("--json", "importer", "dsn", MALFORMEE, code=CODE_REFUS)
    erreur = json.loads(resultat.stdout)["erreur"]
    assert erreur["regle"] == "I1"
    assert erreur["nombre"] == 6
    assert [e["ligne"] for e in erreur["erreurs"]] == [
        "ligne 5", "ligne 7", "ligne 10", "ligne 11", "ligne 12", "ligne 18"]


def test_an_unexpected_failure_is_a_message_not_a_traceback(
    monde: Monde, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from rst_effectifs.entrypoints.cli import effectif

    def panne(*_args: object, **_kwargs: object) -> object:
        raise RuntimeError("bug")

    monkeypatch.setattr(effectif, "executer", panne)
    sortie = monde.lancer("effectif", code=CODE_TECHNIQUE).output
    assert "Erreur inattendue (RuntimeError)" in sortie and "Traceback" not in sortie
