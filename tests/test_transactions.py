"""Several use cases in one transaction: ``with ctx.transaction():``
is all or nothing on every storage; later use cases see what earlier ones wrote; the
journal keeps their entries only if the whole commits."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection
from typing import Any

import pytest
from attrs import evolve
from sqlalchemy import text

import rst_effectifs as rst
from rst_effectifs.adapters.sql import FabriqueSql

AGENT = rst.AgentRst(rst.Email.parse("agent@rst.example"))
NAISSANCE = dt.date(1990, 5, 4)


def _adherent(ctx: rst.Contexte) -> str:
    adherent = rst.executer(ctx, AGENT, rst.CreerAdherent(
        numero="1", siret="73282932000074", raison_sociale="A", email_connexion="a@a.example"))
    return str(adherent.id)


def _embauche(adherent_id: str, poste_id: str, nom: str = "Martin") -> rst.EmbaucherSalarie:
    return rst.EmbaucherSalarie(adherent_id, nom, "Léa", NAISSANCE, rst.NouveauContrat(
        rst.NatureContrat.CDI, dt.date(2024, 1, 2), poste_id))


def _compter(ctx: rst.Contexte, adherent_id: str) -> dict[str, int]:
    """What the database holds, read by a new unit of work and, on SQL, by counting rows."""
    with ctx.unite_de_travail() as uow:
        compte = {"postes": len(uow.adherents.obtenir(adherent_id).postes),
                  "salaries": len(uow.salaries.tous(adherent_id)),
                  "journal": len(uow.journal.lister(adherent_id))}
    if isinstance(ctx.unite_de_travail, FabriqueSql):
        with ctx.unite_de_travail.moteur.connect() as connection:
            for table in ("postes", "salaries", "journal"):
                rangees = connection.execute(text(
                    f"SELECT count(*) FROM {table} WHERE adherent_id = :a"),
                    {"a": adherent_id}).scalar_one()
                assert rangees == compte[table], table
    return compte


def test_add_a_poste_then_hire_on_it_commits_both_with_their_journal(
    fabrique_contexte: Callable[[], rst.Contexte],
) -> None:
    ctx = fabrique_contexte()
    adherent_id = _adherent(ctx)
    avant = _compter(ctx, adherent_id)
    with ctx.transaction() as uow:
        poste = rst.executer(ctx, AGENT, rst.AjouterPoste(adherent_id, "Vente"))
        assert uow.adherents.obtenir(adherent_id).postes[-1].id == poste.id  # seen inside
        salarie = rst.embaucher(ctx, AGENT, _embauche(adherent_id, poste.id))
        assert _compter(ctx, adherent_id) == avant  # nothing committed yet
    apres = _compter(ctx, adherent_id)
    assert apres["postes"] == avant["postes"] + 1
    assert apres["salaries"] == avant["salaries"] + 1
    assert apres["journal"] > avant["journal"] + 1
    with ctx.unite_de_travail() as lu:
        assert lu.salaries.obtenir(adherent_id, salarie.id) == salarie
        quoi = [e.quoi for e in lu.journal.lister(adherent_id)]
    assert quoi.index("poste.ajoute") < quoi.index("salarie.embauche")


def test_a_refusal_in_the_last_step_leaves_nothing_of_the_earlier_ones(
    fabrique_contexte: Callable[[], rst.Contexte],
) -> None:
    ctx = fabrique_contexte()
    adherent_id = _adherent(ctx)
    avant = _compter(ctx, adherent_id)
    with pytest.raises(rst.RegleMetier) as refus, ctx.transaction():
        poste = rst.executer(ctx, AGENT, rst.AjouterPoste(adherent_id, "Vente"))
        rst.executer(ctx, AGENT, _embauche(adherent_id, poste.id))
        rst.executer(ctx, AGENT, _embauche(adherent_id, poste.id, "Durand"))
        rst.executer(ctx, AGENT, _embauche(adherent_id, poste.id))  # the same person: S2
    assert refus.value.code == "salarie.deja_existant"
    assert _compter(ctx, adherent_id) == avant
    # The storage is usable afterwards, and the same steps succeed on their own.
    poste = rst.executer(ctx, AGENT, rst.AjouterPoste(adherent_id, "Vente"))
    rst.executer(ctx, AGENT, _embauche(adherent_id, poste.id))
    assert _compter(ctx, adherent_id)["salaries"] == avant["salaries"] + 1


def test_a_refusal_caught_inside_the_block_still_rolls_everything_back(
    fabrique_contexte: Callable[[], rst.Contexte],
) -> None:
    ctx = fabrique_contexte()
    adherent_id = _adherent(ctx)
    avant = _compter(ctx, adherent_id)
    with pytest.raises(rst.Introuvable) as fin, ctx.transaction():
        rst.executer(ctx, AGENT, rst.AjouterPoste(adherent_id, "Vente"))
        with pytest.raises(rst.Introuvable) as refus:
            rst.executer(ctx, AGENT, _embauche(adherent_id, "poste-inconnu"))
        with pytest.raises(rst.Introuvable) as ensuite:  # later steps do not run
            rst.executer(ctx, AGENT, rst.AjouterPoste(adherent_id, "Caisse"))
    assert fin.value is refus.value is ensuite.value
    assert _compter(ctx, adherent_id) == avant


def test_an_exception_of_the_caller_rolls_everything_back(
    fabrique_contexte: Callable[[], rst.Contexte],
) -> None:
    ctx = fabrique_contexte()
    adherent_id = _adherent(ctx)
    avant = _compter(ctx, adherent_id)
    with pytest.raises(ZeroDivisionError), ctx.transaction():
        poste = rst.executer(ctx, AGENT, rst.AjouterPoste(adherent_id, "Vente"))
        rst.executer(ctx, AGENT, _embauche(adherent_id, poste.id))
        with ctx.transaction():  # joins the outer one: its end commits nothing
            rst.executer(ctx, AGENT, rst.AjouterPoste(adherent_id, "Caisse"))
        assert _compter(ctx, adherent_id) == avant
        _ = 1 / 0
    assert _compter(ctx, adherent_id) == avant


class _Conflictuelle:
    """A unit of work whose identity lock always meets a (retryable) version conflict."""

    def __init__(self, uow: Any, appels: list[int]) -> None:
        self._uow = uow
        self._appels = appels

    def __getattr__(self, nom: str) -> Any:
        return getattr(self._uow, nom)

    def __enter__(self) -> _Conflictuelle:
        self._uow.__enter__()
        return self

    def __exit__(self, *exc: Any) -> None:
        self._uow.__exit__(*exc)

    def verrouiller_identites(self, adherent_id: str, identites: Collection[object]) -> None:
        self._appels.append(1)
        raise rst.ConflitDeVersion()


def test_attempts_are_ignored_inside_a_transaction() -> None:
    """A failed step cannot be run again alone: the whole block can."""
    ctx = rst.en_memoire()
    adherent_id = _adherent(ctx)
    appels: list[int] = []
    conflits = evolve(ctx, unite_de_travail=lambda: _Conflictuelle(ctx.unite_de_travail(),
                                                                    appels))
    with pytest.raises(rst.ConflitDeVersion), conflits.transaction():
        poste = rst.executer(conflits, AGENT, rst.AjouterPoste(adherent_id, "Vente"))
        rst.executer(conflits, AGENT, _embauche(adherent_id, poste.id), tentatives=5)
    assert len(appels) == 1
    with pytest.raises(rst.ConflitDeVersion):
        rst.executer(conflits, AGENT, _embauche(adherent_id, poste.id), tentatives=3)
    assert len(appels) == 4  # outside, the use case runs three times
    assert _compter(ctx, adherent_id)["postes"] == 0


def test_a_transaction_belongs_to_its_context_s_storage() -> None:
    """Use cases on another storage inside the block run and commit on their own."""
    un, autre = rst.en_memoire(), rst.en_memoire()
    adherent_un, adherent_autre = _adherent(un), _adherent(autre)
    with pytest.raises(ZeroDivisionError), un.transaction():
        rst.executer(un, AGENT, rst.AjouterPoste(adherent_un, "Vente"))
        rst.executer(autre, AGENT, rst.AjouterPoste(adherent_autre, "Vente"))
        _ = 1 / 0
    assert _compter(un, adherent_un)["postes"] == 0
    assert _compter(autre, adherent_autre)["postes"] == 1
