"""S1: who a salarié is (names, birth date, optional NIR or NTT), and the S2 key that
tells people apart when no NIR does.

A birth date may be partly unknown, as the DSN writes it (``99`` for the day and/or the
month, S21.G00.30.006): :class:`PrecisionNaissance` says which part, and
``date_naissance`` then holds the LATEST day the person can have been born (the month's
last day, or the year's). Every rule reading the date takes that day: P3 counts the
person under 18 as long as they may be, and S2 compares that day (docs/rules.md).
"""

from __future__ import annotations

import calendar
import datetime as dt
import enum

from attrs import field, frozen

from .contrats import date_requise
from .erreurs import DonneeInvalide
from .identifiants import Nir
from .ntt import Ntt
from .textes import normaliser, texte_requis


class PrecisionNaissance(enum.Enum):
    """What a birth date states (DSN S21.G00.30.006: ``99MMAAAA``, ``JJ99AAAA``,
    ``9999AAAA``)."""

    COMPLETE = "complete"
    JOUR_INCONNU = "jour_inconnu"
    MOIS_INCONNU = "mois_inconnu"
    JOUR_ET_MOIS_INCONNUS = "jour_et_mois_inconnus"

    @property
    def mois_connu(self) -> bool:
        return self in (PrecisionNaissance.COMPLETE, PrecisionNaissance.JOUR_INCONNU)

    @property
    def jour_connu(self) -> bool:
        return self in (PrecisionNaissance.COMPLETE, PrecisionNaissance.MOIS_INCONNU)


def naissance_partielle(
    annee: int, mois: int | None, jour: int | None
) -> tuple[dt.date, PrecisionNaissance]:
    """A birth date with an unknown month and/or day (``None``), as the domain stores it:
    the latest day it can be, and its precision. Raises ``ValueError`` on a day the
    month (or, month unknown, December) does not have."""
    precision = {
        (True, True): PrecisionNaissance.COMPLETE,
        (True, False): PrecisionNaissance.JOUR_INCONNU,
        (False, True): PrecisionNaissance.MOIS_INCONNU,
        (False, False): PrecisionNaissance.JOUR_ET_MOIS_INCONNUS,
    }[(mois is not None, jour is not None)]
    mois_retenu = 12 if mois is None else mois
    if jour is None:
        jour = calendar.monthrange(annee, mois_retenu)[1]
    elif mois is None:
        # The latest month that has this day (31 → December, 30 → December too).
        dt.date(annee, 12, jour)
    return dt.date(annee, mois_retenu, jour), precision


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


def _ntt(valeur: object) -> Ntt | None:
    if valeur is None or isinstance(valeur, Ntt):
        return valeur
    raise DonneeInvalide("Le NTT est invalide.", code="ntt.invalide", regle="S1", chemin="ntt")


def _precision(valeur: object) -> PrecisionNaissance:
    if isinstance(valeur, PrecisionNaissance):
        return valeur
    raise DonneeInvalide("La précision de la date de naissance est invalide.",
                         code="salarie.naissance_invalide", regle="S1",
                         chemin="precision_naissance")


@frozen
class Identite:
    """S1: who the person is. The NIR is optional, valid when given, coherent with the
    birth date; a person without NIR may carry the NTT of their payroll (S2). A partly
    unknown birth date holds its latest possible day (``precision_naissance``)."""

    nom: str = field(converter=_nom)
    prenoms: str = field(converter=_prenoms)
    date_naissance: dt.date = field(converter=_naissance)
    nir: Nir | None = field(default=None, converter=_nir)
    ntt: Ntt | None = field(default=None, converter=_ntt, kw_only=True)
    precision_naissance: PrecisionNaissance = field(
        default=PrecisionNaissance.COMPLETE, converter=_precision, kw_only=True)

    def __attrs_post_init__(self) -> None:
        precision = self.precision_naissance
        if precision is not PrecisionNaissance.COMPLETE:
            attendu, _ = naissance_partielle(
                self.date_naissance.year,
                self.date_naissance.month if precision.mois_connu else None,
                self.date_naissance.day if precision.jour_connu else None)
            if attendu != self.date_naissance:
                raise DonneeInvalide(
                    "Une date de naissance incomplète est enregistrée à son dernier jour "
                    "possible.", code="salarie.naissance_invalide", regle="S1",
                    chemin="date_naissance")
        if self.nir is not None:
            self.nir.verifier_naissance(self.date_naissance,
                                        mois_connu=precision.mois_connu)

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
            nom for nom in ("nom", "prenoms", "date_naissance", "nir", "ntt",
                            "precision_naissance")
            if getattr(self, nom) != getattr(autre, nom)
        )

    def naissance_dsn(self) -> str:
        """The birth date as the DSN writes it, ``99`` for what is unknown (JJMMAAAA)."""
        d, precision = self.date_naissance, self.precision_naissance
        jour = f"{d.day:02d}" if precision.jour_connu else "99"
        mois = f"{d.month:02d}" if precision.mois_connu else "99"
        return f"{jour}{mois}{d.year:04d}"

    def naissance_fr(self) -> str:
        """The birth date for a page or the command line: ``12/03/1984``, ``??/03/1984``."""
        return "/".join(p if p != "99" else "??" for p in
                        (self.naissance_dsn()[:2], self.naissance_dsn()[2:4])) + \
            f"/{self.date_naissance.year:04d}"


__all__ = ["Identite", "PrecisionNaissance", "naissance_partielle"]
