"""Who issues the invoices (F8): the RST's identity, its payment terms and how its
invoice numbers are written — configuration, not code — and the dates from which
electronic invoicing binds it.

Text references: Code de commerce art. L441-9 (mentions), L441-10 (payment terms of 60
days at most, late-payment penalties), D441-5 (the 40 € recovery indemnity); CGI art.
242 nonies A of annex II (invoice numbering: "une numérotation continue et
chronologique", which may restart each year behind a yearly prefix); loi n° 2023-1322 du
29 décembre 2023, art. 91, and décret n° 2022-1299 as amended (electronic invoicing:
large and mid-size issuers from 1 September 2026, small ones from 1 September 2027).
"""

from __future__ import annotations

import datetime as dt
import enum
import re
import string
from decimal import Decimal

from attrs import field, frozen
from stdnum import iban as _stdnum_iban
from stdnum.fr import tva as _stdnum_tva

from .adresses import Adresse
from .erreurs import DonneeInvalide
from .identifiants import Siret
from .normalisation import valider_sans_trace
from .textes import texte_requis

__all__ = [
    "DATES_FACTURATION_ELECTRONIQUE",
    "FORMAT_NUMERO_PAR_DEFAUT",
    "CategorieEntreprise",
    "Emetteur",
    "emission_electronique_obligatoire",
]

FORMAT_NUMERO_PAR_DEFAUT = "{prefixe}-{annee}-{numero:06d}"
"""``FA-2026-000001``: the prefix, the year of issue, the rank in that year's series."""

_CHAMPS_FORMAT = frozenset({"prefixe", "annee", "numero"})
_PREFIXE = re.compile(r"[A-Z0-9]{1,10}", re.ASCII)


class CategorieEntreprise(enum.Enum):
    """F8: the issuer's size category, which sets when issuing e-invoices binds it."""

    GRANDE_OU_INTERMEDIAIRE = "grande_ou_intermediaire"
    PME = "pme"


DATES_FACTURATION_ELECTRONIQUE: dict[CategorieEntreprise, dt.date] = {
    CategorieEntreprise.GRANDE_OU_INTERMEDIAIRE: dt.date(2026, 9, 1),
    CategorieEntreprise.PME: dt.date(2027, 9, 1),
}
"""F8: the first day an issuer of each category must issue electronic invoices (loi
n° 2023-1322, art. 91). Every company must be able to receive them from 1 September 2026."""


def emission_electronique_obligatoire(categorie: CategorieEntreprise, le: dt.date) -> bool:
    """F8: whether an invoice issued on ``le`` must be an electronic one (Factur-X, UBL or
    CII) for an issuer of ``categorie``."""
    return le >= DATES_FACTURATION_ELECTRONIQUE[categorie]


def _raison_sociale(valeur: object) -> str:
    return texte_requis(valeur, champ="raison_sociale", code="emetteur.invalide",
                        regle="F8", maximum=200, libelle="La raison sociale")


def _moyens(valeur: object) -> str:
    return texte_requis(valeur, champ="moyens_de_paiement", code="emetteur.invalide",
                        regle="F8", maximum=200, libelle="Le moyen de paiement")


def _iban(valeur: object) -> str | None:
    if valeur is None:
        return None
    texte = valider_sans_trace(_stdnum_iban.validate, valeur) if isinstance(valeur, str) \
        else None
    if texte is None:
        raise DonneeInvalide("L'IBAN est invalide.", code="emetteur.iban_invalide",
                             regle="F8", chemin="iban")
    return texte


def _numero_tva(valeur: object) -> str:
    texte = valider_sans_trace(_stdnum_tva.validate, valeur) if isinstance(valeur, str) \
        else None
    if texte is None:
        raise DonneeInvalide("Le numéro de TVA intracommunautaire est invalide (FR, clé, "
                             "SIREN).", code="emetteur.tva_invalide", regle="F8",
                             chemin="numero_tva")
    return "FR" + texte


def _format_numero(valeur: object) -> str:
    erreur = DonneeInvalide(
        "Le format du numéro de facture n'utilise que {prefixe}, {annee} et {numero} "
        "(par ex. « {prefixe}-{annee}-{numero:06d} »), et {numero} une fois.",
        code="emetteur.format_invalide", regle="F8", chemin="format_numero")
    if not isinstance(valeur, str) or not 1 <= len(valeur) <= 60:
        raise erreur
    try:
        champs = [c for _t, c, _f, _conv in string.Formatter().parse(valeur) if c is not None]
        valeur.format(prefixe="FA", annee=2026, numero=1)
    except (ValueError, KeyError, IndexError):
        raise erreur from None
    if not set(champs) <= _CHAMPS_FORMAT or champs.count("numero") != 1:
        raise erreur
    return valeur


def _prefixe(valeur: object) -> str:
    if not isinstance(valeur, str) or not _PREFIXE.fullmatch(valeur):
        raise DonneeInvalide("Le préfixe des numéros de facture a 1 à 10 lettres "
                             "majuscules ou chiffres.", code="emetteur.format_invalide",
                             regle="F8", chemin="prefixe")
    return valeur


def _delai(valeur: object) -> int:
    if isinstance(valeur, bool) or not isinstance(valeur, int) or not 0 <= valeur <= 60:
        raise DonneeInvalide("Le délai de paiement est de 0 à 60 jours (Code de commerce, "
                             "art. L441-10).", code="emetteur.delai_invalide", regle="F8",
                             chemin="delai_paiement_jours")
    return valeur


def _taux(valeur: object) -> Decimal:
    if isinstance(valeur, bool) or not isinstance(valeur, Decimal | int | str):
        raise DonneeInvalide("Le taux des pénalités est un nombre (par ex. « 12.00 »).",
                             code="emetteur.invalide", regle="F8", chemin="taux_penalites")
    try:
        taux = Decimal(valeur)
    except ArithmeticError:
        raise DonneeInvalide("Le taux des pénalités est un nombre (par ex. « 12.00 »).",
                             code="emetteur.invalide", regle="F8",
                             chemin="taux_penalites") from None
    if not taux.is_finite() or not 0 <= taux <= 100:
        raise DonneeInvalide("Le taux des pénalités est un pourcentage de 0 à 100.",
                             code="emetteur.invalide", regle="F8", chemin="taux_penalites")
    return taux


@frozen
class Emetteur:
    """F8: the RST as seller — name, address, SIRET, VAT number, payment terms, late
    penalties — and its numbering: ``format_numero`` with ``{prefixe}``, ``{annee}`` (the
    year of issue: the series then restarts at 1 each year) and ``{numero}``."""

    raison_sociale: str = field(converter=_raison_sociale)
    adresse: Adresse
    siret: Siret
    numero_tva: str = field(converter=_numero_tva)
    delai_paiement_jours: int = field(default=30, converter=_delai)
    moyens_de_paiement: str = field(default="Virement bancaire", converter=_moyens)
    iban: str | None = field(default=None, converter=_iban)
    taux_penalites: Decimal = field(default=Decimal("12.00"), converter=_taux)
    """Late-payment penalties, in % a year (L441-10: at least three times the legal
    interest rate)."""
    categorie: CategorieEntreprise = CategorieEntreprise.GRANDE_OU_INTERMEDIAIRE
    prefixe: str = field(default="FA", converter=_prefixe)
    format_numero: str = field(default=FORMAT_NUMERO_PAR_DEFAUT, converter=_format_numero)

    @property
    def annuel(self) -> bool:
        """The series restarts at 1 each year (the year is in the number)."""
        return "{annee" in self.format_numero

    def numero(self, annee: int, rang: int) -> str:
        """The invoice number of ``rang`` in the series of ``annee``."""
        return self.format_numero.format(prefixe=self.prefixe, annee=annee, numero=rang)

    def mentions(self) -> tuple[str, ...]:
        """F8: the payment mentions every invoice prints."""
        return (
            f"Paiement à {self.delai_paiement_jours} jours à compter de la date d'émission"
            f", par {self.moyens_de_paiement.lower()}. Pas d'escompte pour paiement "
            "anticipé.",
            f"Tout retard de paiement entraîne des pénalités au taux annuel de "
            f"{format(self.taux_penalites, 'f').replace('.', ',')} % (Code de commerce, art."
            " L441-10) et une indemnité forfaitaire pour frais de recouvrement de 40 € "
            "(art. D441-5).",
        )
