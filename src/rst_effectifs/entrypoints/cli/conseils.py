"""What to type next, for refusals whose fix is an option of this command line.

The library's messages speak to a member of the portal and name no option; the command
line adds its own hint here, by the refusal's code (the API's callers read the fields to
send in the error's ``details``).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

__all__ = ["CONSEILS", "conseil"]

CONSEILS: Mapping[str, str] = MappingProxyType({
    "bareme.cout_inconnu": (
        "Donnez le coût moyen national de l'année : --cout-moyen MONTANT, ou --couts "
        "FICHIER (une ligne par année : 2027 = \"117.00\"). Une équipe RST peut aussi "
        "chiffrer sans ce contrôle : --sans-controle-bande (la clôture l'enregistre)."),
    "bareme.hors_bande": (
        "Chiffrez avec un barème dans la bande de l'année : --bareme NOM ou "
        "--bareme-fichier FICHIER ; si le coût de l'année n'est pas celui-là : "
        "--cout-moyen MONTANT."),
    "bareme.annee_non_couverte": (
        "Chiffrez avec un barème de cette année (--bareme-fichier FICHIER), sans barème "
        "(retirez --bareme), ou pour une année qu'il couvre (--annee)."),
    "periode.gelee": (
        "Annulez avec régularisation en donnant le motif : la même commande avec "
        "--motif TEXTE."),
})
"""The command line's hint for each refusal code that has one."""


def conseil(code: str) -> str | None:
    """The hint shown under a refusal of that code, if any."""
    return CONSEILS.get(code)
