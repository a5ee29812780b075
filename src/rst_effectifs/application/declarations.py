"""What an import file declares, as plain data: the shared output of the DSN and CSV readers.

The readers (``formats/dsn.py``, ``formats/csv_io.py``) turn a file into a
:class:`DeclarationImportee`; the import use case (``application/imports.py``) plans and
applies it. Values here are already checked with the domain's own rules (S1, C1, E2), so
a file's mistakes are reported with their line before anything is planned.
"""

from __future__ import annotations

import datetime as dt
import heapq
import itertools
from collections.abc import Iterator, Sequence

from attrs import field, frozen

from ..domain.contrats import Contrat, NatureContrat, date_requise, motif_de_sortie
from ..domain.erreurs import DonneeInvalide, ErreurDomaine
from ..domain.identifiants import CodePcsEse, Siret
from ..domain.salaries import Identite
from ..domain.textes import texte_optionnel
from .typage import types_verifies

__all__ = [
    "MAX_ERREURS",
    "REGLE_FICHIER",
    "ContratImporte",
    "DeclarationImportee",
    "ErreursDeFichier",
    "EtablissementImporte",
    "FichierInvalide",
    "FinDeContrat",
    "IndividuEcarte",
    "IndividuImporte",
    "Remarque",
    "a_la_ligne",
    "max_erreurs_valide",
    "nature_de_contrat",
    "numero_de_ligne",
]

REGLE_FICHIER = "I1"
"""The rule of an import file's own mistakes (layout, structure, dates): read whole, every
mistake reported by line, nothing imported (docs/rules.md)."""

MAX_ERREURS = 1000
"""The readers' default error cap: they stop reading a file at its 1,000th error (the
``max_erreurs`` parameter of ``lire_dsn``/``lire_csv`` changes it), so that a hostile
file costs bounded memory and time; the lines left unread are counted."""


def _date_optionnelle(valeur: object) -> dt.date | None:
    return None if valeur is None else date_requise(valeur, "fin_prevue")


def _date_de_fin(valeur: object) -> dt.date:
    return date_requise(valeur, "le", "E2")


def _libelle_poste(valeur: object) -> str | None:
    return texte_optionnel(
        valeur, champ="libelle_poste", code="poste.libelle_invalide", regle="P1", maximum=120,
        libelle="Le libellé de l'emploi",
    )


def _pcs(valeur: object) -> CodePcsEse | None:
    if valeur is None or isinstance(valeur, CodePcsEse):
        return valeur
    raise DonneeInvalide("Le code PCS-ESE est invalide.", code="pcs.invalide", regle="C1",
                         chemin="code_pcs")


@frozen(field_transformer=types_verifies)
class FinDeContrat:
    """DSN block S21.G00.62: the contract's last day (``le``) and the exit reason (E2)."""

    le: dt.date = field(converter=_date_de_fin)
    motif: str | None = field(default=None, converter=motif_de_sortie)
    ligne: int = 0


@frozen(field_transformer=types_verifies)
class ContratImporte:
    """One declared contract (DSN block S21.G00.40, or one CSV row).

    The poste is named by its PCS-ESE code and/or the job label; at least one is needed
    to find the adherent's poste (P5). ``fin_prevue`` is the planned end (40.010),
    ``fin`` the declared end of the contract (block 62), which also means an exit (E3).
    """

    nature: NatureContrat
    debut: dt.date
    code_pcs: CodePcsEse | None = field(default=None, converter=_pcs)
    libelle_poste: str | None = field(default=None, converter=_libelle_poste)
    dispositif: str | None = None
    numero: str | None = None
    fin_prevue: dt.date | None = field(default=None, converter=_date_optionnelle)
    fin: FinDeContrat | None = None
    ligne: int = 0

    def __attrs_post_init__(self) -> None:
        if self.code_pcs is None and self.libelle_poste is None:
            raise DonneeInvalide(
                "Le poste du contrat manque : indiquez son code PCS-ESE ou son libellé.",
                code="import.poste_manquant", regle="P5", chemin="poste",
            )
        if self.fin is not None and not isinstance(self.fin, FinDeContrat):
            raise DonneeInvalide("La fin de contrat est invalide.", code="donnee.type_invalide",
                                 chemin="fin")
        if self.fin_prevue is not None and self.fin_prevue < self.debut:
            raise DonneeInvalide(
                "La date de fin prévisionnelle du contrat précède sa date de début.",
                code="contrat.dates_invalides", regle="C1", chemin="fin_prevue",
            )
        # C1 as the domain checks it (nature, dates, scheme, number), before any planning.
        Contrat(id="-", nature=self.nature, debut=self.debut, poste_id="-",
                fin=self.fin_effective, dispositif=self.dispositif, numero=self.numero)

    @property
    def fin_effective(self) -> dt.date | None:
        """The declared end when there is one, else the planned end."""
        return self.fin.le if self.fin is not None else self.fin_prevue


@frozen(field_transformer=types_verifies)
class IndividuImporte:
    """One declared person (DSN block S21.G00.30) with their contracts."""

    identite: Identite
    contrats: tuple[ContratImporte, ...] = ()
    ligne: int = 0


@frozen(field_transformer=types_verifies)
class Remarque:
    """Something a reader noticed and did without refusing (a PCS-ESE code the norm does
    not know beside a job label, a line converted twice to UTF-8 and repaired, the
    encoding it detected): shown with the plan, never blocking. ``ligne`` 0: the file."""

    ligne: int
    code: str
    message: str


@frozen(field_transformer=types_verifies)
class IndividuEcarte:
    """A declared person whose record is unusable (an invalid NIR, a date that is not
    one, a code the norm does not know, an unreadable character): left aside with every
    reason, each naming its line; the rest of the file is planned. ``nom``/``prenoms``
    are empty when the file does not give them."""

    ligne: int
    nom: str
    prenoms: str
    raisons: tuple[str, ...]


@frozen(field_transformer=types_verifies)
class EtablissementImporte:
    """One establishment (DSN block S21.G00.11). ``siret`` is ``None`` when the file does
    not say (a CSV file): it then belongs to whichever adherent imports it. ``ecartes``:
    its people left aside; ``remarques``: what was noticed in its records."""

    siret: Siret | None
    individus: tuple[IndividuImporte, ...] = ()
    ligne: int = 0
    ecartes: tuple[IndividuEcarte, ...] = ()
    remarques: tuple[Remarque, ...] = ()


@frozen(field_transformer=types_verifies)
class DeclarationImportee:
    """A whole file, read and checked; ``source`` says which reader made it, ``encodage``
    how it was decoded, ``versions`` the DSN norm versions it declares (S10.G00.00.006),
    ``remarques`` what was noticed about the file as a whole."""

    etablissements: tuple[EtablissementImporte, ...]
    source: str = "dsn"
    encodage: str | None = None
    versions: tuple[str, ...] = ()
    remarques: tuple[Remarque, ...] = ()

    @property
    def individus(self) -> tuple[IndividuImporte, ...]:
        return tuple(i for e in self.etablissements for i in e.individus)

    @property
    def ecartes(self) -> tuple[IndividuEcarte, ...]:
        return tuple(i for e in self.etablissements for i in e.ecartes)


class FichierInvalide(DonneeInvalide):
    """An import file with mistakes, each naming its line; nothing was imported.

    ``erreurs`` lists the first ones by line (at most the reader's ``max_erreurs``),
    ``nombre`` counts every error found. When the reader stopped at its cap,
    ``lignes_non_lues`` counts the lines after the stop (not checked, so ``nombre`` is
    then a lower bound); it is 0 when the whole file was read."""

    code = "import.fichier_invalide"
    regle = REGLE_FICHIER
    quoi = "Le fichier"

    def __init__(self, erreurs: Sequence[DonneeInvalide], nombre: int | None = None,
                 lignes_non_lues: int = 0) -> None:
        self.erreurs: tuple[DonneeInvalide, ...] = tuple(erreurs)
        self.nombre = len(self.erreurs) if nombre is None else nombre
        self.lignes_non_lues = lignes_non_lues
        premiere = self.erreurs[0] if self.erreurs else None
        ou = f" (première : {premiere.chemin})" if premiere and premiere.chemin else ""
        combien = f"{self.nombre} erreur(s)"
        arret = ""
        if lignes_non_lues:
            combien = f"au moins {combien}"
            arret = (f" ; la lecture s'est arrêtée là, {lignes_non_lues} ligne(s) n'ont "
                     "pas été lues")
        super().__init__(
            f"{self.quoi} contient {combien}{ou}{arret} ; rien n'a été importé.",
            chemin=premiere.chemin if premiere else None,
            details={"nombre": self.nombre, "listees": len(self.erreurs),
                     "lignes_non_lues": lignes_non_lues},
        )


def max_erreurs_valide(maximum: object) -> int:
    """A reader's error cap: a whole number, at least 1."""
    if isinstance(maximum, bool) or not isinstance(maximum, int) or maximum < 1:
        raise DonneeInvalide("Le nombre maximal d'erreurs est un entier d'au moins 1.",
                             code="import.max_erreurs_invalide", chemin="max_erreurs")
    return maximum


def numero_de_ligne(erreur: DonneeInvalide) -> int:
    """The line an error is located at (``chemin`` = ``ligne N``), else 0."""
    chemin = erreur.chemin or ""
    numero = chemin.removeprefix("ligne ")
    return int(numero) if chemin.startswith("ligne ") and numero.isdigit() else 0


class ErreursDeFichier:
    """A reader's errors as they are found, in bounded memory: every one is counted,
    the first ``maximum`` by line are kept (a heap; ties keep the order found).
    ``plein`` says the reader should stop. Used like the list it replaces."""

    def __init__(self, maximum: int = MAX_ERREURS) -> None:
        self.maximum = max_erreurs_valide(maximum)
        self.nombre = 0
        self._tas: list[tuple[int, int, DonneeInvalide]] = []  # (-line, -order, error)
        self._ordre = itertools.count()

    def append(self, erreur: DonneeInvalide) -> None:
        self.nombre += 1
        cle = (-numero_de_ligne(erreur), -next(self._ordre), erreur)
        if len(self._tas) < self.maximum:
            heapq.heappush(self._tas, cle)
        elif cle[:2] > self._tas[0][:2]:  # earlier than the latest kept
            heapq.heapreplace(self._tas, cle)

    @property
    def plein(self) -> bool:
        return self.nombre >= self.maximum

    def __len__(self) -> int:
        return self.nombre

    def __iter__(self) -> Iterator[DonneeInvalide]:
        """The kept errors, by line."""
        return (e for _l, _o, e in sorted(self._tas, key=lambda c: c[:2], reverse=True))

    def refus(self, type_: type[FichierInvalide], lignes_non_lues: int = 0) -> FichierInvalide:
        return type_(list(self), self.nombre, lignes_non_lues)


def a_la_ligne(erreur: ErreurDomaine, ligne: int, precision: str | None = None) -> DonneeInvalide:
    """The same refusal, located at a file's line (``chemin`` = ``ligne N``), ``precision``
    naming the column or rubric. The domain's messages never repeat the input, so no NIR
    ends up in it (A5)."""
    details = dict(erreur.details)
    if erreur.chemin:
        details.setdefault("champ", erreur.chemin)
    ou = f"Ligne {ligne}" if precision is None else f"Ligne {ligne} ({precision})"
    return DonneeInvalide(
        f"{ou} : {erreur.message}", code=erreur.code, regle=erreur.regle,
        chemin=f"ligne {ligne}", details=details,
    )


_NATURES_PAR_CODE = {n.value: n for n in NatureContrat}


def nature_de_contrat(code: str) -> NatureContrat:
    """C1: a DSN nature code (S21.G00.40.007) as the domain knows it. Looked up, not
    ``NatureContrat(code)``: its ``ValueError`` quotes the value and would be chained."""
    nature = _NATURES_PAR_CODE.get(code) if isinstance(code, str) else None
    if nature is None:
        connus = ", ".join(n.value for n in NatureContrat)
        raise DonneeInvalide(
            f"La nature du contrat est inconnue : codes DSN acceptés {connus}.",
            code="contrat.nature_inconnue", regle="C1", chemin="nature",
        )
    return nature
