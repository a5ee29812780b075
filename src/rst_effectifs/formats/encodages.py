"""Which encoding an import file is in, and the text clean-ups every reader applies.

DSN files are ISO-8859-1 by the norm, and payroll packages write windows-1252 (its
superset for the curly apostrophe ``’`` and the like); a file re-saved by an editor is
UTF-8, sometimes with a BOM, sometimes converted twice (``Hélène`` -> ``HÃ©lÃ¨ne``).
:func:`detecter` reads the bytes once, without keeping them, and decides:

- a UTF-8 BOM -> UTF-8 (the BOM is dropped);
- valid UTF-8 holding non-ASCII bytes -> UTF-8 (a Latin-1 accent is never valid UTF-8
  on its own: ``É`` then a letter is not a UTF-8 sequence);
- otherwise windows-1252, read as ISO-8859-1 for the five bytes windows-1252 leaves
  undefined (they are then control characters, refused at their line, T1);
- bytes valid in UTF-8 mixed with bytes that are not: truly ambiguous, refused with a
  message naming both encodings, unless the caller names the encoding.

Then, line by line (:func:`nettoyer`): a line of UTF-8 decoded twice is repaired, the
windows-1252 punctuation of names and labels becomes its ASCII form (``’`` -> ``'``).
A replacement character U+FFFD (a file already damaged before it reached us) is kept:
the readers flag the record that holds it, never store it silently.
"""

from __future__ import annotations

import codecs
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import IO

from attrs import evolve, frozen

from ..application.declarations import DeclarationImportee
from ..domain.erreurs import DonneeInvalide

__all__ = [
    "AUTO",
    "ENCODAGES",
    "REMPLACEMENT",
    "Detection",
    "ambiguite",
    "detecter",
    "encodage_valide",
    "lire_fichier",
    "nettoyer",
    "nom_encodage",
    "rembobinable",
]

AUTO = "auto"
ENCODAGES: dict[str, str] = {
    AUTO: "détection automatique",
    "iso-8859-1": "ISO-8859-1 (Latin-1)",
    "windows-1252": "windows-1252",
    "utf-8": "UTF-8",
}
"""The encodings a caller may name (``--encodage``, the API's ``encodage``, the page's
choice), with how a message names them."""

_ALIAS = {"latin-1": "iso-8859-1", "latin1": "iso-8859-1", "iso8859-1": "iso-8859-1",
          "cp1252": "windows-1252", "utf8": "utf-8", "utf-8-sig": "utf-8"}

REMPLACEMENT = "\ufffd"
_BOM = codecs.BOM_UTF8
_BLOC = 1 << 20
_UTF8_MULTI = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}")
_PONCTUATION = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u02bc": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2013": "-", "\u2014": "-",
    "\u2026": "...", "\u00a0": " ", "\u202f": " ",
})
_DOUBLE = re.compile("[\u00c2\u00c3\u00c5][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178"
                     "\u017d\u017e\u0192\u02c6\u02dc\u2013-\u203a\u20ac\u2122]")


def nom_encodage(encodage: str) -> str:
    """A caller's encoding name, normalised (``latin-1`` -> ``iso-8859-1``); an unknown
    one raises ``ValueError`` (the front ends check it first with :data:`ENCODAGES`)."""
    nom = _ALIAS.get(encodage.strip().lower(), encodage.strip().lower())
    if nom not in ENCODAGES:
        raise ValueError(encodage)
    return nom


def encodage_valide(encodage: object) -> str:
    """A caller's encoding name (``--encodage``, the API's and the page's choice), or the
    typed refusal listing those accepted."""
    try:
        if isinstance(encodage, str):
            return nom_encodage(encodage)
    except ValueError:
        pass
    raise DonneeInvalide(
        "L'encodage du fichier est inconnu : choisissez auto (détection), iso-8859-1, "
        "windows-1252 ou utf-8.", code="import.encodage_inconnu", chemin="encodage")


def ambiguite() -> str:
    """The refusal's message for a file that mixes encodings."""
    return ("Le fichier mélange deux encodages : certaines lignes sont en UTF-8, d'autres "
            "en windows-1252 (ISO-8859-1). Réenregistrez-le dans un seul encodage, ou "
            "indiquez lequel lire.")


@contextmanager
def rembobinable(flux: IO[bytes]) -> Iterator[IO[bytes]]:
    """``flux`` itself when it can seek back, else a temporary copy (detection reads the
    bytes once before the reader does)."""
    if flux.seekable():
        yield flux
        return
    with tempfile.SpooledTemporaryFile(max_size=1 << 22) as copie:
        shutil.copyfileobj(flux, copie)
        copie.seek(0)
        yield copie


@frozen
class Detection:
    """What :func:`detecter` decided: the codec to read with (and its error handler), how
    a message names it, whether a BOM starts the file, and ``ambigu`` when UTF-8 and
    another encoding mix."""

    codec: str
    nom: str
    erreurs: str = "strict"
    bom: bool = False
    ambigu: bool = False


def _repli(erreur: UnicodeError) -> tuple[str, int]:
    """windows-1252 leaves five bytes undefined: read them as ISO-8859-1 (control
    characters, refused at their line by T1) rather than failing the whole file."""
    assert isinstance(erreur, UnicodeDecodeError)
    return erreur.object[erreur.start:erreur.end].decode("latin-1"), erreur.end


REPLI = "rst_effectifs.latin1"
codecs.register_error(REPLI, _repli)


def _nommee(nom: str, bom: bool) -> Detection:
    if nom == "utf-8":
        return Detection("utf-8-sig", ENCODAGES[nom], bom=bom)
    if nom == "windows-1252":
        return Detection("cp1252", ENCODAGES[nom], REPLI, bom)
    return Detection("latin-1", ENCODAGES[nom], bom=bom)


def detecter(flux: IO[bytes], encodage: str = AUTO) -> Detection:
    """Decide ``flux``'s encoding (``encodage`` names it, or ``auto``), then rewind it.
    The bytes are read once in blocks and not kept."""
    debut = flux.read(len(_BOM))
    bom = debut == _BOM
    nom = nom_encodage(encodage)
    if nom != AUTO or bom:
        flux.seek(0)
        return _nommee("utf-8" if nom == AUTO else nom, bom)
    decodeur = codecs.getincrementaldecoder("utf-8")("strict")
    non_ascii = multi = False
    utf8 = True
    bloc, fin = debut, False
    while not fin:
        suite = flux.read(_BLOC)
        fin = not suite
        bloc += suite
        if not bloc.isascii():
            non_ascii = True
            multi = multi or _UTF8_MULTI.search(bloc) is not None
        if utf8:
            try:
                decodeur.decode(bloc, final=fin)
            except UnicodeDecodeError:
                utf8 = False
        bloc = b""
    flux.seek(0)
    if non_ascii and utf8:
        return _nommee("utf-8", False)
    return Detection("cp1252", "ISO-8859-1 (windows-1252)", REPLI,
                     ambigu=non_ascii and multi)


def nettoyer(ligne: str) -> tuple[str, bool]:
    """A line's text as the readers keep it: a double UTF-8 conversion undone, the
    windows-1252 punctuation made ASCII. The flag says the line was repaired."""
    repare = False
    if not ligne.isascii():
        if _DOUBLE.search(ligne):
            try:
                ligne = ligne.encode("cp1252").decode("utf-8")
                repare = True
            except UnicodeError:
                pass
        ligne = ligne.translate(_PONCTUATION)
    return ligne, repare


def lire_fichier(
    fichier: str | os.PathLike[str] | IO[bytes], encodage: str,
    analyser: Callable[[IO[bytes], Detection], DeclarationImportee],
    refuser: Callable[[str, str], Exception],
) -> DeclarationImportee:
    """What both readers do around their parsing: open a path (or take a stream, copied
    when it cannot seek), detect or take the encoding, refuse a mix of encodings, turn a
    decoding failure into the reader's refusal (``refuser(message, code)``), and say on
    the declaration which encoding was read."""
    encodage = encodage_valide(encodage)
    if isinstance(fichier, str | os.PathLike):
        with open(fichier, "rb") as flux:
            return lire_fichier(flux, encodage, analyser, refuser)
    with rembobinable(fichier) as flux:
        detection = detecter(flux, encodage)
        if detection.ambigu:
            raise refuser(ambiguite(), "encodage_ambigu")
        try:
            declaration = analyser(flux, detection)
        except UnicodeDecodeError:
            pass  # its ``object`` holds the file's bytes: raised below, never chained (A5)
        else:
            return evolve(declaration, encodage=detection.nom)
    raise refuser(f"Le fichier n'est pas lisible en {detection.nom} : choisissez un autre "
                  "encodage, ou laissez la détection automatique.", "encodage")
