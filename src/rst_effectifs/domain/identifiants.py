"""Identifiers as value objects: NIR, SIREN, SIRET, PCS-ESE code, e-mail, member numbers.

Each is a frozen value holding its normalised form in ``valeur``. Build them with
``parse``, which normalises and refuses bad input with :class:`DonneeInvalide`
(stable ``code``, rule id, French message). Building one directly checks that the
value is already in normalised form. Checksums come from python-stdnum.

The NIR, personal data never shown in clear, has its own module (:mod:`.nir`); it is
re-exported here with the checks every identifier shares (:mod:`.normalisation`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Self

from attrs import field, frozen
from stdnum.fr import siren as _stdnum_siren
from stdnum.fr import siret as _stdnum_siret

from .erreurs import DonneeInvalide
from .nir import Nir, calculer_cle
from .nomenclature_pcs import NOMENCLATURE_PCS, libelle_pcs
from .normalisation import (
    ValeurNormalisee,
    sans_exception,
    valider_sans_trace,
    verifier_normalise,
)

__all__ = [
    "ID_MAX",
    "CodePcsEse",
    "Email",
    "Nir",
    "NumeroAdherent",
    "NumeroTeledeclarant",
    "Siren",
    "Siret",
    "calculer_cle",
]

ID_MAX = 100
"""T1: an id of anything the library stores (adherent, salarié, contract, request...) is
1 to ``ID_MAX`` characters, what the commands accept, what a member number looked up
may be, and how wide the SQL columns of ids are: one bound for all."""

_CHIFFRES = re.compile(r"[0-9]+", re.ASCII)
_PCS = re.compile(r"([0-9]{3})([A-Za-z])", re.ASCII)
_ADHERENT = re.compile(r"[0-9]{1,12}", re.ASCII)
_TELEDECLARANT = re.compile(r"[A-Z0-9]{6,20}", re.ASCII)
_ATEXT = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_EMAIL_LOCAL = re.compile(rf"{_ATEXT}(?:\.{_ATEXT})*", re.ASCII)
_LABEL_DOMAINE = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?", re.ASCII)
_EMAIL_LONGUEUR_MAX = 254
_EMAIL_LOCAL_LONGUEUR_MAX = 64


# ----------------------------------------------------------------- SIREN / SIRET


def _normaliser_stdnum(
    valider: Callable[[str], str], code: str, regle: str, message: str
) -> Callable[[str, str | None], str]:
    def normaliser(texte: str, chemin: str | None = None) -> str:
        valeur = valider_sans_trace(valider, texte)
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


@frozen
class Siren(ValeurNormalisee):
    """A valid SIREN: 9 digits, Luhn checksum (stdnum.fr.siren); ``parse`` allows spaces
    and dots."""

    _code, _regle, _nom = "siren.invalide", "A1", "Le numéro SIREN"
    _normaliser = _normaliser_siren
    valeur: str = field(
        validator=verifier_normalise(sans_exception(_normaliser), _code, _regle, _nom)
    )


@frozen
class Siret(ValeurNormalisee):
    """A valid SIRET: 14 digits, Luhn checksum or La Poste's rule (stdnum.fr.siret);
    ``parse`` allows spaces and dots."""

    _code, _regle, _nom = "siret.invalide", "A1", "Le numéro SIRET"
    _normaliser = _normaliser_siret
    valeur: str = field(
        validator=verifier_normalise(sans_exception(_normaliser), _code, _regle, _nom)
    )

    @property
    def siren(self) -> Siren:
        """The SIREN of the company: the first 9 digits."""
        return Siren(self.valeur[:9])

    @property
    def nic(self) -> str:
        """The establishment's 5-digit NIC: the last 5 digits."""
        return self.valeur[9:]


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
    if libelle_pcs(texte) is None:
        raise DonneeInvalide(
            f"Le code PCS-ESE {texte} n'existe pas dans la nomenclature "
            f"{NOMENCLATURE_PCS} de l'Insee.",
            code=_PCS_CODE,
            regle=_PCS_REGLE,
            chemin=chemin,
        )
    return texte.lower()


@frozen
class CodePcsEse(ValeurNormalisee):
    """A PCS-ESE job code of INSEE's list (PCS-ESE 2017): three digits and one letter,
    stored lower case (``233c``; ``parse`` of ``233C`` gives ``233c``)."""

    _code, _regle, _nom = _PCS_CODE, _PCS_REGLE, "Le code PCS-ESE"
    _normaliser = _normaliser_pcs
    valeur: str = field(
        validator=verifier_normalise(sans_exception(_normaliser), _code, _regle, _nom)
    )

    @property
    def libelle(self) -> str:
        """INSEE's French label of the profession (« Maçons qualifiés » for ``632a``)."""
        return libelle_pcs(self.valeur) or self.valeur


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
class Email(ValeurNormalisee):
    """An e-mail address: trimmed, domain lower-cased, compared ignoring case. ``parse``
    takes ASCII only, one ``@``, a dotted domain."""

    _code, _regle, _nom = _EMAIL_CODE, _EMAIL_REGLE, "L'adresse e-mail"
    _feminin = True
    _normaliser = _normaliser_email
    valeur: str = field(
        validator=verifier_normalise(sans_exception(_normaliser), _code, _regle, _nom)
    )

    @classmethod
    def parse(cls, texte: str | Email, *, chemin: str | None = None) -> Self:
        """An ``Email`` is accepted as it is: callers holding one need not unwrap it."""
        return super().parse(texte.valeur if isinstance(texte, Email) else texte,
                             chemin=chemin)

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
class NumeroAdherent(ValeurNormalisee):
    """The member number printed on invoices: 1 to 12 digits, leading zeros kept."""

    _code, _regle, _nom = _ADHERENT_CODE, "A1", "Le numéro d'adhérent"
    _normaliser = _normaliser_adherent
    valeur: str = field(
        validator=verifier_normalise(sans_exception(_normaliser), _code, _regle, _nom)
    )


@frozen
class NumeroTeledeclarant(ValeurNormalisee):
    """The declarant number: 6 to 20 ASCII letters or digits, stored upper case."""

    _code, _regle, _nom = _TELEDECLARANT_CODE, "A1", "Le numéro télédéclarant"
    _normaliser = _normaliser_teledeclarant
    valeur: str = field(
        validator=verifier_normalise(sans_exception(_normaliser), _code, _regle, _nom)
    )
