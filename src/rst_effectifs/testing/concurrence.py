"""Concurrency suite for storages several processes share: S2 and E5 whatever runs at once.

Real processes (``multiprocessing``, spawn context), each with its own connection pool,
are lined up on a barrier and fire the same request at the same instant; after each
round the database itself is read back (never the return values) and checked:

- ``embauche_sans_nir`` / ``embauche_avec_nir`` / ``embauche_mixte``: the same person
  hired by every process (without a NIR, with one, half and half with the same names
  and birth date): one active file; every other process refused with S2
  (``salarie.deja_existant``) naming that file;
- ``import_csv`` / ``import_dsn``: the same file applied by every process: one file per
  person, and the files created add up to the hires planned;
- ``sortie_groupee``: the same grouped exit (same request id) sent by every process: one
  exit per salarié, one answer applied, every other ``deja_traitee`` (E5), no refusal;
- ``revocations_croisees``: two administrators removing each other at once: at least
  one administrator left, as many removals as successes.

Every outcome must be a success or a library refusal (:class:`ErreurDomaine`, or
:class:`EchecTransitoire`: typed, nothing stored); anything else is a violation. A storage
passes when a test module subclasses :class:`ConformiteConcurrence` with an opener::

    import functools
    import rst_effectifs as rst
    from rst_effectifs.testing.concurrence import ConformiteConcurrence

    class TestConcurrenceMaBase(ConformiteConcurrence):
        @classmethod
        def ouvreur(cls):
            return functools.partial(rst.depuis_url, MON_URL, migrer=False)  # migrated

The same scenarios run for longer from ``bench/concurrence.py`` (docs/testing-kit.md).
"""

from __future__ import annotations

import collections
import datetime as dt
import multiprocessing
import queue
import secrets
from collections.abc import Callable, Iterator, Sequence
from typing import Any, ClassVar

import pytest
from attrs import evolve, frozen

from ..application.acces import accorder_acces, lister_acces, resoudre_acces, retirer_acces
from ..application.adherents import creer_adherent
from ..application.commandes import (
    AccorderAcces,
    AjouterPoste,
    CreerAdherent,
    EmbaucherSalarie,
    ImporterDeclaration,
    ListerAcces,
    NouveauContrat,
    RetirerAcces,
    SortirDeLEffectif,
)
from ..application.contexte import Contexte
from ..application.declarations import DeclarationImportee
from ..application.effectif import sortir
from ..application.imports import importer_declaration
from ..application.postes import ajouter_poste
from ..application.salaries import embaucher
from ..domain.adherents import Acteur, AgentRst, Role
from ..domain.contrats import NatureContrat
from ..domain.erreurs import EchecTransitoire, ErreurDomaine, ErreurRstEffectifs
from ..domain.identifiants import Email
from ..domain.salaries import Identite, Salarie, Sortie
from ..exemples import chemin_exemple
from ..formats.csv_io import analyser_csv
from ..formats.dsn import lire_dsn
from .conformite import nir_pour

__all__ = [
    "SCENARIOS",
    "Banc",
    "ConformiteConcurrence",
    "Issue",
    "Tour",
    "jouer",
]

AGENT = AgentRst(Email("agent.concurrence@rst.test"))
SIRET_DSN = "84205317500019"
"""The establishment of the shipped ``exemple.dsn`` that the DSN scenario imports."""
SIRET = "73282932000074"
NAISSANCE = dt.date(1985, 6, 15)
DEBUT = dt.date(2024, 1, 2)
ATTENTE_S = 120.0  # how long a round may take before it counts as hung (a violation)


@frozen
class Issue:
    """One process's outcome: ``ok`` (with what the scenario needs to know), ``refus``
    (a library refusal: its class and code), or ``inattendu`` (anything else)."""

    genre: str
    classe: str = ""
    code: str = ""
    details: tuple[tuple[str, str], ...] = ()


@frozen
class Tour:
    """One round of one scenario: the outcomes, and what the database showed wrong."""

    scenario: str
    issues: tuple[Issue, ...]
    violations: tuple[str, ...]


# -- what a worker runs (module level: the spawn context imports it by name) -----------------
def _acteur(ctx: Contexte, email: str | None, adherent_id: str) -> Acteur:
    return AGENT if email is None else resoudre_acces(ctx, email, adherent_id)


def _a_embaucher(ctx: Contexte, adherent_id: str, poste_id: str, nir: str | None,
                 requete_id: str | None = None) -> dict[str, str]:
    s = embaucher(ctx, AGENT, EmbaucherSalarie(
        adherent_id=adherent_id, nom="Concurrence", prenoms="Léa Marie",
        date_naissance=NAISSANCE, nir=nir, requete_id=requete_id,
        contrat=NouveauContrat(nature=NatureContrat.CDI, debut=DEBUT, poste_id=poste_id)))
    return {"salarie_id": s.id}


def _a_importer(ctx: Contexte, adherent_id: str, declaration: DeclarationImportee
                ) -> dict[str, str]:
    plan = importer_declaration(ctx, AGENT, ImporterDeclaration(
        adherent_id=adherent_id, declaration=declaration, appliquer=True, creer_postes=True))
    return {"embauches": str(len(plan.embauches))}


def _a_sortir(ctx: Contexte, adherent_id: str, requete_id: str, ids: tuple[str, ...]
              ) -> dict[str, str]:
    r = sortir(ctx, AGENT, SortirDeLEffectif(adherent_id=adherent_id, requete_id=requete_id,
                                               salarie_ids=ids, le=DEBUT + dt.timedelta(30)))
    return {"deja_traitee": str(r.deja_traitee)}


def _a_retirer(ctx: Contexte, adherent_id: str, qui: str, retire: str) -> dict[str, str]:
    retirer_acces(ctx, _acteur(ctx, qui, adherent_id),
                  RetirerAcces(adherent_id=adherent_id, email=retire))
    return {}


def _a_rien(ctx: Contexte) -> dict[str, str]:
    return {}


_ACTIONS: dict[str, Callable[..., dict[str, str]]] = {
    "embaucher": _a_embaucher, "importer": _a_importer, "sortir": _a_sortir,
    "retirer": _a_retirer, "rien": _a_rien,
}


def _executer(ctx: Contexte, action: str, arguments: tuple[Any, ...]) -> Issue:
    try:
        resultat = _ACTIONS[action](ctx, *arguments)
    except ErreurRstEffectifs as erreur:
        # A transient failure is typed and nothing was stored: a refusal, as a conflict is.
        genre = "refus" if isinstance(erreur, (ErreurDomaine, EchecTransitoire)) else "inattendu"
        return Issue(genre, type(erreur).__name__, erreur.code,
                     tuple(sorted((k, str(v)) for k, v in erreur.details.items())))
    except Exception as erreur:  # the violation this suite looks for
        return Issue("inattendu", type(erreur).__name__)
    return Issue("ok", details=tuple(sorted(resultat.items())))


def _travailleur(ouvrir: Callable[[], Contexte], barriere: Any, taches: Any,
                 issues: Any) -> None:
    """One process: open the storage once, then for each task wait for every other
    process at the barrier and run it."""
    ctx = ouvrir()
    issues.put(None)  # ready
    while True:
        tache = taches.get()
        if tache is None:
            return
        action, arguments = tache
        barriere.wait(timeout=ATTENTE_S)
        issues.put(_executer(ctx, action, arguments))


class Banc:
    """``processus`` worker processes on one storage (``ouvrir``, picklable, returns a
    :class:`Contexte`), started with ``methode`` (spawn or forkserver)."""

    def __init__(self, ouvrir: Callable[[], Contexte], processus: int = 4,
                 methode: str = "spawn") -> None:
        mp: Any = multiprocessing.get_context(methode)
        self.processus = processus
        self._taches = mp.Queue()
        self._issues = mp.Queue()
        barriere = mp.Barrier(processus)
        self._travailleurs = [
            mp.Process(target=_travailleur, args=(ouvrir, barriere, self._taches, self._issues),
                       daemon=True)
            for _ in range(processus)
        ]
        for travailleur in self._travailleurs:
            travailleur.start()
        for _ in range(processus):
            self._issues.get(timeout=ATTENTE_S)

    def tour(self, taches: Sequence[tuple[str, tuple[Any, ...]]]) -> list[Issue]:
        """Run one task per process, all at once; their outcomes (in no given order)."""
        assert len(taches) == self.processus
        for tache in taches:
            self._taches.put(tache)
        resultats: list[Issue] = []
        try:
            for _ in taches:
                resultats.append(self._issues.get(timeout=ATTENTE_S))
        except queue.Empty:
            resultats.append(Issue("inattendu", "Blocage"))
        return resultats

    def fermer(self) -> None:
        for _ in self._travailleurs:
            self._taches.put(None)
        for travailleur in self._travailleurs:
            travailleur.join(timeout=30)
            if travailleur.is_alive():
                travailleur.kill()


# -- rounds ----------------------------------------------------------------------------------
def _nouvel_adherent(ctx: Contexte, siret: str = SIRET) -> tuple[str, str, str]:
    """A fresh member (so rounds never see each other), its poste and its login e-mail."""
    numero = f"{secrets.randbelow(10**12):012d}"
    email = f"admin.{numero}@concurrence.test"
    adherent = creer_adherent(ctx, AGENT, CreerAdherent(
        numero=numero, siret=siret, raison_sociale="Concurrence", email_connexion=email))
    poste = ajouter_poste(ctx, AGENT, AjouterPoste(adherent_id=adherent.id, libelle="Vendeur"))
    # Someone else hired first: the poste is used, the race is on the person alone.
    embaucher(ctx, AGENT, EmbaucherSalarie(
        adherent_id=adherent.id, nom="Temoin", prenoms="Paul", date_naissance=NAISSANCE,
        contrat=NouveauContrat(nature=NatureContrat.CDI, debut=DEBUT, poste_id=poste.id)))
    return adherent.id, poste.id, email


def _actives(ctx: Contexte, adherent_id: str) -> list[Salarie]:
    with ctx.unite_de_travail() as uow:
        return [s for s in uow.salaries.tous(adherent_id) if not s.annule]


def _inattendues(issues: Sequence[Issue]) -> list[str]:
    return [f"issue inattendue : {i.classe} {i.code}".strip() for i in issues
            if i.genre == "inattendu"]


def _par_personne(fiches: Sequence[Salarie]) -> list[str]:
    """S2 read back: two active files sharing a NIR, or names and birth date where one
    of them has no NIR."""
    violations = []
    vus: dict[object, list[Salarie]] = collections.defaultdict(list)
    for s in fiches:
        if s.identite.nir is not None:
            vus[s.identite.nir].append(s)
        vus[s.identite.cle].append(s)
    for cle, groupe in vus.items():
        if len(groupe) < 2:
            continue
        if isinstance(cle, tuple) and sum(s.identite.nir is None for s in groupe) == 0:
            continue  # same names, two NIRs: two people (S2)
        violations.append(f"{len(groupe)} fiches actives pour une personne : "
                          f"{', '.join(sorted(s.id for s in groupe))}")
    return violations


def _embauche(nirs: Callable[[int], str | None]) -> Callable[[Banc, Contexte], Tour]:
    def jouer_tour(banc: Banc, ctx: Contexte) -> Tour:
        adherent_id, poste_id, _email = _nouvel_adherent(ctx)
        issues = banc.tour([("embaucher", (adherent_id, poste_id, nirs(i)))
                            for i in range(banc.processus)])
        fiches = [s for s in _actives(ctx, adherent_id) if s.identite.nom != "Temoin"]
        violations = _inattendues(issues) + _par_personne(fiches)
        if len(fiches) != 1:
            violations.append(f"{len(fiches)} fiches actives au lieu d'une")
        reussis = [i for i in issues if i.genre == "ok"]
        if len(reussis) != 1:
            violations.append(f"{len(reussis)} embauches réussies au lieu d'une")
        ids = {s.id for s in fiches}
        for i in issues:
            if i.genre == "refus" and (i.code != "salarie.deja_existant"
                                       or dict(i.details).get("salarie_id") not in ids):
                violations.append(f"refus autre que S2 avec la fiche existante : {i.code}")
        return Tour("", tuple(issues), tuple(violations))
    return jouer_tour


def _nir() -> str:
    return nir_pour(NAISSANCE, sexe="2").valeur


def _lettres(n: int) -> str:
    lettres = ""
    for _ in range(4):
        n, reste = divmod(n, 26)
        lettres += chr(ord("a") + reste)
    return lettres.capitalize()


def csv_de(personnes: int) -> str:
    """A CSV of ``personnes`` new people without a NIR (one contract each)."""
    lignes = ["nir;nom;prenoms;date_naissance;nature;dispositif;debut;fin;numero;poste;"
              "date_sortie;motif_sortie"]
    lignes += [f";Durand{_lettres(i)};Paul;1990-02-03;01;;2024-01-02;;;Vendeur;;"
               for i in range(personnes)]
    return "\n".join(lignes) + "\n"


def _temoins(declaration: DeclarationImportee) -> DeclarationImportee:
    """The same file declaring other people (new names, no NIR): imported first, it
    creates and uses the postes, so that the race is on the people alone (a first use
    of a poste saves the member, which would order the writers by itself)."""
    numeros = iter(range(10**6))
    return evolve(declaration, etablissements=tuple(
        evolve(e, individus=tuple(
            evolve(i, identite=Identite(f"Temoin{_lettres(next(numeros))}", "Paul",
                                        i.identite.date_naissance))
            for i in e.individus))
        for e in declaration.etablissements))


def _import(declaration: Callable[[], DeclarationImportee], siret: str
            ) -> Callable[[Banc, Contexte], Tour]:
    def jouer_tour(banc: Banc, ctx: Contexte) -> Tour:
        adherent_id, _poste_id, _email = _nouvel_adherent(ctx, siret)
        lue = declaration()
        importer_declaration(ctx, AGENT, ImporterDeclaration(
            adherent_id=adherent_id, declaration=_temoins(lue), appliquer=True,
            creer_postes=True))
        deja = len(_actives(ctx, adherent_id))
        issues = banc.tour([("importer", (adherent_id, lue))] * banc.processus)
        fiches = _actives(ctx, adherent_id)
        violations = _inattendues(issues) + _par_personne(fiches)
        embauches = sum(int(dict(i.details)["embauches"]) for i in issues if i.genre == "ok")
        if embauches != len(fiches) - deja:
            violations.append(f"{len(fiches)} fiches pour {embauches} embauches planifiées")
        if not fiches:
            violations.append("aucune fiche créée")
        return Tour("", tuple(issues), tuple(violations))
    return jouer_tour


def _sortie_groupee(banc: Banc, ctx: Contexte) -> Tour:
    adherent_id, _poste_id, _email = _nouvel_adherent(ctx)
    lue = analyser_csv(csv_de(3))
    importer_declaration(ctx, AGENT, ImporterDeclaration(
        adherent_id=adherent_id, declaration=lue, appliquer=True))
    ids = tuple(sorted(s.id for s in _actives(ctx, adherent_id)
                       if s.identite.nom != "Temoin"))
    requete = secrets.token_hex(8)
    issues = banc.tour([("sortir", (adherent_id, requete, ids))] * banc.processus)
    violations = _inattendues(issues)
    violations += [f"renvoi refusé : {i.classe} {i.code}" for i in issues if i.genre == "refus"]
    appliquees = [i for i in issues if i.genre == "ok" and dict(i.details)["deja_traitee"]
                  == "False"]
    if len(appliquees) != 1:
        violations.append(f"{len(appliquees)} réponses « appliquée » au lieu d'une")
    for s in _actives(ctx, adherent_id):
        if s.id not in ids:
            continue
        sorties = [m for m in s.mouvements if isinstance(m, Sortie) and not m.annule]
        if len(sorties) != 1:
            violations.append(f"{len(sorties)} sorties pour la fiche {s.id}")
    with ctx.unite_de_travail() as uow:
        if uow.idempotence.obtenir(adherent_id, requete) is None:
            violations.append("demande non enregistrée")
    return Tour("", tuple(issues), tuple(violations))


def _revocations_croisees(banc: Banc, ctx: Contexte) -> Tour:
    adherent_id, _poste_id, premier = _nouvel_adherent(ctx)
    second = f"second.{premier}"
    accorder_acces(ctx, AGENT, AccorderAcces(adherent_id=adherent_id, email=second,
                                             roles=frozenset({Role.ADMINISTRATEUR})))
    taches: list[tuple[str, tuple[Any, ...]]] = [
        ("retirer", (adherent_id, premier, second)),
        ("retirer", (adherent_id, second, premier)),
    ]
    taches += [("rien", ())] * (banc.processus - 2)
    issues = banc.tour(taches)
    admins = [a for a in lister_acces(ctx, AGENT, ListerAcces(adherent_id=adherent_id))
              if Role.ADMINISTRATEUR in a.roles]
    violations = _inattendues(issues)
    retraits = sum(1 for i in issues if i.genre == "ok") - (banc.processus - 2)
    if not admins:
        violations.append("plus aucun administrateur")
    if len(admins) != 2 - retraits:
        violations.append(f"{retraits} retraits réussis, {len(admins)} administrateurs")
    return Tour("", tuple(issues), tuple(violations))


def _dsn() -> DeclarationImportee:
    return lire_dsn(chemin_exemple("exemple.dsn"))


SCENARIOS: dict[str, Callable[[Banc, Contexte], Tour]] = {
    "embauche_sans_nir": _embauche(lambda i: None),
    "embauche_avec_nir": _embauche(lambda i: _nir()),
    "embauche_mixte": _embauche(lambda i: _nir() if i % 2 else None),
    "import_csv": _import(lambda: analyser_csv(csv_de(20)), SIRET),
    "import_dsn": _import(_dsn, SIRET_DSN),
    "sortie_groupee": _sortie_groupee,
    "revocations_croisees": _revocations_croisees,
}
"""Scenario name -> one round (needs at least 2 processes)."""


def jouer(banc: Banc, ctx: Contexte, scenario: str, tours: int) -> Iterator[Tour]:
    """``tours`` rounds of ``scenario`` on ``banc``; ``ctx`` opens the same storage."""
    for _ in range(tours):
        tour = SCENARIOS[scenario](banc, ctx)
        yield Tour(scenario, tour.issues, tour.violations)


class ConformiteConcurrence:
    """Every scenario, ``TOURS`` rounds on ``PROCESSUS`` processes; see the module doc."""

    TOURS: ClassVar[int] = 2
    PROCESSUS: ClassVar[int] = 4
    METHODE: ClassVar[str] = "spawn"

    @classmethod
    def ouvreur(cls) -> Callable[[], Contexte]:
        """A picklable callable returning a :class:`Contexte` on the shared storage,
        already migrated (a class-scoped autouse fixture may prepare it first)."""
        raise NotImplementedError

    @pytest.fixture(scope="class")
    @classmethod
    def banc(cls) -> Iterator[tuple[Banc, Contexte]]:
        ouvrir = cls.ouvreur()
        banc = Banc(ouvrir, cls.PROCESSUS, cls.METHODE)
        try:
            yield banc, ouvrir()
        finally:
            banc.fermer()

    @pytest.mark.parametrize("scenario", sorted(SCENARIOS))
    def test_scenario(self, banc: tuple[Banc, Contexte], scenario: str) -> None:
        tours = list(jouer(*banc, scenario, self.TOURS))
        assert [v for t in tours for v in t.violations] == []
        assert all(i.genre in ("ok", "refus") for t in tours for i in t.issues)


