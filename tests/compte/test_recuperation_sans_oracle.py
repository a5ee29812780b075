"""A2 without a timing oracle: a recovery request does the same
work whatever the address, and the message leaves through the outbox, sent by a
background sender. Known and unknown addresses are requested in a shuffled order and
the two distributions of answer times are compared with the Mann-Whitney rank
statistic: the bound is on the statistic, never on a duration. Before the outbox, the
same measurement gave z ≈ 15–17 on SQLite (journal written only for a known address)."""

from __future__ import annotations

import datetime as dt
import gc
import math
import random
import time

import pytest
from monde_compte import nouvel_adherent

import rst_effectifs as rst

PAR_GENRE = 300
ADRESSES = 10
Z_MAX = 4.0
"""Under equal distributions |z| > 4 has probability 6e-5."""


def mann_whitney_z(a: list[float], b: list[float]) -> float:
    """The normal approximation of the Mann-Whitney U of ``a`` against ``b`` (average
    ranks for ties): positive when ``a`` tends to be larger."""
    valeurs = sorted([(v, 0) for v in a] + [(v, 1) for v in b])
    rangs: list[float] = [0.0] * len(valeurs)
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


def test_the_statistic_sees_a_shift_and_no_shift() -> None:
    tirage = random.Random(3)
    base = [tirage.gauss(1.0, 0.1) for _ in range(200)]
    autre = [tirage.gauss(1.0, 0.1) for _ in range(200)]
    assert abs(mann_whitney_z(base, autre)) < Z_MAX
    assert mann_whitney_z([v + 0.15 for v in base], autre) > 2 * Z_MAX
    assert mann_whitney_z([1.0, 2.0, 3.0], [1.0, 2.0, 3.0]) == 0.0


def _temps(ctx: rst.Contexte, adresse: str) -> float:
    commande = rst.RecupererNumeroTeledeclarant(adresse)
    debut = time.perf_counter()
    rst.recuperer_numero_teledeclarant(ctx, rst.ANONYME, commande)
    return time.perf_counter() - debut


@pytest.mark.parametrize("avec_expediteur", [True, False], ids=["expediteur", "apres"])
def test_known_and_unknown_addresses_answer_in_the_same_time_on_sqlite(
        url_sqlite: str, avec_expediteur: bool) -> None:
    boite = rst.NotifierMemoire()
    ctx = rst.depuis_url(url_sqlite, notifier=boite, limite_recuperation=rst.LimiteDemandes(
        1000, dt.timedelta(hours=1)))
    connues = [nouvel_adherent(ctx, n, teledeclarant=f"TD{n:06d}")[0].email_connexion.valeur
               for n in range(1, ADRESSES + 1)]
    inconnues = [f"personne{n}@exemple.fr" for n in range(1, ADRESSES + 1)]
    ordre = [True] * PAR_GENRE + [False] * PAR_GENRE
    random.Random(20261130).shuffle(ordre)
    for n in range(20):  # warm-up: caches, statements, the file's pages
        _temps(ctx, (connues if n % 2 else inconnues)[n % ADRESSES])
    rst.envoyer_en_attente(ctx)
    boite.messages.clear()
    temps: dict[bool, list[float]] = {True: [], False: []}

    expediteur = rst.ExpediteurEnArrierePlan(ctx, intervalle=0.05)
    if avec_expediteur:
        expediteur.demarrer()
    gc.collect()
    for rang, connue in enumerate(ordre):
        adresse = (connues if connue else inconnues)[rang % ADRESSES]
        temps[connue].append(_temps(ctx, adresse))
    expediteur.arreter()
    envoyes = expediteur.vider()
    ctx.unite_de_travail.fermer()  # type: ignore[attr-defined]

    z = mann_whitney_z(temps[True], temps[False])
    assert abs(z) < Z_MAX, (z, sorted(temps[True])[PAR_GENRE // 2],
                            sorted(temps[False])[PAR_GENRE // 2])
    assert len(boite.messages) == PAR_GENRE  # every known request was sent, no other
    assert envoyes == (0 if avec_expediteur else 2 * PAR_GENRE)
