"""Hypothesis strategies for RST identifiers, for any RST test suite.

Use them to feed property tests with valid (or deliberately invalid) NIRs,
SIRETs, e-mails, PCS-ESE codes and member numbers without writing checksums by
hand. Needs the ``test`` extra (hypothesis).
"""

from __future__ import annotations

import datetime
import string

from hypothesis import strategies as st
from stdnum import luhn
from stdnum.fr import nir as _stdnum_nir
from stdnum.fr import siret as _stdnum_siret

from rst_effectifs.domain.identifiants import (
    CodePcsEse,
    Email,
    Nir,
    NumeroAdherent,
    NumeroTeledeclarant,
    Siren,
    Siret,
    calculer_cle,
)
from rst_effectifs.domain.nomenclature_pcs import professions_pcs

__all__ = [
    "codes_pcs",
    "emails",
    "nirs",
    "nirs_invalides",
    "numeros_adherent",
    "numeros_teledeclarant",
    "sirens",
    "sirets",
]

_DEPARTEMENTS_CORSE = ("2A", "2B")
# Mainland departments 01–95 (20, Corsica before 1976, left out); 99 is "born abroad".
_DEPARTEMENTS_METROPOLE = tuple(f"{d:02d}" for d in range(1, 96) if d != 20)


def _numero(minimum: int, maximum: int, largeur: int) -> st.SearchStrategy[str]:
    return st.integers(minimum, maximum).map(lambda n: f"{n:0{largeur}d}")


@st.composite
def _nirs(draw: st.DrawFn, corse: bool | None, naissance: datetime.date | None) -> Nir:
    sexe = draw(st.sampled_from("12"))
    if naissance is not None:
        annee = f"{naissance.year % 100:02d}"
        mois = f"{naissance.month:02d}"
    else:
        annee = draw(_numero(0, 99, 2))
        mois = draw(_numero(1, 12, 2))
    if corse is True:
        origine = "corse"
    elif corse is False:
        origine = draw(st.sampled_from(["metropole"] * 4 + ["etranger"]))
    else:
        # About 40 % Corsican (2A/2B), 40 % mainland, 20 % born abroad (99).
        origine = draw(st.sampled_from(["corse", "corse", "metropole", "metropole", "etranger"]))
    if origine == "corse":
        departement = draw(st.sampled_from(_DEPARTEMENTS_CORSE))
    elif origine == "metropole":
        departement = draw(st.sampled_from(_DEPARTEMENTS_METROPOLE))
    else:
        departement = "99"
    commune = draw(_numero(1, 990, 3))
    ordre = draw(_numero(1, 999, 3))
    corps = f"{sexe}{annee}{mois}{departement}{commune}{ordre}"
    return Nir(corps + calculer_cle(corps))


def nirs(
    corse: bool | None = None, naissance: datetime.date | None = None
) -> st.SearchStrategy[Nir]:
    """Valid NIRs (sex 1/2, month 01–12, department 01–95, 2A/2B or 99).

    ``corse``: True only 2A/2B, False never, None both (Corsican about 40 % of
    the time). ``naissance``: when given, year and month match that birth date, so
    ``nir.verifier_naissance(naissance)`` passes.
    """
    return _nirs(corse, naissance)


@st.composite
def _nir_mauvaise_cle(draw: st.DrawFn) -> str:
    valeur = draw(nirs()).valeur
    cle = draw(_numero(0, 99, 2).filter(lambda c: c != valeur[13:]))
    return valeur[:13] + cle


@st.composite
def _nir_mauvaise_longueur(draw: st.DrawFn) -> str:
    valeur = draw(nirs()).valeur
    if draw(st.booleans()):
        return valeur[: draw(st.integers(0, 14))]
    return valeur + draw(st.text(string.digits, min_size=1, max_size=5))


@st.composite
def _nir_avec_lettre(draw: st.DrawFn) -> str:
    valeur = draw(nirs())
    texte = valeur.valeur
    position = draw(st.integers(0, 14))
    if position in (5, 6):
        # A department letter other than 2A/2B (upper case: 2a/2b would be accepted).
        lettre = draw(st.sampled_from("CDEFGHXYZ"))
    else:
        lettre = draw(st.sampled_from(string.ascii_letters))
    return texte[:position] + lettre + texte[position + 1 :]


def nirs_invalides() -> st.SearchStrategy[str]:
    """Texts ``Nir.parse`` must refuse with ``nir.invalide``.

    Valid NIRs spoilt one way: wrong key, wrong length, or a letter in place of
    a digit.
    """
    return st.one_of(_nir_mauvaise_cle(), _nir_mauvaise_longueur(), _nir_avec_lettre()).filter(
        lambda texte: not _stdnum_nir.is_valid(texte)
    )


def _siren9() -> st.SearchStrategy[str]:
    return st.text(string.digits, min_size=8, max_size=8).map(
        lambda corps: corps + luhn.calc_check_digit(corps)
    )


def sirens() -> st.SearchStrategy[Siren]:
    """Valid SIRENs (9 digits, Luhn key computed by stdnum)."""
    return _siren9().map(Siren)


@st.composite
def _siret_la_poste(draw: st.DrawFn) -> str:
    # La Poste establishments: SIREN 356000000, digits summing to a multiple of 5.
    corps = "356000000" + draw(st.text(string.digits, min_size=4, max_size=4))
    reste = sum(map(int, corps)) % 5
    dernier = draw(st.sampled_from([(5 - reste) % 5, (5 - reste) % 5 + 5]))
    return corps + str(dernier)


def sirets(la_poste: bool | None = None) -> st.SearchStrategy[Siret]:
    """Valid SIRETs (Luhn key computed by stdnum).

    ``la_poste``: None mixes in La Poste establishments (356000000…, which use
    the digit-sum rule instead of Luhn) now and then; True only those; False never.
    """
    ordinaires = st.tuples(_siren9(), st.text(string.digits, min_size=4, max_size=4)).map(
        lambda t: t[0] + t[1] + luhn.calc_check_digit(t[0] + t[1])
    )
    if la_poste is True:
        textes = _siret_la_poste()
    elif la_poste is False:
        textes = ordinaires
    else:
        textes = st.one_of(ordinaires, ordinaires, ordinaires, _siret_la_poste())
    return textes.filter(_stdnum_siret.is_valid).map(Siret)


_ATEXT = string.ascii_letters + string.digits + "!#$%&'*+/=?^_`{|}~-"
_LETTRES_CHIFFRES = string.ascii_letters + string.digits


@st.composite
def _label_domaine(draw: st.DrawFn) -> str:
    debut = draw(st.sampled_from(_LETTRES_CHIFFRES))
    milieu = draw(st.text(_LETTRES_CHIFFRES + "-", max_size=10))
    fin = draw(st.text(_LETTRES_CHIFFRES, min_size=1, max_size=1)) if milieu else ""
    return debut + milieu + fin


@st.composite
def _emails(draw: st.DrawFn) -> Email:
    morceaux = draw(st.lists(st.text(_ATEXT, min_size=1, max_size=12), min_size=1, max_size=3))
    local = ".".join(morceaux)
    labels = draw(st.lists(_label_domaine(), min_size=1, max_size=3))
    extension = draw(st.text(string.ascii_letters, min_size=2, max_size=6))
    return Email.parse(f"{local}@{'.'.join([*labels, extension])}")


def emails() -> st.SearchStrategy[Email]:
    """Valid e-mail addresses, ASCII, with mixed case to exercise normalisation."""
    return _emails()


def codes_pcs() -> st.SearchStrategy[CodePcsEse]:
    """PCS-ESE codes of INSEE's list (``233c``)."""
    return st.sampled_from(sorted(professions_pcs())).map(CodePcsEse)


def numeros_adherent() -> st.SearchStrategy[NumeroAdherent]:
    """Member numbers: 1 to 12 digits, leading zeros possible."""
    return st.text(string.digits, min_size=1, max_size=12).map(NumeroAdherent)


def numeros_teledeclarant() -> st.SearchStrategy[NumeroTeledeclarant]:
    """Declarant numbers: 6 to 20 upper-case letters or digits."""
    return st.text(string.ascii_uppercase + string.digits, min_size=6, max_size=20).map(
        NumeroTeledeclarant
    )
