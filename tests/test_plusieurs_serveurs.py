"""A primary and its standbys (PostgreSQL streaming replication), as the library sees them.

- A URL listing several servers (``?host=a&host=b&target_session_attrs=read-write``) reaches
  the one that takes writes, whichever its place in the list.
- While none takes writes (the old primary down, the standby not yet promoted), a use case
  fails with a transient error, ``technique.aucun_primaire``, that ``executer(...,
  tentatives=N)`` runs again; a single server refusing stays a plain technical error.
- ``url_lecture`` serves exactly the use cases declared as only reading: here it is the
  same database opened read-only (``default_transaction_read_only``), so a use case
  declared as reading that writes anything fails, and every other one must succeed.

The failover itself (two clusters, the primary killed under eight writers) is
``bench/bascule.py``; its figures are in docs/persistence.md.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.engine import URL, make_url

import rst_effectifs as rst
import test_tenant_isolation as isolation
from rst_effectifs import bootstrap
from rst_effectifs.adapters.sql import FabriqueSql
from rst_effectifs.application.contexte import REGISTRE, Besoin
from rst_effectifs.application.transactions import reessayable


def _port_ferme() -> int:
    """A loopback port nobody listens on (bound then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
    return port


def _plusieurs(url: str, *hotes: str, attributs: str = "read-write") -> str:
    """``url`` with its server replaced by ``hotes`` (``host:port`` each)."""
    adresse = make_url(url)
    return URL.create(adresse.drivername, adresse.username, adresse.password,
                      database=adresse.database, query={
                          **adresse.query, "host": hotes, "target_session_attrs": attributs},
                      ).render_as_string(hide_password=False)


def _serveur(url: str) -> str:
    adresse = make_url(url)
    return f"{adresse.host}:{adresse.port or 5432}"


AGENT = rst.AgentRst(rst.Email.parse("agent@rst.fr"))


@pytest.mark.postgresql
def test_a_url_of_several_servers_reaches_the_one_that_takes_writes(
        url_postgresql: str) -> None:
    url = _plusieurs(url_postgresql, f"127.0.0.1:{_port_ferme()}", _serveur(url_postgresql))
    ctx = rst.depuis_url(url, migrer=True)
    try:
        adherent = rst.executer(ctx, AGENT, rst.CreerAdherent(
            "004217", "73282932000074", "Boulangerie Martin", "contact@martin.fr"))
        lu = rst.executer(ctx, AGENT, rst.ConsulterAdherent(adherent.id))
        assert lu.numero.valeur == "004217"
    finally:
        bootstrap.fermer(ctx)


def test_no_server_taking_writes_is_transient_and_names_every_server() -> None:
    hotes = (f"127.0.0.1:{_port_ferme()}", f"127.0.0.1:{_port_ferme()}")
    url = _plusieurs("postgresql+psycopg://rst:secret@localhost/rst", *hotes)
    ctx = rst.depuis_url(url, migrer=False)
    try:
        with pytest.raises(rst.EchecTransitoire) as refus:
            rst.executer(ctx, AGENT, rst.CreerAdherent(
                "004217", "73282932000074", "Boulangerie Martin", "contact@martin.fr"),
                tentatives=2)
    finally:
        bootstrap.fermer(ctx)
    erreur = refus.value
    assert erreur.code == "technique.aucun_primaire" and reessayable(erreur)
    assert all(hote in erreur.message for hote in hotes)
    assert "secret" not in repr(erreur.details) + erreur.message
    assert erreur.details["hote"] == ",".join(hotes)


def test_one_server_refusing_stays_a_plain_technical_error() -> None:
    ctx = rst.depuis_url(f"postgresql+psycopg://rst:secret@127.0.0.1:{_port_ferme()}/rst",
                         migrer=False)
    try:
        with pytest.raises(rst.ErreurTechnique) as refus:
            rst.executer(ctx, AGENT, rst.CreerAdherent(
                "004217", "73282932000074", "Boulangerie Martin", "contact@martin.fr"))
    finally:
        bootstrap.fermer(ctx)
    assert refus.value.code == "technique.connexion_refusee"
    assert not isinstance(refus.value, rst.EchecTransitoire)


@contextmanager
def _compter(moteur: Any) -> Iterator[list[int]]:
    """How many connections ``moteur``'s pool hands out inside the block."""
    sorties = [0]

    def compter(*_args: Any) -> None:
        sorties[0] += 1

    event.listen(moteur, "checkout", compter)
    try:
        yield sorties
    finally:
        event.remove(moteur, "checkout", compter)


def _acteur(nom: str, ids: Any) -> Any:
    besoin = REGISTRE[nom].besoin
    if besoin is Besoin.RST:
        return AGENT
    if besoin is Besoin.PUBLIC:
        return rst.ANONYME
    return isolation._admin(ids.adherent)


@pytest.mark.postgresql
def test_only_the_use_cases_that_only_read_are_served_by_the_standby(
        url_postgresql: str) -> None:
    lecture_seule = (url_postgresql + ("&" if "?" in url_postgresql else "?")
                     + "options=-c%20default_transaction_read_only%3Don")
    ctx = rst.depuis_url(url_postgresql, migrer=True, url_lecture=lecture_seule,
                         horloge=isolation.HORLOGE, notifier=rst.NotifierMemoire(),
                         emetteur=isolation.EMETTEUR)
    fabrique = ctx.unite_de_travail
    assert isinstance(fabrique, FabriqueSql) and fabrique.lecture is not None
    try:
        ids = isolation._peupler_a(ctx)
        servis: dict[str, tuple[int, int]] = {}
        echecs: dict[str, str] = {}
        for nom in sorted(isolation.COMMANDES):
            _besoin, construire = isolation.COMMANDES[nom]
            with _compter(fabrique.lecture) as secours, _compter(fabrique.moteur) as primaire:
                try:
                    rst.executer(ctx, _acteur(nom, ids), construire(ids))
                except rst.ErreurTechnique as erreur:
                    echecs[nom] = erreur.code
                except rst.ErreurDomaine:
                    pass  # a rule's refusal on this world's data: it was served all the same
            servis[nom] = (secours[0], primaire[0])
    finally:
        bootstrap.fermer(ctx)
    assert echecs == {}
    lecteurs = {nom for nom in isolation.COMMANDES if not REGISTRE[nom].ecrit}
    assert len(lecteurs) >= 10
    assert {nom for nom, (secours, _p) in servis.items() if secours} == lecteurs
    assert all(primaire == 0 for nom, (_s, primaire) in servis.items() if nom in lecteurs)
