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
from ..ports.clock import Horloge
from ..ports.notification import Notifier
from ..ports.unit_of_work import UniteDeTravail


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


REGISTRE: dict[str, CasDUsage] = {}


def cas_d_usage(
    besoin: Besoin,
) -> Callable[[Callable[[Contexte, Acteur, C], R]], Callable[[Contexte, Acteur, C], R]]:
    """Register a use case; check the acting access and the command's type before it runs."""

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

        REGISTRE[fonction.__name__] = CasDUsage(
            fonction.__name__, appliquer, type_commande, besoin
        )
        assert list(inspect.signature(fonction).parameters) == ["ctx", "acteur", "commande"]
        return appliquer

    return decorer


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
    "REGISTRE",
    "Besoin",
    "CasDUsage",
    "Contexte",
    "autoriser",
    "cas_d_usage",
    "cas_d_usage_public",
]
