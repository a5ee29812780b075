"""What every use case needs: the unit of work, the clock, ids, and the acting access."""

from __future__ import annotations

import enum
import functools
import inspect
import uuid
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar, cast, get_type_hints

from attrs import field, frozen

from ..domain.adherents import Acces, Acteur, AgentRst, Anonyme, Role
from ..domain.bande_legale import couts_moyens
from ..domain.comptes import LimiteDemandes
from ..domain.erreurs import AccesInterdit, DonneeInvalide, adherent_introuvable
from ..domain.evenements import Evenement
from ..domain.facturation import CoutMoyenNational
from ..domain.journal import EntreeJournal
from ..ports.horloges import Horloge
from ..ports.notification import Notifier
from ..ports.unit_of_work import UniteDeTravail
from .commandes import Commande, NouveauContrat


def _uuid() -> str:
    return uuid.uuid4().hex


@frozen
class Contexte:
    """Wiring for use cases; build one per application (see ``rst_effectifs.en_memoire``).

    ``notifier`` sends the declarant number on request (A2; without one that request
    is a technical error); ``limite_recuperation`` bounds those requests per address.
    ``couts_moyens``: the national average costs by year that F3 checks barèmes against
    (the bundled published ones, plus or instead of those given: year → amount).
    """

    unite_de_travail: Callable[[], UniteDeTravail]
    horloge: Horloge
    nouvel_id: Callable[[], str] = _uuid
    notifier: Notifier | None = None
    limite_recuperation: LimiteDemandes = field(factory=LimiteDemandes)
    couts_moyens: Mapping[int, CoutMoyenNational] = field(factory=couts_moyens,
                                                          converter=couts_moyens)

    def journaliser(
        self, uow: UniteDeTravail, acteur: Acteur, evenements: Iterable[Evenement]
    ) -> None:
        """A5: one journal entry per event, in the same transaction as the change."""
        quand = self.horloge.maintenant()
        for evenement in evenements:
            uow.journal.ajouter(EntreeJournal.depuis(evenement, acteur.email.valeur, quand))


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


C = TypeVar("C")
R = TypeVar("R")


@frozen
class CasDUsage:
    """A registered use case: its function, the command type it takes, the role it needs."""

    nom: str
    fonction: Callable[..., Any]
    commande: type
    besoin: Besoin


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


PARTIES_DE_COMMANDE: frozenset[type[Commande]] = frozenset({NouveauContrat})
"""Commands that are parts of another command (a new contract inside ``EmbaucherSalarie``
and ``AjouterContrat``), not use-case inputs: the only ``Commande`` classes with no use
case."""


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
    besoin: Besoin,
) -> Callable[[Callable[[Contexte, Acteur, C], R]], Callable[[Contexte, Acteur, C], R]]:
    """Register a use case under the command class its ``commande`` parameter is
    annotated with; check the acting access and the command's type before it runs."""

    def decorer(fonction: Callable[[Contexte, Acteur, C], R]) -> Callable[[Contexte, Acteur, C], R]:
        type_commande = get_type_hints(fonction)["commande"]

        @functools.wraps(fonction)
        def appliquer(ctx: Contexte, acteur: Acteur, commande: C) -> R:
            public = besoin is Besoin.PUBLIC and isinstance(acteur, Anonyme)
            if not (public or isinstance(acteur, Acces | AgentRst)):
                raise DonneeInvalide("L'accès de l'utilisateur est manquant.",
                                     code="acces.manquant", regle="A4", chemin="acteur")
            if not isinstance(commande, type_commande):
                raise DonneeInvalide("La demande n'a pas la forme attendue.",
                                     code="donnee.commande_invalide", chemin="commande")
            autoriser(acteur, getattr(commande, "adherent_id", None), besoin)
            return fonction(ctx, acteur, commande)

        assert list(inspect.signature(fonction).parameters) == ["ctx", "acteur", "commande"]
        cas = CasDUsage(fonction.__name__, appliquer, type_commande, besoin)
        PAR_COMMANDE.update(verifier_registre([*PAR_COMMANDE.values(), cas], [
            *PAR_COMMANDE, type_commande]))
        REGISTRE[fonction.__name__] = cas
        return appliquer

    return decorer


def executer(ctx: Contexte, acteur: Acteur | Anonyme, commande: Commande) -> Any:
    """The one doorway: run the use case registered for the command's class.

    Returns what that use case returns; refuses (``ErreurDomaine``) like it. Something
    that is not a command of a use case is refused with ``donnee.commande_invalide``.
    """
    cas = PAR_COMMANDE.get(type(commande))
    if cas is None:
        if not isinstance(acteur, Acces | AgentRst | Anonyme):
            raise DonneeInvalide("L'accès de l'utilisateur est manquant.",
                                 code="acces.manquant", regle="A4", chemin="acteur")
        raise DonneeInvalide("La demande n'a pas la forme attendue.",
                             code="donnee.commande_invalide", chemin="commande")
    return cas.fonction(ctx, acteur, commande)


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
    "autoriser",
    "cas_d_usage",
    "cas_d_usage_public",
    "executer",
    "verifier_commandes",
    "verifier_registre",
]
