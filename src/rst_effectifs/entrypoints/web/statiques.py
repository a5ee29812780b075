"""The portal's static files (``statique/``), served so that a page seen twice costs
its HTML only: each file under a name that holds a hash of its content
(``portail.3f9c0a1b2d.css``), cached for a year as ``immutable`` (a new version is a new
name, so no browser keeps a stale one), and compressed with gzip once, when the
application starts.

gzip, not brotli: the standard library has it, every browser takes it, and on these
files brotli would save about 2 KB on the first visit only (htmx: 16 KB gzip, 14 KB
brotli) for a compiled dependency. The plain names (``/statique/portail.css``) still
answer, revalidated on each use (``no-cache`` and an ``ETag``), for the pages written
before a template can ask for the hashed name (the middleware's refusal page)."""

from __future__ import annotations

import gzip
import hashlib
import mimetypes
from collections.abc import Mapping
from importlib.resources import files

from attrs import frozen
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

PREFIXE = "/statique/"
PAQUET = "rst_effectifs.entrypoints.web"
DOSSIER = "statique"
UN_AN = "public, max-age=31536000, immutable"
REVALIDER = "no-cache"
TYPES = {".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8",
         ".svg": "image/svg+xml", ".png": "image/png"}
COMPRESSIBLES = frozenset({".css", ".js", ".svg"})


@frozen
class Fichier:
    """One static file as served: its bytes, their gzip form (``None`` when it saves
    nothing) and its ETag."""

    nom: str
    nom_hache: str
    contenu: bytes
    compresse: bytes | None
    type_: str

    @property
    def etag(self) -> str:
        return f'"{self.nom_hache}"'


def _extension(nom: str) -> str:
    point = nom.rfind(".")
    return nom[point:] if point > 0 else ""


def _fichier(nom: str, contenu: bytes) -> Fichier:
    empreinte = hashlib.sha256(contenu).hexdigest()[:10]
    extension = _extension(nom)
    base = nom[: len(nom) - len(extension)]
    compresse = gzip.compress(contenu, 9, mtime=0) if extension in COMPRESSIBLES else None
    if compresse is not None and len(compresse) >= len(contenu):
        compresse = None
    type_ = TYPES.get(extension) or mimetypes.guess_type(nom)[0] or "application/octet-stream"
    return Fichier(nom, f"{base}.{empreinte}{extension}", contenu, compresse, type_)


class Statiques:
    """The files of the package's ``statique/`` folder, read once."""

    def __init__(self, contenus: Mapping[str, bytes] | None = None) -> None:
        if contenus is None:
            dossier = files(PAQUET).joinpath(DOSSIER)
            contenus = {f.name: f.read_bytes() for f in dossier.iterdir() if f.is_file()}
        fichiers = [_fichier(nom, contenu) for nom, contenu in sorted(contenus.items())]
        self._par_nom = {f.nom: f for f in fichiers}
        self._par_chemin = {**{f.nom_hache: (f, True) for f in fichiers},
                            **{f.nom: (f, False) for f in fichiers}}

    def url(self, nom: str) -> str:
        """The address of ``nom`` under its hashed name (a ``KeyError`` for a file the
        package does not ship: a template's typo fails its test)."""
        return PREFIXE + self._par_nom[nom].nom_hache

    def noms(self) -> tuple[str, ...]:
        return tuple(self._par_nom)

    def reponse(self, chemin: str, entetes: Mapping[str, str]) -> Response:
        trouve = self._par_chemin.get(chemin)
        if trouve is None:
            return Response("Fichier introuvable.", 404, media_type="text/plain")
        fichier, hache = trouve
        cache = {"Cache-Control": UN_AN if hache else REVALIDER, "ETag": fichier.etag,
                 "Vary": "Accept-Encoding"}
        if entetes.get("if-none-match") == fichier.etag:
            return Response(b"", 304, headers=cache)
        if fichier.compresse is not None and _accepte_gzip(entetes.get("accept-encoding", "")):
            return Response(fichier.compresse, headers={**cache, "Content-Encoding": "gzip"},
                            media_type=fichier.type_)
        return Response(fichier.contenu, headers=cache, media_type=fichier.type_)


def _accepte_gzip(valeur: str) -> bool:
    for morceau in valeur.lower().split(","):
        codage, _, parametres = morceau.strip().partition(";")
        if codage.strip() in ("gzip", "*"):
            return parametres.replace(" ", "") not in ("q=0", "q=0.0", "q=0.00", "q=0.000")
    return False


STATIQUES = Statiques()
"""The package's files, hashed and compressed when the module is imported."""


async def _servir(request: Request) -> Response:
    return STATIQUES.reponse(str(request.path_params["chemin"]), request.headers)


def routes_statiques() -> list[BaseRoute]:
    return [Route(PREFIXE + "{chemin}", _servir, methods=["GET", "HEAD"])]


__all__ = ["PREFIXE", "STATIQUES", "UN_AN", "Fichier", "Statiques", "routes_statiques"]
