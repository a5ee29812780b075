"""Commands of the compte and accès menus (A1–A5) and the journal."""

from __future__ import annotations

import datetime as dt

from attrs import field, frozen

from ...domain.adherents import Role
from ...domain.adresses import Adresse
from ...domain.erreurs import DonneeInvalide
from ..typage import types_verifies
from .base import Commande, _texte_email


@frozen(field_transformer=types_verifies)
class ConsulterCompte(Commande):
    adherent_id: str


@frozen(field_transformer=types_verifies)
class ModifierCompte(Commande):
    """A1: change the company name, the login e-mail, the declarant number or the address
    invoices are made out to (F8); a field left ``None`` stays as it is."""

    adherent_id: str
    raison_sociale: str | None = None
    email_connexion: str | None = field(default=None, converter=_texte_email)
    numero_teledeclarant: str | None = None
    adresse: Adresse | None = None
    version_attendue: int | None = None


@frozen(field_transformer=types_verifies)
class ListerAcces(Commande):
    adherent_id: str


@frozen(field_transformer=types_verifies)
class AccorderAcces(Commande):
    """A3: give ``email`` (which has no access on this adherent yet) these roles."""

    adherent_id: str
    email: str = field(converter=_texte_email)
    roles: frozenset[Role]


@frozen(field_transformer=types_verifies)
class ModifierAcces(Commande):
    """A3: replace the roles of ``email``'s access."""

    adherent_id: str
    email: str = field(converter=_texte_email)
    roles: frozenset[Role]


@frozen(field_transformer=types_verifies)
class RetirerAcces(Commande):
    adherent_id: str
    email: str = field(converter=_texte_email)


@frozen(field_transformer=types_verifies)
class ConsulterJournal(Commande):
    """A5: one adherent's journal, optionally about one salarié, and from ``debut`` to
    ``fin`` (days in UTC, both included)."""

    adherent_id: str
    salarie_id: str | None = None
    debut: dt.date | None = None
    fin: dt.date | None = None

    def __attrs_post_init__(self) -> None:
        super().__attrs_post_init__()
        if self.debut is not None and self.fin is not None and self.fin < self.debut:
            raise DonneeInvalide("La fin de la période précède son début.",
                                 code="periode.invalide", regle="A5", chemin="fin")


@frozen(field_transformer=types_verifies)
class RecupererNumeroTeledeclarant(Commande):
    """A2: send the declarant number to ``email`` if it is an account's login e-mail."""

    email: str = field(converter=_texte_email)
