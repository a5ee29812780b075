"""A5 on SQL: the journal, written at commit and numbered per adherent."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence

from sqlalchemy import bindparam, insert, select, update

from ...domain.journal import EntreeJournal
from ...ports.journal import Journal
from .rangees import UniteSql, cle_valide
from .tables import adherents, journal

_AVANCER = (update(adherents)
            .where(adherents.c.adherent_id.in_(bindparam("b_ids", expanding=True)))
            .values(journal_dernier=adherents.c.journal_dernier + bindparam("b_nombre"))
            .returning(adherents.c.adherent_id, adherents.c.journal_dernier))
"""Reserve the next ``b_nombre`` entries' numbers of the adherents ``b_ids`` (their row
locks order writers), built once."""
_AVANCER_UN = (update(adherents)
               .where(adherents.c.adherent_id == bindparam("b_id"))
               .values(journal_dernier=adherents.c.journal_dernier + bindparam("b_nombre"))
               .returning(adherents.c.adherent_id, adherents.c.journal_dernier))
"""The same for one adherent (every use case but a billing run): no expanding ``IN``,
whose SQL SQLAlchemy renders again at each execution (``hire`` in
``bench/cout_par_requete.py``, docs/performance.md)."""
_INSERER = insert(journal)


class JournalSql(Journal):
    """A5: entries wait in the unit of work and are written at commit, numbered per
    adherent from ``adherents.journal_dernier`` (its row lock orders concurrent writers)."""

    def __init__(self, uow: UniteSql) -> None:
        self._uow = uow
        self.en_attente: list[EntreeJournal] = []

    def ajouter(self, entree: EntreeJournal) -> None:
        self.en_attente.append(entree)

    def lister(
        self,
        adherent_id: str,
        *,
        salarie_id: str | None = None,
        depuis: dt.datetime | None = None,
        avant: dt.datetime | None = None,
    ) -> Sequence[EntreeJournal]:
        if not cle_valide(adherent_id) or not (salarie_id is None or cle_valide(salarie_id)):
            return ()
        instruction = select(journal).where(journal.c.adherent_id == adherent_id)
        if salarie_id is not None:
            instruction = instruction.where(journal.c.salarie_id == salarie_id)
        if depuis is not None:
            instruction = instruction.where(journal.c.quand >= depuis)
        if avant is not None:
            instruction = instruction.where(journal.c.quand < avant)
        rangees = self._uow.rangees(instruction.order_by(journal.c.numero))
        return tuple(
            EntreeJournal(
                adherent_id=rangee["adherent_id"],
                quand=rangee["quand"],
                qui=rangee["qui"],
                quoi=rangee["quoi"],
                salarie_id=rangee["salarie_id"],
                donnees=tuple((str(k), str(v)) for k, v in json.loads(rangee["donnees"])),
            )
            for rangee in rangees
        )

    def ecrire(self) -> None:
        """Called by the unit of work's commit. Each adherent's entries take the next
        numbers of its ``journal_dernier``; adherents with as many entries share one
        ``UPDATE … RETURNING`` (a billing run journals thousands of adherents at once),
        then every entry is one ``executemany``."""
        par_adherent: dict[str, list[EntreeJournal]] = {}
        for entree in self.en_attente:
            par_adherent.setdefault(entree.adherent_id, []).append(entree)
        par_nombre: dict[int, list[str]] = {}
        for adherent_id, entrees in par_adherent.items():
            par_nombre.setdefault(len(entrees), []).append(adherent_id)
        rangees: list[dict[str, object]] = []
        for nombre, ids in par_nombre.items():
            for i in range(0, len(ids), 500):
                lot = ids[i:i + 500]
                if len(lot) == 1:
                    avances = self._uow.rangees(_AVANCER_UN, {"b_id": lot[0],
                                                              "b_nombre": nombre})
                else:
                    avances = self._uow.rangees(_AVANCER, {"b_ids": lot, "b_nombre": nombre})
                derniers = {rangee["adherent_id"]: int(rangee["journal_dernier"])
                            for rangee in avances}
                for adherent_id in lot:
                    premier = derniers.get(adherent_id, 0) - nombre + 1
                    rangees += [{
                        "adherent_id": adherent_id,
                        "numero": premier + n,
                        "quand": e.quand,
                        "qui": e.qui,
                        "quoi": e.quoi,
                        "salarie_id": e.salarie_id,
                        "donnees": json.dumps([list(p) for p in e.donnees],
                                              ensure_ascii=False),
                    } for n, e in enumerate(par_adherent[adherent_id])]
        self._uow.ecrire_rangees(_INSERER, rangees)
        self.en_attente = []


__all__ = ["JournalSql"]
