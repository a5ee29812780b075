"""The law as dated data: every legal fact the rules use, with its text and the date it
takes effect, in one place.

A fact is one line, ``fait_juridique(name, value, first day, text, article)``, which also
lists it in :data:`FAITS` (docs/rules.md shows them all, and a test checks that it
does). Next year's national cost, when its arrêté is published, is one more line
under :data:`COUTS_MOYENS` (and its test); a service adds or overrides a year from its
own configuration (``Contexte.couts_moyens``) without touching this module.

The rules ask "which fact is in force on this day" (:func:`en_vigueur`); nothing here
reads the clock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal
from types import MappingProxyType
from typing import Generic, TypeVar

from attrs import field, frozen

from .monnaie import arrondir, montant_en_euros
from .suivi import CatalogueDesRisques, Risque

T = TypeVar("T")


@frozen
class Reference:
    """Where a fact comes from: the text (décret, arrêté, loi) and, when it matters,
    the article."""

    texte: str
    article: str = ""

    def __str__(self) -> str:
        return f"{self.texte}, {self.article}" if self.article else self.texte


@frozen
class FaitJuridique(Generic[T]):
    """One legal fact: what it is (``nom``, in French), its value, the first day it
    applies (``depuis``) and its reference."""

    nom: str
    valeur: T
    depuis: dt.date
    reference: Reference


_FAITS: list[FaitJuridique[object]] = []


def fait_juridique(nom: str, valeur: T, depuis: dt.date, texte: str, article: str = ""
                   ) -> FaitJuridique[T]:
    """A legal fact, listed in :data:`FAITS`: adding one is this one call."""
    un = FaitJuridique(nom, valeur, depuis, Reference(texte, article))
    _FAITS.append(un)  # type: ignore[arg-type]
    return un


def en_vigueur(faits: Sequence[FaitJuridique[T]], le: dt.date) -> FaitJuridique[T] | None:
    """The fact of ``faits`` in force on ``le``: the latest that applies from that day or
    before; ``None`` before the first."""
    en_cours = [f for f in faits if f.depuis <= le]
    return max(en_cours, key=lambda f: f.depuis, default=None)


# -- F3: the legal band of the per-person fee ---------------------------------------------
@frozen
class Bande:
    """F3: the per-person fee lies within ``minimum`` and ``maximum`` times the national
    average cost of the year."""

    minimum: Decimal
    maximum: Decimal

    def __str__(self) -> str:
        return f"{self.minimum * 100:.0f} % à {self.maximum * 100:.0f} %"


BANDE_LEGALE = fait_juridique(
    "Bande légale de la cotisation par salarié : 80 % à 120 % du coût moyen national",
    Bande(Decimal("0.80"), Decimal("1.20")), dt.date(2025, 1, 1),
    "Décret n° 2022-1749 du 30 décembre 2022",
    "art. D4622-27-4 à D4622-27-6 du code du travail")


def _cout(valeur: object) -> Decimal:
    return montant_en_euros(valeur, "montant", "F3")


@frozen
class CoutMoyenNational:
    """F3: the national average cost per person of the year; per-person prices must stay
    within the legal band around it (:data:`BANDE_LEGALE`)."""

    annee: int
    montant: Decimal = field(converter=_cout)

    @property
    def minimum(self) -> Decimal:
        return arrondir(self.montant * BANDE_LEGALE.valeur.minimum)

    @property
    def maximum(self) -> Decimal:
        return arrondir(self.montant * BANDE_LEGALE.valeur.maximum)


def _cout_de(annee: int, montant: str, texte: str) -> FaitJuridique[CoutMoyenNational]:
    return fait_juridique(f"Coût moyen national {annee}", CoutMoyenNational(annee, montant),
                          dt.date(annee, 1, 1), texte, "art. D4622-27-4 du code du travail")


COUTS_MOYENS: tuple[FaitJuridique[CoutMoyenNational], ...] = (
    _cout_de(2025, "115.50", "Arrêté fixant le coût moyen national pour 2025 (Journal "
                             "officiel du 12 octobre 2024)"),
    _cout_de(2026, "116.00", "Arrêté du 26 septembre 2025"),
)
"""F3: the national average cost of each year, set each autumn for the next year."""

COUTS_MOYENS_NATIONAUX: Mapping[int, CoutMoyenNational] = MappingProxyType(
    {f.valeur.annee: f.valeur for f in COUTS_MOYENS})
"""The same costs by year (what a barème of the period's first day's year is checked
against)."""


# -- P2, P2b: the risk catalogue, by date --------------------------------------------------
_R4624_23_I = frozenset({Risque.AMIANTE, Risque.PLOMB, Risque.AGENTS_CMR,
                         Risque.AGENTS_BIOLOGIQUES_3_4, Risque.RAYONNEMENTS_IONISANTS,
                         Risque.MILIEU_HYPERBARE, Risque.MONTAGE_ECHAFAUDAGES})
_APTITUDES = frozenset({Risque.HABILITATION_ELECTRIQUE, Risque.AUTORISATION_CONDUITE})
_AUTRES_R4624_23_II = frozenset({Risque.MANUTENTION_PLUS_55_KG,
                                 Risque.JEUNES_TRAVAUX_REGLEMENTES})
_SIA = frozenset({Risque.TRAVAIL_DE_NUIT, Risque.CHAMPS_ELECTROMAGNETIQUES,
                  Risque.AGENTS_BIOLOGIQUES_2})

CATALOGUES_DES_RISQUES: tuple[FaitJuridique[CatalogueDesRisques], ...] = (
    fait_juridique(
        "Risques du suivi renforcé, dont l'habilitation électrique et l'autorisation de "
        "conduite", CatalogueDesRisques(_R4624_23_I | _APTITUDES | _AUTRES_R4624_23_II, _SIA),
        dt.date(2017, 1, 1), "Décret n° 2016-1908 du 27 décembre 2016",
        "art. R4624-18 et R4624-23 du code du travail"),
    fait_juridique(
        "L'habilitation électrique et l'autorisation de conduite sortent du suivi renforcé "
        "(suivi simple)", CatalogueDesRisques(_R4624_23_I | _AUTRES_R4624_23_II, _SIA,
                                              _APTITUDES),
        dt.date(2025, 10, 1), "Décret n° 2025-355 du 18 avril 2025",
        "art. R4624-23 du code du travail"),
)
"""P2b: which risks call for which follow-up, from each date. Before the first date the
library knows, the first catalogue answers."""


def catalogue_le(le: dt.date) -> CatalogueDesRisques:
    """P2b: the risk catalogue in force on ``le``."""
    en_cours = en_vigueur(CATALOGUES_DES_RISQUES, le) or CATALOGUES_DES_RISQUES[0]
    return en_cours.valeur


def changements_du_catalogue() -> tuple[FaitJuridique[CatalogueDesRisques], ...]:
    """P2b: every change of the catalogue after the first one the library knows."""
    return CATALOGUES_DES_RISQUES[1:]


# -- F9: private employers -----------------------------------------------------------------
SERVICE_NATIONAL_PARTICULIERS_EMPLOYEURS = fait_juridique(
    "Les particuliers employeurs relèvent du service national (SPSTN)",
    "le service de prévention et de santé au travail national (SPSTN) des particuliers "
    "employeurs", dt.date(2025, 1, 2),
    "Loi n° 2021-1018 du 2 août 2021 ; accord de branche du 4 mai 2022 étendu par arrêté "
    "du 18 juillet 2022", "art. 5.1 de l'accord")


# -- F7: multi-employer workers ------------------------------------------------------------
PARTAGE_MULTI_EMPLOYEURS = fait_juridique(
    "Cotisation d'un salarié multi-employeur répartie à parts égales entre ses employeurs",
    "à parts égales, sur la situation au 31 janvier", dt.date(2024, 1, 1),
    "Décret n° 2023-547 du 30 juin 2023", "art. 3 I ; art. D4624-59 à D4624-65 du code du "
    "travail")
"""F7: the first year whose fees are shared is 2024."""


# -- a new fact goes above this line --------------------------------------------------------
FAITS: tuple[FaitJuridique[object], ...] = tuple(_FAITS)
"""Every legal fact above, in the order written (docs/rules.md lists them)."""


__all__ = [
    "BANDE_LEGALE",
    "CATALOGUES_DES_RISQUES",
    "COUTS_MOYENS",
    "COUTS_MOYENS_NATIONAUX",
    "FAITS",
    "PARTAGE_MULTI_EMPLOYEURS",
    "SERVICE_NATIONAL_PARTICULIERS_EMPLOYEURS",
    "Bande",
    "CoutMoyenNational",
    "FaitJuridique",
    "Reference",
    "catalogue_le",
    "changements_du_catalogue",
    "en_vigueur",
    "fait_juridique",
]
