"""Salariés on SQLAlchemy Core (their row mapping: ``salaries_rangees.py``; the statements
of a file and of a page of the list, built once: ``salaries_instructions.py``).

Saves are optimistic: ``UPDATE … WHERE adherent_id = :a AND id = :i AND version = :v``,
zero rows -> ``ConflitDeVersion``. Saving a salarié rewrites only that salarié's
contracts, movements and presence stretches. Nothing here loads a whole workforce
except :meth:`SalariesSql.tous`.
"""

from __future__ import annotations

from collections.abc import Sequence

from attrs import evolve
from sqlalchemy import (
    Table,
    exists,
    func,
    or_,
    select,
    tuple_,
)
from sqlalchemy.engine import RowMapping
from sqlalchemy.sql.elements import ColumnElement

from ...domain.erreurs import ConflitDeVersion, salarie_introuvable
from ...domain.salaries import Identite, Salarie
from ...domain.textes import normaliser
from ...domain.verifications import groupes_de_doublons
from ...ports.salaries import DepotSalaries, FiltreSalaries, PageSalaries
from . import salaries_instructions as instructions
from .rangees import Rangee, UniteSql, cle_valide, id_existant, texte_stockable
from .salaries_instructions import ORDRE as _ORDRE
from .salaries_instructions import REPERE, UNE_FICHE, motif_de_prefixe, page, salaries_des_rangees
from .salaries_rangees import ENFANTS, rangee_salarie, rangees_par_table, salarie_depuis_rangees
from .tables import contrats, mouvements
from .tables import salaries as t_salaries

_APRES_TOUT = "\U0010ffff"
"""Greater than any character of a stored name (a noncharacter, refused by the domain), so
every name starting with ``p`` lies in [p, p + _APRES_TOUT) in code-point order."""


class SalariesSql(DepotSalaries):
    def __init__(self, uow: UniteSql) -> None:
        self._uow = uow
        self._lus: dict[tuple[str, str], Salarie] = {}
        """Each salarié as this unit read or wrote it: a save writes only what changed."""

    # -- reading ---------------------------------------------------------------
    def obtenir(self, adherent_id: str, salarie_id: str) -> Salarie:
        if not (cle_valide(adherent_id) and cle_valide(salarie_id)):
            raise salarie_introuvable()
        trouves = salaries_des_rangees(adherent_id, self._uow.rangees_par_position(
            UNE_FICHE, {"adherent_id": adherent_id, "salarie_id": salarie_id}))
        if not trouves:
            raise salarie_introuvable()
        return self._retenir(adherent_id, trouves)[0]

    def _retenir(self, adherent_id: str, charges: list[Salarie]) -> list[Salarie]:
        for salarie in charges:
            self._lus[(adherent_id, salarie.id)] = salarie
        return charges

    def _charger(self, adherent_id: str, rangees: Sequence[RowMapping]) -> list[Salarie]:
        """Whole salariés for rows of ``salaries``: two more queries, whatever their number."""
        if not rangees:
            return []
        ids = [rangee["salarie_id"] for rangee in rangees]
        filtre_c = [contrats.c.adherent_id == adherent_id]
        filtre_m = [mouvements.c.adherent_id == adherent_id]
        if len(ids) == 1:
            filtre_c.append(contrats.c.salarie_id == ids[0])
            filtre_m.append(mouvements.c.salarie_id == ids[0])
        else:
            filtre_c.append(contrats.c.salarie_id.in_(ids))
            filtre_m.append(mouvements.c.salarie_id.in_(ids))
        par_salarie_c: dict[str, list[RowMapping]] = {i: [] for i in ids}
        par_salarie_m: dict[str, list[RowMapping]] = {i: [] for i in ids}
        for c in self._uow.rangees(select(contrats).where(*filtre_c).order_by(contrats.c.rang)):
            par_salarie_c[c["salarie_id"]].append(c)
        for m in self._uow.rangees(select(mouvements).where(*filtre_m)
                                   .order_by(mouvements.c.rang)):
            par_salarie_m[m["salarie_id"]].append(m)
        return self._retenir(adherent_id, [
            salarie_depuis_rangees(rangee, par_salarie_c[rangee["salarie_id"]],
                                   par_salarie_m[rangee["salarie_id"]])
            for rangee in rangees
        ])

    def tous(self, adherent_id: str) -> Sequence[Salarie]:
        """Every file of one adherent, in listing order (name, given names, id)."""
        if not cle_valide(adherent_id):
            return []
        rangees = self._uow.rangees(
            select(t_salaries).where(t_salaries.c.adherent_id == adherent_id).order_by(*_ORDRE)
        )
        return self._charger(adherent_id, rangees)

    def doublons(
        self, adherent_id: str, identite: Identite, sauf: str | None = None
    ) -> Sequence[str]:
        """S2 in SQL, on three indexes: the NIR one, the NTT one, and (names, given names)."""
        if not cle_valide(adherent_id):
            return []
        nom_norm, prenoms_norm, naissance = identite.cle
        parametres = {"adherent_id": adherent_id, "nom_norm": nom_norm,
                      "prenoms_norm": prenoms_norm, "date_naissance": naissance, "sauf": sauf,
                      "nir": None if identite.nir is None else identite.nir.valeur,
                      "ntt": None if identite.ntt is None else identite.ntt.valeur}
        instruction = instructions.instruction_doublons(sauf is not None, identite.nir is not None,
                                                        identite.ntt is not None)
        rangees = self._uow.rangees(instruction, parametres)
        return sorted(rangee["salarie_id"] for rangee in rangees)

    def groupes_de_doublons(self, adherent_id: str) -> Sequence[tuple[str, ...]]:
        """F6 in one query: the adherent's active files whose S2 key, NIR or NTT another
        active file shares; only those few rows are grouped here, with the domain's
        function. The NIRs held twice come from one GROUP BY over the partial NIR index.
        The keys held twice: on SQLite an index probe of ``ix_salaries_tri`` per file, on
        PostgreSQL one hashed GROUP BY (each the faster there: 50,000 files, 0.27 s
        against 0.40 s on SQLite, 0.16 s against 0.51 s on PostgreSQL; bench/doublons.py)."""
        if not cle_valide(adherent_id):
            return []
        s = t_salaries.c
        o = t_salaries.alias("autre").c
        actifs = (o.adherent_id == adherent_id, ~o.annule)
        meme_cle: ColumnElement[bool]
        if self._uow.moteur.dialect.name == "sqlite":
            meme_cle = exists().where(
                o.adherent_id == s.adherent_id, o.nom_norm == s.nom_norm,
                o.prenoms_norm == s.prenoms_norm, o.date_naissance == s.date_naissance,
                ~o.annule, o.salarie_id != s.salarie_id)
        else:
            meme_cle = tuple_(s.nom_norm, s.prenoms_norm, s.date_naissance).in_(
                select(o.nom_norm, o.prenoms_norm, o.date_naissance).where(*actifs)
                .group_by(o.nom_norm, o.prenoms_norm, o.date_naissance)
                .having(func.count() > 1))
        nirs_doubles = (select(o.nir).where(*actifs, o.nir.is_not(None))
                        .group_by(o.nir).having(func.count() > 1))
        ntts_doubles = (select(o.ntt).where(*actifs, o.ntt.is_not(None))
                        .group_by(o.ntt).having(func.count() > 1))
        rangees = self._uow.rangees(
            select(s.salarie_id, s.nir, s.nom_norm, s.prenoms_norm, s.date_naissance, s.ntt)
            .where(s.adherent_id == adherent_id, ~s.annule,
                   or_(meme_cle, s.nir.in_(nirs_doubles), s.ntt.in_(ntts_doubles)))
        )
        return groupes_de_doublons(
            (rangee["salarie_id"], rangee["nir"],
             (rangee["nom_norm"], rangee["prenoms_norm"], rangee["date_naissance"]),
             rangee["ntt"])
            for rangee in rangees
        )

    def lister(
        self, adherent_id: str, filtre: FiltreSalaries, apres: str | None, limite: int
    ) -> PageSalaries:
        """Keyset paging on the (adherent, name, given names, id) index, in one statement
        (``salaries_instructions.page``) after the cursor's key."""
        if not cle_valide(adherent_id):
            return PageSalaries((), None)
        parametres: dict[str, object] = {"adherent_id": adherent_id, "limite": limite + 1}
        prefixe = None if filtre.nom is None else normaliser(filtre.nom)
        if prefixe is not None and not texte_stockable(prefixe):
            return PageSalaries((), None)  # no stored name holds such characters
        if prefixe:
            parametres.update(prefixe=prefixe, borne=prefixe + _APRES_TOUT,
                              motif=motif_de_prefixe(prefixe))
        if filtre.poste_id is not None:
            if not cle_valide(filtre.poste_id):
                return PageSalaries((), None)
            parametres["poste_id"] = filtre.poste_id
        if filtre.present_le is not None:
            parametres["le"] = filtre.present_le
        if filtre.absent_le is not None:
            parametres["absent_le"] = filtre.absent_le
        if apres is not None:
            if not cle_valide(apres):
                raise salarie_introuvable()
            repere = self._uow.rangee(REPERE, {"adherent_id": adherent_id, "salarie_id": apres})
            if repere is None:
                raise salarie_introuvable()
            parametres.update(apres_nom=repere["nom_norm"], apres_prenoms=repere["prenoms_norm"],
                              apres_id=apres)
        instruction = page(bool(prefixe), filtre.poste_id is not None,
                           filtre.present_le is not None, apres is not None, filtre.inclure_annules,
                           filtre.absent_le is not None)
        trouves = salaries_des_rangees(adherent_id,
                                       self._uow.rangees_par_position(instruction, parametres))
        fiches = self._retenir(adherent_id, trouves[:limite])
        return PageSalaries(tuple(fiches), fiches[-1].id if len(trouves) > limite else None)

    # -- writing ---------------------------------------------------------------
    def ajouter(self, salarie: Salarie) -> Salarie:
        if self._uow.rangee(instructions.EXISTE, {"adherent_id": salarie.adherent_id,
                                                  "salarie_id": salarie.id}) is not None:
            raise id_existant()
        self._uow.ecrire_rangees(instructions.inserer(t_salaries), rangee_salarie(salarie, 1))
        for table, rangees, _cle in ENFANTS:
            self._uow.ecrire_rangees(instructions.inserer(table), rangees(salarie))
        nouveau = evolve(salarie, version=1)
        self._lus[(salarie.adherent_id, salarie.id)] = nouveau
        return nouveau

    def ajouter_tous(self, salaries: Sequence[Salarie]) -> list[Salarie]:
        """An import's new files: one existence check per 500 ids and one executemany
        per table, instead of five statements per file (docs/performance.md)."""
        cles = [(salarie.adherent_id, salarie.id) for salarie in salaries]
        if len(set(cles)) != len(cles):
            raise id_existant()
        par_adherent: dict[str, list[str]] = {}
        for adherent_id, salarie_id in cles:
            par_adherent.setdefault(adherent_id, []).append(salarie_id)
        s = t_salaries.c
        for adherent_id, ids in par_adherent.items():
            for debut in range(0, len(ids), 500):
                if self._uow.rangee(select(s.salarie_id).where(
                        s.adherent_id == adherent_id, s.salarie_id.in_(ids[debut:debut + 500])
                ).limit(1)) is not None:
                    raise id_existant()
        for table, rangees in rangees_par_table(salaries).items():
            self._uow.ecrire_rangees(instructions.inserer(table), rangees)
        nouveaux = [evolve(salarie, version=1) for salarie in salaries]
        for nouveau in nouveaux:
            self._lus[(nouveau.adherent_id, nouveau.id)] = nouveau
        return nouveaux

    def enregistrer(self, salarie: Salarie) -> Salarie:
        nouvelle = salarie.version + 1
        valeurs = rangee_salarie(salarie, nouvelle)
        del valeurs["adherent_id"], valeurs["salarie_id"]
        touchees = self._uow.ecrire_rangees(instructions.ENREGISTRER, {
            **valeurs, "b_adherent_id": salarie.adherent_id, "b_salarie_id": salarie.id,
            "b_version": salarie.version})
        if touchees != 1:
            raise ConflitDeVersion()
        cle = (salarie.adherent_id, salarie.id)
        avant = self._lus.get(cle)
        if avant is None or avant.version != salarie.version:
            avant = None  # read elsewhere: rewrite every child row
        for table, rangees, colonne in ENFANTS:
            self._ecrire_difference(table, colonne, salarie,
                                    None if avant is None else rangees(avant), rangees(salarie))
        nouveau = evolve(salarie, version=nouvelle)
        self._lus[cle] = nouveau
        return nouveau

    def _ecrire_difference(
        self, table: Table, colonne: str, salarie: Salarie, avant: list[Rangee] | None,
        apres: list[Rangee],
    ) -> None:
        """Delete, update and insert the child rows that differ from ``avant`` (the rows
        as stored at the version being replaced; ``None``: unknown, replace them all)."""
        du_salarie = {"b_adherent_id": salarie.adherent_id, "b_salarie_id": salarie.id}
        if avant is None:
            self._uow.ecrire_rangees(instructions.supprimer_rangees(table, None), du_salarie)
            self._uow.ecrire_rangees(instructions.inserer(table), apres)
            return
        anciennes = {rangee[colonne]: rangee for rangee in avant}
        nouvelles = {rangee[colonne]: rangee for rangee in apres}
        retirees = [k for k in anciennes if k not in nouvelles]
        if retirees:
            self._uow.ecrire_rangees(instructions.supprimer_rangees(table, colonne),
                                     {**du_salarie, "b_cles": retirees})
        changees = [rangee for k, rangee in nouvelles.items()
                    if k in anciennes and anciennes[k] != rangee]
        if changees:
            cles = ("adherent_id", "salarie_id", colonne)
            self._uow.ecrire_rangees(instructions.modifier(table, colonne), [
                {**{c: v for c, v in rangee.items() if c not in cles},
                 **{f"cle_{c}": rangee[c] for c in cles}} for rangee in changees])
        self._uow.ecrire_rangees(instructions.inserer(table),
                                 [rangee for k, rangee in nouvelles.items() if k not in anciennes])


__all__ = ["SalariesSql"]
