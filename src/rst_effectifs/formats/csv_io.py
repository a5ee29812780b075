"""CSV in and out: the salariés-and-contracts layout for imports, and generic exports.

Import layout (``docs/import.md``): UTF-8 (a BOM is accepted; the encoding is detected
as for a DSN, ``formats/encodages.py``, or named), fields separated by
``;``, a header row naming the columns in any order, then one row per contract. Rows of
the same person (same identity) are grouped; a row's ``date_sortie`` ends its contract
and takes the person out of the headcount (E3) unless another contract follows on. It
gives the same :class:`DeclarationImportee` as a DSN, so the same plan, dry run and
idempotence apply. Every error of the file is collected with its line, up to
``max_erreurs`` (reading stops there: the lines left are only counted); a line is never
held beyond :data:`LONGUEUR_MAX_LIGNE` characters; no message repeats a value (A5).

Exports write the same separator, a header row, and one row per object: ``None`` is an
empty cell, dates are ISO, enums their code, booleans ``oui``/``non``.
"""

from __future__ import annotations

import csv
import datetime as dt
import enum
import io
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import IO, TextIO, TypeVar

from ..application.bulk import gc_paused
from ..application.declarations import (
    MAX_ERREURS,
    REGLE_FICHIER,
    ContratImporte,
    DeclarationImportee,
    ErreursDeFichier,
    EtablissementImporte,
    FichierInvalide,
    FinDeContrat,
    IndividuImporte,
    a_la_ligne,
    nature_de_contrat,
)
from ..domain.contrats import NatureContrat
from ..domain.dates import date_dans_les_bornes
from ..domain.effectif import Effectif
from ..domain.erreurs import DonneeInvalide, ErreurDomaine
from ..domain.identifiants import CodePcsEse, Nir
from ..domain.nomenclature_pcs import libelle_pcs
from ..domain.salaries import Identite
from .dsn_valeurs import lire_nir
from .encodages import (
    AUTO,
    REMPLACEMENT,
    Detection,
    lire_fichier,
    nettoyer,
)
from .json import ecrire, make_converter
from .lignes import compter_lignes, lignes_bornees

__all__ = [
    "COLONNES",
    "COLONNES_EFFECTIF",
    "COLONNES_OBLIGATOIRES",
    "ENCODAGE",
    "LONGUEUR_MAX_LIGNE",
    "SEPARATEUR",
    "CsvInvalide",
    "analyser_csv",
    "ecrire_csv",
    "effectif_en_csv",
    "effectif_en_json",
    "exporter_csv",
    "lire_csv",
]

SEPARATEUR = ";"
"""French spreadsheets' default; labels may hold commas."""
ENCODAGE = AUTO
"""Detected: UTF-8, with or without the BOM spreadsheets add, else windows-1252."""
LONGUEUR_MAX_LIGNE = 10_000
"""Characters of one line of the file; a row of the layout needs well under 1,000."""

COLONNES = (
    "nir", "nom", "prenoms", "date_naissance", "nature", "dispositif", "debut", "fin",
    "numero", "poste", "date_sortie", "motif_sortie",
)
COLONNES_OBLIGATOIRES = frozenset(
    {"nom", "prenoms", "date_naissance", "nature", "debut", "poste"})
COLONNES_EFFECTIF = ("salarie_id", "nom", "prenoms", "type_de_suivi")

_DATE_ISO = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})", re.ASCII)
_DATE_FR = re.compile(r"([0-9]{2})/([0-9]{2})/([0-9]{4})", re.ASCII)
_PCS = re.compile(r"[0-9]{3}[A-Za-z]", re.ASCII)
_NOM_DE_COLONNE = re.compile(r"[a-z_]{1,40}", re.ASCII)
_CHIFFRES = re.compile(r"[0-9]{1,3}", re.ASCII)
_NATURES = {n.name: n for n in NatureContrat}

T = TypeVar("T")


class CsvInvalide(FichierInvalide):
    """A CSV file with mistakes; ``erreurs`` lists them, each with its line."""

    code = "csv.invalide"
    quoi = "Le fichier CSV"


def _erreur(ligne: int, message: str, code: str) -> DonneeInvalide:
    return DonneeInvalide(f"Ligne {ligne} : {message}", code=code, regle=REGLE_FICHIER,
                          chemin=f"ligne {ligne}")


# -- cell readers: text -> value, or a domain refusal ----------------------------
def _date(texte: str) -> dt.date:
    """ISO ``AAAA-MM-JJ``, or ``JJ/MM/AAAA`` as a spreadsheet may rewrite it."""
    iso, fr = _DATE_ISO.fullmatch(texte), _DATE_FR.fullmatch(texte)
    try:
        if iso:
            return date_dans_les_bornes(dt.date(int(iso[1]), int(iso[2]), int(iso[3])))
        if fr:
            return date_dans_les_bornes(dt.date(int(fr[3]), int(fr[2]), int(fr[1])))
    except ValueError:
        pass
    raise DonneeInvalide(
        "Une date réelle est attendue, écrite AAAA-MM-JJ (ou JJ/MM/AAAA).",
        code="csv.date_invalide", regle=REGLE_FICHIER)


def _code(longueur: int) -> Callable[[str], str]:
    """A DSN code whose leading zeros a spreadsheet may have dropped (``31`` → ``031``)."""

    def lire(texte: str) -> str:
        return texte.zfill(longueur) if _CHIFFRES.fullmatch(texte) else texte

    return lire


def _nature(texte: str) -> NatureContrat:
    """A DSN nature code (``01``, ``1``) or its name (``CDI``, ``mission_interim``)."""
    nom = texte.upper()
    if nom in _NATURES:
        return _NATURES[nom]
    return nature_de_contrat(_code(2)(texte))


# -- reading -----------------------------------------------------------------------
class _Lecteur:
    """Reads rows into people and contracts, collecting every error."""

    def __init__(self, erreurs: ErreursDeFichier) -> None:
        self.erreurs = erreurs
        self.individus: dict[Identite, tuple[int, list[ContratImporte]]] = {}
        self.lignes_par_nir: dict[Nir, tuple[int, Identite]] = {}

    def entete(self, cellules: list[str], ligne: int) -> list[str] | None:
        noms = [c.strip().lstrip("\ufeff").strip().lower() for c in cellules]
        if len(noms) == 1 and "," in noms[0]:
            self.erreurs.append(_erreur(ligne, f"L'en-tête doit séparer ses colonnes par "
                                        f"« {SEPARATEUR} ».", "csv.separateur"))
            return None
        erreurs = len(self.erreurs)
        for rang, nom in enumerate(noms, start=1):
            if nom not in COLONNES:
                nomme = f"« {nom} »" if _NOM_DE_COLONNE.fullmatch(nom) else f"n° {rang}"
                self.erreurs.append(_erreur(
                    ligne, f"La colonne {nomme} n'existe pas ; colonnes possibles : "
                    f"{', '.join(COLONNES)}.", "csv.colonne_inconnue"))
            elif noms.index(nom) != rang - 1:
                self.erreurs.append(_erreur(ligne, f"La colonne « {nom} » est en double.",
                                            "csv.colonne_en_double"))
        manquantes = sorted(COLONNES_OBLIGATOIRES - set(noms))
        if manquantes:
            self.erreurs.append(_erreur(
                ligne, f"Colonne(s) obligatoire(s) absente(s) : {', '.join(manquantes)}.",
                "csv.colonne_manquante"))
        return noms if len(self.erreurs) == erreurs else None

    def rangee(self, valeurs: Mapping[str, str], ligne: int) -> None:
        erreurs = len(self.erreurs)

        def cellule(colonne: str, lire: Callable[[str], T]) -> T | None:
            texte = valeurs.get(colonne, "").strip()
            if not texte:
                if colonne in COLONNES_OBLIGATOIRES:
                    self.erreurs.append(_erreur(
                        ligne, f"La colonne « {colonne} » est obligatoire.",
                        "csv.valeur_manquante"))
                return None
            try:
                if REMPLACEMENT in texte:
                    raise DonneeInvalide(
                        "La valeur contient un caractère illisible (�) : le fichier a été "
                        "mal converti ; corrigez-le puis réessayez.",
                        code="import.caractere_illisible", regle=REGLE_FICHIER)
                return lire(texte)
            except ErreurDomaine as erreur:
                self.erreurs.append(a_la_ligne(erreur, ligne, f"colonne « {colonne} »"))
                return None

        nir = cellule("nir", lire_nir)
        nom = cellule("nom", str)
        prenoms = cellule("prenoms", str)
        naissance = cellule("date_naissance", _date)
        nature = cellule("nature", _nature)
        dispositif = cellule("dispositif", _code(2))
        debut = cellule("debut", _date)
        fin_prevue = cellule("fin", _date)
        numero = cellule("numero", str)
        poste = cellule("poste", str)
        date_sortie = cellule("date_sortie", _date)
        motif = cellule("motif_sortie", _code(3))
        if motif is not None and not valeurs.get("date_sortie", "").strip():
            self.erreurs.append(_erreur(ligne, "Un motif de sortie demande une date de sortie.",
                                        "csv.sortie_incomplete"))
        if len(self.erreurs) > erreurs:
            return
        assert nom and prenoms and naissance and nature and debut and poste
        colonnes = {"nom": "nom", "prenoms": "prenoms", "date_naissance": "date_naissance",
                    None: "nir", "le": "date_sortie", "motif": "motif_sortie", "fin": "fin",
                    "fin_prevue": "fin", "dispositif": "dispositif", "numero": "numero",
                    "libelle_poste": "poste", "debut": "debut", "nature": "nature"}
        try:
            identite = Identite(nom=nom, prenoms=prenoms, date_naissance=naissance, nir=nir)
            fin = None if date_sortie is None else FinDeContrat(le=date_sortie, motif=motif,
                                                                ligne=ligne)
            colonnes["fin"] = "fin" if fin is None else "date_sortie"
            contrat = ContratImporte(
                nature=nature, debut=debut,
                code_pcs=(CodePcsEse.parse(poste) if _PCS.fullmatch(poste)
                          and libelle_pcs(poste) is not None else None),
                libelle_poste=poste, dispositif=dispositif, numero=numero,
                fin_prevue=fin_prevue, fin=fin, ligne=ligne,
            )
        except ErreurDomaine as erreur:
            colonne = colonnes.get(erreur.chemin)
            self.erreurs.append(a_la_ligne(erreur, ligne,
                                           colonne and f"colonne « {colonne} »"))
            return
        if identite.nir is not None:
            premiere, connue = self.lignes_par_nir.setdefault(identite.nir, (ligne, identite))
            if connue != identite:
                self.erreurs.append(_erreur(
                    ligne, f"Le même NIR figure ligne {premiere} avec un autre nom, d'autres "
                    "prénoms ou une autre date de naissance.", "csv.identite_incoherente"))
                return
        if not self.erreurs:  # a file with errors is refused: keep no more rows
            self.individus.setdefault(identite, (ligne, []))[1].append(contrat)

    def declaration(self, lignes_non_lues: int = 0) -> DeclarationImportee:
        if self.erreurs:
            raise self.erreurs.refus(CsvInvalide, lignes_non_lues)
        individus = tuple(
            IndividuImporte(identite, tuple(contrats), ligne)
            for identite, (ligne, contrats) in self.individus.items()
        )
        return DeclarationImportee((EtablissementImporte(None, individus, 1),), source="csv")


def analyser_csv(
    texte: str | Iterable[str], *, max_erreurs: int = MAX_ERREURS
) -> DeclarationImportee:
    """Read the import layout from text (a string, or its lines).

    Raises :class:`CsvInvalide` listing the file's errors, each at its line; reading
    stops at the ``max_erreurs``-th error (:data:`MAX_ERREURS` by default) and the
    refusal counts the lines left unread (``lignes_non_lues``).
    """
    lignes: Iterable[str] = (
        lignes_bornees(io.StringIO(texte, newline="").readline, LONGUEUR_MAX_LIGNE)
        if isinstance(texte, str) else texte)
    erreurs = ErreursDeFichier(max_erreurs)
    with gc_paused():
        return _analyser(lignes, erreurs)


def _sans_ligne_trop_longue(lignes: Iterator[str], erreurs: ErreursDeFichier) -> Iterator[str]:
    """The lines until the error cap, a too-long one replaced by an empty line (so that
    ``csv`` keeps counting lines) and reported."""
    numero = 0
    while not erreurs.plein:
        ligne = next(lignes, None)
        if ligne is None:
            return
        numero += 1
        if len(ligne) > LONGUEUR_MAX_LIGNE + 2 or len(ligne.rstrip("\r\n")) > LONGUEUR_MAX_LIGNE:
            erreurs.append(_erreur(numero, f"La ligne dépasse {LONGUEUR_MAX_LIGNE} caractères.",
                                   "csv.ligne_trop_longue"))
            yield "\n"
        else:
            yield ligne


def _analyser(lignes: Iterable[str], erreurs: ErreursDeFichier) -> DeclarationImportee:
    lecteur = _Lecteur(erreurs)
    restantes = iter(lignes)
    rangees = csv.reader(_sans_ligne_trop_longue(restantes, erreurs), delimiter=SEPARATEUR,
                         strict=True)
    entete: list[str] | None = None
    try:
        for cellules in rangees:
            ligne = rangees.line_num
            if not any(c.strip() for c in cellules):
                continue
            if entete is None:
                entete = lecteur.entete(cellules, ligne)
                if entete is None:
                    break
                continue
            if len(cellules) != len(entete):
                lecteur.erreurs.append(_erreur(
                    ligne, f"La ligne a {len(cellules)} champ(s) au lieu de {len(entete)}.",
                    "csv.ligne_invalide"))
                continue
            lecteur.rangee(dict(zip(entete, cellules, strict=True)), ligne)
    except csv.Error:
        lecteur.erreurs.append(_erreur(rangees.line_num, "Ligne illisible (guillemets mal "
                                       "fermés ou caractère nul).",
                                       "csv.ligne_invalide"))
    if entete is None and not lecteur.erreurs:
        lecteur.erreurs.append(_erreur(1, "Le fichier est vide : il faut au moins l'en-tête.",
                                       "csv.vide"))
    return lecteur.declaration(compter_lignes(restantes))


def _lignes(flux: IO[bytes], detection: Detection) -> Iterator[str]:
    with io.TextIOWrapper(flux, encoding=detection.codec, errors=detection.erreurs,
                          newline="") as texte:
        for ligne in lignes_bornees(texte.readline, LONGUEUR_MAX_LIGNE):
            yield nettoyer(ligne)[0] if not ligne.isascii() else ligne


def lire_csv(
    fichier: str | os.PathLike[str] | IO[bytes], *, encodage: str = ENCODAGE,
    max_erreurs: int = MAX_ERREURS,
) -> DeclarationImportee:
    """Read an import CSV file (a path or a binary stream), streamed line by line (never
    more than :data:`LONGUEUR_MAX_LIGNE` characters of a line held). The encoding is
    detected (UTF-8 with or without BOM, else windows-1252) or named (``encodage``).

    Raises :class:`CsvInvalide` as :func:`analyser_csv` does; a file the encoding cannot
    decode, or that mixes UTF-8 with another encoding when none is named, is one.
    """
    return lire_fichier(
        fichier, encodage,
        lambda flux, detection: analyser_csv(_lignes(flux, detection), max_erreurs=max_erreurs),
        lambda message, code: CsvInvalide([_erreur(1, message, "csv." + code)]))


# -- exports -------------------------------------------------------------------------
def _cellule(valeur: object) -> str:
    if valeur is None:
        return ""
    if isinstance(valeur, bool):
        return "oui" if valeur else "non"
    if isinstance(valeur, enum.Enum):
        return str(valeur.value)
    if isinstance(valeur, dt.date | dt.datetime):
        return valeur.isoformat()
    return str(valeur)


def _champ(rangee: object, colonne: str) -> object:
    if isinstance(rangee, Mapping):
        return rangee.get(colonne)
    return getattr(rangee, colonne)


def ecrire_csv(rangees: Iterable[object], colonnes: Sequence[str], sortie: TextIO) -> None:
    """Write a header and one row per item — a mapping, or an object whose attributes
    are named by ``colonnes`` (attrs classes such as ``LigneEffectif``)."""
    ecrivain = csv.writer(sortie, delimiter=SEPARATEUR, lineterminator="\n")
    ecrivain.writerow(colonnes)
    for rangee in rangees:
        ecrivain.writerow([_cellule(_champ(rangee, c)) for c in colonnes])


def exporter_csv(rangees: Iterable[object], colonnes: Sequence[str]) -> str:
    """:func:`ecrire_csv` into a string."""
    sortie = io.StringIO()
    ecrire_csv(rangees, colonnes, sortie)
    return sortie.getvalue()


def effectif_en_csv(effectif: Effectif) -> str:
    """E4: one row per counted salarié — id, names, follow-up type."""
    return exporter_csv(effectif.lignes, COLONNES_EFFECTIF)


def effectif_en_json(effectif: Effectif) -> str:
    """E4 as JSON, through the project's one converter (``adapters.serialisation``)."""
    return ecrire(effectif, make_converter())
