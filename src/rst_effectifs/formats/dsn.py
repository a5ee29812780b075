"""Reading a DSN file (déclaration sociale nominative, norme NEODeS) into a declaration.

A DSN has one rubric per line, ``S21.G00.30.002,'DUPONT'``, in ISO-8859-1 (Latin-1).
Blocks nest by their order in the file: entreprise (S21.G00.06) > établissement (11) >
individu (30) > contrat (40) > fin du contrat (62). A block instance starts when its
block differs from the previous line's, or when a rubric number does not increase.
Other blocks (S10, S20, S21.G00.50…) are allowed and skipped; a structural block with
no parent open (a 40 before any 30) or a line of another shape is an error. Every
error of the file is collected, each naming its line, up to ``max_erreurs`` (reading
stops there: the lines left are only counted); a line is never held beyond
:data:`LONGUEUR_MAX_LIGNE` characters. Values are data, never code, and no message
repeats a value (a NIR is personal data, A5). See ``docs/import.md``.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
from collections.abc import Callable, Iterable, Iterator
from typing import IO, Any, TypeVar

from attrs import define, field

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
from ..domain.dates import date_dans_les_bornes
from ..domain.erreurs import DonneeInvalide, ErreurDomaine
from ..domain.identifiants import CodePcsEse, Nir, Siren, Siret
from ..domain.salaries import Identite
from .lignes import compter_lignes, lignes_bornees

__all__ = ["ENCODAGE", "DsnInvalide", "analyser_dsn", "lire_dsn"]

ENCODAGE = "latin-1"
"""NEODeS files are ISO-8859-1."""

LONGUEUR_MAX_LIGNE = 2000
"""No DSN rubric comes near this; a longer line is not a DSN line."""

_CLE = re.compile(r"(S[0-9]{2})\.(G[0-9]{2})\.([0-9]{2})\.([0-9]{3})", re.ASCII)
_DATE_DSN = re.compile(r"[0-9]{8}", re.ASCII)

# The structural blocks, outermost first, and how a message names them.
ENTREPRISE, ETABLISSEMENT, INDIVIDU, CONTRAT, FIN = "06", "11", "30", "40", "62"
_NIVEAUX = (ENTREPRISE, ETABLISSEMENT, INDIVIDU, CONTRAT, FIN)
_NOMS = {
    ENTREPRISE: "entreprise",
    ETABLISSEMENT: "établissement",
    INDIVIDU: "individu",
    CONTRAT: "contrat",
    FIN: "fin du contrat",
}

# The rubrics read (block, rubric) and how a message names them; the rest is skipped.
_RUBRIQUES = {
    (ENTREPRISE, "001"): "SIREN",
    (ETABLISSEMENT, "001"): "NIC",
    (INDIVIDU, "001"): "NIR",
    (INDIVIDU, "002"): "nom de famille",
    (INDIVIDU, "004"): "prénoms",
    (INDIVIDU, "006"): "date de naissance",
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

DISPOSITIF_NON_CONCERNE = "99"
"""S21.G00.40.008 value meaning "no public scheme"."""


class DsnInvalide(FichierInvalide):
    """A DSN file with mistakes; ``erreurs`` lists them, each with its line."""

    code = "dsn.invalide"
    quoi = "Le fichier DSN"


def _erreur(ligne: int, message: str, code: str) -> DonneeInvalide:
    return DonneeInvalide(f"Ligne {ligne} : {message}", code=code, regle=REGLE_FICHIER,
                          chemin=f"ligne {ligne}")


def _precision(bloc: str, numero: str) -> str:
    return f"rubrique S21.G00.{bloc}.{numero}, {_RUBRIQUES[(bloc, numero)]}"


def _nom_de_bloc(niveau: str) -> str:
    return f"« {_NOMS[niveau]} » (S21.G00.{niveau})"


@define
class _Bloc:
    """One instance of a structural block: its rubrics as read, its open child block
    (a contract keeps its end block), and what its closed children became (``faits``:
    the values, or nothing once the file has an error). ``attache``: under a chain of
    parents up to a company (a block out of place is reported, not read)."""

    niveau: str
    ligne: int
    rubriques: dict[str, tuple[str, int]] = field(factory=dict)
    enfants: list[_Bloc] = field(factory=list)
    dernier: str = ""
    attache: bool = False
    faits: list[Any] = field(factory=list)

    def ou(self, numero: str) -> tuple[int, str | None]:
        """Where a rubric's refusal is reported: its line and name, else the block's line."""
        if numero not in self.rubriques:
            return self.ligne, None
        return self.rubriques[numero][1], _precision(self.niveau, numero)


T = TypeVar("T")

_Rubrique = tuple[str, int, str, bool]
"""A rubric key read once: its block key, the structural level (-1: skipped), its
number, whether its value is kept."""

_RUBRIQUES_VUES: dict[str, _Rubrique] = {}
_MAX_RUBRIQUES_VUES = 4096
"""A file has a few dozen distinct keys (14 characters each); the bound keeps a hostile
file from growing the cache."""


def _rubrique(cle: str) -> _Rubrique | None:
    """``S21.G00.30.002`` -> its parts, or ``None`` when it is not a rubric key; every
    distinct key is parsed once."""
    rubrique = _RUBRIQUES_VUES.get(cle)
    if rubrique is not None:
        return rubrique
    trouve = _CLE.fullmatch(cle)
    if trouve is None:
        return None  # never cached: a bad line may be long
    structure, groupe, bloc, numero = trouve.groups()
    lu = structure == "S21" and groupe == "G00" and bloc in _NIVEAUX
    rubrique = (f"{structure}.{groupe}.{bloc}", _NIVEAUX.index(bloc) if lu else -1,
                numero, (bloc, numero) in _RUBRIQUES)
    if len(_RUBRIQUES_VUES) < _MAX_RUBRIQUES_VUES:
        _RUBRIQUES_VUES[cle] = rubrique
    return rubrique


@define
class _Analyseur:
    """Reads the blocks line by line; each block becomes data when it closes, so that
    only the open blocks are held (and, until the first error, the values read)."""

    erreurs: ErreursDeFichier = field(factory=ErreursDeFichier)
    etablissements: list[EtablissementImporte] = field(factory=list)
    siren: Siren | None = None
    siren_lu: bool = True
    ouverts: dict[int, _Bloc] = field(factory=dict)
    precedent: str | None = None
    derniere_ligne: int = 0
    lignes_non_lues: int = 0

    # -- reading lines -------------------------------------------------------------
    def lire(self, lignes: Iterable[str]) -> None:
        """Read every line, or stop at the error cap and count the lines left."""
        restantes = iter(lignes)
        for numero, brute in enumerate(restantes, start=1):
            self.derniere_ligne = numero
            self._ligne(numero, brute)
            if self.erreurs.plein:
                self.lignes_non_lues = compter_lignes(restantes)
                return

    def _ligne(self, numero: int, texte: str) -> None:
        if len(texte) > LONGUEUR_MAX_LIGNE + 2 or len(texte.rstrip("\r\n")) > LONGUEUR_MAX_LIGNE:
            self.erreurs.append(_erreur(
                numero, f"La ligne dépasse {LONGUEUR_MAX_LIGNE} caractères : ce n'est pas "
                "une rubrique DSN.", "dsn.ligne_trop_longue"))
            return
        texte = texte.rstrip()
        if not texte:
            return
        cle, _, valeur = texte.partition(",")
        rubrique = _rubrique(cle)
        if (rubrique is None or len(valeur) < 2
                or valeur[0] != "'" or valeur[-1] != "'" or "\n" in valeur):
            self.erreurs.append(_erreur(
                numero, "La ligne n'a pas la forme d'une rubrique DSN "
                "(S21.G00.xx.yyy,'valeur').", "dsn.ligne_invalide"))
            return
        bloc_cle, niveau, numero_rubrique, lue = rubrique
        precedent, self.precedent = self.precedent, bloc_cle
        if niveau < 0:
            return  # S10, S20, S90 and the blocks not read: allowed, skipped
        courant = self.ouverts.get(niveau)
        if courant is None or precedent != bloc_cle or numero_rubrique <= courant.dernier:
            courant = self._ouvrir(niveau, numero)
        if lue:  # keep only what is read: big files stay small
            courant.rubriques[numero_rubrique] = (valeur[1:-1], numero)
        courant.dernier = numero_rubrique

    def _ouvrir(self, niveau: int, ligne: int) -> _Bloc:
        """A new block instance closes the open ones at its level and below; it needs its
        parent block open."""
        for n in sorted((n for n in self.ouverts if n >= niveau), reverse=True):
            self._fermer(n)
        bloc = _Bloc(_NIVEAUX[niveau], ligne)
        parent = self.ouverts.get(niveau - 1)
        if niveau == 0:
            bloc.attache, self.siren_lu = True, False
        elif parent is None:
            self.erreurs.append(_erreur(
                ligne, f"Un bloc {_nom_de_bloc(bloc.niveau)} doit suivre un bloc "
                f"{_nom_de_bloc(_NIVEAUX[niveau - 1])}.", "dsn.structure_invalide"))
        elif bloc.niveau == FIN and parent.enfants:
            self.erreurs.append(_erreur(
                ligne, f"Un contrat n'a qu'un seul bloc {_nom_de_bloc(FIN)}.",
                "dsn.structure_invalide"))
        else:
            if niveau == 1 and parent.attache:
                self._lire_siren()  # the company's rubrics all come before its children
            bloc.attache = parent.attache
            parent.enfants.append(bloc)
        self.ouverts[niveau] = bloc
        return bloc

    def _lire_siren(self) -> None:
        if not self.siren_lu:
            self.siren_lu = True
            self.siren = self._valeur(self.ouverts[0], "001", _siren, requise=True)

    def _fermer(self, niveau: int) -> None:
        """Close the open block of ``niveau`` (its children are closed): read it into
        its parent's ``faits`` (a contract's end block stays with the contract)."""
        bloc = self.ouverts[niveau]
        if bloc.attache and niveau == 0:
            self._lire_siren()
        elif bloc.attache and bloc.niveau != FIN:
            parent = self.ouverts[niveau - 1]
            parent.enfants.pop()  # the last one opened
            fait: Any = (self._etablissement(bloc, self.siren)
                         if bloc.niveau == ETABLISSEMENT
                         else self._individu(bloc) if bloc.niveau == INDIVIDU
                         else self._contrat(bloc))
            if fait is not None and not self.erreurs:  # with an error, nothing is returned
                (self.etablissements if niveau == 1 else parent.faits).append(fait)
        del self.ouverts[niveau]

    # -- turning blocks into data --------------------------------------------------
    def _valeur(
        self, bloc: _Bloc, numero: str, lire: Callable[[str], T], requise: bool = False
    ) -> T | None:
        """A rubric's value read by ``lire``; a refusal is located at the rubric's line."""
        if numero not in bloc.rubriques:
            if requise:
                self.erreurs.append(_erreur(
                    bloc.ligne,
                    f"La rubrique S21.G00.{bloc.niveau}.{numero} "
                    f"({_RUBRIQUES[(bloc.niveau, numero)]}) manque au bloc "
                    f"{_nom_de_bloc(bloc.niveau)} qui commence ici.", "dsn.rubrique_manquante"))
            return None
        texte, ligne = bloc.rubriques[numero]
        try:
            return lire(texte)
        except ErreurDomaine as erreur:
            self.erreurs.append(a_la_ligne(erreur, ligne, _precision(bloc.niveau, numero)))
            return None

    def _construire(
        self, bloc: _Bloc, champs: Callable[[], dict[str | None, tuple[int, str | None]]],
        construire: Callable[[], T],
    ) -> T | None:
        """Build a value from a block's rubrics; a refusal is located at the rubric of the
        field it names (``champs``, asked only then), else at the block's first line."""
        try:
            return construire()
        except ErreurDomaine as erreur:
            ligne, precision = champs().get(erreur.chemin, (bloc.ligne, None))
            self.erreurs.append(a_la_ligne(erreur, ligne, precision))
            return None

    def declaration(self) -> DeclarationImportee:
        if self.lignes_non_lues:  # stopped at the cap: open blocks are cut short
            raise self.erreurs.refus(DsnInvalide, self.lignes_non_lues)
        for niveau in sorted(self.ouverts, reverse=True):
            self._fermer(niveau)
        etablissements = self.etablissements
        if not etablissements and not self.erreurs:
            self.erreurs.append(_erreur(
                max(self.derniere_ligne, 1),
                f"Le fichier ne déclare aucun bloc {_nom_de_bloc(ETABLISSEMENT)}.", "dsn.vide"))
        if self.erreurs:
            raise self.erreurs.refus(DsnInvalide)
        return DeclarationImportee(tuple(etablissements), source="dsn")

    def _etablissement(self, bloc: _Bloc, siren: Siren | None) -> EtablissementImporte | None:
        siret = self._valeur(
            bloc, "001",
            lambda nic: None if siren is None else Siret.parse(siren.valeur + nic,
                                                               chemin="siret"),
            requise=True,
        )
        if siret is None:
            return None
        return EtablissementImporte(siret, tuple(bloc.faits), bloc.ligne)

    def _individu(self, bloc: _Bloc) -> IndividuImporte | None:
        nir = self._valeur(bloc, "001", _nir)
        nom = self._valeur(bloc, "002", str, requise=True)
        prenoms = self._valeur(bloc, "004", str, requise=True)
        naissance = self._valeur(bloc, "006", _date, requise=True)
        if nom is None or prenoms is None or naissance is None:
            return None
        identite = self._construire(
            bloc,
            lambda: {"nom": bloc.ou("002"), "prenoms": bloc.ou("004"),
                     "date_naissance": bloc.ou("006"), None: bloc.ou("001")},
            lambda: Identite(nom=nom, prenoms=prenoms, date_naissance=naissance, nir=nir),
        )
        if identite is None:
            return None
        return IndividuImporte(identite, tuple(bloc.faits), bloc.ligne)

    def _contrat(self, bloc: _Bloc) -> ContratImporte | None:
        debut = self._valeur(bloc, "001", _date, requise=True)
        pcs = self._valeur(bloc, "004", lambda t: CodePcsEse.parse(t, chemin="code_pcs"))
        libelle = self._valeur(bloc, "006", str)
        nature = self._valeur(bloc, "007", nature_de_contrat, requise=True)
        dispositif = self._valeur(bloc, "008", _dispositif)
        numero = self._valeur(bloc, "009", str)
        fin_prevue = self._valeur(bloc, "010", _date)
        fins = [self._fin(enfant) for enfant in bloc.enfants]
        if debut is None or nature is None or None in fins:
            return None
        fin = fins[0] if fins else None
        return self._construire(
            bloc,
            lambda: {"debut": bloc.ou("001"), "code_pcs": bloc.ou("004"),
                     "libelle_poste": bloc.ou("006"), "nature": bloc.ou("007"),
                     "dispositif": bloc.ou("008"), "numero": bloc.ou("009"),
                     "fin_prevue": bloc.ou("010"),
                     "fin": bloc.enfants[0].ou("001") if bloc.enfants else bloc.ou("010")},
            lambda: ContratImporte(
                nature=nature, debut=debut, code_pcs=pcs, libelle_poste=libelle,
                dispositif=dispositif, numero=numero, fin_prevue=fin_prevue, fin=fin,
                ligne=bloc.ligne,
            ),
        )

    def _fin(self, bloc: _Bloc) -> FinDeContrat | None:
        le = self._valeur(bloc, "001", _date, requise=True)
        motif = self._valeur(bloc, "002", str)
        if le is None:
            return None
        return self._construire(
            bloc, lambda: {"motif": bloc.ou("002"), "le": bloc.ou("001")},
            lambda: FinDeContrat(le=le, motif=motif, ligne=bloc.ligne),
        )


# -- value readers: the rubric's text -> a value, or a domain refusal -------------
def _date(texte: str) -> dt.date:
    """DSN dates are JJMMAAAA."""
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


def _nir(texte: str) -> Nir:
    return Nir.parse(texte, chemin="nir")


def _siren(texte: str) -> Siren:
    return Siren.parse(texte, chemin="siren")


def _dispositif(texte: str) -> str | None:
    return None if texte == DISPOSITIF_NON_CONCERNE else texte


# -- entry points ----------------------------------------------------------------
def analyser_dsn(
    texte: str | Iterable[str], *, max_erreurs: int = MAX_ERREURS
) -> DeclarationImportee:
    """Read a DSN already decoded to text (a string, or its lines).

    Raises :class:`DsnInvalide` listing the file's errors, each at its line; reading
    stops at the ``max_erreurs``-th error (:data:`MAX_ERREURS` by default) and the
    refusal counts the lines left unread (``lignes_non_lues``).
    """
    lignes: Iterable[str] = texte.splitlines() if isinstance(texte, str) else texte
    with gc_paused():
        analyseur = _Analyseur(ErreursDeFichier(max_erreurs))
        analyseur.lire(lignes)
        return analyseur.declaration()


def _lignes(flux: IO[bytes], encodage: str) -> Iterator[str]:
    with io.TextIOWrapper(flux, encoding=encodage, newline=None) as texte:
        yield from lignes_bornees(texte.readline, LONGUEUR_MAX_LIGNE)


def lire_dsn(
    fichier: str | os.PathLike[str] | IO[bytes], *, encodage: str = ENCODAGE,
    max_erreurs: int = MAX_ERREURS,
) -> DeclarationImportee:
    """Read a DSN file (a path or a binary stream), Latin-1 as NEODeS requires.

    Streams the file line by line, never holding more than :data:`LONGUEUR_MAX_LIGNE`
    characters of a line. Raises :class:`DsnInvalide` as :func:`analyser_dsn` does; a
    file that ``encodage`` cannot decode is one.
    """
    try:
        if isinstance(fichier, str | os.PathLike):
            with open(fichier, "rb") as flux:
                return analyser_dsn(_lignes(flux, encodage), max_erreurs=max_erreurs)
        return analyser_dsn(_lignes(fichier, encodage), max_erreurs=max_erreurs)
    except UnicodeDecodeError:
        pass  # its ``object`` holds the file's bytes: raised below, never chained (A5)
    raise DsnInvalide([_erreur(1, f"Le fichier n'est pas lisible en {encodage}.",
                               "dsn.encodage")])
