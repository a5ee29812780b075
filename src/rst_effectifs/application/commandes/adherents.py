"""Commands of the adherents menu: create one, read it (A4)."""

from __future__ import annotations

from attrs import field, frozen

from ...domain.adresses import Adresse
from ..typage import types_verifies
from .base import Commande, _texte_email


@frozen(field_transformer=types_verifies)
class CreerAdherent(Commande):
    numero: str
    siret: str
    raison_sociale: str
    email_connexion: str = field(converter=_texte_email)
    numero_teledeclarant: str | None = None
    adresse: Adresse | None = None
    particulier_employeur: bool = False
    """F9: the employer is a private individual employing staff at home (refused since
    2 January 2025: the national service follows them)."""


@frozen(field_transformer=types_verifies)
class ConsulterAdherent(Commande):
    adherent_id: str
