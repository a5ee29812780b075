"""The DSN's shape as the reader walks it: the structural blocks and the rubrics read,
each block instance while it is open (:class:`Bloc`), the parsed rubric keys (cached),
and how a message names a line, a block and a rubric. Used by ``formats/dsn.py`` only.
"""

from __future__ import annotations

import re
from typing import Any

from attrs import define, field

from ..application.declarations import REGLE_FICHIER, Remarque
from ..domain.erreurs import DonneeInvalide
from .norme_dsn import NormeDsn, norme

LONGUEUR_MAX_LIGNE = 2000
"""No DSN rubric comes near this; a longer line is not a DSN line."""

CLE = re.compile(r"(S[0-9]{2})\.(G[0-9]{2})\.([0-9]{2})\.([0-9]{3})", re.ASCII)
VERSION = ("S10.G00.00", "006")

# The structural blocks, outermost first, and how a message names them.
ENTREPRISE, ETABLISSEMENT, INDIVIDU, CONTRAT, FIN = "06", "11", "30", "40", "62"
NIVEAUX = (ENTREPRISE, ETABLISSEMENT, INDIVIDU, CONTRAT, FIN)
INDIVIDU_NIVEAU = NIVEAUX.index(INDIVIDU)
NOMS = {
    ENTREPRISE: "entreprise",
    ETABLISSEMENT: "établissement",
    INDIVIDU: "individu",
    CONTRAT: "contrat",
    FIN: "fin du contrat",
}

# The rubrics read (block, rubric) and how a message names them; the rest is skipped.
RUBRIQUES = {
    (ENTREPRISE, "001"): "SIREN",
    (ETABLISSEMENT, "001"): "NIC",
    (INDIVIDU, "001"): "NIR",
    (INDIVIDU, "002"): "nom de famille",
    (INDIVIDU, "004"): "prénoms",
    (INDIVIDU, "006"): "date de naissance",
    (INDIVIDU, "020"): "numéro technique temporaire",
    (CONTRAT, "001"): "date de début du contrat",
    (CONTRAT, "004"): "code PCS-ESE",
    (CONTRAT, "006"): "libellé de l'emploi",
    (CONTRAT, "007"): "nature du contrat",
    (CONTRAT, "008"): "dispositif de politique publique",
    (CONTRAT, "009"): "numéro du contrat",
    (CONTRAT, "010"): "date de fin prévisionnelle",
    (FIN, "001"): "date de fin du contrat",
    (FIN, "002"): "motif de la rupture",
}

def erreur_ligne(ligne: int, message: str, code: str) -> DonneeInvalide:
    return DonneeInvalide(f"Ligne {ligne} : {message}", code=code, regle=REGLE_FICHIER,
                          chemin=f"ligne {ligne}")


def precision(bloc: str, numero: str) -> str:
    return f"rubrique S21.G00.{bloc}.{numero}, {RUBRIQUES[(bloc, numero)]}"


def nom_de_bloc(niveau: str) -> str:
    return f"« {NOMS[niveau]} » (S21.G00.{niveau})"


@define
class Bloc:
    """One instance of a structural block: its rubrics as read, its open child block
    (a contract keeps its end block), and what its closed children became (``faits``:
    the values, or nothing once the file has an error). ``attache``: under a chain of
    parents up to a company (a block out of place is reported, not read)."""

    niveau: str
    ligne: int
    rubriques: dict[str, tuple[str, int]] = field(factory=dict)
    enfants: list[Bloc] = field(factory=list)
    dernier: str = ""
    attache: bool = False
    faits: list[Any] = field(factory=list)

    def ou(self, numero: str) -> tuple[int, str | None]:
        """Where a rubric's refusal is reported: its line and name, else the block's line."""
        if numero not in self.rubriques:
            return self.ligne, None
        return self.rubriques[numero][1], precision(self.niveau, numero)


Rubrique = tuple[str, int, str, bool]
"""A rubric key read once: its block key, the structural level (-1: skipped), its
number, whether its value is kept."""

_RUBRIQUES_VUES: dict[str, Rubrique] = {}
_MAX_RUBRIQUES_VUES = 4096
"""A file has a few dozen distinct keys (14 characters each); the bound keeps a hostile
file from growing the cache."""


def rubrique_lue(cle: str) -> Rubrique | None:
    """``S21.G00.30.002`` -> its parts, or ``None`` when it is not a rubric key; every
    distinct key is parsed once."""
    rubrique = _RUBRIQUES_VUES.get(cle)
    if rubrique is not None:
        return rubrique
    trouve = CLE.fullmatch(cle)
    if trouve is None:
        return None  # never cached: a bad line may be long
    structure, groupe, bloc, numero = trouve.groups()
    lu = structure == "S21" and groupe == "G00" and bloc in NIVEAUX
    rubrique = (f"{structure}.{groupe}.{bloc}", NIVEAUX.index(bloc) if lu else -1,
                numero, (bloc, numero) in RUBRIQUES)
    if len(_RUBRIQUES_VUES) < _MAX_RUBRIQUES_VUES:
        _RUBRIQUES_VUES[cle] = rubrique
    return rubrique


@define
class Notes:
    """What the reader notices without refusing: the norm versions the file declares,
    the remarks of the establishment being read, those of the file, the lines repaired
    from a double UTF-8 conversion."""

    versions: list[str] = field(factory=list)
    remarques: list[Remarque] = field(factory=list)
    fichier: list[Remarque] = field(factory=list)
    lignes_reparees: list[int] = field(factory=list)

    def version(self, version: str, ligne: int) -> NormeDsn:
        """S10.G00.00.006: the code lists of the declarations that follow."""
        lue = norme(version)
        if version not in self.versions:
            self.versions.append(version)
            if lue.version != version:
                self.fichier.append(Remarque(
                    ligne, "dsn.version_inconnue",
                    f"Ligne {ligne} : la norme DSN de ce fichier n'est pas connue de "
                    f"l'application ; il est lu avec la norme {lue.version}."))
        return lue

    def remarquer(self, ligne: int, code: str, message: str) -> None:
        self.remarques.append(Remarque(ligne, code, f"Ligne {ligne} : {message}"))

    def du_fichier(self) -> tuple[Remarque, ...]:
        if self.lignes_reparees:
            premiere, nombre = self.lignes_reparees[0], len(self.lignes_reparees)
            self.fichier.append(Remarque(
                premiere, "import.double_encodage",
                f"{nombre} ligne(s), la première ligne {premiere}, avaient été converties "
                "deux fois en UTF-8 (« Ã© » pour « é ») : elles ont été réparées."))
        return tuple(self.fichier)
