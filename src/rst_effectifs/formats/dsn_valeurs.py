"""The DSN reader's value readers: a rubric's text -> a value, or a domain refusal whose
message never repeats the value (a NIR is personal data, A5). The norm's references are
those of the cahier technique (``formats/norme``); docs/import.md lists them.
"""

from __future__ import annotations

import datetime as dt
import re

from ..application.declarations import REGLE_FICHIER
from ..domain.contrats import NatureContrat
from ..domain.dates import date_dans_les_bornes
from ..domain.erreurs import DonneeInvalide
from ..domain.identifiants import CodePcsEse, Nir, Siren, calculer_cle
from ..domain.identites import PrecisionNaissance, naissance_partielle
from ..domain.ntt import Ntt
from .norme_dsn import DISPOSITIF, MOTIF_RUPTURE, NATURE_CONTRAT, NormeDsn

__all__ = [
    "DISPOSITIF_NON_CONCERNE",
    "lire_date",
    "lire_dispositif",
    "lire_motif",
    "lire_naissance",
    "lire_nature",
    "lire_nir",
    "lire_ntt",
    "lire_pcs",
    "lire_siren",
    "nir_fictif",
]

DISPOSITIF_NON_CONCERNE = "99"
"""S21.G00.40.008 value meaning "no public scheme"."""

_DATE_DSN = re.compile(r"[0-9]{8}", re.ASCII)
_NIR_13 = re.compile(r"[0-9]{5}(?:[0-9]{2}|2[AaBb])[0-9]{6}", re.ASCII)
_INCONNU = 99


def lire_date(texte: str) -> dt.date:
    """DSN dates are JJMMAAAA (``Date_JJMMAAAA``)."""
    if _DATE_DSN.fullmatch(texte):
        try:
            jour = dt.date(int(texte[4:]), int(texte[2:4]), int(texte[:2]))
        except ValueError:
            pass
        else:
            return date_dans_les_bornes(jour)
    raise DonneeInvalide(
        "La date doit être une date réelle écrite JJMMAAAA (par exemple 01032024).",
        code="dsn.date_invalide", regle=REGLE_FICHIER)


def lire_naissance(texte: str) -> tuple[dt.date, PrecisionNaissance]:
    """S21.G00.30.006 (type ``N4DS_DDN``): JJMMAAAA, ``99`` for an unknown day and/or
    month (``99MMAAAA``, ``JJ99AAAA``, ``9999AAAA``); stored at its latest possible day."""
    if _DATE_DSN.fullmatch(texte):
        jour, mois, annee = int(texte[:2]), int(texte[2:4]), int(texte[4:])
        try:
            date, precision = naissance_partielle(
                annee, None if mois == _INCONNU else mois, None if jour == _INCONNU else jour)
        except ValueError:
            pass
        else:
            return date_dans_les_bornes(date, "date_naissance"), precision
    raise DonneeInvalide(
        "La date de naissance doit être une date réelle écrite JJMMAAAA, 99 pour un jour "
        "ou un mois inconnu (par exemple 12031984 ou 99031984).",
        code="dsn.date_invalide", regle=REGLE_FICHIER)


def nir_fictif(texte: str) -> bool:
    """The placeholders payroll packages write when they do not know the NIR
    (``1999999999999``, more than five 9s at the end): the norm forbids them
    (S21.G00.30.001/CCH-13, CCH-16) and wants the NTT instead; read as "no NIR"."""
    return len(texte) in (13, 15) and texte[:13].endswith("999999")


def lire_nir(texte: str) -> Nir:
    """S21.G00.30.001 (type ``Identifiant_Nir_13``): the NIR on 13 characters WITHOUT its
    key (« la clé n'est pas à déclarer dans cette rubrique »), 2A/2B for Corsica; the
    key is computed (python-stdnum). 15 characters, key included, are read too."""
    if _NIR_13.fullmatch(texte):
        corps = texte.upper()
        texte = corps + calculer_cle(corps)
    try:
        return Nir.parse(texte, chemin="nir")
    except DonneeInvalide as refus:
        message = refus.message
    raise DonneeInvalide(
        message.replace("il faut 15 caractères (13 chiffres, 2A ou 2B pour la Corse, puis "
                        "une clé de 2 chiffres) et une clé de contrôle exacte",
                        "la norme l'écrit sur 13 caractères sans sa clé (13 chiffres, "
                        "2A ou 2B pour la Corse)"),
        code="nir.invalide", regle="S1", chemin="nir")


def lire_ntt(texte: str) -> Ntt:
    """S21.G00.30.020 (type ``Type_Alphanumeric_11_40``)."""
    return Ntt.parse(texte, chemin="ntt")


def lire_siren(texte: str) -> Siren:
    return Siren.parse(texte, chemin="siren")


def lire_pcs(texte: str) -> CodePcsEse:
    return CodePcsEse.parse(texte, chemin="code_pcs")


def _inconnu(quoi: str, rubrique: str, norme: NormeDsn, code: str, regle: str,
             chemin: str) -> DonneeInvalide:
    return DonneeInvalide(
        f"{quoi} n'est pas un code de la norme DSN {norme.version} ({rubrique}).",
        code=code, regle=regle, chemin=chemin)


_NATURES = {n.value: n for n in NatureContrat}


def lire_nature(texte: str, norme: NormeDsn) -> NatureContrat:
    """C1: S21.G00.40.007, every code of the version's list ``DSN_NatureContrat``."""
    nature = _NATURES.get(texte)
    if nature is None or not norme.connait(NATURE_CONTRAT, texte):
        raise _inconnu("La nature du contrat", NATURE_CONTRAT, norme,
                       "contrat.nature_inconnue", "C1", "nature")
    return nature


def lire_dispositif(texte: str, norme: NormeDsn) -> str | None:
    """C1: S21.G00.40.008 (``DSN_Dispos_PubEmpFormPro_2``); ``99`` means none."""
    if texte == DISPOSITIF_NON_CONCERNE:
        return None
    if not norme.connait(DISPOSITIF, texte):
        raise _inconnu("Le dispositif de politique publique", DISPOSITIF, norme,
                       "contrat.dispositif_invalide", "C1", "dispositif")
    return texte


def lire_motif(texte: str, norme: NormeDsn) -> str:
    """E2: S21.G00.62.002 (``RAC_Rupture_Motif_DSN_phase_1``)."""
    if not norme.connait(MOTIF_RUPTURE, texte):
        raise _inconnu("Le motif de la rupture du contrat", MOTIF_RUPTURE, norme,
                       "sortie.motif_invalide", "E2", "motif")
    return texte
