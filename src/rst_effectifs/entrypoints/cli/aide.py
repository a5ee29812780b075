"""Every command's examples, shown as the last section of its ``--help`` ("Exemples").

They follow the session of ``docs/cli.md`` (the same adherent, postes and files; ``$LEA``
stands for an id a previous command printed with ``--quiet``). A group shows the first
example of each of its commands. :func:`ajouter_exemples` attaches them; a test checks
that no command is left without one.
"""

from __future__ import annotations

import click

__all__ = ["EXEMPLES", "ajouter_exemples"]

EXEMPLES: dict[str, tuple[str, ...]] = {
    "": ("rst-effectifs demo",
         "rst-effectifs --db sqlite:///rst.db effectif --le 2024-03-31",
         "rst-effectifs salaries embaucher --help"),
    "adherent creer": (
        "rst-effectifs --en-tant-que agent@rst.example adherent creer --numero 1001 "
        "--siret 84205317500019 --raison-sociale \"Bâtiments Côte d'Émeraude\" "
        "--email-connexion rh@emeraude.example",),
    "adherent afficher": ("rst-effectifs adherent afficher --adherent 1001",),
    "compte afficher": ("rst-effectifs compte afficher",),
    "compte modifier": ("rst-effectifs compte modifier --raison-sociale \"Émeraude BTP\"",
                        "rst-effectifs compte modifier --numero-teledeclarant T123456"),
    "acces lister": ("rst-effectifs acces lister",),
    "jetons emettre": ("rst-effectifs jetons emettre \"Application RST\" --jours 30",),
    "jetons lister": ("rst-effectifs jetons lister",),
    "jetons revoquer": ("rst-effectifs jetons revoquer $JETON",),
    "acces accorder": ("rst-effectifs acces accorder paie@emeraude.example --role declaration "
                       "--role lecture",),
    "acces modifier": ("rst-effectifs acces modifier paie@emeraude.example --role facturation",),
    "acces retirer": ("rst-effectifs acces retirer paie@emeraude.example",),
    "postes ajouter": ("rst-effectifs postes ajouter Cariste --pcs 653a "
                       "--risque autorisation_conduite",
                       "rst-effectifs postes ajouter \"Conducteur de travaux\" "
                       "--justification-sir \"Travail isolé en hauteur\""),
    "postes lister": ("rst-effectifs postes lister", "rst-effectifs postes lister --archives"),
    "postes renommer": ("rst-effectifs postes renommer Magasinier \"Magasinier de nuit\"",),
    "postes archiver": ("rst-effectifs postes archiver \"Magasinier de nuit\"",),
    "postes supprimer": ("rst-effectifs postes supprimer \"Conducteur de travaux\"",),
    "postes risques": ("rst-effectifs postes risques 653a --risque autorisation_conduite "
                       "--risque travail_de_nuit",),
    "salaries embaucher": (
        "LEA=$(rst-effectifs -q salaries embaucher --nom Roux --prenoms Camille "
        "--naissance 23/11/2001 --nature CDD --debut 2024-02-05 --fin 2024-04-30 "
        "--poste Cariste)",),
    "salaries lister": ("rst-effectifs salaries lister --present-le 2024-03-31",
                        "rst-effectifs salaries lister --nom rou --tout"),
    "salaries afficher": ("rst-effectifs salaries afficher $LEA",),
    "salaries corriger": ("rst-effectifs salaries corriger $LEA --nir 201117511234520",
                          "rst-effectifs salaries corriger $LEA --prenoms \"Camille Marie\""),
    "salaries fusionner": ("rst-effectifs verifier --le 2024-12-31",
                           "rst-effectifs salaries fusionner $LEA $DOUBLON"),
    "salaries annuler": ("rst-effectifs salaries annuler $LEA",),
    "contrats ajouter": ("CDI=$(rst-effectifs -q contrats ajouter $LEA --nature CDI "
                         "--debut 2024-05-01 --poste Cariste)",),
    "contrats annuler": ("rst-effectifs contrats annuler $LEA $CDI",
                         "rst-effectifs contrats annuler $LEA $CDI --motif \"Saisi par erreur\""),
    "sortir": ("SORTIE=$(rst-effectifs -q sortir $LEA --le 2024-09-30 --motif 59)",
               "rst-effectifs sortir $LEA $TOM --le 2024-10-31 --motif 031 --requete fin-octobre"),
    "reintegrer": ("rst-effectifs reintegrer $LEA --le 2024-12-02",),
    "mouvements annuler": ("rst-effectifs mouvements annuler $LEA $SORTIE",
                           "rst-effectifs mouvements annuler $LEA $SORTIE --motif \"Erreur\""),
    "effectif": ("rst-effectifs effectif --le 2024-03-31",
                 "rst-effectifs effectif --du 2024-01-01 --au 2024-12-31"),
    "assiette": ("rst-effectifs assiette --annee 2026 --regle present_dans_l_annee "
                 "--bareme bareme_exemple",
                 "rst-effectifs assiette --annee 2027 --regle present_dans_l_annee "
                 "--bareme-fichier bareme-2027.toml --couts couts-moyens.toml"),
    "cloturer": ("rst-effectifs cloturer --annee 2024 --regle present_dans_l_annee",),
    "clotures lister": ("rst-effectifs clotures lister",),
    "clotures afficher": ("rst-effectifs clotures afficher --annee 2024",),
    "verifier": ("rst-effectifs verifier --le 2024-12-31",
                 "rst-effectifs --en-tant-que agent@rst.example verifier --tous"),
    "journal": ("rst-effectifs journal --salarie $LEA --limite 5",),
    "multi-employeurs lister": ("rst-effectifs --en-tant-que agent@rst.example "
                                "multi-employeurs lister --annee 2025",),
    "multi-employeurs enregistrer": ("rst-effectifs --en-tant-que agent@rst.example "
                                     "multi-employeurs enregistrer --annee 2025 "
                                     "--fiche 1001:$NADIA --fiche 1002:$AUTRE",),
    "multi-employeurs declarer": ("rst-effectifs multi-employeurs declarer $NADIA "
                                  "--annee 2025 --autres 1",),
    "multi-employeurs afficher": ("rst-effectifs multi-employeurs afficher $NADIA",),
    "importer": ("rst-effectifs importer dsn exemple.dsn",
                 "rst-effectifs importer dsn exemple.dsn --appliquer --creer-postes",
                 "rst-effectifs importer csv salaries.csv --appliquer"),
    "exporter effectif": ("rst-effectifs exporter effectif --le 2024-03-31 "
                          "--sortie effectif.csv",),
    "exporter assiette": ("rst-effectifs exporter assiette --annee 2024 --regle "
                          "present_dans_l_annee --format json --sortie assiette-2024.json",),
    "base doublons": ("rst-effectifs --db sqlite:///rst.db base doublons",
                      "rst-effectifs base doublons --json"),
    "base migrer": ("rst-effectifs --db postgresql+psycopg://proprietaire@hote/base "
                    "base migrer", "rst-effectifs base migrer --json"),
    "base etat": ("rst-effectifs base etat", "rst-effectifs --db sqlite:///rst.db base etat "
                  "--json"),
    "base verifier": ("rst-effectifs base verifier",
                      "rst-effectifs base verifier --json || echo \"schéma à migrer\""),
    "factures emettre": (
        "rst-effectifs --en-tant-que agent@rst.example factures emettre --annee 2025 "
        "--emetteur emetteur.toml",
        "RST_EFFECTIFS_EMETTEUR=emetteur.toml rst-effectifs --en-tant-que agent@rst.example "
        "factures emettre --du 2025-01-01 --au 2025-12-31 --bareme-fichier bareme-2027.toml"),
    "factures lister": ("rst-effectifs factures lister --adherent 1001",),
    "factures pdf": ("rst-effectifs factures pdf FA-2026-000001 --adherent 1001 "
                     "--sortie facture.pdf",),
    "factures xml": ("rst-effectifs factures xml FA-2026-000001 --adherent 1001 > "
                     "facture.xml",),
    "demo": ("rst-effectifs demo", "rst-effectifs demo --json"),
    "exemples": ("rst-effectifs exemples", "rst-effectifs exemples --dossier essais"),
    "portail": ("rst-effectifs portail --demo", "rst-effectifs --db sqlite:///effectifs.db "
                "portail --port 8080"),
}
"""Examples by command path (``""`` is ``rst-effectifs`` itself)."""


def ajouter_exemples(groupe: click.Group, chemin: str = "") -> tuple[str, ...]:
    """Set every command's ``epilog`` from :data:`EXEMPLES`; a group without its own
    gets the first example of each of its commands. Returns the group's examples."""
    premiers: list[str] = []
    for nom, commande in groupe.commands.items():
        sous_chemin = f"{chemin} {nom}".strip()
        if isinstance(commande, click.Group):
            exemples = ajouter_exemples(commande, sous_chemin)
        else:
            exemples = EXEMPLES.get(sous_chemin, ())
            commande.epilog = "\n".join(exemples) or None
        premiers += exemples[:1]
    propres = EXEMPLES.get(chemin, tuple(premiers))
    groupe.epilog = "\n".join(propres) or None
    return propres
