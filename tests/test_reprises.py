"""Retry where it is safe: ``executer(..., tentatives=N)`` runs the whole
use case again in a new unit of work after a transient failure or a plain version
conflict, never after a stale expected version, a business refusal or another technical
error; a grouped request retried after its original was applied answers as a resend."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from types import TracebackType
from typing import Any

import pytest
from attrs import evolve

import rst_effectifs as rst
from rst_effectifs.application.transactions import annoncer_ecriture, reessayable

AGENT = rst.AgentRst(rst.Email.parse("agent@rst.example"))


class _Perimee(rst.ConflitDeVersion):
    """Stands for the stale expected version (``VersionPerimee``, a ConflitDeVersion)."""

    code = "concurrence.version_perimee"


class _Panne:
    """A unit of work whose commit raises ``erreur`` the first ``fois`` times; after
    ``apres_commit`` it commits first (the answer lost on the way back)."""

    def __init__(self, uow: Any, pannes: list[BaseException], apres_commit: bool) -> None:
        self._uow = uow
        self._pannes = pannes
        self._apres_commit = apres_commit

    def __getattr__(self, nom: str) -> Any:
        return getattr(self._uow, nom)

    def __enter__(self) -> _Panne:
        self._uow.__enter__()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self._uow.__exit__(exc_type, exc, tb)

    def commit(self) -> None:
        if not self._pannes:
            self._uow.commit()
            return
        if self._apres_commit:
            self._uow.commit()
        raise self._pannes.pop(0)


def _monde(ctx: rst.Contexte) -> tuple[str, str, tuple[str, ...]]:
    adherent = rst.executer(ctx, AGENT, rst.CreerAdherent(
        numero="1", siret="73282932000074", raison_sociale="A", email_connexion="a@a.example"))
    poste = rst.executer(ctx, AGENT, rst.AjouterPoste(adherent.id, "Vente"))
    ids = tuple(rst.executer(ctx, AGENT, rst.EmbaucherSalarie(
        adherent.id, nom, "Léa", dt.date(1990, 5, 4),
        rst.NouveauContrat(rst.NatureContrat.CDI, dt.date(2024, 1, 2), poste.id))).id
        for nom in ("Martin", "Durand"))
    return adherent.id, poste.id, ids


def _en_panne(ctx: rst.Contexte, pannes: list[BaseException], apres_commit: bool = False
              ) -> tuple[rst.Contexte, list[int]]:
    ouvertes: list[int] = []

    def ouvrir() -> Any:
        ouvertes.append(1)
        return _Panne(ctx.unite_de_travail(), pannes, apres_commit)
    return evolve(ctx, unite_de_travail=ouvrir), ouvertes


def _transitoire() -> rst.EchecTransitoire:
    return rst.EchecTransitoire("La base est occupée : rien n'a été enregistré.")


def _noms(ctx: rst.Contexte, adherent_id: str) -> list[str]:
    with ctx.unite_de_travail() as uow:
        return sorted(s.identite.nom for s in uow.salaries.tous(adherent_id))


@pytest.mark.parametrize("erreur", [_transitoire, rst.ConflitDeVersion])
def test_a_transient_failure_or_a_plain_conflict_is_retried_in_a_new_unit_of_work(
    erreur: Callable[[], BaseException],
) -> None:
    ctx = rst.en_memoire()
    adherent_id, poste_id, _ids = _monde(ctx)
    panne, ouvertes = _en_panne(ctx, [erreur(), erreur()])
    commande = rst.EmbaucherSalarie(adherent_id, "Petit", "Tom", dt.date(1991, 2, 3),
                                    rst.NouveauContrat(rst.NatureContrat.CDI,
                                                       dt.date(2024, 2, 1), poste_id))
    salarie = rst.executer(panne, AGENT, commande, tentatives=3)
    assert len(ouvertes) == 3
    assert _noms(ctx, adherent_id) == ["Durand", "Martin", "Petit"]
    with ctx.unite_de_travail() as uow:
        assert uow.salaries.obtenir(adherent_id, salarie.id).version == 1


@pytest.mark.parametrize("erreur", [_transitoire, rst.ConflitDeVersion])
def test_the_last_failure_is_raised_when_the_attempts_run_out(
    erreur: Callable[[], BaseException],
) -> None:
    ctx = rst.en_memoire()
    adherent_id, poste_id, ids = _monde(ctx)
    panne, ouvertes = _en_panne(ctx, [erreur() for _ in range(5)])
    commande = rst.AjouterContrat(adherent_id, ids[0], rst.NouveauContrat(
        rst.NatureContrat.CDI, dt.date(2024, 6, 1), poste_id))
    with pytest.raises(type(erreur())):
        rst.executer(panne, AGENT, commande, tentatives=2)
    assert len(ouvertes) == 2
    with pytest.raises(type(erreur())):
        rst.executer(panne, AGENT, commande)  # default: one attempt, today's behaviour
    assert len(ouvertes) == 3
    with ctx.unite_de_travail() as uow:
        assert len(uow.salaries.obtenir(adherent_id, ids[0]).contrats) == 1


@pytest.mark.parametrize("erreur", [
    lambda: _Perimee(),
    lambda: rst.RegleMetier("Refus.", code="regle.enfreinte"),
    lambda: rst.DonneeInvalide("Refus.", code="donnee.invalide"),
    lambda: rst.ErreurTechnique("La base a échoué."),
    lambda: ZeroDivisionError(),
])
def test_never_retried_after_a_stale_version_a_refusal_or_another_error(
    erreur: Callable[[], BaseException],
) -> None:
    ctx = rst.en_memoire()
    adherent_id, poste_id, ids = _monde(ctx)
    panne, ouvertes = _en_panne(ctx, [erreur()])
    commande = rst.AjouterContrat(adherent_id, ids[0], rst.NouveauContrat(
        rst.NatureContrat.CDI, dt.date(2024, 6, 1), poste_id))
    with pytest.raises(type(erreur())):
        rst.executer(panne, AGENT, commande, tentatives=5)
    assert len(ouvertes) == 1


def test_which_errors_are_retried() -> None:
    assert reessayable(_transitoire())
    assert reessayable(rst.ConflitDeVersion())
    assert not reessayable(_Perimee())
    assert not reessayable(rst.ErreurTechnique("Panne."))
    assert not reessayable(rst.RegleMetier("Refus."))


@pytest.mark.parametrize("tentatives", [0, -1, True, 1.5, "2"])
def test_a_bad_number_of_attempts_is_refused(tentatives: Any) -> None:
    ctx = rst.en_memoire()
    adherent_id, _poste_id, _ids = _monde(ctx)
    with pytest.raises(rst.DonneeInvalide) as refus:
        rst.executer(ctx, AGENT, rst.ListerPostes(adherent_id), tentatives=tentatives)
    assert refus.value.code == "donnee.tentatives_invalides"


def test_a_grouped_exit_retried_after_its_original_was_applied_answers_as_a_resend() -> None:
    """The first attempt commits, then its answer is lost (a transient failure): the
    retry finds the request applied and answers ``deja_traitee`` with the first answer."""
    ctx = rst.en_memoire()
    adherent_id, _poste_id, ids = _monde(ctx)
    panne, ouvertes = _en_panne(ctx, [_transitoire()], apres_commit=True)
    commande = rst.SortirDeLEffectif(adherent_id, "r1", ids, dt.date(2024, 3, 31))
    resultat = rst.executer(panne, AGENT, commande, tentatives=3)
    assert len(ouvertes) == 2
    assert resultat.deja_traitee
    assert resultat == rst.executer(ctx, AGENT, commande)
    with ctx.unite_de_travail() as uow:
        assert all(len(uow.salaries.obtenir(adherent_id, i).mouvements) == 1 for i in ids)


class _Devancee:
    """A unit of work that lets ``jumeau`` run (and commit) once, just before its first
    save of a salarié: a real concurrent write the save then conflicts with."""

    def __init__(self, uow: Any, jumeau: Callable[[], None]) -> None:
        self._uow = uow
        self._jumeau = jumeau

    def __getattr__(self, nom: str) -> Any:
        return getattr(self._uow, nom)

    def __enter__(self) -> _Devancee:
        self._uow.__enter__()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self._uow.__exit__(exc_type, exc, tb)

    @property
    def salaries(self) -> Any:
        depot = self._uow.salaries
        jumeau = self._jumeau

        class _Depot:
            def __getattr__(self, nom: str) -> Any:
                return getattr(depot, nom)

            def enregistrer(self, salarie: rst.Salarie) -> rst.Salarie:
                jumeau()
                return depot.enregistrer(salarie)
        return _Depot()


def test_a_real_concurrent_conflict_is_retried_on_every_storage(
    fabrique_contexte: Callable[[], rst.Contexte],
) -> None:
    """Someone saves the salarié between our read and our save (on SQLite our unit is
    opened deferred for it, as a reader would be): the retry reads their save, and
    both contracts are kept."""
    ctx = fabrique_contexte()
    adherent_id, poste_id, ids = _monde(ctx)
    prenoms = iter(["Léa Jeanne", "Léa Anne"])
    fait: list[rst.Salarie] = []

    def jumeau() -> None:
        if not fait:
            fait.append(rst.executer(ctx, AGENT, rst.CorrigerIdentite(
                adherent_id, ids[0], "Martin", next(prenoms), dt.date(1990, 5, 4))))

    def ouvrir() -> Any:
        with annoncer_ecriture(False):
            return _Devancee(ctx.unite_de_travail(), jumeau)

    course = evolve(ctx, unite_de_travail=ouvrir)
    commande = rst.AjouterContrat(adherent_id, ids[0], rst.NouveauContrat(
        rst.NatureContrat.CDI, dt.date(2024, 6, 1), poste_id))
    with pytest.raises(rst.ErreurRstEffectifs) as une_fois:
        rst.executer(course, AGENT, commande)
    assert reessayable(une_fois.value)
    fait.clear()
    salarie = rst.executer(course, AGENT, commande, tentatives=3)
    with ctx.unite_de_travail() as uow:
        stocke = uow.salaries.obtenir(adherent_id, ids[0])
    assert stocke == salarie
    assert stocke.identite.prenoms == "Léa Anne"  # the concurrent save is kept
    assert [c.debut for c in stocke.contrats] == [dt.date(2024, 1, 2), dt.date(2024, 6, 1)]
    assert stocke.version == 4  # hire, two corrections, our contract
