"""Commands of the postes menu (P1–P4)."""

from __future__ import annotations

from attrs import frozen

from ...domain.suivi import Risque
from ..typage import types_verifies
from .base import Commande


@frozen(field_transformer=types_verifies)
class AjouterPoste(Commande):
    adherent_id: str
    libelle: str
    risques: frozenset[Risque] = frozenset()
    justification_sir: str | None = None
    code_pcs: str | None = None


@frozen(field_transformer=types_verifies)
class RenommerPoste(Commande):
    adherent_id: str
    poste_id: str
    libelle: str
    version_attendue: int | None = None


@frozen(field_transformer=types_verifies)
class ModifierRisques(Commande):
    adherent_id: str
    poste_id: str
    risques: frozenset[Risque]
    justification_sir: str | None = None
    version_attendue: int | None = None


@frozen(field_transformer=types_verifies)
class ArchiverPoste(Commande):
    adherent_id: str
    poste_id: str
    version_attendue: int | None = None


@frozen(field_transformer=types_verifies)
class SupprimerPoste(Commande):
    adherent_id: str
    poste_id: str
    version_attendue: int | None = None


@frozen(field_transformer=types_verifies)
class ListerPostes(Commande):
    adherent_id: str
    inclure_archives: bool = False
