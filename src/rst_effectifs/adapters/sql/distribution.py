"""How the schema distributes on a sharded PostgreSQL (Citus), as data checked by a test.

Every member's rows live together: tables carrying ``adherent_id`` are distributed by
it and co-located, so that a use case (one member) runs on one node and the billing run
joins shard by shard. The few tables whose rows cross members are reference tables
(copied to every node). :func:`ecarts` lists what in a ``MetaData`` breaks the rules
Citus enforces or this plan relies on; ``docs/scaling.md`` explains them.
"""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import ForeignKeyConstraint, Index, MetaData, Table, UniqueConstraint

COLONNE = "adherent_id"
"""The distribution column."""

ANCRE = "salaries"
"""The distributed table the others are co-located with (the biggest family)."""

REFERENCES: frozenset[str] = frozenset({"adherents", "boite_d_envoi", "codes_connexion",
                                        "factures", "jetons_acces", "multi_employeurs",
                                        "numerotation", "quotas", "sessions_portail"})
"""Reference tables, copied to every node. ``adherents``: member numbers and declarant
numbers are unique across members (A1), and a unique index on a distributed table must
include the distribution column. ``quotas`` (the rate limits' counted requests) and
``boite_d_envoi`` (the recovery outbox) belong to no member: a recovery request must not
look up which member an address belongs to (A2). ``codes_connexion``, ``jetons_acces``
and ``sessions_portail`` (A6, A7) authenticate an e-mail, whatever members it acts on.
``factures`` and ``numerotation`` (F8): invoice numbers form one series across members,
unique and gapless, which needs a unique index without ``adherent_id`` and one counter
row for the whole RST; a member has a few documents a year, so copying them to every
node costs little. ``multi_employeurs`` (F7): RST's record of a worker across members,
one row per NIR and year."""

INDEX_TRANSVERSES: frozenset[str] = frozenset({"ix_acces_email_cle", "ix_salaries_nir"})
"""Non-unique indexes of distributed tables that do not lead with ``adherent_id``, on
purpose: they serve queries across members (which members may this e-mail act on),
answered on every shard and merged by the coordinator; which members employ this NIR
(F7: RST's reconciliation of multi-employer workers)."""


def _colonnes_index(index: Index) -> list[str]:
    return [c.name for c in index.columns]


def ecarts(metadata: MetaData) -> list[str]:
    """What breaks the plan, one sentence per fault; empty when the schema distributes."""
    return list(_ecarts(metadata))


def _ecarts(metadata: MetaData) -> Iterator[str]:
    tables = metadata.tables
    ancre = tables.get(ANCRE)
    type_reference = (repr(ancre.c[COLONNE].type)
                      if ancre is not None and COLONNE in ancre.c else None)
    for nom in REFERENCES - set(tables):
        yield f"{nom}: listed as a reference table but not in the schema"
    for nom, table in sorted(tables.items()):
        if nom in REFERENCES:
            yield from _ecarts_reference(table)
            continue
        if COLONNE not in table.c:
            yield (f"{nom}: no {COLONNE} column; distribute it by {COLONNE} or declare "
                   "it a reference table")
            continue
        colonne = table.c[COLONNE]
        if colonne.nullable:
            yield f"{nom}.{COLONNE} may be NULL"
        type_ = repr(colonne.type)
        type_reference = type_reference or type_
        if type_ != type_reference:
            yield f"{nom}.{COLONNE} has type {type_}, not {type_reference}: not co-locatable"
        cle = [c.name for c in table.primary_key.columns]
        if not cle or cle[0] != COLONNE:
            yield f"{nom}: the primary key {cle} does not lead with {COLONNE}"
        for index in table.indexes:
            colonnes = _colonnes_index(index)
            if index.unique and COLONNE not in colonnes:
                yield f"{nom}: unique index {index.name} {colonnes} lacks {COLONNE}"
            elif (not index.unique and colonnes[:1] != [COLONNE]
                  and index.name not in INDEX_TRANSVERSES):
                yield (f"{nom}: index {index.name} {colonnes} does not lead with {COLONNE} "
                       "and is not a declared cross-member index")
        for contrainte in table.constraints:
            if isinstance(contrainte, UniqueConstraint) and COLONNE not in contrainte.columns:
                yield f"{nom}: unique constraint {contrainte.name} lacks {COLONNE}"
        for fk in table.foreign_key_constraints:
            yield from _ecarts_fk(nom, fk)


def _ecarts_reference(table: Table) -> Iterator[str]:
    for fk in table.foreign_key_constraints:
        if fk.referred_table.name not in REFERENCES:
            yield (f"{table.name}: reference table with a foreign key to the distributed "
                   f"table {fk.referred_table.name}")


def _ecarts_fk(nom: str, fk: ForeignKeyConstraint) -> Iterator[str]:
    cible = fk.referred_table.name
    if cible in REFERENCES:
        return
    paires = [(e.parent.name, e.column.name) for e in fk.elements]
    if (COLONNE, COLONNE) not in paires:
        yield (f"{nom}: foreign key {fk.name} to {cible} does not pair {COLONNE} with "
               f"{COLONNE}: the rows it links could live on different nodes")


__all__ = ["ANCRE", "COLONNE", "INDEX_TRANSVERSES", "REFERENCES", "ecarts"]
