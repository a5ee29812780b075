"""Who the client is, behind the reverse proxies the operator names (and only them).

A request's ``X-Forwarded-For`` and ``X-Forwarded-Proto`` are believed only when the
connection comes from one of ``Reglages.proxies`` (``--proxy`` of ``rst-effectifs
portail``, ``RST_EFFECTIFS_PROXIES``); then the client is the right-most address of
``X-Forwarded-For`` that is not itself a named proxy (anything left of it was written
by the client and may be a lie). From anyone else those headers are ignored, so that
the per-client limits and the log see the real peer."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Sequence

from starlette.types import ASGIApp, Receive, Scope, Send

from ...domain.erreurs import DonneeInvalide

Reseau = ipaddress.IPv4Network | ipaddress.IPv6Network


def reseaux(textes: Iterable[str], chemin: str = "proxy") -> tuple[Reseau, ...]:
    """``127.0.0.1``, ``10.0.0.0/8``, ``::1``… → networks; a wrong one is refused."""
    trouves = []
    for texte in textes:
        try:
            trouves.append(ipaddress.ip_network(texte.strip(), strict=False))
        except ValueError:
            raise DonneeInvalide(f"« {texte[:60]} » n'est ni une adresse IP ni un réseau.",
                                 code="configuration.invalide", chemin=chemin) from None
    return tuple(trouves)


def _adresse(texte: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(texte.strip().strip("[]"))
    except ValueError:
        return None


def _de_confiance(adresse: str, proxies: Sequence[Reseau]) -> bool:
    lue = _adresse(adresse)
    return lue is not None and any(lue in reseau for reseau in proxies)


def client_reel(pair: str, transmis: Sequence[str], proxies: Sequence[Reseau]) -> str:
    """The client's address: ``pair`` (the connection's peer) unless it is a named
    proxy; then the right-most of ``transmis`` (the ``X-Forwarded-For`` addresses, in
    order) that is not a named proxy, or ``pair`` if they all are or one is unreadable."""
    if not _de_confiance(pair, proxies):
        return pair
    for adresse in reversed(transmis):
        if _adresse(adresse) is None:
            return pair
        if not _de_confiance(adresse, proxies):
            return adresse.strip().strip("[]")
    return pair


class ClientReel:
    """Rewrites ``scope["client"]`` (and ``scope["scheme"]`` from ``X-Forwarded-Proto``)
    for a connection from a named proxy; outermost, so that everything after sees it."""

    def __init__(self, app: ASGIApp, proxies: Sequence[Reseau]) -> None:
        self.app, self.proxies = app, tuple(proxies)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        client = scope.get("client")
        if scope["type"] == "http" and self.proxies and client is not None \
                and _de_confiance(str(client[0]), self.proxies):
            transmis: list[str] = []
            schema = None
            for nom, valeur in scope.get("headers", []):
                if nom == b"x-forwarded-for":
                    transmis += bytes(valeur).decode("latin-1").split(",")
                elif nom == b"x-forwarded-proto":
                    schema = bytes(valeur).decode("latin-1").split(",")[-1].strip().lower()
            scope = dict(scope)
            scope["client"] = (client_reel(str(client[0]), transmis, self.proxies), 0)
            if schema in ("http", "https"):
                scope["scheme"] = schema
        await self.app(scope, receive, send)


__all__ = ["ClientReel", "Reseau", "client_reel", "reseaux"]
