"""Identifiers as value objects: NIR, SIREN, SIRET, PCS-ESE code, e-mail, member numbers.

Each is a frozen value holding its normalised form in ``valeur``. Build them with
``parse``, which normalises and refuses bad input with :class:`DonneeInvalide`
(stable ``code``, rule id, French message). Building one directly checks that the
value is already in normalised form. Checksums come from python-stdnum.

The NIR is personal data: its ``repr`` and ``str`` only ever show the masked form
(``1 84 12 ** *** *** **``), and no error message repeats the input.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from typing import Any, Self

from attrs import Attribute, field, frozen
from stdnum.exceptions import ValidationError
from stdnum.fr import nir as _stdnum_nir
from stdnum.fr import siren as _stdnum_siren
from stdnum.fr import siret as _stdnum_siret

from .erreurs import DonneeInvalide

__all__ = [
    "CodePcsEse",
    "Email",
    "Nir",
    "NumeroAdherent",
    "NumeroTeledeclarant",
    "Siren",
    "Siret",
    "calculer_cle",
]

LONGUEUR_MAX_TEXTE = 1000
"""Any text longer than this is refused before any other check."""

_NIR_NORMALISE = re.compile(r"[1-478][0-9]{4}(?:[0-9]{2}|2A|2B)[0-9]{8}", re.ASCII)
_CHIFFRES = re.compile(r"[0-9]+", re.ASCII)
_PCS = re.compile(r"([0-9]{3})([A-Za-z])", re.ASCII)
_ADHERENT = re.compile(r"[0-9]{1,12}", re.ASCII)
_TELEDECLARANT = re.compile(r"[A-Z0-9]{6,20}", re.ASCII)
_ATEXT = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_EMAIL_LOCAL = re.compile(rf"{_ATEXT}(?:\.{_ATEXT})*", re.ASCII)
_LABEL_DOMAINE = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?", re.ASCII)
_EMAIL_LONGUEUR_MAX = 254
_EMAIL_LOCAL_LONGUEUR_MAX = 64


def _texte(
    texte: object, *, code: str, regle: str, nom: str, chemin: str | None, feminin: bool = False
) -> str:
    """Refuse non-text and over-long input; return the text stripped of outer blanks."""
    if not isinstance(texte, str):
        raise DonneeInvalide(f"{nom} doit être un texte.", code=code, regle=regle, chemin=chemin)
    if len(texte) > LONGUEUR_MAX_TEXTE:
        raise DonneeInvalide(
            f"{nom} est trop long{'ue' if feminin else ''} "
            f"(plus de {LONGUEUR_MAX_TEXTE} caractères).",
            code=code,
            regle=regle,
            chemin=chemin,
        )
    return texte.strip()


def _verifier_normalise(
    normaliser: Callable[[str], str], code: str, regle: str, nom: str
) -> Callable[[Any, Attribute[str], str], None]:
    """attrs validator: the stored value must already be in normalised form."""

    def valider(_instance: Any, _attribut: Attribute[str], valeur: str) -> None:
        if not isinstance(valeur, str) or normaliser(valeur) != valeur:
            raise DonneeInvalide(
                f"{nom} n'est pas sous sa forme normalisée ; utilisez parse().",
                code=code,
                regle=regle,
            )

    return valider


# --------------------------------------------------------------------------- NIR

_NIR_CODE = "nir.invalide"
_NIR_REGLE = "S1"


def calculer_cle(corps13: str) -> str:
    """The 2-digit NIR key of a 13-character body (2A/2B allowed), via stdnum."""
    return str(_stdnum_nir.calc_check_digits(corps13))


def _mois_nir_valide(mois: int) -> bool:
    """01–12 a known month; 20–42 and 50–99 an unknown month (INSEE rules)."""
    return 1 <= mois <= 12 or 20 <= mois <= 42 or 50 <= mois <= 99


def _valider_sans_trace(valider: Callable[[str], object], texte: str) -> str | None:
    """stdnum's normalised form, or ``None`` when it refuses. The refusal is raised by
    the caller, outside this handler, so no chained exception (a ``ValueError`` of
    ``int()`` quotes its input) carries the value (A5)."""
    try:
        return str(valider(texte))
    except (ValidationError, ValueError, TypeError):
        return None


def _normaliser_nir(texte: str, chemin: str | None = None) -> str:
    # Messages never repeat the input: the NIR is personal data.
    # Already normalised (every stored NIR, most files): stdnum's key check alone,
    # without its character-by-character clean-up.
    if (_NIR_NORMALISE.fullmatch(texte) and _mois_nir_valide(int(texte[3:5]))
            and _stdnum_nir.calc_check_digits(texte) == texte[13:]):
        return texte
    valeur = _valider_sans_trace(_stdnum_nir.validate, texte)
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


def _normaliser_nir_strict(valeur: str) -> str:
    try:
        return _normaliser_nir(valeur)
    except DonneeInvalide:
        return ""


@frozen(repr=False)
class Nir:
    """A valid NIR, 15 characters upper case (2A/2B kept). Never shown in clear.

    Besides stdnum's checks (format, 2A/2B, key), the first digit must be 1–4, 7
    or 8 and the month digits 01–12, 20–42 or 50–99. ``repr``, ``str`` and
    f-strings give the masked form only (see ``masque``).
    """

    valeur: str = field(
        repr=False,
        validator=_verifier_normalise(_normaliser_nir_strict, _NIR_CODE, _NIR_REGLE, "Le NIR"),
    )

    @classmethod
    def parse(cls, texte: str, *, chemin: str | None = None) -> Self:
        """Validate and normalise a NIR (spaces and dots allowed, lower-case 2a/2b too)."""
        brut = _texte(texte, code=_NIR_CODE, regle=_NIR_REGLE, nom="Le NIR", chemin=chemin)
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
        self, date_naissance: datetime.date, *, chemin: str | None = None
    ) -> None:
        """Refuse (S1) a birth date whose year, or month when the NIR states one, differs.

        The year is compared on its last two digits; month digits 20–42 or 50–99
        mean "month unknown", so only the year is checked then.
        """
        if not isinstance(date_naissance, datetime.date):
            raise DonneeInvalide(
                "La date de naissance doit être une date.",
                code="nir.naissance_incoherente",
                regle=_NIR_REGLE,
                chemin=chemin,
            )
        annee_ok = self.annee == f"{date_naissance.year % 100:02d}"
        mois_ok = not self.mois_connu or self.mois == date_naissance.month
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


# ----------------------------------------------------------------- SIREN / SIRET


def _normaliser_stdnum(
    valider: Callable[[str], str], code: str, regle: str, message: str
) -> Callable[[str, str | None], str]:
    def normaliser(texte: str, chemin: str | None = None) -> str:
        valeur = _valider_sans_trace(valider, texte)
        if valeur is None or not _CHIFFRES.fullmatch(valeur):
            raise DonneeInvalide(message, code=code, regle=regle, chemin=chemin)
        return valeur

    return normaliser


_normaliser_siren = _normaliser_stdnum(
    _stdnum_siren.validate,
    "siren.invalide",
    "A1",
    "Le numéro SIREN est invalide : il faut 9 chiffres avec une clé de contrôle exacte.",
)
_normaliser_siret = _normaliser_stdnum(
    _stdnum_siret.validate,
    "siret.invalide",
    "A1",
    "Le numéro SIRET est invalide : il faut 14 chiffres (SIREN puis NIC) "
    "avec une clé de contrôle exacte.",
)


def _sans_exception(normaliser: Callable[[str, str | None], str]) -> Callable[[str], str]:
    def strict(valeur: str) -> str:
        try:
            return normaliser(valeur, None)
        except DonneeInvalide:
            return ""

    return strict


@frozen
class Siren:
    """A valid SIREN: 9 digits, Luhn checksum (stdnum.fr.siren)."""

    valeur: str = field(
        validator=_verifier_normalise(
            _sans_exception(_normaliser_siren), "siren.invalide", "A1", "Le numéro SIREN"
        )
    )

    @classmethod
    def parse(cls, texte: str, *, chemin: str | None = None) -> Self:
        """Validate and normalise a SIREN (spaces and dots allowed)."""
        brut = _texte(
            texte, code="siren.invalide", regle="A1", nom="Le numéro SIREN", chemin=chemin
        )
        return cls(_normaliser_siren(brut, chemin))

    def __str__(self) -> str:
        return self.valeur


@frozen
class Siret:
    """A valid SIRET: 14 digits, Luhn checksum or La Poste's rule (stdnum.fr.siret)."""

    valeur: str = field(
        validator=_verifier_normalise(
            _sans_exception(_normaliser_siret), "siret.invalide", "A1", "Le numéro SIRET"
        )
    )

    @classmethod
    def parse(cls, texte: str, *, chemin: str | None = None) -> Self:
        """Validate and normalise a SIRET (spaces and dots allowed)."""
        brut = _texte(
            texte, code="siret.invalide", regle="A1", nom="Le numéro SIRET", chemin=chemin
        )
        return cls(_normaliser_siret(brut, chemin))

    @property
    def siren(self) -> Siren:
        """The SIREN of the company: the first 9 digits."""
        return Siren(self.valeur[:9])

    @property
    def nic(self) -> str:
        """The establishment's 5-digit NIC: the last 5 digits."""
        return self.valeur[9:]

    def __str__(self) -> str:
        return self.valeur


# ------------------------------------------------------------------------ PCS-ESE

_PCS_CODE = "pcs.invalide"
_PCS_REGLE = "C1"


def _normaliser_pcs(texte: str, chemin: str | None = None) -> str:
    if not _PCS.fullmatch(texte):
        raise DonneeInvalide(
            "Le code PCS-ESE est invalide : il faut trois chiffres suivis d'une lettre "
            "(par exemple 233c).",
            code=_PCS_CODE,
            regle=_PCS_REGLE,
            chemin=chemin,
        )
    return texte.lower()


@frozen
class CodePcsEse:
    """A PCS-ESE job code: three digits and one letter, stored lower case (``233c``)."""

    valeur: str = field(
        validator=_verifier_normalise(
            _sans_exception(_normaliser_pcs), _PCS_CODE, _PCS_REGLE, "Le code PCS-ESE"
        )
    )

    @classmethod
    def parse(cls, texte: str, *, chemin: str | None = None) -> Self:
        """Validate and normalise a PCS-ESE code (``233C`` gives ``233c``)."""
        brut = _texte(texte, code=_PCS_CODE, regle=_PCS_REGLE, nom="Le code PCS-ESE", chemin=chemin)
        return cls(_normaliser_pcs(brut, chemin))

    def __str__(self) -> str:
        return self.valeur


# ------------------------------------------------------------------------- E-mail

_EMAIL_CODE = "email.invalide"
_EMAIL_REGLE = "A1"


def _normaliser_email(texte: str, chemin: str | None = None) -> str:
    def refus(raison: str) -> DonneeInvalide:
        return DonneeInvalide(
            f"L'adresse e-mail est invalide : {raison}.",
            code=_EMAIL_CODE,
            regle=_EMAIL_REGLE,
            chemin=chemin,
        )

    if not texte:
        raise refus("elle est vide")
    if len(texte) > _EMAIL_LONGUEUR_MAX:
        raise refus(f"elle dépasse {_EMAIL_LONGUEUR_MAX} caractères")
    if not texte.isascii():
        raise refus("elle ne doit contenir que des caractères non accentués (ASCII)")
    if any(c.isspace() or not c.isprintable() for c in texte):
        raise refus("elle ne doit contenir ni espace ni caractère de contrôle")
    if texte.count("@") != 1:
        raise refus("elle doit contenir un et un seul « @ »")
    local, domaine = texte.split("@")
    if not local:
        raise refus("la partie avant « @ » est vide")
    if len(local) > _EMAIL_LOCAL_LONGUEUR_MAX:
        raise refus(f"la partie avant « @ » dépasse {_EMAIL_LOCAL_LONGUEUR_MAX} caractères")
    if not _EMAIL_LOCAL.fullmatch(local):
        raise refus("la partie avant « @ » contient un caractère ou un point mal placé")
    domaine = domaine.lower()
    labels = domaine.split(".")
    if len(labels) < 2 or not all(_LABEL_DOMAINE.fullmatch(label) for label in labels):
        raise refus("le domaine après « @ » doit être de la forme exemple.fr")
    if labels[-1].isdigit():
        raise refus("le domaine après « @ » doit finir par une extension (.fr, .com…)")
    return f"{local}@{domaine}"


@frozen(eq=False)
class Email:
    """An e-mail address: trimmed, domain lower-cased, compared ignoring case."""

    valeur: str = field(
        validator=_verifier_normalise(
            _sans_exception(_normaliser_email), _EMAIL_CODE, _EMAIL_REGLE, "L'adresse e-mail"
        )
    )

    @classmethod
    def parse(cls, texte: str | Email, *, chemin: str | None = None) -> Self:
        """Validate and normalise an e-mail address (ASCII only, one ``@``, dotted domain).
        An ``Email`` is accepted as it is: callers holding one need not unwrap it."""
        if isinstance(texte, Email):
            texte = texte.valeur
        brut = _texte(
            texte,
            code=_EMAIL_CODE,
            regle=_EMAIL_REGLE,
            nom="L'adresse e-mail",
            chemin=chemin,
            feminin=True,
        )
        return cls(_normaliser_email(brut, chemin))

    @property
    def cle(self) -> str:
        """Comparison key: the whole address, case-folded."""
        return self.valeur.casefold()

    @property
    def domaine(self) -> str:
        """The part after ``@``, lower case."""
        return self.valeur.rsplit("@", 1)[1]

    def __eq__(self, autre: object) -> bool:
        if not isinstance(autre, Email):
            return NotImplemented
        return self.cle == autre.cle

    def __hash__(self) -> int:
        return hash((Email, self.cle))

    def __str__(self) -> str:
        return self.valeur


# ------------------------------------------------------------- numéros d'adhérent

_ADHERENT_CODE = "adherent.numero_invalide"
_TELEDECLARANT_CODE = "adherent.teledeclarant_invalide"


def _normaliser_adherent(texte: str, chemin: str | None = None) -> str:
    if not _ADHERENT.fullmatch(texte):
        raise DonneeInvalide(
            "Le numéro d'adhérent est invalide : il faut de 1 à 12 chiffres "
            "(celui imprimé sur vos factures).",
            code=_ADHERENT_CODE,
            regle="A1",
            chemin=chemin,
        )
    return texte


def _normaliser_teledeclarant(texte: str, chemin: str | None = None) -> str:
    valeur = texte.upper() if texte.isascii() else texte
    if not _TELEDECLARANT.fullmatch(valeur):
        raise DonneeInvalide(
            "Le numéro télédéclarant est invalide : il faut de 6 à 20 lettres "
            "ou chiffres, sans espace ni accent.",
            code=_TELEDECLARANT_CODE,
            regle="A1",
            chemin=chemin,
        )
    return valeur


@frozen
class NumeroAdherent:
    """The member number printed on invoices: 1 to 12 digits, leading zeros kept."""

    valeur: str = field(
        validator=_verifier_normalise(
            _sans_exception(_normaliser_adherent), _ADHERENT_CODE, "A1", "Le numéro d'adhérent"
        )
    )

    @classmethod
    def parse(cls, texte: str, *, chemin: str | None = None) -> Self:
        """Validate a member number (outer blanks trimmed)."""
        brut = _texte(
            texte, code=_ADHERENT_CODE, regle="A1", nom="Le numéro d'adhérent", chemin=chemin
        )
        return cls(_normaliser_adherent(brut, chemin))

    def __str__(self) -> str:
        return self.valeur


@frozen
class NumeroTeledeclarant:
    """The declarant number: 6 to 20 ASCII letters or digits, stored upper case."""

    valeur: str = field(
        validator=_verifier_normalise(
            _sans_exception(_normaliser_teledeclarant),
            _TELEDECLARANT_CODE,
            "A1",
            "Le numéro télédéclarant",
        )
    )

    @classmethod
    def parse(cls, texte: str, *, chemin: str | None = None) -> Self:
        """Validate and normalise a declarant number (upper-cased, outer blanks trimmed)."""
        brut = _texte(
            texte,
            code=_TELEDECLARANT_CODE,
            regle="A1",
            nom="Le numéro télédéclarant",
            chemin=chemin,
        )
        return cls(_normaliser_teledeclarant(brut, chemin))

    def __str__(self) -> str:
        return self.valeur
