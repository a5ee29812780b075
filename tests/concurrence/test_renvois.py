"""E5 under concurrency: a resend that runs into its original is a
resend. The lock on the request id orders them (tested with real processes in
``test_concurrence.py``); here the lock is taken away and the original committed right
after the resend checked the store, to exercise the last line of defence: a refusal or
a conflict is followed by reading the store again."""

from __future__ import annotations

import datetime as dt
from types import TracebackType
from typing import Any

import pytest
from attrs import evolve

import rst_effectifs as rst
from rst_effectifs.adapters.memory import EtatMemoire

AGENT = rst.AgentRst(rst.Email.parse("agent@rst.example"))


class _SansVerrou:
    """A unit of work whose request lock does nothing, and that lets ``jumeau`` run
    (and commit) right after the store of applied requests was read."""

    def __init__(self, uow: Any, jumeau: Any) -> None:
        self._uow = uow
        self._jumeau = jumeau

    def __getattr__(self, nom: str) -> Any:
        return getattr(self._uow, nom)

    def __enter__(self) -> _SansVerrou:
        self._uow.__enter__()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self._uow.__exit__(exc_type, exc, tb)

    def verrouiller_requete(self, adherent_id: str, requete_id: str) -> None:
        pass

    @property
    def adherents(self) -> Any:
        self._jumeau()
        return self._uow.adherents


def _monde() -> tuple[rst.Contexte, str, tuple[str, ...]]:
    ctx = rst.en_memoire(etat=EtatMemoire())
    adherent = rst.creer_adherent(ctx, AGENT, rst.CreerAdherent(
        numero="1", siret="73282932000074", raison_sociale="A", email_connexion="a@a.example"))
    poste = rst.ajouter_poste(ctx, AGENT, rst.AjouterPoste(adherent.id, "Vente"))
    ids = tuple(rst.embaucher(ctx, AGENT, rst.EmbaucherSalarie(
        adherent.id, nom, "Léa", dt.date(1990, 5, 4),
        rst.NouveauContrat(rst.NatureContrat.CDI, dt.date(2024, 1, 2), poste.id))).id
        for nom in ("Martin", "Durand"))
    return ctx, adherent.id, ids


def test_a_resend_overtaken_by_its_original_answers_deja_traitee() -> None:
    ctx, adherent_id, ids = _monde()
    commande = rst.SortirDeLEffectif(adherent_id, "r1", ids, dt.date(2024, 3, 31))
    originaux: list[rst.ResultatMouvements] = []

    def jumeau() -> None:
        if not originaux:
            originaux.append(rst.sortir(ctx, AGENT, commande))

    course = evolve(ctx, unite_de_travail=lambda: _SansVerrou(ctx.unite_de_travail(), jumeau))
    renvoi = rst.sortir(course, AGENT, commande)

    assert renvoi.deja_traitee
    assert not originaux[0].deja_traitee
    assert renvoi.mouvements == originaux[0].mouvements
    with ctx.unite_de_travail() as uow:
        assert all(len(uow.salaries.obtenir(adherent_id, i).mouvements) == 1 for i in ids)


def test_another_request_under_the_same_id_is_still_refused() -> None:
    ctx, adherent_id, ids = _monde()
    commande = rst.SortirDeLEffectif(adherent_id, "r1", ids, dt.date(2024, 3, 31))
    autre = evolve(commande, le=dt.date(2024, 4, 30))

    def jumeau() -> None:
        with ctx.unite_de_travail() as uow:
            if uow.idempotence.obtenir(adherent_id, "r1") is None:
                rst.sortir(ctx, AGENT, autre)

    course = evolve(ctx, unite_de_travail=lambda: _SansVerrou(ctx.unite_de_travail(), jumeau))
    with pytest.raises(rst.RegleMetier) as refus:
        rst.sortir(course, AGENT, commande)
    assert refus.value.code == "requete.identifiant_reutilise"
