"""Commands of signing in (A6) and of bearer tokens (A7); their use cases are in
``application/connexion.py``."""

from __future__ import annotations

from attrs import field, frozen

from ..typage import types_verifies
from .base import Commande, _texte_email


@frozen(field_transformer=types_verifies)
class DemanderConnexion(Commande):
    """A6: send a sign-in code to ``email`` if it holds an access. ``client``: who
    asks, as the front end knows it (an IP address): the per-address limit counts per
    address and client."""

    email: str = field(converter=_texte_email)
    client: str | None = None


@frozen(field_transformer=types_verifies)
class ValiderConnexion(Commande):
    """A6: sign in with the code sent to ``email`` for the request ``demande`` (the
    secret the request's answer gave)."""

    email: str = field(converter=_texte_email)
    code: str = field(repr=False)
    demande: str = field(repr=False)


@frozen(field_transformer=types_verifies)
class EmettreJeton(Commande):
    """A7: a bearer token for the acting e-mail, valid ``jours`` days."""

    adherent_id: str
    libelle: str
    jours: int = 90


@frozen(field_transformer=types_verifies)
class ListerJetons(Commande):
    """A7: the acting e-mail's tokens."""

    adherent_id: str


@frozen(field_transformer=types_verifies)
class RevoquerJeton(Commande):
    """A7: revoke one of the acting e-mail's tokens (RST staff: anyone's)."""

    adherent_id: str
    jeton_id: str


__all__ = ["DemanderConnexion", "EmettreJeton", "ListerJetons", "RevoquerJeton",
           "ValiderConnexion"]
