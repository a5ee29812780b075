"""Postal addresses (F8): the seller's and the buyer's, as invoices print them and EN 16931
carries them (BG-5, BG-8)."""

from __future__ import annotations

import re

from attrs import field, frozen

from .erreurs import DonneeInvalide
from .textes import texte_requis

__all__ = ["Adresse"]

_PAYS = re.compile(r"[A-Z]{2}", re.ASCII)
_CODE_POSTAL = re.compile(r"[0-9A-Z -]{2,10}", re.ASCII)


def _lignes(valeur: object) -> tuple[str, ...]:
    if isinstance(valeur, str) or not isinstance(valeur, tuple | list) or not 1 <= len(
            valeur) <= 3:
        raise DonneeInvalide("Une adresse a une à trois lignes.", code="adresse.invalide",
                             regle="F8", chemin="lignes")
    return tuple(texte_requis(v, champ="lignes", code="adresse.invalide", regle="F8",
                              maximum=100, libelle="Une ligne d'adresse") for v in valeur)


def _code_postal(valeur: object) -> str:
    texte = texte_requis(valeur, champ="code_postal", code="adresse.invalide", regle="F8",
                         maximum=10, libelle="Le code postal")
    if not _CODE_POSTAL.fullmatch(texte):
        raise DonneeInvalide("Le code postal est invalide.", code="adresse.invalide",
                             regle="F8", chemin="code_postal")
    return texte


def _ville(valeur: object) -> str:
    return texte_requis(valeur, champ="ville", code="adresse.invalide", regle="F8",
                        maximum=80, libelle="La ville")


def _pays(valeur: object) -> str:
    if not isinstance(valeur, str) or not _PAYS.fullmatch(valeur):
        raise DonneeInvalide("Le pays s'écrit en deux lettres majuscules (FR).",
                             code="adresse.invalide", regle="F8", chemin="pays")
    return valeur


@frozen
class Adresse:
    """F8: a postal address as invoices print it and EN 16931 carries it (BG-5, BG-8)."""

    lignes: tuple[str, ...] = field(converter=_lignes)
    code_postal: str = field(converter=_code_postal)
    ville: str = field(converter=_ville)
    pays: str = field(default="FR", converter=_pays)

    def en_lignes(self) -> tuple[str, ...]:
        return (*self.lignes, f"{self.code_postal} {self.ville}")
