"""Faults: the database fails in the middle of a grouped exit of 200 salariés (an error at
the n-th statement, a connection killed), and 8 threads race on one salarié.

A failure must surface as ``ErreurTechnique`` (never a SQLAlchemy or driver type), leave
nothing of the request behind (E5: all or nothing), and the next request must work.
Concurrent read-modify-write must never lose a change (optimistic versions).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import random
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from attrs import evolve
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import Connection
from sqlalchemy.pool import NullPool

import rst_effectifs as rst
from rst_effectifs.adapters.sql import FabriqueSql
from rst_effectifs.testing.conformite import adherent_exemple, salarie_simple
from rst_effectifs.testing.machine import compteur

SALARIES_PRESENTS = 200
LE = dt.date(2025, 6, 30)
REQUETE = "sortie-juin"
MOI = rst.Acces(rst.Email.parse("gerant@exemple.fr"), "a1",
                frozenset({rst.Role.ADMINISTRATEUR}))
Action = Callable[[Any], None]
"""What to do to the DBAPI connection at the chosen moment."""


@pytest.fixture
def ctx(url_sql: str) -> Iterator[rst.Contexte]:
    """A member with 200 salariés present since January, no journal, no request."""
    contexte = rst.depuis_url(url_sql, horloge=rst.HorlogeFixe(), nouvel_id=compteur("m"),
                               migrer=True)
    with contexte.unite_de_travail() as uow:
        uow.adherents.ajouter(adherent_exemple("a1"))
        for n in range(SALARIES_PRESENTS):
            uow.salaries.ajouter(salarie_simple(
                f"s{n:03d}", "a1", "a1-vente", nom=f"Nom{n:03d}",
                naissance=dt.date(1970 + n % 30, 1 + n % 12, 1 + n % 28),
                debut=dt.date(2025, 1, 1)))
        uow.commit()
    moteur = _fabrique(contexte).moteur
    if moteur.dialect.name == "postgresql":
        # Fresh statistics, as after any bulk load: the effectif query's plan needs them.
        with moteur.connect() as connection:
            connection.exec_driver_sql("ANALYZE")
            connection.commit()
    yield contexte
    _fabrique(contexte).fermer()


def _fabrique(ctx: rst.Contexte) -> FabriqueSql:
    assert isinstance(ctx.unite_de_travail, FabriqueSql)
    return ctx.unite_de_travail


def _sortir_les_200(ctx: rst.Contexte) -> rst.ResultatMouvements:
    ids = tuple(f"s{n:03d}" for n in range(SALARIES_PRESENTS))
    return rst.sortir(ctx, MOI, rst.SortirDeLEffectif("a1", REQUETE, ids, LE, "031"))


@contextlib.contextmanager
def _a_l_instruction(moteur: Engine, rang: int | None, action: Action) -> Iterator[list[int]]:
    """Count the statements sent to the database; at statement ``rang`` (or at the
    commit when ``rang`` is None) apply ``action`` to the DBAPI connection."""
    compte = [0]

    def avant(_conn: Connection, curseur: Any, *_args: Any) -> None:
        compte[0] += 1
        if compte[0] == rang:
            action(curseur.connection)

    def au_commit(conn: Connection) -> None:
        if rang is None:
            action(conn.connection.dbapi_connection)

    event.listen(moteur, "before_cursor_execute", avant)
    event.listen(moteur, "commit", au_commit)
    try:
        yield compte
    finally:
        event.remove(moteur, "before_cursor_execute", avant)
        event.remove(moteur, "commit", au_commit)


def _erreur(moteur: Engine) -> Action:
    """The driver's own OperationalError, as a failing disk or server would raise it."""
    classe = moteur.dialect.loaded_dbapi.OperationalError

    def lever(_connection: Any) -> None:
        raise classe("panne injectée")

    return lever


def _coupure(moteur: Engine) -> Action:
    """PostgreSQL: the server ends the session (pg_terminate_backend, from another
    connection). SQLite: the connection is closed under the unit of work."""
    if moteur.dialect.name == "sqlite":
        return lambda connection: connection.close()
    autre = create_engine(moteur.url, poolclass=NullPool)

    def terminer(connection: Any) -> None:
        with autre.connect() as c:
            termine = c.execute(text("SELECT pg_terminate_backend(:pid, 5000)"),
                                {"pid": connection.info.backend_pid}).scalar_one()
        assert termine

    return terminer


def _etat(ctx: rst.Contexte) -> tuple[object, ...]:
    with ctx.unite_de_travail() as uow:
        return (uow.adherents.obtenir("a1"), tuple(uow.salaries.tous("a1")),
                uow.idempotence.obtenir("a1", REQUETE), tuple(uow.journal.lister("a1")))


def _rien_de_la_requete(ctx: rst.Contexte, avant: tuple[object, ...]) -> None:
    assert _etat(ctx) == avant
    _adherent, salaries, requete, journal = avant
    assert requete is None and journal == ()
    assert isinstance(salaries, tuple) and len(salaries) == SALARIES_PRESENTS
    assert all(not s.mouvements and s.contrats[0].fin is None for s in salaries)
    effectif = rst.consulter_effectif(ctx, MOI, rst.ConsulterEffectif("a1", LE + dt.timedelta(1)))
    assert effectif.nombre == SALARIES_PRESENTS


def _echoue_proprement(ctx: rst.Contexte) -> rst.ErreurTechnique:
    with pytest.raises(rst.ErreurTechnique) as info:
        _sortir_les_200(ctx)
    chaine: BaseException | None = info.value
    while chaine is not None:  # no driver or SQLAlchemy error, not even chained
        assert type(chaine).__module__.startswith("rst_effectifs."), type(chaine)
        chaine = chaine.__cause__ if chaine.__suppress_context__ else chaine.__context__
    return info.value


def _la_suivante_passe(ctx: rst.Contexte) -> None:
    resultat = _sortir_les_200(ctx)
    assert len(resultat.mouvements) == SALARIES_PRESENTS and not resultat.deja_traitee
    assert rst.consulter_effectif(
        ctx, MOI, rst.ConsulterEffectif("a1", LE + dt.timedelta(1))).nombre == 0
    with ctx.unite_de_travail() as uow:
        sorties = [e for e in uow.journal.lister("a1") if e.quoi == "effectif.sortie"]
        assert len(sorties) == SALARIES_PRESENTS
    assert _sortir_les_200(ctx).deja_traitee


_TOTAUX: dict[str, int] = {}
"""Statements a successful grouped exit of the 200 sends, per engine (counted once)."""


def _coupure_au_commit(ctx: rst.Contexte, avant: tuple[object, ...]) -> int:
    """The session dies at commit; counts the request's statements on the way."""
    moteur = _fabrique(ctx).moteur
    with _a_l_instruction(moteur, None, _coupure(moteur)) as compte:
        _echoue_proprement(ctx)
    _rien_de_la_requete(ctx, avant)
    assert compte[0] > 2 * SALARIES_PRESENTS  # a load and a save per salarié at least
    _TOTAUX[moteur.dialect.name] = compte[0]
    return compte[0]


def test_connection_killed_at_commit_stores_nothing(ctx: rst.Contexte) -> None:
    _coupure_au_commit(ctx, _etat(ctx))
    _la_suivante_passe(ctx)


@pytest.mark.parametrize("moment", ["premiere", "milieu", "derniere"])
def test_error_at_the_nth_statement_of_a_grouped_exit_stores_nothing(
    ctx: rst.Contexte, moment: str
) -> None:
    moteur = _fabrique(ctx).moteur
    avant = _etat(ctx)
    total = _TOTAUX.get(moteur.dialect.name) or _coupure_au_commit(ctx, avant)
    rang = {"premiere": 1, "milieu": total // 2, "derniere": total}[moment]
    with _a_l_instruction(moteur, rang, _erreur(moteur)) as compte:
        _echoue_proprement(ctx)
    assert compte[0] == rang  # nothing ran after the failure
    _rien_de_la_requete(ctx, avant)
    _la_suivante_passe(ctx)


def test_connection_killed_mid_request_stores_nothing(ctx: rst.Contexte) -> None:
    moteur = _fabrique(ctx).moteur
    avant = _etat(ctx)
    with _a_l_instruction(moteur, SALARIES_PRESENTS, _coupure(moteur)) as compte:
        _echoue_proprement(ctx)
    assert compte[0] == SALARIES_PRESENTS
    _rien_de_la_requete(ctx, avant)
    _la_suivante_passe(ctx)


# -- concurrency ------------------------------------------------------------------------------
FILS = 8
CHANGEMENTS = 100


def _compteurs(prenoms: str) -> dict[int, int]:
    """``t0:12 t1:7 …`` -> {0: 12, 1: 7, …}: one counter per thread, in the given names."""
    return {int(k[1:]): int(v) for k, v in (mot.split(":") for mot in prenoms.split())}


def _prenoms(compteurs: dict[int, int]) -> str:
    return " ".join(f"t{k}:{v}" for k, v in sorted(compteurs.items()))


@pytest.mark.postgresql
def test_eight_threads_of_read_modify_write_lose_no_change(url_postgresql: str) -> None:
    ctx = rst.depuis_url(url_postgresql, horloge=rst.HorlogeFixe(), migrer=True)
    depart = salarie_simple("s1", "a1", "a1-vente",
                            prenoms=_prenoms(dict.fromkeys(range(FILS), 0)))
    with ctx.unite_de_travail() as uow:
        uow.adherents.ajouter(adherent_exemple("a1"))
        uow.salaries.ajouter(depart)
        uow.commit()
    conflits = [0] * FILS
    depart_commun = threading.Barrier(FILS)

    def travailler(fil: int) -> None:
        hasard = random.Random(fil)
        depart_commun.wait()
        for _ in range(CHANGEMENTS):
            essais = 0
            while True:
                try:
                    with ctx.unite_de_travail() as uow:
                        s = uow.salaries.obtenir("a1", "s1")
                        compteurs = _compteurs(s.identite.prenoms)
                        compteurs[fil] += 1
                        s, evenements = s.corriger_identite(
                            evolve(s.identite, prenoms=_prenoms(compteurs)))
                        uow.salaries.enregistrer(s)
                        ctx.journaliser(uow, MOI, evenements)
                        uow.commit()
                    break
                except (rst.ConflitDeVersion, rst.EchecTransitoire):
                    conflits[fil] += 1
                    essais += 1
                    time.sleep(hasard.uniform(0, 0.001 * min(essais, 8)))  # back off

    try:
        with ThreadPoolExecutor(FILS) as pool:
            list(pool.map(travailler, range(FILS)))
        with ctx.unite_de_travail() as uow:
            final = uow.salaries.obtenir("a1", "s1")
            journal = uow.journal.lister("a1")
    finally:
        _fabrique(ctx).fermer()
    assert _compteurs(final.identite.prenoms) == dict.fromkeys(range(FILS), CHANGEMENTS)
    assert final.version == 1 + FILS * CHANGEMENTS
    assert len(journal) == FILS * CHANGEMENTS
    assert sum(conflits) > 0, "the threads never raced: the test proves nothing"
    print(f"conflicts retried: {sum(conflits)} for {FILS * CHANGEMENTS} changes {conflits}")
