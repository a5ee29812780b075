"""S1: who a salarié is (names, birth date, optional NIR), and the S2 key that tells
people apart when no NIR does."""

from __future__ import annotations

import datetime as dt

from attrs import field, frozen

from .contrats import date_requise
from .erreurs import DonneeInvalide
from .identifiants import Nir
from .textes import normaliser, texte_requis


def _nom(valeur: object) -> str:
    return texte_requis(
        valeur, champ="nom", code="salarie.nom_invalide", regle="S1", maximum=100,
        libelle="Le nom de famille",
    )


def _prenoms(valeur: object) -> str:
    return texte_requis(
        valeur, champ="prenoms", code="salarie.prenoms_invalides", regle="S1", maximum=150,
        libelle="Les prénoms",
    )


def _naissance(valeur: object) -> dt.date:
    """S1: a date; D1 bounds it (from 1 January 1900)."""
    return date_requise(valeur, "date_naissance", "S1")


def _nir(valeur: object) -> Nir | None:
    if valeur is None or isinstance(valeur, Nir):
        return valeur
    raise DonneeInvalide("Le NIR est invalide.", code="nir.invalide", regle="S1", chemin="nir")


@frozen
class Identite:
    """S1: who the person is. The NIR is optional, valid when given, coherent with the
    birth date."""

    nom: str = field(converter=_nom)
    prenoms: str = field(converter=_prenoms)
    date_naissance: dt.date = field(converter=_naissance)
    nir: Nir | None = field(default=None, converter=_nir)

    def __attrs_post_init__(self) -> None:
        if self.nir is not None:
            self.nir.verifier_naissance(self.date_naissance)

    @property
    def cle(self) -> tuple[str, str, dt.date]:
        """S2: the person's key when no NIR tells them apart."""
        return normaliser(self.nom), normaliser(self.prenoms), self.date_naissance

    def age_le(self, le: dt.date) -> int:
        naissance = self.date_naissance
        avant_anniversaire = (le.month, le.day) < (naissance.month, naissance.day)
        return le.year - naissance.year - int(avant_anniversaire)

    def champs_differents(self, autre: Identite) -> tuple[str, ...]:
        return tuple(
            nom for nom in ("nom", "prenoms", "date_naissance", "nir")
            if getattr(self, nom) != getattr(autre, nom)
        )

__all__ = ["Identite"]
