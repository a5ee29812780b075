"""A tiny SMTP server for tests (standard library only): it listens on 127.0.0.1 on a
port the system picks, speaks just enough ESMTP for ``smtplib`` (EHLO/HELO, MAIL, RCPT,
DATA, RSET, NOOP, QUIT) and keeps what it received. Bounded: line and message sizes are
capped, every socket read times out, the server stops when the ``with`` block ends.
"""

from __future__ import annotations

import email
import email.policy
import socketserver
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from email.message import EmailMessage
from typing import cast

from attrs import define, field, frozen

LIGNE_MAX = 2000
MESSAGE_MAX = 1_000_000
DELAI_S = 5.0


@frozen
class Recu:
    """One message as the server got it."""

    expediteur: str
    destinataires: tuple[str, ...]
    donnees: bytes

    def message(self) -> EmailMessage:
        return cast(EmailMessage, email.message_from_bytes(self.donnees,
                                                           policy=email.policy.default))


@define
class Boite:
    """What the server received, and how it should answer."""

    recus: list[Recu] = field(factory=list)
    refuser_destinataires: bool = False
    verrou: threading.Lock = field(factory=threading.Lock)


def _adresse(argument: str) -> str:
    debut, fin = argument.find("<"), argument.find(">")
    return argument[debut + 1:fin] if 0 <= debut < fin else argument.strip()


class _Session(socketserver.StreamRequestHandler):
    timeout = DELAI_S
    server: _Serveur

    def _dire(self, ligne: str) -> None:
        self.wfile.write(ligne.encode("ascii") + b"\r\n")
        self.wfile.flush()

    def _lire(self) -> str | None:
        brut = self.rfile.readline(LIGNE_MAX + 2)
        if not brut:
            return None
        return brut.decode("utf-8", "replace").rstrip("\r\n")

    def handle(self) -> None:
        boite = self.server.boite
        expediteur: str | None = None
        destinataires: list[str] = []
        self._dire("220 localhost ESMTP test")
        while (ligne := self._lire()) is not None:
            verbe, _, argument = ligne.partition(" ")
            verbe = verbe.upper()
            if verbe == "EHLO":
                self._dire("250-localhost")
                self._dire("250-8BITMIME")
                self._dire("250-SMTPUTF8")
                self._dire(f"250 SIZE {MESSAGE_MAX}")
            elif verbe == "HELO":
                self._dire("250 localhost")
            elif verbe == "MAIL" and argument.upper().startswith("FROM:"):
                expediteur, destinataires = _adresse(argument[5:].split(" ")[0]), []
                self._dire("250 OK")
            elif verbe == "RCPT" and argument.upper().startswith("TO:"):
                if boite.refuser_destinataires:
                    self._dire("550 mailbox unavailable")
                else:
                    destinataires.append(_adresse(argument[3:]))
                    self._dire("250 OK")
            elif verbe == "DATA" and expediteur is not None and destinataires:
                self._dire("354 end with <CRLF>.<CRLF>")
                donnees = self._donnees()
                if donnees is None:
                    return
                with boite.verrou:
                    boite.recus.append(Recu(expediteur, tuple(destinataires), donnees))
                expediteur, destinataires = None, []
                self._dire("250 OK")
            elif verbe in ("RSET", "NOOP"):
                if verbe == "RSET":
                    expediteur, destinataires = None, []
                self._dire("250 OK")
            elif verbe == "QUIT":
                self._dire("221 bye")
                return
            else:
                self._dire("502 not implemented")

    def _donnees(self) -> bytes | None:
        lignes: list[bytes] = []
        taille = 0
        while True:
            brut = self.rfile.readline(LIGNE_MAX + 2)
            if not brut:
                return None
            if brut in (b".\r\n", b".\n"):
                return b"".join(lignes)
            taille += len(brut)
            if taille > MESSAGE_MAX:
                self._dire("552 too big")
                return None
            lignes.append(brut[1:] if brut.startswith(b"..") else brut)


class _Serveur(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, boite: Boite) -> None:
        super().__init__(("127.0.0.1", 0), _Session)
        self.boite = boite


@contextmanager
def serveur_smtp(refuser_destinataires: bool = False) -> Iterator[tuple[int, Boite]]:
    """(port, boîte) of a server running for the block's duration."""
    boite = Boite(refuser_destinataires=refuser_destinataires)
    serveur = _Serveur(boite)
    fil = threading.Thread(target=serveur.serve_forever, kwargs={"poll_interval": 0.05},
                           daemon=True)
    fil.start()
    try:
        yield serveur.server_address[1], boite
    finally:
        serveur.shutdown()
        serveur.server_close()
        fil.join(DELAI_S)
