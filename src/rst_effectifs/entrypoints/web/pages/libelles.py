"""The DSN code lists the pages offer, with the French labels a member reads: contract
natures (S21.G00.40.007), public-policy schemes such as apprenticeship
(S21.G00.40.008) and exit reasons (S21.G00.62.002). A member picks a label from a list,
never types a code.

One place for all of them, so that the norm's own lists, once loaded with their labels,
replace these by changing this module only. The library still accepts any well-formed
code (C1, E2): these lists are what the forms suggest."""

from __future__ import annotations

from collections.abc import Mapping

from ....domain.contrats import NatureContrat
from ....formats.norme_dsn import libelle_nature

_NATURES_COURANTES: dict[NatureContrat, str] = {
    NatureContrat.CDI: "Contrat à durée indéterminée (CDI)",
    NatureContrat.CDD: "Contrat à durée déterminée (CDD)",
    NatureContrat.MISSION_INTERIM: "Contrat de mission (intérim)",
    NatureContrat.CDI_INTERMITTENT: "CDI intermittent",
    NatureContrat.CDI_INTERIMAIRE: "CDI intérimaire",
    NatureContrat.CDI_DROIT_PUBLIC: "CDI de droit public",
    NatureContrat.CDD_DROIT_PUBLIC: "CDD de droit public",
    NatureContrat.STAGE: "Convention de stage",
    NatureContrat.CDI_CHANTIER: "CDI de chantier ou d'opération",
    NatureContrat.SERVICE_CIVIQUE: "Volontariat de service civique",
    NatureContrat.AUTRE: "Autre nature de contrat",
}
LIBELLES_NATURES: Mapping[NatureContrat, str] = {
    n: _NATURES_COURANTES.get(n) or libelle_nature(n) for n in NatureContrat}
"""Contract natures (C1): ours for the common ones, the norm's words for the rest."""

NATURES_COURTES: Mapping[NatureContrat, str] = {
    NatureContrat.CDI: "CDI", NatureContrat.CDD: "CDD",
    NatureContrat.MISSION_INTERIM: "de mission (intérim)",
    NatureContrat.CDI_INTERMITTENT: "CDI intermittent",
    NatureContrat.CDI_INTERIMAIRE: "CDI intérimaire",
    NatureContrat.CDI_DROIT_PUBLIC: "CDI de droit public",
    NatureContrat.CDD_DROIT_PUBLIC: "CDD de droit public",
    NatureContrat.STAGE: "de stage", NatureContrat.CDI_CHANTIER: "CDI de chantier",
    NatureContrat.SERVICE_CIVIQUE: "de service civique", NatureContrat.AUTRE: "d'autre nature",
}
NATURES_COURTES = {**{n: f"« {libelle_nature(n)} »" for n in NatureContrat}, **NATURES_COURTES}
"""The same, to follow « le contrat » in a sentence (« le contrat CDD du 01/09/2024 »)."""

DISPOSITIFS: Mapping[str, str] = {
    "64": "Apprentissage (entreprise artisanale ou de moins de 11 salariés)",
    "65": "Apprentissage (entreprise d'au moins 11 salariés)",
    "81": "Apprentissage (secteur public)",
    "61": "Contrat de professionnalisation",
    "21": "Contrat unique d'insertion – contrat initiative emploi (CUI-CIE)",
    "41": "Contrat unique d'insertion – contrat d'accompagnement dans l'emploi (CUI-CAE)",
    "42": "Contrat d'accès à l'emploi (outre-mer)",
    "50": "Emploi d'avenir (secteur marchand)",
    "51": "Emploi d'avenir (secteur non marchand)",
    "70": "CDD senior",
    "71": "CDD d'insertion",
    "80": "Contrat de génération",
    "82": "CDI intérimaire",
}
"""Public-policy and conventional schemes of a contract (C1: apprenticeship and work-study
are a nature 01/02 plus one of these), in the order a member looks for them."""

MOTIFS_DE_SORTIE: Mapping[str, str] = {
    "031": "Fin de contrat à durée déterminée",
    "032": "Fin de mission d'intérim",
    "034": "Fin de période d'essai à l'initiative de l'employeur",
    "035": "Fin de période d'essai à l'initiative du salarié",
    "038": "Mise à la retraite par l'employeur",
    "039": "Départ à la retraite à l'initiative du salarié",
    "043": "Rupture conventionnelle",
    "059": "Démission",
    "081": "Fin de contrat d'apprentissage",
    "014": "Licenciement pour motif économique",
    "020": "Licenciement pour autre motif",
    "066": "Décès du salarié",
}
"""Exit reasons suggested for an exit (E2); any three-digit code is accepted."""


def options(liste: Mapping[str, str]) -> list[tuple[str, str]]:
    """A list for a ``<select>``: (code, label)."""
    return list(liste.items())


def options_natures() -> list[tuple[str, str]]:
    return [(n.value, LIBELLES_NATURES[n]) for n in NatureContrat]


def libelle_dispositif(code: str | None) -> str:
    """A scheme's label; a code the list lacks (an import) is shown as the norm's code."""
    if not code:
        return ""
    return DISPOSITIFS.get(code, f"Dispositif {code}")


def libelle_motif(code: str | None) -> str:
    """An exit reason's label, a reintegration's free text as it is."""
    if not code:
        return ""
    return MOTIFS_DE_SORTIE.get(code, code)


__all__ = ["DISPOSITIFS", "LIBELLES_NATURES", "MOTIFS_DE_SORTIE", "NATURES_COURTES",
           "libelle_dispositif", "libelle_motif", "options", "options_natures"]
