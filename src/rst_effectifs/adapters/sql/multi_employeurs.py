"""F7 on SQL: RST's records of multi-employer workers, each member's shares, the
members' declarations, and the reconciliation by NIR in two set-based statements.

``multi_employeurs`` belongs to no member: one row per person (NIR) and year, whatever
members employ them (its primary key is what keeps two RST agents recording the same
person at once to one record). What each member reads is in ``parts_multi_employeur``,
written with it and led by ``adherent_id`` like every member's table. The one index led
by the NIR, ``ix_salaries_nir``, crosses members by nature: the reconciliation reads
the NIRs in order from it, without sorting the files.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

from attrs import evolve
from sqlalchemy import (
    CheckConstraint,
    Column,
    ForeignKeyConstraint,
    Index,
    Integer,
    Table,
    and_,
    delete,
    false,
    func,
    insert,
    select,
    text,
    union,
    update,
)

from ...domain.erreurs import ConflitDeVersion
from ...domain.identifiants import Nir
from ...domain.multi_employeurs import (
    DeclarationMultiEmployeur,
    FicheMultiEmployeur,
    MultiEmployeur,
)
from ...domain.partage import PartMultiEmployeur
from ...ports.multi_employeurs import DepotMultiEmployeurs, FicheChezAdherent
from .rangees import RangeeLue, UniteSql, cle_valide
from .tables import ID_MAX, InstantUtc, metadata, salaries, texte

multi_employeurs = Table(
    "multi_employeurs",
    metadata,
    Column("annee", Integer(), primary_key=True, autoincrement=False),
    Column("nir", texte(15), primary_key=True),
    Column("nombre", Integer(), nullable=False),
    Column("fiches", texte(), nullable=False),
    Column("enregistre_le", InstantUtc(), nullable=False),
    Column("par", texte(254), nullable=False),
    Column("version", Integer(), nullable=False),
    CheckConstraint("nombre >= 2", name="nombre"),
    CheckConstraint("version >= 1", name="version"),
)
"""F7: one record per person and year; ``fiches`` the files, principal employer first
(JSON ``[[adherent_id, salarie_id, rang], …]``)."""

parts_multi_employeur = Table(
    "parts_multi_employeur",
    metadata,
    Column("adherent_id", texte(ID_MAX), primary_key=True),
    Column("annee", Integer(), primary_key=True, autoincrement=False),
    Column("salarie_id", texte(ID_MAX), primary_key=True),
    Column("rang", Integer(), nullable=False),
    Column("nombre", Integer(), nullable=False),
    ForeignKeyConstraint(["adherent_id", "salarie_id"],
                         ["salaries.adherent_id", "salaries.salarie_id"]),
    CheckConstraint("rang >= 1 AND rang <= nombre", name="rang"),
)
"""F7: each member's share of a recorded worker's fee, what its assiette reads."""

declarations_multi_employeur = Table(
    "declarations_multi_employeur",
    metadata,
    Column("adherent_id", texte(ID_MAX), primary_key=True),
    Column("annee", Integer(), primary_key=True, autoincrement=False),
    Column("salarie_id", texte(ID_MAX), primary_key=True),
    Column("autres_employeurs", Integer(), nullable=False),
    Column("declaree_le", InstantUtc(), nullable=False),
    Column("par", texte(254), nullable=False),
    ForeignKeyConstraint(["adherent_id", "salarie_id"],
                         ["salaries.adherent_id", "salaries.salarie_id"]),
    CheckConstraint("autres_employeurs >= 1", name="autres_employeurs"),
)
"""F7: a member's declaration that one of its workers has other employers that year."""

ix_salaries_nir = Index(
    "ix_salaries_nir", salaries.c.nir, salaries.c.adherent_id,
    sqlite_where=text("nir IS NOT NULL AND annule = 0"),
    postgresql_where=text("nir IS NOT NULL AND NOT annule"),
)
"""F7: the files not cancelled by NIR then member, for the reconciliation (revision
0013); on ``salaries``, declared here with the statements that use it."""


def _multi(rangee: RangeeLue) -> MultiEmployeur:
    fiches = tuple(FicheMultiEmployeur(str(a), str(s), int(r))
                   for a, s, r in json.loads(rangee["fiches"]))
    return MultiEmployeur(int(rangee["annee"]), Nir(rangee["nir"]), fiches,
                          rangee["enregistre_le"], rangee["par"], int(rangee["version"]))


def _declaration(rangee: RangeeLue) -> DeclarationMultiEmployeur:
    return DeclarationMultiEmployeur(rangee["adherent_id"], rangee["salarie_id"],
                                     int(rangee["annee"]), int(rangee["autres_employeurs"]),
                                     rangee["declaree_le"], rangee["par"])


class MultiEmployeursSql(DepotMultiEmployeurs):
    """Statements run at once, inside the unit's transaction."""

    def __init__(self, uow: UniteSql) -> None:
        self._uow = uow

    def obtenir(self, annee: int, nir: Nir) -> MultiEmployeur | None:
        m = multi_employeurs.c
        rangee = self._uow.rangee(select(multi_employeurs).where(m.annee == annee,
                                                                 m.nir == nir.valeur))
        return None if rangee is None else _multi(rangee)

    def enregistrer(self, multi: MultiEmployeur) -> MultiEmployeur:
        m = multi_employeurs.c
        valeurs = {"nombre": multi.nombre, "enregistre_le": multi.enregistre_le,
                   "par": multi.par, "version": multi.version + 1,
                   "fiches": json.dumps([[f.adherent_id, f.salarie_id, f.rang]
                                         for f in multi.fiches])}
        if multi.version == 0:
            self._uow.ecrire_rangees(insert(multi_employeurs),
                                     {"annee": multi.annee, "nir": multi.nir.valeur, **valeurs})
        else:
            avant = self.obtenir(multi.annee, multi.nir)
            touchees = self._uow.ecrire_rangees(
                update(multi_employeurs).where(m.annee == multi.annee, m.nir == multi.nir.valeur,
                                               m.version == multi.version).values(**valeurs))
            if touchees != 1 or avant is None:
                raise ConflitDeVersion()
            p = parts_multi_employeur.c
            for f in avant.fiches:
                self._uow.ecrire_rangees(delete(parts_multi_employeur).where(
                    p.adherent_id == f.adherent_id, p.annee == multi.annee,
                    p.salarie_id == f.salarie_id))
        self._uow.ecrire_rangees(insert(parts_multi_employeur), [
            {"adherent_id": f.adherent_id, "annee": multi.annee, "salarie_id": f.salarie_id,
             "rang": f.rang, "nombre": multi.nombre} for f in multi.fiches])
        return evolve(multi, version=multi.version + 1)

    def parts(self, adherent_id: str, annee: int) -> Mapping[str, PartMultiEmployeur]:
        if not cle_valide(adherent_id):
            return {}
        p = parts_multi_employeur.c
        return {rangee["salarie_id"]: PartMultiEmployeur(rangee["rang"], rangee["nombre"])
                for rangee in self._uow.rangees(select(p.salarie_id, p.rang, p.nombre).where(
                    p.adherent_id == adherent_id, p.annee == annee))}

    def parts_du_salarie(
        self, adherent_id: str, salarie_id: str
    ) -> Sequence[tuple[int, PartMultiEmployeur]]:
        if not (cle_valide(adherent_id) and cle_valide(salarie_id)):
            return []
        p = parts_multi_employeur.c
        return [(int(rangee["annee"]), PartMultiEmployeur(rangee["rang"], rangee["nombre"]))
                for rangee in self._uow.rangees(select(p.annee, p.rang, p.nombre).where(
                    p.adherent_id == adherent_id, p.salarie_id == salarie_id)
                    .order_by(p.annee))]

    def adherents_avec_parts(self, annee: int) -> Sequence[str]:
        p = parts_multi_employeur.c
        return [str(rangee["adherent_id"]) for rangee in self._uow.rangees(
            select(p.adherent_id).where(p.annee == annee).distinct().order_by(p.adherent_id))]

    def declarer(self, declaration: DeclarationMultiEmployeur) -> None:
        d = declarations_multi_employeur.c
        self._uow.ecrire_rangees(delete(declarations_multi_employeur).where(
            d.adherent_id == declaration.adherent_id, d.annee == declaration.annee,
            d.salarie_id == declaration.salarie_id))
        self._uow.ecrire_rangees(insert(declarations_multi_employeur), {
            "adherent_id": declaration.adherent_id, "annee": declaration.annee,
            "salarie_id": declaration.salarie_id,
            "autres_employeurs": declaration.autres_employeurs,
            "declaree_le": declaration.declaree_le, "par": declaration.par})

    def declarations_du_salarie(
        self, adherent_id: str, salarie_id: str
    ) -> Sequence[DeclarationMultiEmployeur]:
        if not (cle_valide(adherent_id) and cle_valide(salarie_id)):
            return []
        d = declarations_multi_employeur.c
        return [_declaration(rangee) for rangee in self._uow.rangees(
            select(declarations_multi_employeur).where(
                d.adherent_id == adherent_id, d.salarie_id == salarie_id).order_by(d.annee))]

    def declaration(
        self, adherent_id: str, salarie_id: str, annee: int
    ) -> DeclarationMultiEmployeur | None:
        if not (cle_valide(adherent_id) and cle_valide(salarie_id)):
            return None
        d = declarations_multi_employeur.c
        rangee = self._uow.rangee(select(declarations_multi_employeur).where(
            d.adherent_id == adherent_id, d.salarie_id == salarie_id, d.annee == annee))
        return None if rangee is None else _declaration(rangee)

    def rapprochements(self, annee: int, decalage: int, limite: int
                       ) -> Sequence[tuple[FicheChezAdherent, ...]]:
        """Statement 1: the NIRs held on two members or more (one ``GROUP BY`` over the
        files not cancelled) and those of declared files, a page of them, joined back to
        their files. Statement 2, once the NIRs run out: the declared files without NIR."""
        s, d = salaries.c, declarations_multi_employeur.c
        actifs = and_(s.nir.is_not(None), s.annule == false())
        declares = (select(declarations_multi_employeur.c.adherent_id,
                           declarations_multi_employeur.c.salarie_id)
                    .where(d.annee == annee).subquery())
        jointure = salaries.join(declares, and_(s.adherent_id == declares.c.adherent_id,
                                                s.salarie_id == declares.c.salarie_id))
        nirs = union(
            # two members or more; min < max streams along the index (no DISTINCT sort)
            select(s.nir).where(actifs).group_by(s.nir)
            .having(func.min(s.adherent_id) < func.max(s.adherent_id)),
            select(s.nir).select_from(jointure).where(actifs),
        ).subquery()
        page = select(nirs.c.nir).order_by(nirs.c.nir).offset(decalage).limit(limite).subquery()
        groupes: dict[str, list[FicheChezAdherent]] = {}
        for rangee in self._uow.rangees(
                select(s.nir, s.adherent_id, s.salarie_id)
                .join(page, s.nir == page.c.nir).where(s.annule == false())
                .order_by(s.nir, s.adherent_id, s.salarie_id)):
            groupes.setdefault(rangee["nir"], []).append((rangee["adherent_id"],
                                                          rangee["salarie_id"]))
        resultat: list[tuple[FicheChezAdherent, ...]] = [tuple(f) for f in groupes.values()]
        if len(resultat) == limite:
            return resultat
        total = len(resultat) + decalage if resultat else self._uow.rangee(
            select(func.count().label("n")).select_from(nirs))["n"]  # type: ignore[index]
        sans_nir = self._uow.rangees(
            select(s.adherent_id, s.salarie_id).select_from(jointure)
            .where(s.nir.is_(None), s.annule == false())
            .order_by(s.adherent_id, s.salarie_id)
            .offset(max(decalage - int(total), 0)).limit(limite - len(resultat)))
        return resultat + [((rangee["adherent_id"], rangee["salarie_id"]),) for rangee in sans_nir]


__all__ = ["MultiEmployeursSql", "declarations_multi_employeur", "ix_salaries_nir",
           "multi_employeurs", "parts_multi_employeur"]
