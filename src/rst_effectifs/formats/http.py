"""HTTP's edges for any web front end: ``If-Match`` read as a command's expected version
(RFC 9110, section 13.1.1), and a request body read as a command, where a body that is
not UTF-8 JSON is the library's 400 (``json.invalide``) rather than a server error.

No web framework here: the functions take the header's text and the body's bytes, so
Starlette, FastAPI, Flask or a plain WSGI app use them alike (``docs/front-end.md``).
"""

from __future__ import annotations

import re
from typing import Any, TypeVar

from ..application.commandes import VERSION_MAX
from ..domain.erreurs import ConflitDeVersion, DonneeInvalide
from .json import lire, structurer

__all__ = ["CODE_CORPS_ILLISIBLE", "CODE_ENTETE_INVALIDE", "CODE_ETAG_INCONNU", "lire_corps",
           "version_if_match"]

T = TypeVar("T")

CODE_ENTETE_INVALIDE = "requete.entete_invalide"
"""A header that does not follow its syntax (HTTP 400)."""
CODE_CORPS_ILLISIBLE = "requete.corps_illisible"
"""A body the route cannot read at all, e.g. a broken form (HTTP 400)."""
CODE_ETAG_INCONNU = "concurrence.etag_inconnu"
"""``If-Match`` names only tags that are no version this library gives: the condition
is false whatever is stored (HTTP 412)."""

_ETAG = re.compile(r'(W/)?"([\x21\x23-\x7e\x80-\xff]*)"')
_OWS = " \t"


def _entete_invalide() -> DonneeInvalide:
    return DonneeInvalide("L'en-tête If-Match doit être « * » ou l'ETag reçu, par exemple "
                          "\"3\".", code=CODE_ENTETE_INVALIDE, chemin="If-Match")


def _etiquettes(valeur: str) -> list[str]:
    """The opaque tags of ``#entity-tag`` (a list; empty elements allowed, RFC 9110
    section 5.6.1); anything else is a syntax error."""
    etiquettes: list[str] = []
    position = 0
    while True:
        while position < len(valeur) and valeur[position] in _OWS + ",":
            position += 1
        if position == len(valeur):
            return etiquettes
        trouve = _ETAG.match(valeur, position)
        if trouve is None:
            raise _entete_invalide()
        etiquettes.append(trouve.group(2))
        position = trouve.end()
        while position < len(valeur) and valeur[position] in _OWS:
            position += 1
        if position < len(valeur) and valeur[position] != ",":
            raise _entete_invalide()


def version_if_match(valeur: str | None) -> int | None:
    """The expected version an ``If-Match`` header asks for (the command's
    ``version_attendue``): ``None`` when absent or ``*`` (any current representation:
    the use case answers 404 when there is none).

    ``"3"`` and ``W/"3"`` give 3: the library's ETag is the aggregate's version, the same
    for every representation, and a proxy that compresses answers may weaken it, so a
    weak tag is read as its version (RFC 9110 would compare strongly and refuse it). A
    list naming one version (``"3", W/"3"``) gives it. Refused: a header that is not
    that syntax (400, ``requete.entete_invalide``), tags that are no version of ours
    (``"abc"``, ``"-1"``: 412, ``concurrence.etag_inconnu``: no stored version can
    match), a list naming several versions (400: send the one you read)."""
    if valeur is None:
        return None
    if valeur.strip(_OWS) == "*":
        return None
    etiquettes = _etiquettes(valeur)
    if not etiquettes:
        raise _entete_invalide()
    versions = {int(e) for e in etiquettes
                if e.isascii() and e.isdigit() and len(e) <= 10 and int(e) <= VERSION_MAX}
    if not versions:
        raise ConflitDeVersion("La version envoyée (If-Match) ne correspond à aucune "
                               "version : rechargez puis recommencez.",
                               code=CODE_ETAG_INCONNU, chemin="If-Match")
    if len(versions) > 1:
        raise DonneeInvalide("L'en-tête If-Match doit nommer une seule version : celle que "
                             "vous avez lue.", code=CODE_ENTETE_INVALIDE, chemin="If-Match")
    (version,) = versions
    return version


def lire_corps(type_: type[T], corps: bytes, **champs_de_l_url: Any) -> T:
    """A request body, as received, to the command ``type_``: an empty body is ``{}``
    (everything from the URL); bytes that are not UTF-8, or not JSON, are refused as
    ``DonneeInvalide`` ``json.invalide`` (HTTP 400) with nothing of the body in it;
    otherwise as :func:`~rst_effectifs.formats.json.lire`."""
    if not corps.strip():
        return structurer(type_, {}, **champs_de_l_url)
    return lire(corps, type_, **champs_de_l_url)
