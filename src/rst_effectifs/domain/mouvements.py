"""E2, E3: a salarié's dated movements, exits and reintegrations; presence is derived
from them (``Salarie.periodes_de_presence``)."""

from __future__ import annotations

import datetime as dt

from attrs import field, frozen

from .contrats import motif_de_sortie
from .textes import texte_optionnel


def motif_de_reintegration(valeur: object) -> str | None:
    """E2, T1: a reintegration reason is free text of at most 200 characters."""
    return texte_optionnel(
        valeur, champ="motif", code="reintegration.motif_invalide", regle="E2", maximum=200,
        libelle="Le motif de réintégration",
    )


@frozen
class Sortie:
    """E3: ``le`` is the last day present. ``contrat_clos_id``/``fin_close`` remember the
    contract this exit closed, so that cancelling the exit re-opens it."""

    id: str
    le: dt.date
    motif: str | None = field(default=None, converter=motif_de_sortie)
    annule: bool = False
    contrat_clos_id: str | None = None
    fin_close: dt.date | None = None


@frozen
class Reintegration:
    """E3: ``le`` is the first day present again; ``contrat_id`` names the contract whose
    start caused it, if any."""

    id: str
    le: dt.date
    motif: str | None = field(default=None, converter=motif_de_reintegration)
    annule: bool = False
    contrat_id: str | None = None


Mouvement = Sortie | Reintegration

__all__ = ["Mouvement", "Reintegration", "Sortie", "motif_de_reintegration"]
