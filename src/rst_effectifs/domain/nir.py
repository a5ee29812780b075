"""The NIR (social security number, S1) as a value object, checked with python-stdnum.

The NIR is personal data: its ``repr`` and ``str`` only ever show the masked form
(``1 84 12 ** *** *** **``), and no error message repeats the input.
"""

from __future__ import annotations

import datetime
import re
from typing import Self

from attrs import field, frozen
from stdnum.fr import nir as _stdnum_nir

from .erreurs import DonneeInvalide
from .normalisation import (
    sans_exception,
    texte_borne,
    valider_sans_trace,
    verifier_normalise,
)

_NIR_NORMALISE = re.compile(r"[1-478][0-9]{4}(?:[0-9]{2}|2A|2B)[0-9]{8}", re.ASCII)
_NIR_CODE = "nir.invalide"
_NIR_REGLE = "S1"


def calculer_cle(corps13: str) -> str:
    """The 2-digit NIR key of a 13-character body (2A/2B allowed), via stdnum."""
    return str(_stdnum_nir.calc_check_digits(corps13))


def _mois_nir_valide(mois: int) -> bool:
    """01–12 a known month; 20–42 and 50–99 an unknown month (INSEE rules)."""
    return 1 <= mois <= 12 or 20 <= mois <= 42 or 50 <= mois <= 99


def _cle_seule_fausse(texte: str) -> bool:
    """The 15 characters have a NIR's shape and only the key disagrees with the body."""
    compact = "".join(texte.split()).replace(".", "").upper()
    return (_NIR_NORMALISE.fullmatch(compact) is not None
            and _mois_nir_valide(int(compact[3:5]))
            and _stdnum_nir.calc_check_digits(compact[:13]) != compact[13:])


def _normaliser_nir(texte: str, chemin: str | None = None) -> str:
    # Messages never repeat the input: the NIR is personal data.
    # Already normalised (every stored NIR, most files): stdnum's key check alone,
    # without its character-by-character clean-up.
    if (_NIR_NORMALISE.fullmatch(texte) and _mois_nir_valide(int(texte[3:5]))
            and _stdnum_nir.calc_check_digits(texte) == texte[13:]):
        return texte
    valeur = valider_sans_trace(_stdnum_nir.validate, texte)
    if valeur is None and _cle_seule_fausse(texte):
        raise DonneeInvalide(
            "La clé du NIR (ses deux derniers chiffres) ne correspond pas aux 13 premiers "
            "caractères : une faute de frappe s'est sans doute glissée, vérifiez le numéro "
            "sur la carte Vitale ou le bulletin de paie.",
            code=_NIR_CODE,
            regle=_NIR_REGLE,
            chemin=chemin,
            details={"cause": "cle"},
        )
    if valeur is None:
        raise DonneeInvalide(
            "Le NIR (numéro de sécurité sociale) est invalide : il faut 15 caractères "
            "(13 chiffres, 2A ou 2B pour la Corse, puis une clé de 2 chiffres) "
            "et une clé de contrôle exacte.",
            code=_NIR_CODE,
            regle=_NIR_REGLE,
            chemin=chemin,
        )
    if not _NIR_NORMALISE.fullmatch(valeur) or not _mois_nir_valide(int(valeur[3:5])):
        raise DonneeInvalide(
            "Le NIR (numéro de sécurité sociale) est invalide : le sexe ou le mois "
            "de naissance qu'il indique n'existe pas.",
            code=_NIR_CODE,
            regle=_NIR_REGLE,
            chemin=chemin,
        )
    return valeur


@frozen(repr=False)
class Nir:
    """A valid NIR, 15 characters upper case (2A/2B kept). Never shown in clear.

    Besides stdnum's checks (format, 2A/2B, key), the first digit must be 1–4, 7
    or 8 and the month digits 01–12, 20–42 or 50–99. ``repr``, ``str`` and
    f-strings give the masked form only (see ``masque``).
    """

    valeur: str = field(
        repr=False,
        validator=verifier_normalise(
            sans_exception(_normaliser_nir), _NIR_CODE, _NIR_REGLE, "Le NIR"
        ),
    )

    @classmethod
    def parse(cls, texte: str, *, chemin: str | None = None) -> Self:
        """Validate and normalise a NIR (spaces and dots allowed, lower-case 2a/2b too)."""
        brut = texte_borne(texte, code=_NIR_CODE, regle=_NIR_REGLE, nom="Le NIR", chemin=chemin)
        return cls(_normaliser_nir(brut, chemin))

    @property
    def annee(self) -> str:
        """The two digits of the birth year."""
        return self.valeur[1:3]

    @property
    def mois(self) -> int:
        """The birth month digits as a number: 1–12, or 20–42/50–99 when unknown."""
        return int(self.valeur[3:5])

    @property
    def mois_connu(self) -> bool:
        """Whether the NIR states the birth month (month digits 01–12)."""
        return 1 <= self.mois <= 12

    def masque(self) -> str:
        """Masked form: sex, year and month visible, the rest as stars (``1 84 12 ** ...``)."""
        v = self.valeur
        return f"{v[0]} {v[1:3]} {v[3:5]} ** *** *** **"

    def verifier_naissance(
        self, date_naissance: datetime.date, *, chemin: str | None = None,
        mois_connu: bool = True,
    ) -> None:
        """Refuse (S1) a birth date whose year, or month when the NIR states one, differs.

        The year is compared on its last two digits; month digits 20–42 or 50–99
        mean "month unknown", so only the year is checked then, as when the birth
        date's own month is unknown (``mois_connu=False``).
        """
        if not isinstance(date_naissance, datetime.date):
            raise DonneeInvalide(
                "La date de naissance doit être une date.",
                code="nir.naissance_incoherente",
                regle=_NIR_REGLE,
                chemin=chemin,
            )
        annee_ok = self.annee == f"{date_naissance.year % 100:02d}"
        mois_ok = not (self.mois_connu and mois_connu) or self.mois == date_naissance.month
        if annee_ok and mois_ok:
            return
        if not annee_ok and not mois_ok:
            quoi = "l'année et le mois de naissance qu'il indique diffèrent"
        elif not annee_ok:
            quoi = "l'année de naissance qu'il indique diffère"
        else:
            quoi = "le mois de naissance qu'il indique diffère"
        raise DonneeInvalide(
            f"Le NIR ne correspond pas à la date de naissance : {quoi} "
            "de la date de naissance saisie.",
            code="nir.naissance_incoherente",
            regle=_NIR_REGLE,
            chemin=chemin,
        )

    def __str__(self) -> str:
        return self.masque()

    def __repr__(self) -> str:
        return f"Nir({self.masque()})"

    def __format__(self, spec: str) -> str:
        return format(self.masque(), spec)


__all__ = ["Nir", "calculer_cle"]
