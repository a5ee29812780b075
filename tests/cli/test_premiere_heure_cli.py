"""A new user's first hour on the command line: what they stumbled on, each fixed and proved."""

from __future__ import annotations

import io
import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

import click
import pytest
from banc_cli import AGENT, SIRET, Lanceur, Monde

from rst_effectifs.entrypoints.cli import CODE_REFUS, CODE_USAGE, affichage, cli
from rst_effectifs.entrypoints.cli.fichiers import LignesLues as _LignesLues
from rst_effectifs.exemples import chemin_exemple

DSN = str(chemin_exemple("exemple.dsn"))


def _feuilles(groupe: click.Group, chemin: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    feuilles: list[tuple[str, ...]] = [chemin]
    for nom, commande in groupe.commands.items():
        if isinstance(commande, click.Group):
            feuilles += _feuilles(commande, (*chemin, nom))
        else:
            feuilles.append((*chemin, nom))
    return feuilles


@pytest.mark.parametrize("chemin", _feuilles(cli), ids=" ".join)
def test_every_command_s_help_ends_with_examples(lancer: Lanceur, chemin: tuple[str, ...]
                                                 ) -> None:
    aide = lancer(*chemin, "--help").output
    exemples = aide.split("Exemples:\n", 1)[1]
    assert "rst-effectifs" in exemples
    for ligne in exemples.rstrip().splitlines():
        assert ligne.startswith("  ") and "rst-effectifs " in ligne, ligne


@pytest.mark.parametrize(("args", "message"), [
    (("salarie", "lister"), "Commande inconnue : « salarie ». Vouliez-vous dire salaries ?"),
    (("postes", "ajoutr", "X"), "Vouliez-vous dire ajouter ?"),
    (("effectif", "--lee", "2024-03-31"), "Option inconnue : --lee. Vouliez-vous dire --le ?"),
])
def test_a_mistyped_command_or_option_gets_suggestions(lancer: Lanceur, args: tuple[str, ...],
                                                       message: str) -> None:
    assert message in lancer(*args, code=CODE_USAGE).stderr


@pytest.mark.parametrize("args", [
    ("--json", "salarie", "lister"),
    ("effectif", "--lee", "2024-03-31", "--json"),
    ("--json", "sortir", "x", "--le", "31/02/2024"),
    ("--json", "assiette", "--annee", "2024"),
])
def test_json_usage_errors_are_the_envelope_on_stdout(lancer: Lanceur, args: tuple[str, ...]
                                                      ) -> None:
    fait = lancer(*args, code=CODE_USAGE)
    enveloppe = json.loads(fait.stdout)
    assert set(enveloppe) == {"ok", "code_sortie", "resultat", "erreur"}
    assert (enveloppe["ok"], enveloppe["code_sortie"], enveloppe["resultat"]) == (
        False, CODE_USAGE, None)
    assert enveloppe["erreur"]["code"] == "cli.utilisation"
    assert enveloppe["erreur"]["details"]["usage"].startswith("Utilisation : rst-effectifs")
    assert fait.stderr == ""


def test_json_success_and_refusal_share_the_envelope(monde: Monde) -> None:
    lancer = monde.lancer
    succes = json.loads(lancer("--json", "effectif", "--le", "2024-03-31").stdout)
    assert (succes["ok"], succes["code_sortie"], succes["erreur"]) == (True, 0, None)
    assert succes["resultat"]["nombre"] == 1
    refus = json.loads(lancer("salaries", "afficher", "inconnu", "--json",
                              code=CODE_REFUS).stdout)
    assert (refus["ok"], refus["code_sortie"], refus["resultat"]) == (False, CODE_REFUS, None)
    assert refus["erreur"]["code"] == "salarie.introuvable"
    assiette = lancer.json("assiette", "--annee", "2024", "--regle", "present_dans_l_annee")
    assert assiette["nombre"] == 1  # like the effectif's


def test_an_import_that_imports_nobody_says_why_and_exits_1(lancer: Lanceur) -> None:
    """The hidden case: every poste unmatched printed « ce fichier est déjà importé »
    and exited 0."""
    lancer("--en-tant-que", AGENT, "adherent", "creer", "--numero", "1001", "--siret", SIRET,
           "--raison-sociale", "Sans postes", "--email-connexion", "rh@sans.example")
    fait = lancer("importer", "dsn", DSN, "--appliquer", code=CODE_REFUS)
    assert "déjà importé" not in fait.output
    assert "Rien n'a été importé : 6 personnes laissées de côté" in fait.stderr
    assert "--creer-postes" in fait.stderr
    enveloppe = lancer.json("importer", "dsn", DSN, code=CODE_REFUS)
    assert enveloppe["resultat"]["postes_non_trouves"]
    silencieux = lancer("-q", "importer", "dsn", DSN, code=CODE_REFUS)
    assert silencieux.stdout == "" and "Rien n'a été importé" in silencieux.stderr
    # each person once in the missing postes' table, however many contracts
    personnes = [n for p in enveloppe["resultat"]["postes_non_trouves"] for n in p["personnes"]]
    assert len(personnes) == len(set(personnes)) == 6


def test_quiet_prints_only_created_ids_and_refusals(monde: Monde) -> None:
    lancer = monde.lancer
    poste = lancer("-q", "postes", "ajouter", "Grutier").stdout.strip()
    lea = lancer("salaries", "embaucher", "--quiet", "--nom", "Roux", "--prenoms", "Léa",
                 "--naissance", "2001-11-23", "--nature", "CDD", "--debut", "2024-02-05",
                 "--poste", poste).stdout.strip()
    assert lancer.json("salaries", "afficher", lea)["id"] == lea
    cdi = lancer("-q", "contrats", "ajouter", lea, "--nature", "CDI", "--debut", "2024-05-01",
                 "--poste", "Grutier").stdout.strip()
    assert cdi in {c["id"] for c in lancer.json("salaries", "afficher", lea)["contrats"]}
    sortie = lancer("-q", "sortir", lea, "--le", "2024-09-30", "--motif", "31").stdout.strip()
    mouvement = lancer.json("salaries", "afficher", lea)["mouvements"][0]
    assert (mouvement["id"], mouvement["motif"]) == (sortie, "031")  # 31 reads 031
    assert lancer("-q", "effectif", "--le", "2024-03-31").stdout == ""
    refus = lancer("-q", "salaries", "afficher", "inconnu", code=CODE_REFUS)
    assert refus.stdout == "" and "Refusé" in refus.stderr


def test_long_import_tables_are_capped_unless_verbose(monde: Monde, tmp_path: Path) -> None:
    fichier = tmp_path / "grand.csv"
    fichier.write_text("nom;prenoms;date_naissance;nature;debut;poste\n" + "".join(
        f"NOM{i:02d};Prénom;1990-01-01;01;2024-01-01;Maçon\n" for i in range(25)),
        encoding="utf-8")
    court = monde.lancer("importer", "csv", str(fichier)).stdout
    assert "Nouvelles fiches (25) :" in court and "NOM19" in court and "NOM20" not in court
    assert "… et 5 ligne(s) de plus (--verbose pour tout voir)." in court
    long = monde.lancer("importer", "csv", str(fichier), "--verbose").stdout
    assert "NOM24" in long and "de plus" not in long


def test_cancelling_in_a_billed_period_says_how_and_the_way_it_says_works(monde: Monde
                                                                         ) -> None:
    lancer = monde.lancer
    lancer("cloturer", "--annee", "2024", "--regle", "present_dans_l_annee")
    refus = lancer("contrats", "annuler", monde.dupont, monde.dupont_contrat, code=CODE_REFUS)
    assert "avec régularisation" in refus.stderr and "--motif" in refus.stderr
    lancer("contrats", "annuler", monde.dupont, monde.dupont_contrat, "--motif", "Doublon")


def test_a_custom_bareme_from_a_file_and_the_legal_band_on_the_command_line(
    monde: Monde, tmp_path: Path
) -> None:
    lancer = monde.lancer
    bareme = str(chemin_exemple("bareme-2027.toml"))
    annee_2027 = ("--annee", "2027", "--regle", "present_dans_l_annee")
    inconnu = lancer.json("assiette", *annee_2027, "--bareme-fichier", bareme, code=CODE_REFUS)
    assert (inconnu["erreur"]["code"], inconnu["erreur"]["regle"]) == (
        "bareme.cout_inconnu", "F3")
    texte = lancer("assiette", *annee_2027, "--bareme-fichier", bareme, code=CODE_REFUS)
    assert "Conseil : " in texte.stderr and "--cout-moyen MONTANT" in texte.stderr
    donne = lancer.json("assiette", *annee_2027, "--bareme-fichier", bareme,
                        "--cout-moyen", "118.00")
    assert donne["bareme"] == "bareme_2027" and donne["montants"]["total_ht"] == "145.00"
    hors = lancer.json("assiette", *annee_2027, "--bareme-fichier", bareme, "--couts",
                       str(chemin_exemple("couts-moyens.toml")), "--cout-moyen", "50",
                       code=CODE_USAGE)
    assert "pas les deux" in hors["erreur"]["message"]
    mauvais = tmp_path / "faux.toml"
    mauvais.write_text('nom = "x"\nprix_sig = 110.5\n', encoding="utf-8")
    refus = lancer("assiette", *annee_2027, "--bareme-fichier", str(mauvais), code=CODE_REFUS)
    assert "Fichier « faux.toml »" in refus.stderr
    for an in ("2024", "2025", "2026"):
        lancer("cloturer", "--annee", an, "--regle", "present_dans_l_annee")
    lancer("cloturer", *annee_2027, "--bareme-fichier", bareme, "--sans-controle-bande")
    cloture = lancer.json("clotures", "afficher", "--annee", "2027")
    assert cloture["controle_bande"] == {"cout_moyen": None, "leve": True}


def test_the_current_year_is_priced_with_the_sample_bareme_and_nothing_configured(
    monde: Monde
) -> None:
    """Today (2026) with no cost, no file: the sample barème prices the year."""
    resultat = monde.lancer.json("assiette", "--annee", "2026", "--regle",
                                 "present_dans_l_annee", "--bareme", "bareme_exemple")
    assert resultat["bareme"] == "bareme_exemple" and resultat["montants"]["total_ttc"]
    avant = monde.lancer.json("assiette", "--annee", "2024", "--regle",
                              "present_dans_l_annee", "--bareme", "bareme_exemple",
                              code=CODE_REFUS)
    assert avant["erreur"]["code"] == "bareme.annee_non_couverte"


def test_shell_completion_is_available(lancer: Lanceur) -> None:
    from click.testing import CliRunner

    script = CliRunner().invoke(cli, [], prog_name="rst-effectifs",
                                env={"_RST_EFFECTIFS_COMPLETE": "bash_source"}).output
    assert "_RST_EFFECTIFS_COMPLETE=bash_complete" in script


def test_progress_counts_lines_and_people_with_their_rate() -> None:
    vus: list[int] = []
    flux = _LignesLues(cast(Any, io.BytesIO(b"a\nb\nc\n")), vus.append)
    assert [ligne for ligne in flux] == [b"a\n", b"b\n", b"c\n"] and sum(vus) == 3
    vus.clear()
    assert _LignesLues(cast(Any, io.BytesIO(b"a\nb\n")), vus.append).read() == b"a\nb\n"
    assert sum(vus) == 2
    tache = SimpleNamespace(fields={"unite": "lignes"}, completed=1234, total=5000, speed=812.4)
    assert affichage.ColonneUnites().render(cast(Any, tache)).plain == \
        "1 234/5 000 lignes · 812 lignes/s"
