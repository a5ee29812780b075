"""Journal entries (A5): who did what, when, on which adherent. Never a clear NIR."""

from __future__ import annotations

import datetime as dt

import attrs
from attrs import frozen

from .evenements import Evenement


@frozen
class EntreeJournal:
    adherent_id: str
    quand: dt.datetime
    qui: str
    quoi: str
    salarie_id: str | None
    donnees: tuple[tuple[str, str], ...]

    @classmethod
    def depuis(cls, evenement: Evenement, qui: str, quand: dt.datetime) -> EntreeJournal:
        champs = attrs.asdict(evenement, recurse=False)
        champs.pop("adherent_id")
        salarie_id = champs.pop("salarie_id", None)
        donnees = tuple(sorted((k, _texte(v)) for k, v in champs.items()))
        return cls(evenement.adherent_id, quand, qui, evenement.nom, salarie_id, donnees)


def _texte(valeur: object) -> str:
    if isinstance(valeur, frozenset | set):
        return ",".join(sorted(getattr(v, "value", str(v)) for v in valeur))
    if isinstance(valeur, tuple):
        return ",".join(str(v) for v in valeur)
    if isinstance(valeur, dt.date):
        return valeur.isoformat()
    return str(valeur)
