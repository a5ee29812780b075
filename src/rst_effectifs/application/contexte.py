"""What every use case needs: the unit of work, the clock, ids, and the acting access.

Also how use cases meet the storage at the same time as others: whether a unit of work
will write (:func:`ecriture_annoncee`, declared by each use case's registration), the
retries of :func:`executer` (``tentatives``), and several use cases in one transaction
(:meth:`Contexte.transaction`).
"""

from __future__ import annotations

import contextlib
import enum
import functools
import inspect
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, TypeVar, cast, get_type_hints

from attrs import evolve, field, frozen

from ..domain.adherents import Acces, Acteur, AgentRst, Anonyme, Role
from ..domain.bande_legale import couts_moyens
from ..domain.comptes import LimiteDemandes
from ..domain.emetteur import Emetteur
from ..domain.erreurs import (
    AccesInterdit,
    ConflitDeVersion,
    DonneeInvalide,
    EchecTransitoire,
    adherent_introuvable,
)
from ..domain.evenements import Evenement
from ..domain.facturation import CoutMoyenNational
from ..domain.journal import EntreeJournal
from ..domain.suivi import TypeDeSuivi, suivi_simple_choisi
from ..ports.horloges import Horloge
from ..ports.notification import Notifier
from ..ports.unit_of_work import UniteDeTravail
from .commandes import Commande, FicheDesignee, NouveauContrat
from .transactions import (
    TRANSACTION,
    Transaction,
    annoncer_ecriture,
    attendre,
    ecriture_annoncee,
    reessayable,
)

C = TypeVar("C")
R = TypeVar("R")


def _uuid() -> str:
    return uuid.uuid4().hex


class _CoutsMoyens(Mapping[int, CoutMoyenNational]):
    """What :func:`couts_moyens` gave, read-only: ``attrs.evolve`` (a call's context,
    every request) hands it back to the converter, which keeps it as it is."""

    def __init__(self, couts: Mapping[int, CoutMoyenNational]) -> None:
        self._couts = dict(couts)

    def __getitem__(self, annee: int) -> CoutMoyenNational:
        return self._couts[annee]

    def __iter__(self) -> Iterator[int]:
        return iter(self._couts)

    def __len__(self) -> int:
        return len(self._couts)

    def __repr__(self) -> str:
        return repr(self._couts)


def _couts_convertis(valeurs: Any) -> Mapping[int, CoutMoyenNational]:
    return valeurs if isinstance(valeurs, _CoutsMoyens) else _CoutsMoyens(couts_moyens(valeurs))


@frozen
class Contexte:
    """Wiring for use cases; build one per application (see ``rst_effectifs.en_memoire``).

    ``notifier`` sends the declarant number on request (A2; without one that request
    is a technical error); ``limite_recuperation`` bounds those requests per address.
    ``couts_moyens``: the national average costs by year that F3 checks barèmes against
    (the bundled published ones, plus or instead of those given: year → amount).
    ``agents_rst``: the e-mails (their ``Email.cle``) of RST staff, who are sent a
    sign-in code like any member's address (A6) though they hold no member's access.
    ``emetteur``: the RST as seller of its invoices (F8; without it, issuing invoices is
    a technical error).
    ``suivi_simple``: the service's choice for simple follow-up since 1 October 2025
    (P2b: electrical clearance, driving authorisation): SIG as the law says, or SIA.
    """

    unite_de_travail: Callable[[], UniteDeTravail]
    horloge: Horloge
    nouvel_id: Callable[[], str] = _uuid
    notifier: Notifier | None = None
    limite_recuperation: LimiteDemandes = field(factory=LimiteDemandes)
    couts_moyens: Mapping[int, CoutMoyenNational] = field(factory=couts_moyens,
                                                          converter=_couts_convertis)
    agents_rst: frozenset[str] = frozenset()
    emetteur: Emetteur | None = None
    suivi_simple: TypeDeSuivi = field(default=TypeDeSuivi.SIG, converter=suivi_simple_choisi)

    def journaliser(
        self, uow: UniteDeTravail, acteur: Acteur, evenements: Iterable[Evenement]
    ) -> None:
        """A5: one journal entry per event, in the same transaction as the change."""
        quand = self.horloge.maintenant()
        for evenement in evenements:
            uow.journal.ajouter(EntreeJournal.depuis(evenement, acteur.email.valeur, quand))

    @contextlib.contextmanager
    def transaction(self) -> Iterator[UniteDeTravail]:
        """Several use cases, all or nothing: inside the block, every use case run on this
        context (through :func:`executer` or by name) shares one unit of work, sees what
        the earlier ones wrote, and its commit waits for the end of the block, where
        everything (journal entries included) is committed at once. An exception out of
        the block rolls everything back; so does any error a use case raised inside it,
        even if the caller caught it (the block then ends with that error, and later use
        cases in the block raise it at once). ``tentatives`` is ignored inside (a failed
        step cannot be retried alone: run the whole block again). A ``transaction()``
        inside another on the same context joins it. Yields the shared unit of work, for
        reads of its own. The transaction belongs to the thread (or task) that opened it.
        """
        en_cours = TRANSACTION.get()
        if en_cours is not None and en_cours.porte_sur(self.unite_de_travail):
            yield en_cours.vue
            return
        with annoncer_ecriture(True):
            uow = self.unite_de_travail()
        transaction = Transaction(self.unite_de_travail, uow)
        jeton = TRANSACTION.set(transaction)
        try:
            with uow:
                yield transaction.vue
                if transaction.echec is not None:
                    raise transaction.echec
                uow.commit()
        finally:
            TRANSACTION.reset(jeton)


class Besoin(enum.Enum):
    """What a use case requires of the acting access (A3)."""

    LECTURE = "lecture"
    DECLARATION = "declaration"
    FACTURATION = "facturation"
    ADMINISTRATION = "administration"
    RST = "rst"
    PUBLIC = "public"
    """No access needed, anonymous callers included (A2 recovery only)."""


_ROLES: dict[Besoin, frozenset[Role]] = {
    Besoin.LECTURE: frozenset(Role),
    Besoin.DECLARATION: frozenset({Role.ADMINISTRATEUR, Role.DECLARATION}),
    Besoin.FACTURATION: frozenset({Role.ADMINISTRATEUR, Role.FACTURATION}),
    Besoin.ADMINISTRATION: frozenset({Role.ADMINISTRATEUR}),
    Besoin.RST: frozenset(),
    Besoin.PUBLIC: frozenset(Role),
}


def autoriser(acteur: Acteur, adherent_id: str | None, besoin: Besoin) -> None:
    """A3/A4: another adherent's id answers exactly like an unknown one."""
    if isinstance(acteur, AgentRst) or besoin is Besoin.PUBLIC:
        return
    if besoin is Besoin.RST or adherent_id is None:
        raise AccesInterdit("Cette action est réservée aux équipes RST.")
    if acteur.adherent_id != adherent_id:
        raise adherent_introuvable()
    if not acteur.roles & _ROLES[besoin]:
        raise AccesInterdit("Vos droits ne permettent pas cette action.")


@frozen
class CasDUsage:
    """A registered use case: its function, the command type it takes, the role it needs."""

    nom: str
    fonction: Callable[..., Any]
    commande: type
    besoin: Besoin
    ecrit: bool = True
    """Whether it may write (:func:`ecriture_annoncee`); readers run concurrently with
    writers."""


class RegistreIncoherent(TypeError):
    """A command class with no use case, or with two: a programming error, raised at
    import so that ``executer`` can never meet an ambiguous or unknown command."""


PAR_COMMANDE: dict[type, CasDUsage] = {}
"""The one registry: each command class → its use case (what ``executer`` reads)."""

REGISTRE: dict[str, CasDUsage] = {}
"""The same use cases by function name (the documented per-function names, tests)."""


def verifier_registre(
    cas: Iterable[CasDUsage], commandes: Iterable[type]
) -> dict[type, CasDUsage]:
    """Every command class in ``commandes`` has exactly one use case in ``cas`` and every
    use case takes one of them; returns the registry by command class, or raises
    :class:`RegistreIncoherent` naming the faulty classes."""
    par_commande: dict[type, CasDUsage] = {}
    for un in cas:
        deja = par_commande.setdefault(un.commande, un)
        if deja is not un:
            raise RegistreIncoherent(
                f"{un.commande.__name__} has two use cases: {deja.nom} and {un.nom}")
    attendues = set(commandes)
    sans_cas = sorted(c.__name__ for c in attendues - par_commande.keys())
    inconnues = sorted(c.__name__ for c in par_commande.keys() - attendues)
    if sans_cas:
        raise RegistreIncoherent(f"command classes with no use case: {', '.join(sans_cas)}")
    if inconnues:
        raise RegistreIncoherent(
            f"use cases taking something that is not a command: {', '.join(inconnues)}")
    return par_commande


PARTIES_DE_COMMANDE: frozenset[type[Commande]] = frozenset({NouveauContrat, FicheDesignee})
"""Commands that are parts of another command (a new contract inside ``EmbaucherSalarie``
and ``AjouterContrat``, a file inside ``EnregistrerMultiEmployeur``), not use-case
inputs: the only ``Commande`` classes with no use case."""


def _sous_classes(classe: type) -> set[type]:
    """The attrs classes below ``classe``; attrs replaces each slotted class by a new one,
    and the original stays listed until collected (it has no attributes of its own)."""
    directes: set[type] = set(classe.__subclasses__())
    toutes = directes.union(*(_sous_classes(c) for c in directes))
    return {c for c in toutes if "__attrs_attrs__" in c.__dict__}


def verifier_commandes() -> dict[type, CasDUsage]:
    """The import-time check (run by ``rst_effectifs.application``): every ``Commande``
    class but :data:`PARTIES_DE_COMMANDE` has exactly one registered use case."""
    return verifier_registre(REGISTRE.values(),
                             _sous_classes(Commande) - PARTIES_DE_COMMANDE)


def cas_d_usage(
    besoin: Besoin, *, ecrit: bool | None = None
) -> Callable[[Callable[[Contexte, Acteur, C], R]], Callable[[Contexte, Acteur, C], R]]:
    """Register a use case under the command class its ``commande`` parameter is
    annotated with; check the acting access and the command's type before it runs.

    ``ecrit``: whether it may write, so that its units of work begin as writers
    (:func:`ecriture_annoncee`); by default every use case but ``Besoin.LECTURE`` ones
    writes (reads needing another role say ``ecrit=False``)."""
    ecriture = besoin is not Besoin.LECTURE if ecrit is None else ecrit

    def decorer(fonction: Callable[[Contexte, Acteur, C], R]) -> Callable[[Contexte, Acteur, C], R]:
        type_commande = get_type_hints(fonction)["commande"]

        def lancer(ctx: Contexte, acteur: Acteur, commande: C) -> R:
            public = besoin is Besoin.PUBLIC and isinstance(acteur, Anonyme)
            if not (public or isinstance(acteur, Acces | AgentRst)):
                raise DonneeInvalide("L'accès de l'utilisateur est manquant.",
                                     code="acces.manquant", regle="A4", chemin="acteur")
            if not isinstance(commande, type_commande):
                raise DonneeInvalide("La demande n'a pas la forme attendue.",
                                     code="donnee.commande_invalide", chemin="commande")
            autoriser(acteur, getattr(commande, "adherent_id", None), besoin)
            with annoncer_ecriture(ecriture):
                return fonction(ctx, acteur, commande)

        @functools.wraps(fonction)
        def appliquer(ctx: Contexte, acteur: Acteur, commande: C) -> R:
            en_cours = TRANSACTION.get()
            if en_cours is not None and en_cours.porte_sur(ctx.unite_de_travail):
                return en_cours.etape(lambda ouvrir: lancer(
                    ctx if ctx.unite_de_travail is ouvrir
                    else evolve(ctx, unite_de_travail=ouvrir), acteur, commande))
            return lancer(ctx, acteur, commande)

        assert list(inspect.signature(fonction).parameters) == ["ctx", "acteur", "commande"]
        cas = CasDUsage(fonction.__name__, appliquer, type_commande, besoin, ecriture)
        PAR_COMMANDE.update(verifier_registre([*PAR_COMMANDE.values(), cas], [
            *PAR_COMMANDE, type_commande]))
        REGISTRE[fonction.__name__] = cas
        return appliquer

    return decorer


def executer(
    ctx: Contexte, acteur: Acteur | Anonyme, commande: Commande, *, tentatives: int = 1
) -> Any:
    """The one doorway: run the use case registered for the command's class.

    Returns what that use case returns; refuses (``ErreurDomaine``) like it. Something
    that is not a command of a use case is refused with ``donnee.commande_invalide``.

    ``tentatives``: how many times at most to run the whole use case, each time in a new
    unit of work, when it fails in a way another attempt may not (:func:`reessayable`);
    a short growing pause with jitter separates attempts, and the last failure is
    raised. Safe because such a failure stored nothing, and a grouped request keeps its
    id: a retry after its original was applied answers ``deja_traitee``. Ignored
    inside :meth:`Contexte.transaction`.
    """
    cas = PAR_COMMANDE.get(type(commande))
    if cas is None:
        if not isinstance(acteur, Acces | AgentRst | Anonyme):
            raise DonneeInvalide("L'accès de l'utilisateur est manquant.",
                                 code="acces.manquant", regle="A4", chemin="acteur")
        raise DonneeInvalide("La demande n'a pas la forme attendue.",
                             code="donnee.commande_invalide", chemin="commande")
    if isinstance(tentatives, bool) or not isinstance(tentatives, int) or tentatives < 1:
        raise DonneeInvalide("Le nombre de tentatives est un entier d'au moins 1.",
                             code="donnee.tentatives_invalides", chemin="tentatives")
    en_cours = TRANSACTION.get()
    if en_cours is not None and en_cours.porte_sur(ctx.unite_de_travail):
        tentatives = 1
    essai = 1
    while True:
        try:
            return cas.fonction(ctx, acteur, commande)
        except (EchecTransitoire, ConflitDeVersion) as erreur:
            if essai >= tentatives or not reessayable(erreur):
                raise
        attendre(essai)
        essai += 1


def cas_d_usage_public() -> Callable[
    [Callable[[Contexte, Acteur | Anonyme, C], R]], Callable[[Contexte, Acteur | Anonyme, C], R]
]:
    """Register a use case anyone may call (``Besoin.PUBLIC``), ``ANONYME`` included; the
    acting identity is not used."""
    return cast(
        Callable[[Callable[[Contexte, Acteur | Anonyme, C], R]],
                 Callable[[Contexte, Acteur | Anonyme, C], R]],
        cas_d_usage(Besoin.PUBLIC),
    )


__all__ = [
    "PARTIES_DE_COMMANDE",
    "PAR_COMMANDE",
    "REGISTRE",
    "Besoin",
    "CasDUsage",
    "Contexte",
    "RegistreIncoherent",
    "annoncer_ecriture",
    "autoriser",
    "cas_d_usage",
    "cas_d_usage_public",
    "ecriture_annoncee",
    "executer",
    "reessayable",
    "verifier_commandes",
    "verifier_registre",
]
