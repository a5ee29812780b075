"""Contracts and their DSN vocabularies (C1)."""

from __future__ import annotations

import datetime as dt
import enum
import re

from attrs import field, frozen

from .dates import date_dans_les_bornes
from .erreurs import DonneeInvalide
from .textes import texte_optionnel


class NatureContrat(enum.Enum):
    """DSN rubric S21.G00.40.007 (nature du contrat): every code of the norm's list
    ``DSN_NatureContrat`` (unchanged from P24V01 to P26V01; the labels are package data
    of ``formats/norme``, and a test checks this list against them)."""

    CDI = "01"
    CDD = "02"
    MISSION_INTERIM = "03"
    CDI_INTERMITTENT = "07"
    CDI_INTERIMAIRE = "08"
    CDI_DROIT_PUBLIC = "09"
    CDD_DROIT_PUBLIC = "10"
    DETACHEMENT_AVEC_PENSION = "20"
    DETACHEMENT_SANS_PENSION = "21"
    STAGE = "29"
    APPUI_PROJET_ENTREPRISE = "32"
    NOMINATION_FONCTION_PUBLIQUE = "50"
    COLLABORATEUR_OCCASIONNEL = "51"
    CUMUL_ACTIVITE_ACCESSOIRE = "52"
    EMPLOI_PENITENTIAIRE = "53"
    EMPLOI_PENITENTIAIRE_APPRENTISSAGE = "54"
    ENGAGEMENT_EDUCATIF = "60"
    SOUTIEN_PAR_LE_TRAVAIL = "70"
    MANDAT_SOCIAL = "80"
    MANDAT_ELU = "81"
    CDI_CHANTIER = "82"
    SERVICE_CIVIQUE = "89"
    AUTRE = "90"
    ENGAGEMENT_MARITIME_CDI = "91"
    ENGAGEMENT_MARITIME_CDD = "92"
    LIGNE_DE_SERVICE = "93"


_DISPOSITIF = re.compile(r"[0-9]{2}")
_MOTIF_SORTIE = re.compile(r"[0-9]{1,3}", re.ASCII)


def date_requise(valeur: object, champ: str, regle: str = "C1") -> dt.date:
    """A calendar date (a ``datetime`` is refused: the domain counts days) within the
    domain's bounds (D1)."""
    if not isinstance(valeur, dt.date) or isinstance(valeur, dt.datetime):
        raise DonneeInvalide(
            "Une date est attendue.", code="date.invalide", regle=regle, chemin=champ
        )
    return date_dans_les_bornes(valeur, champ)


def _date_debut(valeur: object) -> dt.date:
    return date_requise(valeur, "debut")


def _date_fin(valeur: object) -> dt.date | None:
    return None if valeur is None else date_requise(valeur, "fin")


def _nature(valeur: object) -> NatureContrat:
    if isinstance(valeur, NatureContrat):
        return valeur
    raise DonneeInvalide(
        "La nature du contrat est inconnue (codes DSN S21.G00.40.007).",
        code="contrat.nature_inconnue",
        regle="C1",
        chemin="nature",
    )


def _dispositif(valeur: object) -> str | None:
    if valeur is None:
        return None
    if isinstance(valeur, str) and _DISPOSITIF.fullmatch(valeur):
        return valeur
    raise DonneeInvalide(
        "Le dispositif de politique publique est un code DSN à deux chiffres "
        "(S21.G00.40.008).",
        code="contrat.dispositif_invalide",
        regle="C1",
        chemin="dispositif",
    )


def _numero(valeur: object) -> str | None:
    return texte_optionnel(
        valeur,
        champ="numero",
        code="contrat.numero_invalide",
        regle="C1",
        maximum=20,
        libelle="Le numéro du contrat",
    )


def motif_de_sortie(valeur: object) -> str | None:
    """E2: an exit reason is a DSN code of rubric S21.G00.62.002 (three digits); ``31``
    is read as ``031``, as a spreadsheet that dropped the leading zero writes it."""
    if valeur is None:
        return None
    if isinstance(valeur, str) and _MOTIF_SORTIE.fullmatch(valeur):
        return valeur.zfill(3)
    raise DonneeInvalide(
        "Le motif de sortie est un code DSN à trois chiffres (S21.G00.62.002), par ex. 031.",
        code="sortie.motif_invalide",
        regle="E2",
        chemin="motif",
    )


@frozen
class Contrat:
    """One employment contract of a salarié.

    ``clot_id``/``fin_close`` remember the contract this one closed (C3) so that
    cancelling this one (C4) can re-open it.
    """

    id: str
    nature: NatureContrat = field(converter=_nature)
    debut: dt.date = field(converter=_date_debut)
    poste_id: str
    fin: dt.date | None = field(default=None, converter=_date_fin)
    dispositif: str | None = field(default=None, converter=_dispositif)
    numero: str | None = field(default=None, converter=_numero)
    annule: bool = False
    clot_id: str | None = None
    fin_close: dt.date | None = None

    def __attrs_post_init__(self) -> None:
        if self.fin is not None and self.fin < self.debut:
            raise DonneeInvalide(
                "La date de fin du contrat précède sa date de début.",
                code="contrat.dates_invalides",
                regle="C1",
                chemin="fin",
            )

    def couvre(self, le: dt.date) -> bool:
        return self.debut <= le and (self.fin is None or le <= self.fin)

    def chevauche(self, autre: Contrat) -> bool:
        return (self.fin is None or autre.debut <= self.fin) and (
            autre.fin is None or self.debut <= autre.fin
        )
