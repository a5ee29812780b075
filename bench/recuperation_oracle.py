"""Declarant-number recovery: does the answer's time tell a known address from an
unknown one?

    python bench/recuperation_oracle.py                       # SQLite (a temporary file)
    python bench/recuperation_oracle.py --postgresql URL      # and PostgreSQL (drops and
                                                              # recreates its public schema)

Ten members with a login e-mail, ten addresses of nobody; 300 requests of each kind
in a shuffled order, each timed (``perf_counter``) around
``recuperer_numero_teledeclarant``; the Mann-Whitney z of known against unknown (|z|
above 4 is a difference, not chance). "before" replays the previous request path (the
journal written in the request for a known address, the message sent after commit in
the caller's thread); "outbox" is the library's, with ``ExpediteurEnArrierePlan``
(every 50 ms) sending in the background. Notifier: the in-memory one, or one that
takes 20 ms per message like an SMTP server ("20 ms").
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import math
import random
import tempfile
import time
from collections.abc import Callable

from sqlalchemy import create_engine
from stdnum import luhn

import rst_effectifs as rst
from rst_effectifs.application.compte import SUJET_RECUPERATION, _corps, empreinte
from rst_effectifs.domain.evenements import TeledeclarantEnvoye
from rst_effectifs.domain.journal import EntreeJournal

AGENT = rst.AgentRst(rst.Email.parse("agent@rst.fr"))
PAR_GENRE = 300


def mann_whitney_z(a: list[float], b: list[float]) -> float:
    valeurs = sorted([(v, 0) for v in a] + [(v, 1) for v in b])
    rangs = [0.0] * len(valeurs)
    i = 0
    while i < len(valeurs):
        j = i
        while j + 1 < len(valeurs) and valeurs[j + 1][0] == valeurs[i][0]:
            j += 1
        for k in range(i, j + 1):
            rangs[k] = (i + j) / 2 + 1
        i = j + 1
    n1, n2 = len(a), len(b)
    u = sum(r for r, (_v, g) in zip(rangs, valeurs, strict=True) if g == 0) - n1 * (n1 + 1) / 2
    return (u - n1 * n2 / 2) / math.sqrt(n1 * n2 * (n1 + n2 + 1) / 12)


def avant(ctx: rst.Contexte, adresse: str) -> None:
    """The request path before the outbox (main at 0fa5725)."""
    email = rst.Email.parse(adresse, chemin="email")
    maintenant = ctx.horloge.maintenant()
    depuis = maintenant - ctx.limite_recuperation.fenetre
    cle = empreinte(email)
    with ctx.unite_de_travail() as uow:
        uow.quotas.oublier(depuis)
        uow.quotas.compter(cle, depuis)
        uow.quotas.ajouter(cle, maintenant)
        comptes = list(uow.comptes.comptes_de_connexion(email))
        for compte in comptes:
            uow.journal.ajouter(EntreeJournal.depuis(
                TeledeclarantEnvoye(compte.adherent_id), email.valeur, maintenant))
        uow.commit()
    if comptes and ctx.notifier is not None:
        ctx.notifier.envoyer(comptes[0].email_connexion, SUJET_RECUPERATION, _corps(comptes))


def boite(ctx: rst.Contexte, adresse: str) -> None:
    rst.recuperer_numero_teledeclarant(ctx, rst.ANONYME,
                                       rst.RecupererNumeroTeledeclarant(adresse))


def _siret(n: int) -> str:
    corps = f"7328293200{n:03d}"
    return corps + luhn.calc_check_digit(corps)


class NotifierLent:
    """Takes 20 ms per message, like a round trip to an SMTP server."""

    def envoyer(self, destinataire: rst.Email, sujet: str, corps: str) -> None:
        time.sleep(0.02)


def mesurer(url: str, appel: Callable[[rst.Contexte, str], None],
            notifier: rst.Notifier) -> tuple[float, float, float]:
    ctx = rst.depuis_url(url, notifier=notifier, migrer=True,
                         limite_recuperation=rst.LimiteDemandes(1000, dt.timedelta(hours=1)))
    connues = [rst.creer_adherent(ctx, AGENT, rst.CreerAdherent(
        f"{n:06d}", _siret(n), f"Société {n}", f"contact{n}@exemple.fr", f"TD{n:06d}"))
        .email_connexion.valeur for n in range(1, 11)]
    inconnues = [f"personne{n}@exemple.fr" for n in range(1, 11)]
    ordre = [True] * PAR_GENRE + [False] * PAR_GENRE
    random.Random(1).shuffle(ordre)
    for n in range(20):
        appel(ctx, (connues if n % 2 else inconnues)[n % 10])
    temps: dict[bool, list[float]] = {True: [], False: []}
    gc.collect()
    with rst.ExpediteurEnArrierePlan(ctx, intervalle=0.05):
        for rang, connue in enumerate(ordre):
            adresse = (connues if connue else inconnues)[rang % 10]
            debut = time.perf_counter()
            appel(ctx, adresse)
            temps[connue].append(time.perf_counter() - debut)
    ctx.unite_de_travail.fermer()  # type: ignore[attr-defined]

    def mediane(xs: list[float]) -> float:
        return sorted(xs)[len(xs) // 2] * 1000

    return mann_whitney_z(temps[True], temps[False]), mediane(temps[True]), mediane(temps[False])


def _schema_vide(url: str) -> None:
    moteur = create_engine(url)
    with moteur.begin() as connection:
        connection.exec_driver_sql("DROP SCHEMA public CASCADE")
        connection.exec_driver_sql("CREATE SCHEMA public")
    moteur.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgresql")
    args = parser.parse_args()
    print("| storage | path | median known | median unknown | Mann-Whitney z |")
    print("|---|---|---:|---:|---:|")
    for nom, appel in (("before", avant), ("outbox", boite)):
        for lent in (False, True):
            urls = [("SQLite", f"sqlite:///{tempfile.mkdtemp(prefix='rst_oracle_')}/b.db")]
            if args.postgresql and not lent:
                urls.append(("PostgreSQL", args.postgresql))
            for stockage, url in urls:
                if stockage == "PostgreSQL":
                    _schema_vide(url)
                notifier = NotifierLent() if lent else rst.NotifierMemoire()
                z, connue, inconnue = mesurer(url, appel, notifier)
                quoi = f"{nom}, {'20 ms' if lent else 'memory'} notifier"
                print(f"| {stockage} | {quoi} | {connue:.2f} ms | {inconnue:.2f} ms "
                      f"| {z:.1f} |")


if __name__ == "__main__":
    main()
