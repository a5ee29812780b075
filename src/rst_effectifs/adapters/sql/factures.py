"""Invoices on SQL (F8): one row per document — the whole :class:`Facture` as JSON (the
storage converter of closings, whose format never follows the front ends':
``json_factures``) and its CII XML — inserted once. Triggers refuse any ``UPDATE`` or
``DELETE`` of them; the numbering lock is an advisory lock on PostgreSQL and the write
lock on SQLite. Issuing reads each closing's ``resume``, never its lines."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Column, ColumnElement, RowMapping, any_, bindparam, func, insert, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.dialects.postgresql import insert as insert_postgresql
from sqlalchemy.dialects.sqlite import insert as insert_sqlite

from ...domain.erreurs import ErreurTechnique
from ...domain.factures import (
    Acheteur,
    Facture,
    NatureDocument,
    Objet,
    ResumeCloture,
    facture_introuvable,
)
from ...domain.identifiants import NumeroAdherent, Siret
from ...domain.periodes import Periode
from ...ports.factures import AEmettre, DepotFactures, FactureEmise
from .adherents import adresse_depuis_json
from .json_clotures import resume_depuis_json
from .json_factures import facture_depuis_json, facture_en_json
from .rangees import Rangee, UniteSql, cle_valide, texte_stockable
from .tables import adherents, clotures, factures, numerotation
from .verrous import numero_de_verrou

VERROU_NUMEROTATION = numero_de_verrou("", "factures\x1fnumerotation")
"""The one advisory lock every numbering unit takes on PostgreSQL."""


def rangee_facture(document: FactureEmise) -> Rangee:
    f = document.facture
    assert f.periode.fin is not None and f.cloture.fin is not None
    return {"adherent_id": f.adherent_id, "numero": f.numero, "annee": f.annee,
            "rang": f.rang, "nature": f.nature.value, "objet": f.objet.value,
            "cloture_debut": f.cloture.debut, "cloture_fin": f.cloture.fin,
            "debut": f.periode.debut, "fin": f.periode.fin, "emise_a": f.emise_a,
            "total_ht": f.total_ht, "total_ttc": f.total_ttc,
            "contenu": facture_en_json(f), "xml": document.xml}


def _acheteur(adherent_id: str, rangee: RowMapping) -> Acheteur:
    return Acheteur(adherent_id, NumeroAdherent(rangee["numero"]), rangee["raison_sociale"],
                    Siret(rangee["siret"]), adresse_depuis_json(rangee["adresse"]))


class FacturesSql(DepotFactures):
    """F8 on SQLite and PostgreSQL (see the module docstring)."""

    def __init__(self, uow: UniteSql) -> None:
        self._uow = uow

    def verrouiller_numerotation(self) -> None:
        self._uow.verrouiller_exclusif(VERROU_NUMEROTATION)

    def dernier_rang(self, annee: int) -> int:
        rangee = self._uow.rangee(select(numerotation.c.dernier)
                                  .where(numerotation.c.annee == annee))
        return 0 if rangee is None else int(rangee["dernier"])

    def ajouter(self, documents: Sequence[FactureEmise]) -> None:
        if not documents:
            return
        derniers: dict[int, int] = {}
        for document in documents:
            f = document.facture
            if f.annee not in derniers:
                derniers[f.annee] = self.dernier_rang(f.annee)
            if f.rang != derniers[f.annee] + 1:
                raise ErreurTechnique("Les numéros de facture ne se suivent pas.",
                                      code="facture.numerotation")
            derniers[f.annee] = f.rang
        self._uow.ecrire_rangees(insert(factures), [rangee_facture(d) for d in documents])
        dialecte = self._uow.moteur.dialect.name
        inserer = insert_postgresql if dialecte == "postgresql" else insert_sqlite
        for annee, dernier in derniers.items():
            instruction = inserer(numerotation).values(annee=annee, dernier=dernier)
            self._uow.ecrire_rangees(instruction.on_conflict_do_update(
                index_elements=[numerotation.c.annee], set_={"dernier": dernier}))

    def obtenir(self, adherent_id: str, numero: str) -> FactureEmise:
        if not cle_valide(adherent_id) or not isinstance(numero, str) or not (
                0 < len(numero) <= 60 and texte_stockable(numero)):
            raise facture_introuvable()
        rangee = self._uow.rangee(select(factures.c.contenu, factures.c.xml).where(
            factures.c.adherent_id == adherent_id, factures.c.numero == numero))
        if rangee is None:
            raise facture_introuvable()
        return FactureEmise(facture_depuis_json(rangee["contenu"]), rangee["xml"])

    def _lister(self, *conditions: ColumnElement[bool]) -> list[Facture]:
        rangees = self._uow.rangees(select(factures.c.contenu).where(*conditions)
                                    .order_by(factures.c.emise_a, factures.c.annee,
                                              factures.c.rang))
        return [facture_depuis_json(rangee["contenu"]) for rangee in rangees]

    def lister(self, adherent_id: str) -> Sequence[Facture]:
        if not cle_valide(adherent_id):
            return ()
        return self._lister(factures.c.adherent_id == adherent_id)

    def de_la_cloture(self, adherent_id: str, cloture: Periode) -> Sequence[Facture]:
        if not cle_valide(adherent_id) or cloture.fin is None:
            return ()
        return self._lister(factures.c.adherent_id == adherent_id,
                            factures.c.cloture_debut == cloture.debut,
                            factures.c.cloture_fin == cloture.fin)

    def appel(self, adherent_id: str, periode: Periode) -> Facture | None:
        if not cle_valide(adherent_id) or periode.fin is None:
            return None
        trouvees = self._lister(factures.c.adherent_id == adherent_id,
                                factures.c.objet == Objet.APPEL.value,
                                factures.c.debut == periode.debut,
                                factures.c.fin == periode.fin)
        return trouvees[0] if trouvees else None

    def _a_facturer(self, periode: Periode) -> tuple[ColumnElement[bool], ...]:
        assert periode.fin is not None
        emises = select(factures.c.adherent_id).where(
            factures.c.adherent_id == clotures.c.adherent_id,
            factures.c.cloture_debut == periode.debut, factures.c.cloture_fin == periode.fin,
            factures.c.objet == Objet.APPEL.value,
            factures.c.nature == NatureDocument.FACTURE.value)
        return (clotures.c.debut == periode.debut, clotures.c.fin == periode.fin,
                ~emises.exists())

    def _parmi(self, colonne: Column[str], valeurs: Sequence[str]) -> ColumnElement[bool]:
        """``colonne IN valeurs``; on PostgreSQL ``= ANY`` of one array parameter, so that
        a batch's thousand ids make one short statement, not a thousand parameters."""
        if self._uow.moteur.dialect.name == "postgresql":
            return colonne == any_(bindparam(None, list(valeurs), type_=ARRAY(colonne.type)))
        return colonne.in_(valeurs)

    def a_emettre(self, periode: Periode, adherent_ids: Sequence[str]) -> Sequence[AEmettre]:
        ids = [i for i in adherent_ids if cle_valide(i)]
        if periode.fin is None or not ids:
            return ()
        emise = select(factures.c.numero).where(
            factures.c.adherent_id == clotures.c.adherent_id,
            factures.c.cloture_debut == clotures.c.debut)
        par_membre: dict[str, list[ResumeCloture]] = {}
        acheteurs: dict[str, RowMapping] = {}
        for rangee in self._uow.rangees(
                select(clotures.c.adherent_id, clotures.c.debut, clotures.c.fin,
                       clotures.c.resume, adherents.c.numero, adherents.c.raison_sociale,
                       adherents.c.siret, adherents.c.adresse)
                .join(adherents, adherents.c.adherent_id == clotures.c.adherent_id)
                .where(self._parmi(clotures.c.adherent_id, ids),
                       clotures.c.debut <= periode.debut, ~emise.exists())
                .order_by(clotures.c.adherent_id, clotures.c.debut)):
            adherent_id = rangee["adherent_id"]
            acheteurs[adherent_id] = rangee
            par_membre.setdefault(adherent_id, []).append(resume_depuis_json(
                adherent_id, Periode(rangee["debut"], rangee["fin"]), rangee["resume"]))
        par_membre = {a: c for a, c in par_membre.items() if c[-1].periode == periode}
        if not par_membre:
            return ()
        regularisees = {a: {r.periode for c in cs for r in c.regularisations}
                        for a, cs in par_membre.items()}
        appels: dict[str, list[Facture]] = {}
        avec = [a for a, periodes in regularisees.items() if periodes]
        if avec:
            for rangee in self._uow.rangees(select(
                    factures.c.adherent_id, factures.c.debut, factures.c.fin,
                    factures.c.contenu).where(self._parmi(factures.c.adherent_id, avec),
                                              factures.c.objet == Objet.APPEL.value)):
                if Periode(rangee["debut"], rangee["fin"]) in regularisees[rangee["adherent_id"]]:
                    appels.setdefault(rangee["adherent_id"], []).append(
                        facture_depuis_json(rangee["contenu"]))
        return [AEmettre(_acheteur(a, acheteurs[a]), tuple(par_membre[a]),
                         tuple(appels.get(a, ()))) for a in ids if a in par_membre]

    def a_facturer(self, periode: Periode, apres: str | None, limite: int) -> Sequence[str]:
        if periode.fin is None or limite <= 0:
            return ()
        instruction = select(clotures.c.adherent_id).where(*self._a_facturer(periode))
        if apres is not None:
            instruction = instruction.where(clotures.c.adherent_id > apres)
        rangees = self._uow.rangees(instruction.order_by(clotures.c.adherent_id).limit(limite))
        return [rangee["adherent_id"] for rangee in rangees]

    def compter_a_facturer(self, periode: Periode) -> int:
        if periode.fin is None:
            return 0
        rangee = self._uow.rangee(select(func.count().label("n")).select_from(clotures)
                                  .where(*self._a_facturer(periode)))
        return 0 if rangee is None else int(rangee["n"])

    def rangs(self, annee: int) -> Sequence[int]:
        rangees = self._uow.rangees(select(factures.c.rang).where(factures.c.annee == annee)
                                    .order_by(factures.c.rang))
        return [int(rangee["rang"]) for rangee in rangees]


__all__ = ["FacturesSql", "facture_depuis_json", "facture_en_json"]
