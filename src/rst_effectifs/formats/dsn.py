"""Reading a DSN file (déclaration sociale nominative, norme NEODeS) into a declaration.

One rubric per line, ``S21.G00.30.002,'DUPONT'``; the encoding is detected
(``formats/encodages.py``). Blocks nest by their order: entreprise (S21.G00.06) >
établissement (11) > individu (30) > contrat (40) > fin du contrat (62); a block
instance starts when its block differs from the previous line's, or when a rubric number
does not increase; other blocks (S05, S10, S20, S21.G00.50…, S90, S96) are skipped. A
line of another shape or a block out of place is the file's error; a value the norm or
the domain refuses inside a person's block leaves that person aside, with the reason at
its line (``IndividuEcarte``), and the rest is read. Errors are collected up to
``max_erreurs``; a line is never held beyond :data:`LONGUEUR_MAX_LIGNE` characters; no
message repeats a value (a NIR is personal data, A5). See ``docs/import.md``.
"""

from __future__ import annotations

import io
import os
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
    IndividuEcarte,
    IndividuImporte,
    a_la_ligne,
    numero_de_ligne,
)
from ..domain.erreurs import DonneeInvalide, ErreurDomaine
from ..domain.identifiants import CodePcsEse, Siren, Siret
from ..domain.salaries import Identite
from .dsn_blocs import (
    ETABLISSEMENT,
    FIN,
    INDIVIDU,
    INDIVIDU_NIVEAU,
    LONGUEUR_MAX_LIGNE,
    NIVEAUX,
    RUBRIQUES,
    VERSION,
    Bloc,
    Notes,
    erreur_ligne,
    nom_de_bloc,
    precision,
    rubrique_lue,
)
from .dsn_valeurs import (
    DISPOSITIF_NON_CONCERNE,
    lire_date,
    lire_dispositif,
    lire_motif,
    lire_naissance,
    lire_nature,
    lire_nir,
    lire_ntt,
    lire_pcs,
    lire_siren,
    nir_fictif,
)
from .encodages import (
    AUTO,
    REMPLACEMENT,
    Detection,
    lire_fichier,
    nettoyer,
)
from .lignes import compter_lignes, lignes_bornees
from .norme_dsn import NormeDsn, norme

__all__ = ["DISPOSITIF_NON_CONCERNE", "ENCODAGE", "DsnInvalide", "analyser_dsn", "lire_dsn"]

ENCODAGE = AUTO
"""NEODeS files are ISO-8859-1 (windows-1252 in practice); by default the encoding is
detected (``formats/encodages.py``): ``lire_dsn(..., encodage="iso-8859-1")`` names it."""

class DsnInvalide(FichierInvalide):
    """A DSN file with mistakes; ``erreurs`` lists them, each with its line."""

    code = "dsn.invalide"
    quoi = "Le fichier DSN"



T = TypeVar("T")
_SANS_CHIFFRES = str.maketrans(dict.fromkeys("0123456789", "#"))


@define
class _Analyseur:
    """Reads the blocks line by line; each block becomes data when it closes, so that
    only the open blocks are held (and, until the first error, the values read)."""

    erreurs: ErreursDeFichier = field(factory=ErreursDeFichier)
    etablissements: list[EtablissementImporte] = field(factory=list)
    siren: Siren | None = None
    siren_lu: bool = True
    ouverts: dict[int, Bloc] = field(factory=dict)
    precedent: str | None = None
    derniere_ligne: int = 0
    lignes_non_lues: int = 0
    norme: NormeDsn = field(factory=norme)
    notes: Notes = field(factory=Notes)
    ecartes: list[IndividuEcarte] = field(factory=list)
    refus_individu: list[DonneeInvalide] = field(factory=list)
    refus_ecartes: ErreursDeFichier = field(factory=ErreursDeFichier)
    nombre_ecartes: int = 0

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
            self.erreurs.append(erreur_ligne(
                numero, f"La ligne dépasse {LONGUEUR_MAX_LIGNE} caractères : ce n'est pas "
                "une rubrique DSN.", "dsn.ligne_trop_longue"))
            return
        texte = texte.rstrip()
        if not texte:
            return
        if not texte.isascii():
            texte, repare = nettoyer(texte)
            if repare:
                self.notes.lignes_reparees.append(numero)
        cle, _, valeur = texte.partition(",")
        rubrique = rubrique_lue(cle)
        if (rubrique is None or len(valeur) < 2
                or valeur[0] != "'" or valeur[-1] != "'" or "\n" in valeur):
            self.erreurs.append(erreur_ligne(
                numero, "La ligne n'a pas la forme d'une rubrique DSN "
                "(S21.G00.xx.yyy,'valeur').", "dsn.ligne_invalide"))
            return
        bloc_cle, niveau, numero_rubrique, lue = rubrique
        precedent, self.precedent = self.precedent, bloc_cle
        if niveau < 0:
            if (bloc_cle, numero_rubrique) == VERSION:
                self.norme = self.notes.version(valeur[1:-1], numero)
            return  # S10, S20, S90 and the blocks not read: allowed, skipped
        courant = self.ouverts.get(niveau)
        if courant is None or precedent != bloc_cle or numero_rubrique <= courant.dernier:
            courant = self._ouvrir(niveau, numero)
        if lue:  # keep only what is read: big files stay small
            courant.rubriques[numero_rubrique] = (valeur[1:-1], numero)
        courant.dernier = numero_rubrique

    def _signaler(self, erreur: DonneeInvalide) -> None:
        """A value's refusal: inside a person's block it leaves that person aside (the
        rest of the file is read); elsewhere it is the file's error."""
        if INDIVIDU_NIVEAU in self.ouverts:
            self.refus_individu.append(erreur)
        else:
            self.erreurs.append(erreur)

    def _ouvrir(self, niveau: int, ligne: int) -> Bloc:
        """A new block instance closes the open ones at its level and below; it needs its
        parent block open."""
        for n in sorted((n for n in self.ouverts if n >= niveau), reverse=True):
            self._fermer(n)
        bloc = Bloc(NIVEAUX[niveau], ligne)
        parent = self.ouverts.get(niveau - 1)
        if niveau == 0:
            bloc.attache, self.siren_lu = True, False
        elif parent is None:
            self.erreurs.append(erreur_ligne(
                ligne, f"Un bloc {nom_de_bloc(bloc.niveau)} doit suivre un bloc "
                f"{nom_de_bloc(NIVEAUX[niveau - 1])}.", "dsn.structure_invalide"))
        elif bloc.niveau == FIN and parent.enfants:
            self.erreurs.append(erreur_ligne(
                ligne, f"Un contrat n'a qu'un seul bloc {nom_de_bloc(FIN)}.",
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
            self.siren = self._valeur(self.ouverts[0], "001", lire_siren, requise=True)

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
            if bloc.niveau == INDIVIDU and self.refus_individu:
                self._ecarter(bloc)
                fait = None
            if fait is not None and not self.erreurs:  # with an error, nothing is returned
                (self.etablissements if niveau == 1 else parent.faits).append(fait)
        elif niveau == INDIVIDU_NIVEAU:
            self.refus_individu.clear()
        del self.ouverts[niveau]

    def _ecarter(self, bloc: Bloc) -> None:
        """A person whose record is unusable is listed, with every reason at its line, and
        left aside."""
        # Names have no digits: a number there (a NIR in the wrong rubric) is not shown.
        nom = bloc.rubriques.get("002", ("", 0))[0].translate(_SANS_CHIFFRES)[:100]
        prenoms = bloc.rubriques.get("004", ("", 0))[0].translate(_SANS_CHIFFRES)[:150]
        self.refus_individu.sort(key=numero_de_ligne)
        raisons = tuple(e.message for e in self.refus_individu)
        for refus in self.refus_individu:  # listed too if the file is refused anyway
            self.refus_ecartes.append(refus)
        self.refus_individu.clear()
        self.nombre_ecartes += 1
        if self.nombre_ecartes > self.erreurs.maximum:  # bounded, as the errors are
            self.erreurs.append(erreur_ligne(
                bloc.ligne, f"Plus de {self.erreurs.maximum} personnes ont un dossier "
                "inutilisable : ce fichier n'est pas lisible.", "dsn.trop_d_ecarts"))
        elif not self.erreurs:
            self.ecartes.append(IndividuEcarte(bloc.ligne, nom, prenoms, raisons))

    # -- turning blocks into data --------------------------------------------------
    def _valeur(
        self, bloc: Bloc, numero: str, lire: Callable[[str], T], requise: bool = False
    ) -> T | None:
        """A rubric's value read by ``lire``; a refusal is located at the rubric's line."""
        if numero not in bloc.rubriques:
            if requise:
                self._signaler(erreur_ligne(
                    bloc.ligne,
                    f"La rubrique S21.G00.{bloc.niveau}.{numero} "
                    f"({RUBRIQUES[(bloc.niveau, numero)]}) manque au bloc "
                    f"{nom_de_bloc(bloc.niveau)} qui commence ici.", "dsn.rubrique_manquante"))
            return None
        texte, ligne = bloc.rubriques[numero]
        try:
            if REMPLACEMENT in texte:
                raise DonneeInvalide(
                    "La valeur contient un caractère illisible (�) : le fichier a été mal "
                    "converti avant l'envoi ; corrigez-le dans le logiciel de paie.",
                    code="import.caractere_illisible", regle=REGLE_FICHIER)
            return lire(texte)
        except ErreurDomaine as erreur:
            self._signaler(a_la_ligne(erreur, ligne, precision(bloc.niveau, numero)))
            return None

    def _construire(
        self, bloc: Bloc, champs: Callable[[], dict[str | None, tuple[int, str | None]]],
        construire: Callable[[], T],
    ) -> T | None:
        """Build a value from a block's rubrics; a refusal is located at the rubric of the
        field it names (``champs``, asked only then), else at the block's first line."""
        try:
            return construire()
        except ErreurDomaine as erreur:
            ligne, precision = champs().get(erreur.chemin, (bloc.ligne, None))
            self._signaler(a_la_ligne(erreur, ligne, precision))
            return None

    def declaration(self) -> DeclarationImportee:
        if self.lignes_non_lues:  # stopped at the cap: open blocks are cut short
            for refus in self.refus_ecartes:
                self.erreurs.append(refus)
            raise self.erreurs.refus(DsnInvalide, self.lignes_non_lues)
        for niveau in sorted(self.ouverts, reverse=True):
            self._fermer(niveau)
        etablissements = self.etablissements
        if not etablissements and not self.erreurs:
            self.erreurs.append(erreur_ligne(
                max(self.derniere_ligne, 1),
                f"Le fichier ne déclare aucun bloc {nom_de_bloc(ETABLISSEMENT)}.", "dsn.vide"))
        if self.erreurs:
            for refus in self.refus_ecartes:
                self.erreurs.append(refus)
            raise self.erreurs.refus(DsnInvalide)
        return DeclarationImportee(tuple(etablissements), source="dsn",
                                   versions=tuple(self.notes.versions),
                                   remarques=self.notes.du_fichier())

    def _etablissement(self, bloc: Bloc, siren: Siren | None) -> EtablissementImporte | None:
        siret = self._valeur(
            bloc, "001",
            lambda nic: None if siren is None else Siret.parse(siren.valeur + nic,
                                                               chemin="siret"),
            requise=True,
        )
        ecartes, remarques = tuple(self.ecartes), tuple(self.notes.remarques)
        self.ecartes.clear()
        self.notes.remarques.clear()
        if siret is None:
            return None
        return EtablissementImporte(siret, tuple(bloc.faits), bloc.ligne, ecartes, remarques)

    def _individu(self, bloc: Bloc) -> IndividuImporte | None:
        brut = bloc.rubriques.get("001")
        if brut is not None and nir_fictif(brut[0]):
            del bloc.rubriques["001"]
            self.notes.remarquer(brut[1], "dsn.nir_fictif", "le NIR déclaré est un NIR fictif "
                            "(que des 9) : la personne est identifiée sans NIR.")
        nir = self._valeur(bloc, "001", lire_nir)
        nom = self._valeur(bloc, "002", str, requise=True)
        prenoms = self._valeur(bloc, "004", str, requise=True)
        naissance = self._valeur(bloc, "006", lire_naissance, requise=True)
        ntt = self._valeur(bloc, "020", lire_ntt)
        if nom is None or prenoms is None or naissance is None:
            return None
        identite = self._construire(
            bloc,
            lambda: {"nom": bloc.ou("002"), "prenoms": bloc.ou("004"),
                     "date_naissance": bloc.ou("006"), None: bloc.ou("001")},
            lambda: Identite(nom=nom, prenoms=prenoms, date_naissance=naissance[0], nir=nir,
                             ntt=ntt, precision_naissance=naissance[1]),
        )
        if identite is None:
            return None
        return IndividuImporte(identite, tuple(bloc.faits), bloc.ligne)

    def _contrat(self, bloc: Bloc) -> ContratImporte | None:
        debut = self._valeur(bloc, "001", lire_date, requise=True)
        pcs, libelle = self._poste(bloc)
        norme_ = self.norme
        nature = self._valeur(bloc, "007", lambda t: lire_nature(t, norme_), requise=True)
        dispositif = self._valeur(bloc, "008", lambda t: lire_dispositif(t, norme_))
        numero = self._valeur(bloc, "009", str)
        fin_prevue = self._valeur(bloc, "010", lire_date)
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

    def _poste(self, bloc: Bloc) -> tuple[CodePcsEse | None, str | None]:
        """S21.G00.40.004 and .006 name the poste; one usable is enough. A payroll's
        placeholder PCS-ESE (``9999``) beside a label, or a label damaged by a bad
        conversion beside a valid code, is set aside with a remark, not a refusal."""
        code, libelle = bloc.rubriques.get("004"), bloc.rubriques.get("006")
        lisible = libelle is not None and REMPLACEMENT not in libelle[0]
        pcs = None
        if code is not None:
            try:
                pcs = lire_pcs(code[0])
            except ErreurDomaine:
                if not lisible:
                    self._valeur(bloc, "004", lire_pcs)
                    return None, None
                self.notes.remarquer(code[1], "dsn.pcs_ignore", "le code PCS-ESE n'est pas un "
                                "code de la nomenclature PCS-ESE 2017 de l'Insee : "
                                "le poste est trouvé par le libellé de l'emploi.")
        if libelle is not None and not lisible and pcs is not None:
            self.notes.remarquer(libelle[1], "dsn.libelle_illisible", "le libellé de l'emploi "
                            "contient un caractère illisible (�) : il est ignoré, le poste "
                            "est trouvé par son code PCS-ESE.")
            return pcs, None
        return pcs, self._valeur(bloc, "006", str)

    def _fin(self, bloc: Bloc) -> FinDeContrat | None:
        norme_ = self.norme
        le = self._valeur(bloc, "001", lire_date, requise=True)
        motif = self._valeur(bloc, "002", lambda t: lire_motif(t, norme_))
        if le is None:
            return None
        return self._construire(
            bloc, lambda: {"motif": bloc.ou("002"), "le": bloc.ou("001")},
            lambda: FinDeContrat(le=le, motif=motif, ligne=bloc.ligne),
        )


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
        analyseur = _Analyseur(ErreursDeFichier(max_erreurs),
                               refus_ecartes=ErreursDeFichier(max_erreurs))
        analyseur.lire(lignes)
        return analyseur.declaration()


def _lignes(flux: IO[bytes], detection: Detection) -> Iterator[str]:
    with io.TextIOWrapper(flux, encoding=detection.codec, errors=detection.erreurs,
                          newline=None) as texte:
        yield from lignes_bornees(texte.readline, LONGUEUR_MAX_LIGNE)


def lire_dsn(
    fichier: str | os.PathLike[str] | IO[bytes], *, encodage: str = ENCODAGE,
    max_erreurs: int = MAX_ERREURS,
) -> DeclarationImportee:
    """Read a DSN file (a path or a binary stream).

    The encoding is detected (``encodage="auto"``: UTF-8 with or without BOM, else
    windows-1252/ISO-8859-1, see ``formats/encodages.py``) or named (``"iso-8859-1"``,
    ``"windows-1252"``, ``"utf-8"``). Streams the file line by line, never holding more
    than :data:`LONGUEUR_MAX_LIGNE` characters of a line. Raises :class:`DsnInvalide` as
    :func:`analyser_dsn` does; a file the encoding cannot decode, or that mixes UTF-8
    with another encoding when none is named, is one.
    """
    return lire_fichier(
        fichier, encodage,
        lambda flux, detection: analyser_dsn(_lignes(flux, detection), max_erreurs=max_erreurs),
        lambda message, code: DsnInvalide([erreur_ligne(1, message, "dsn." + code)]))
