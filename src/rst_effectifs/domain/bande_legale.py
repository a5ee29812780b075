"""F3 for every year: the national average costs are data (bundled published ones, plus
what the caller sets per year), and pricing a year whose cost nobody knows is refused
unless the caller gives that cost or explicitly waives the check.

Kept apart from :mod:`.facturation` (the assiette and its amounts): this is only the
question "which band applies to this barème, this year?".
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal

from attrs import frozen

from .baremes import Bareme, verifier_annees, verifier_bande
from .droit import BANDE_LEGALE, COUTS_MOYENS_NATIONAUX, CoutMoyenNational
from .erreurs import DonneeInvalide, RegleMetier

__all__ = [
    "PREMIERE_ANNEE",
    "ControleBande",
    "controler_bande",
    "couts_moyens",
]

_ANNEE = re.compile(r"[0-9]{4}", re.ASCII)
PREMIERE_ANNEE = BANDE_LEGALE.depuis.year
"""F3 applies since 2025 (:data:`.droit.BANDE_LEGALE`): before it, a barème is checked
only against a cost the caller gives or sets; from it on, a year with no known cost is
refused (or explicitly waived)."""


def _annee(valeur: object) -> int:
    if isinstance(valeur, int) and not isinstance(valeur, bool) and 1900 <= valeur <= 2999:
        return valeur
    if isinstance(valeur, str) and _ANNEE.fullmatch(valeur.strip()):
        return _annee(int(valeur.strip()))
    raise DonneeInvalide(
        "Une année de coût moyen national s'écrit sur quatre chiffres (par ex. 2026).",
        code="cout_moyen.annee_invalide", regle="F3", chemin="annee",
    )


def couts_moyens(
    valeurs: Mapping[int, object] | Mapping[str, object] | None = None,
) -> Mapping[int, CoutMoyenNational]:
    """The national average costs by year: the published ones bundled with the library
    (:data:`COUTS_MOYENS_NATIONAUX`), then ``valeurs`` (year → amount as ``Decimal``,
    ``int`` or decimal text, or a ``CoutMoyenNational``), which add years or replace
    them. Bad years or amounts are a ``DonneeInvalide`` (rule F3)."""
    couts = dict(COUTS_MOYENS_NATIONAUX)
    if valeurs is None:
        return couts
    if not isinstance(valeurs, Mapping):
        raise DonneeInvalide("Les coûts moyens nationaux s'écrivent année → montant.",
                             code="cout_moyen.invalide", regle="F3", chemin="couts_moyens")
    for cle, valeur in valeurs.items():
        annee = _annee(cle)
        if isinstance(valeur, CoutMoyenNational):
            if valeur.annee != annee:
                raise DonneeInvalide(
                    f"Le coût moyen rangé sous {annee} est celui de {valeur.annee}.",
                    code="cout_moyen.annee_invalide", regle="F3", chemin=str(annee))
            couts[annee] = valeur
        else:
            couts[annee] = CoutMoyenNational(annee, valeur)
    return couts


@frozen
class ControleBande:
    """How F3 was applied to a priced period, kept with a closing: the national cost the
    barème was checked against, or the explicit waiver (``leve``) when none was."""

    cout_moyen: CoutMoyenNational | None = None
    leve: bool = False


def controler_bande(
    bareme: Bareme | None,
    annee: int,
    couts: Mapping[int, CoutMoyenNational],
    cout_donne: Decimal | None = None,
    sans_controle: bool = False,
) -> ControleBande:
    """F3: check ``bareme`` against the national cost of ``annee`` — the one the caller
    gives (``cout_donne``), else the known one. No barème: nothing to check. A barème
    that names its years is refused for another one (``bareme.annee_non_couverte``). No
    cost known nor given: before :data:`PREMIERE_ANNEE` nothing to check, from it on
    refused (``bareme.cout_inconnu``) unless ``sans_controle``.

    The messages speak to a member (no option, no rule id): the command line and the
    API add their own hints from the code and ``details``."""
    if bareme is None:
        return ControleBande()
    verifier_annees(bareme, annee)
    if sans_controle:
        return ControleBande(leve=True)
    cout = CoutMoyenNational(annee, cout_donne) if cout_donne is not None else couts.get(annee)
    if cout is None and annee < PREMIERE_ANNEE:
        return ControleBande()
    if cout is None:
        connues = ", ".join(str(a) for a in sorted(couts)) or "aucune"
        raise RegleMetier(
            f"Le coût moyen national de {annee} n'est pas encore connu : les prix du barème "
            f"« {bareme.nom} » ne peuvent pas être vérifiés (ils doivent rester entre "
            f"{BANDE_LEGALE.valeur} de ce coût). Coûts connus : {connues}.",
            code="bareme.cout_inconnu", regle="F3", chemin="cout_moyen",
            details={"annee": annee, "annees_connues": connues,
                     "champs": ["cout_moyen", "sans_controle_bande"]},
        )
    verifier_bande(bareme, cout)
    return ControleBande(cout_moyen=cout)
