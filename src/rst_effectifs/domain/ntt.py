"""The NTT (numéro technique temporaire, DSN rubric S21.G00.30.020): how a payroll
identifies a person whose NIR it does not know yet (S1, S2).

The norm's type is 11 to 40 characters, no space, starting with the sex digit 1 or 2
(cahier technique, controls S21.G00.30.020/CSL-11 and CSL-12), then the employer's SIREN
and a number of the person in the company. It is unique per person and employer, so
within one adherent two files with one NTT are one person (S2).
"""

from __future__ import annotations

import re

from attrs import field, frozen

from .erreurs import DonneeInvalide
from .normalisation import ValeurNormalisee, sans_exception, verifier_normalise

_NTT = re.compile(r"[12][0-9A-Za-z]{10,39}", re.ASCII)
_CODE, _REGLE = "ntt.invalide", "S1"


def _normaliser_ntt(texte: str, chemin: str | None = None) -> str:
    if not _NTT.fullmatch(texte):
        raise DonneeInvalide(
            "Le numéro technique temporaire (NTT) est invalide : il faut de 11 à 40 lettres "
            "ou chiffres sans espace, commençant par 1 ou 2.",
            code=_CODE, regle=_REGLE, chemin=chemin,
        )
    return texte.upper()


@frozen
class Ntt(ValeurNormalisee):
    """A person's NTT: 11 to 40 ASCII letters or digits, first 1 or 2, upper case."""

    _code, _regle, _nom = _CODE, _REGLE, "Le NTT"
    _normaliser = _normaliser_ntt
    valeur: str = field(
        validator=verifier_normalise(sans_exception(_normaliser), _CODE, _REGLE, _nom)
    )


__all__ = ["Ntt"]
