"""The statements of salariés' hot paths, each built once with bound parameters (a
construct SQLAlchemy has compiled once: a call only binds values).

The reads are ONE statement each: a file by its key, and a page of the list (one
construct per combination of filters, built on first use). Each brings the files with
their contracts and movements: a ``UNION ALL`` of three kinds of rows (file, contract,
movement) over the files selected, decoded here into whole salariés. Before, a page
took three statements rebuilt on every call (files, then contracts, then movements);
docs/performance.md has the figures. The writes (S2's lookups, a new file, a save and
its child rows) are built once too."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from typing import Any

from sqlalchemy import (
    CompoundSelect,
    Date,
    Delete,
    Insert,
    Integer,
    Select,
    Table,
    Update,
    and_,
    bindparam,
    cast,
    delete,
    exists,
    insert,
    literal,
    null,
    or_,
    select,
    tuple_,
    union,
    union_all,
    update,
)
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.selectable import CTE

from ...domain.contrats import Contrat
from ...domain.salaries import Mouvement, Salarie
from .salaries_rangees import contrat_lu, mouvement_lu, salarie_lu
from .tables import contrats, mouvements, presences, texte
from .tables import salaries as t_salaries

FICHE, CONTRAT, MOUVEMENT = 0, 1, 2
"""The kinds of rows (column ``sorte``)."""
_FICHE = t_salaries.c
"""The columns of a file (table ``salaries``)."""
ORDRE = (_FICHE.nom_norm, _FICHE.prenoms_norm, _FICHE.salarie_id)
_ADHERENT = bindparam("adherent_id", type_=texte())
_TEXTE_NUL = cast(null(), texte())
_DATE_NULLE = cast(null(), Date())
_ENTIER_NUL = cast(null(), Integer())
_NOMS = ("sorte", "salarie_id", "rang", "id", "t1", "t2", "t3", "t4", "t5", "t6", "t7", "d1",
         "d2", "d3", "annule", "version")
"""The columns every kind of row fills: see :func:`_avec_enfants` for what each holds."""


def _colonnes(*valeurs: Any) -> list[Any]:
    return [v.label(n) for v, n in zip(valeurs, _NOMS, strict=True)]


def _avec_enfants(fiches: CTE) -> CompoundSelect[Any]:
    """``fiches`` (rows of ``salaries``) with their contracts and movements, one list.
    A file: its names and normalised names, NIR, NTT, birth date's precision, birth date,
    cancelled, version; a
    contract: nature, poste, dispositif, number, closing id, start, end, closed end; a
    movement: kind, reason, closed contract, reintegration's contract, date, closed end."""
    f, c, m = fiches.c, contrats.c, mouvements.c
    return union_all(
        select(*_colonnes(literal(FICHE, Integer()), f.salarie_id, _ENTIER_NUL, _TEXTE_NUL,
                          f.nom, f.prenoms, f.nom_norm, f.prenoms_norm, f.nir, f.ntt,
                          f.precision_naissance, f.date_naissance, _DATE_NULLE, _DATE_NULLE,
                          f.annule, f.version)),
        select(*_colonnes(literal(CONTRAT, Integer()), c.salarie_id, c.rang, c.contrat_id,
                          c.nature, c.poste_id, c.dispositif, c.numero, c.clot_id,
                          _TEXTE_NUL, _TEXTE_NUL, c.debut,
                          c.fin, c.fin_close, c.annule, _ENTIER_NUL))
        .join_from(contrats, fiches, and_(c.adherent_id == _ADHERENT,
                                          c.salarie_id == f.salarie_id)),
        select(*_colonnes(literal(MOUVEMENT, Integer()), m.salarie_id, m.rang,
                          m.mouvement_id, m.genre, m.motif, m.contrat_clos_id, m.contrat_id,
                          _TEXTE_NUL, _TEXTE_NUL, _TEXTE_NUL, m.le, _DATE_NULLE, m.fin_close,
                          m.annule, _ENTIER_NUL))
        .join_from(mouvements, fiches, and_(m.adherent_id == _ADHERENT,
                                            m.salarie_id == f.salarie_id)),
    )


UNE_FICHE = _avec_enfants(
    select(t_salaries).where(_FICHE.adherent_id == _ADHERENT,
                             _FICHE.salarie_id == bindparam("salarie_id", type_=texte()))
    .cte("fiches"))
"""One file by its key (``adherent_id``, ``salarie_id``), with its contracts and
movements."""

REPERE = select(_FICHE.nom_norm, _FICHE.prenoms_norm).where(
    _FICHE.adherent_id == _ADHERENT, _FICHE.salarie_id == bindparam("salarie_id", type_=texte()))
"""Where a page resumes: the sort key of the cursor's file."""


def _present(le: ColumnElement[dt.date]) -> ColumnElement[bool]:
    """E4: the listed salarié has a stretch of presence holding ``le``."""
    p = presences.c
    return exists().where(p.adherent_id == _FICHE.adherent_id, p.salarie_id == _FICHE.salarie_id,
                          p.debut <= le, or_(p.fin.is_(None), p.fin >= le))


@functools.cache
def page(nom: bool, poste: bool, present: bool, apres: bool, annules: bool,
         absent: bool = False) -> CompoundSelect[Any]:
    """A page of the list (keyset: ``limite`` files after the cursor, by name, given
    names, id) with the filters asked, each a bound parameter: ``motif`` and ``borne``
    (a family-name prefix: the range lets SQLite use the index, LIKE keeps it exact),
    ``poste_id``, ``le`` (present that day), ``absent_le`` (not present that day),
    ``apres_nom``, ``apres_prenoms``,
    ``apres_id`` (the cursor's key); cancelled files too if ``annules``."""
    conditions: list[ColumnElement[bool]] = [_FICHE.adherent_id == _ADHERENT]
    if not annules:
        conditions.append(~_FICHE.annule)
    if nom:
        prefixe = bindparam("prefixe", type_=texte())
        conditions += [_FICHE.nom_norm >= prefixe,
                       _FICHE.nom_norm < bindparam("borne", type_=texte()),
                       _FICHE.nom_norm.like(bindparam("motif", type_=texte()), escape="/")]
    if poste:
        conditions.append(exists().where(
            contrats.c.adherent_id == _FICHE.adherent_id,
            contrats.c.salarie_id == _FICHE.salarie_id,
            contrats.c.poste_id == bindparam("poste_id", type_=texte()), ~contrats.c.annule))
    if present:
        conditions.append(_present(bindparam("le", type_=Date())))
    if absent:
        conditions.append(~_present(bindparam("absent_le", type_=Date())))
    if apres:
        conditions.append(tuple_(*ORDRE) > tuple_(
            bindparam("apres_nom", type_=texte()), bindparam("apres_prenoms", type_=texte()),
            bindparam("apres_id", type_=texte())))
    return _avec_enfants(select(t_salaries).where(*conditions).order_by(*ORDRE)
                         .limit(bindparam("limite", type_=Integer())).cte("fiches"))


@functools.cache
def instruction_doublons(sauf: bool, nir: bool, ntt: bool = False
                         ) -> Select[Any] | CompoundSelect[Any]:
    """S2's lookup (``nom_norm``, ``prenoms_norm``, ``date_naissance``; ``sauf``: not that
    file; ``nir``: or that NIR; ``ntt``: or that NTT, the DSN's number of a person without
    NIR), as a UNION of index lookups, not an OR: SQLite scans the member for the OR."""
    base = [_FICHE.adherent_id == _ADHERENT, ~_FICHE.annule]
    if sauf:
        base.append(_FICHE.salarie_id != bindparam("sauf", type_=texte()))
    par_cle = select(_FICHE.salarie_id).where(
        *base, _FICHE.nom_norm == bindparam("nom_norm", type_=texte()),
        _FICHE.prenoms_norm == bindparam("prenoms_norm", type_=texte()),
        _FICHE.date_naissance == bindparam("date_naissance", type_=Date()))
    instructions = [par_cle.where(_FICHE.nir.is_(None)) if nir else par_cle]
    if nir:
        instructions.append(select(_FICHE.salarie_id).where(
            *base, _FICHE.nir == bindparam("nir", type_=texte())))
    if ntt:
        instructions.append(select(_FICHE.salarie_id).where(
            *base, _FICHE.ntt == bindparam("ntt", type_=texte())))
    return instructions[0] if len(instructions) == 1 else union(*instructions)


EXISTE = select(_FICHE.version).where(_FICHE.adherent_id == _ADHERENT,
                                      _FICHE.salarie_id == bindparam("salarie_id", type_=texte()))
INSERER: dict[Table, Insert] = {}
_CLES = ("adherent_id", "salarie_id")


def inserer(table: Table) -> Insert:
    """``INSERT`` into one of a file's tables."""
    trouve = INSERER.get(table)
    if trouve is None:
        trouve = INSERER[table] = insert(table)
    return trouve


ENREGISTRER = (
    update(t_salaries)
    .where(_FICHE.adherent_id == bindparam("b_adherent_id"),
           _FICHE.salarie_id == bindparam("b_salarie_id"), _FICHE.version == bindparam("b_version"))
    .values({c.name: bindparam(c.name) for c in t_salaries.c if c.name not in _CLES})
)
"""A file's save at the version read (its columns by name, its key ``b_…``)."""


@functools.cache
def supprimer_rangees(table: Table, colonne: str | None) -> Delete:
    """Delete a file's rows of ``table`` (``b_adherent_id``, ``b_salarie_id``): those whose
    ``colonne`` is in ``b_cles``, or all of them (``None``)."""
    conditions = [table.c.adherent_id == bindparam("b_adherent_id"),
                  table.c.salarie_id == bindparam("b_salarie_id")]
    if colonne is not None:
        conditions.append(table.c[colonne].in_(bindparam("b_cles", expanding=True)))
    return delete(table).where(*conditions)


@functools.cache
def modifier(table: Table, colonne: str) -> Update:
    """Update rows of ``table`` by key (``cle_adherent_id``, ``cle_salarie_id``,
    ``cle_<colonne>``), every other column by name."""
    cles = (*_CLES, colonne)
    return (update(table)
            .where(*(table.c[c] == bindparam(f"cle_{c}") for c in cles))
            .values({c.name: bindparam(c.name) for c in table.columns if c.name not in cles}))


def motif_de_prefixe(prefixe: str) -> str:
    """A LIKE pattern matching the names starting with ``prefixe`` (``/`` escapes)."""
    return prefixe.replace("/", "//").replace("%", "/%").replace("_", "/_") + "%"


def salaries_des_rangees(adherent_id: str, rangees: Sequence[Sequence[Any]]) -> list[Salarie]:
    """The files of :data:`UNE_FICHE` or :func:`page`'s rows (read by position, in the
    order of :data:`_NOMS`, which the decoders below unpack), in listing order, each
    built straight from its rows: a page decodes some 40 rows per call."""
    fiches: list[Sequence[Any]] = []
    enfants: dict[str, tuple[list[Sequence[Any]], list[Sequence[Any]]]] = {}
    for rangee in rangees:
        if rangee[0] == FICHE:
            fiches.append(rangee)
            enfants.setdefault(rangee[1], ([], []))
    for rangee in rangees:
        sorte = rangee[0]
        if sorte != FICHE:
            enfants[rangee[1]][sorte - 1].append(rangee)
    fiches.sort(key=_cle_de_liste)
    return [_salarie(adherent_id, fiche, *enfants[fiche[1]]) for fiche in fiches]


def _cle_de_liste(fiche: Sequence[Any]) -> tuple[str, str, str]:
    _sorte, salarie_id, _rg, _id, _nom, _prenoms, nom_norm, prenoms_norm, *_ = fiche
    return nom_norm, prenoms_norm, salarie_id


def _rang(rangee: Sequence[Any]) -> int:
    rang: int = rangee[2]
    return rang


def _salarie(adherent_id: str, fiche: Sequence[Any], contrats_: list[Sequence[Any]],
             mouvements_: list[Sequence[Any]]) -> Salarie:
    (_sorte, salarie_id, _rg, _id, nom, prenoms, _nom_norm, _prenoms_norm, nir, ntt,
     precision, naissance, _d2, _d3, annule, version) = fiche
    contrats_.sort(key=_rang)
    mouvements_.sort(key=_rang)
    return salarie_lu(salarie_id, adherent_id, nom, prenoms, naissance, nir, ntt, precision,
                      annule, version, tuple(_contrat(c) for c in contrats_),
                      tuple(_mouvement(m) for m in mouvements_))


def _contrat(rangee: Sequence[Any]) -> Contrat:
    (_sorte, _salarie_id, _rg, contrat_id, nature, poste_id, dispositif, numero, clot_id,
     _t6, _t7, debut, fin, fin_close, annule, _version) = rangee
    return contrat_lu(contrat_id, nature, debut, poste_id, fin, dispositif, numero, annule,
                      clot_id, fin_close)


def _mouvement(rangee: Sequence[Any]) -> Mouvement:
    (_sorte, _salarie_id, _rg, mouvement_id, genre, motif, contrat_clos_id, contrat_id,
     _t5, _t6, _t7, le, _d2, fin_close, annule, _version) = rangee
    return mouvement_lu(mouvement_id, genre, le, motif, annule, contrat_clos_id, contrat_id,
                        fin_close)


__all__ = [
    "CONTRAT",
    "ENREGISTRER",
    "EXISTE",
    "FICHE",
    "MOUVEMENT",
    "ORDRE",
    "REPERE",
    "UNE_FICHE",
    "inserer",
    "instruction_doublons",
    "modifier",
    "motif_de_prefixe",
    "page",
    "salaries_des_rangees",
    "supprimer_rangees",
]
