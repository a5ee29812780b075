"""Repositories on SQLAlchemy Core, and the row <-> domain mapping (never in the domain).

Saves are optimistic: ``UPDATE … WHERE adherent_id = :a AND id = :i AND version = :v``,
zero rows -> ``ConflitDeVersion``. Saving a salarié rewrites only that salarié's
contracts, movements and presence stretches; saving an adherent writes only the postes
that changed. Nothing here loads a whole workforce except :meth:`SalariesSql.tous`.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from attrs import evolve
from sqlalchemy import (
    Table,
    and_,
    bindparam,
    delete,
    exists,
    false,
    func,
    insert,
    or_,
    select,
    tuple_,
    update,
)
from sqlalchemy.engine import RowMapping
from sqlalchemy.sql.elements import ColumnElement

from ...domain.adherents import Adherent
from ...domain.contrats import Contrat, NatureContrat
from ...domain.erreurs import (
    ConflitDeVersion,
    DonneeInvalide,
    adherent_introuvable,
    salarie_introuvable,
)
from ...domain.facturation import durees_des_chaines, morceaux_comptables
from ...domain.identifiants import CodePcsEse, Email, Nir, NumeroAdherent, NumeroTeledeclarant
from ...domain.identifiants import Siret as SiretId
from ...domain.journal import EntreeJournal
from ...domain.postes import Poste
from ...domain.salaries import Identite, Mouvement, Reintegration, Salarie, Sortie
from ...domain.suivi import Risque
from ...domain.textes import normaliser
from ...domain.verifications import groupes_de_doublons
from ...ports.repositories import FiltreSalaries, PageSalaries, RequeteTraitee
from .tables import (
    CHAINES_STOCKEES,
    ID_MAX,
    OUVERT,
    adherents,
    contrats,
    journal,
    morceaux,
    mouvements,
    postes,
    presences,
)
from .tables import requetes as t_requetes
from .tables import salaries as t_salaries

if TYPE_CHECKING:
    from .unit_of_work import UniteDeTravailSql

Ligne = dict[str, Any]
LigneLue = Mapping[Any, Any]
"""A row as read (SQLAlchemy's RowMapping)."""

SORTIE = "sortie"
REINTEGRATION = "reintegration"


def id_existant() -> DonneeInvalide:
    """As the memory adapter says it (checked first, so that the answer does not depend
    on which constraint an engine happens to check first)."""
    return DonneeInvalide("Cet identifiant existe déjà.", code="id.existant")


def _texte_stockable(valeur: str) -> bool:
    """Text every engine can take as a parameter: UTF-8 encodable, no NUL."""
    try:
        valeur.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return "\x00" not in valeur


def cle_valide(valeur: object) -> bool:
    """An id the database can hold; any other is simply unknown (A4), as in memory."""
    return isinstance(valeur, str) and 0 < len(valeur) <= ID_MAX and _texte_stockable(valeur)


# -- mapping: adherents and postes --------------------------------------------------------


def ligne_adherent(adherent: Adherent, version: int) -> Ligne:
    return {
        "adherent_id": adherent.id,
        "numero": adherent.numero.valeur,
        "siret": adherent.siret.valeur,
        "raison_sociale": adherent.raison_sociale,
        "email_connexion": adherent.email_connexion.valeur,
        "numero_teledeclarant": None if adherent.numero_teledeclarant is None
        else adherent.numero_teledeclarant.valeur,
        "cloture_au": adherent.cloture_au,
        "version": version,
    }


def ligne_poste(adherent_id: str, rang: int, poste: Poste) -> Ligne:
    return {
        "adherent_id": adherent_id,
        "poste_id": poste.id,
        "rang": rang,
        "libelle": poste.libelle,
        "libelle_norm": poste.cle_libelle,
        "risques": ",".join(sorted(r.value for r in poste.risques)),
        "justification_sir": poste.justification_sir,
        "code_pcs": None if poste.code_pcs is None else poste.code_pcs.valeur,
        "archive": poste.archive,
        "utilise": poste.utilise,
        "type_de_suivi": poste.type_de_suivi.value,
        "version": poste.version,
    }


def poste_depuis_ligne(ligne: LigneLue) -> Poste:
    return Poste(
        id=ligne["poste_id"],
        libelle=ligne["libelle"],
        risques=frozenset(Risque(code) for code in ligne["risques"].split(",") if code),
        justification_sir=ligne["justification_sir"],
        code_pcs=None if ligne["code_pcs"] is None else CodePcsEse(ligne["code_pcs"]),
        archive=bool(ligne["archive"]),
        utilise=bool(ligne["utilise"]),
        version=ligne["version"],
    )


def adherent_depuis_lignes(ligne: LigneLue, postes_: Iterable[Poste]) -> Adherent:
    teledeclarant = ligne["numero_teledeclarant"]
    return Adherent(
        id=ligne["adherent_id"],
        numero=NumeroAdherent(ligne["numero"]),
        siret=SiretId(ligne["siret"]),
        raison_sociale=ligne["raison_sociale"],
        email_connexion=Email(ligne["email_connexion"]),
        numero_teledeclarant=None if teledeclarant is None else NumeroTeledeclarant(teledeclarant),
        postes=tuple(postes_),
        cloture_au=ligne["cloture_au"],
        version=ligne["version"],
    )


# -- mapping: salariés ---------------------------------------------------------------------


def majorite(naissance: dt.date) -> dt.date:
    """The first day the person is 18 (P3); born on 29 February: 1 March."""
    try:
        return naissance.replace(year=naissance.year + 18)
    except ValueError:
        return dt.date(naissance.year + 18, 3, 1)


def ligne_salarie(salarie: Salarie, version: int) -> Ligne:
    identite = salarie.identite
    nom_norm, prenoms_norm, _naissance = identite.cle
    return {
        "adherent_id": salarie.adherent_id,
        "salarie_id": salarie.id,
        "nom": identite.nom,
        "prenoms": identite.prenoms,
        "nom_norm": nom_norm,
        "prenoms_norm": prenoms_norm,
        "date_naissance": identite.date_naissance,
        "majorite": majorite(identite.date_naissance),
        "nir": None if identite.nir is None else identite.nir.valeur,
        "annule": salarie.annule,
        "version": version,
    }


def lignes_contrats(salarie: Salarie) -> list[Ligne]:
    return [
        {
            "adherent_id": salarie.adherent_id,
            "salarie_id": salarie.id,
            "contrat_id": c.id,
            "rang": rang,
            "nature": c.nature.value,
            "debut": c.debut,
            "fin": c.fin,
            "poste_id": c.poste_id,
            "dispositif": c.dispositif,
            "numero": c.numero,
            "annule": c.annule,
            "clot_id": c.clot_id,
            "fin_close": c.fin_close,
        }
        for rang, c in enumerate(salarie.contrats)
    ]


def lignes_mouvements(salarie: Salarie) -> list[Ligne]:
    lignes: list[Ligne] = []
    for rang, m in enumerate(salarie.mouvements):
        ligne: Ligne = {
            "adherent_id": salarie.adherent_id,
            "salarie_id": salarie.id,
            "mouvement_id": m.id,
            "rang": rang,
            "le": m.le,
            "motif": m.motif,
            "annule": m.annule,
            "contrat_clos_id": None,
            "fin_close": None,
            "contrat_id": None,
        }
        if isinstance(m, Sortie):
            ligne.update(genre=SORTIE, contrat_clos_id=m.contrat_clos_id, fin_close=m.fin_close)
        else:
            ligne.update(genre=REINTEGRATION, contrat_id=m.contrat_id)
        lignes.append(ligne)
    return lignes


def lignes_presences(salarie: Salarie) -> list[Ligne]:
    return [
        {"adherent_id": salarie.adherent_id, "salarie_id": salarie.id,
         "debut": p.debut, "fin": p.fin}
        for p in salarie.periodes_de_presence()
    ]


def lignes_morceaux(salarie: Salarie) -> list[Ligne]:
    """The derived ``morceaux`` rows: none for a cancelled file; with, for each exclusion
    set of ``CHAINES_STOCKEES``, the piece's chain length and the longest earlier one."""
    if salarie.annule:
        return []
    morceaux_ = morceaux_comptables(salarie)
    if not morceaux_:
        return []
    premier = morceaux_[0][0].debut.toordinal()
    lignes: list[Ligne] = [
        {"adherent_id": salarie.adherent_id, "salarie_id": salarie.id,
         "debut": periode.debut.toordinal(),
         "fin": OUVERT if periode.fin is None else periode.fin.toordinal(),
         "poste_id": contrat.poste_id, "premier": premier}
        for periode, contrat in morceaux_
    ]
    for natures, colonne_duree, colonne_avant in CHAINES_STOCKEES:
        durees = durees_des_chaines(salarie, frozenset(NatureContrat(n) for n in natures))
        avant = 0
        for ligne, (_periode, contrat) in zip(lignes, morceaux_, strict=True):
            duree: int | None = None  # the contract's nature is excluded
            if contrat.id in durees:
                duree = durees[contrat.id]
                duree = OUVERT if duree is None else duree
            ligne[colonne_duree] = duree
            ligne[colonne_avant] = avant
            if duree is not None and duree > avant:
                avant = duree
    return lignes


def contrat_depuis_ligne(ligne: LigneLue) -> Contrat:
    return Contrat(
        id=ligne["contrat_id"],
        nature=NatureContrat(ligne["nature"]),
        debut=ligne["debut"],
        poste_id=ligne["poste_id"],
        fin=ligne["fin"],
        dispositif=ligne["dispositif"],
        numero=ligne["numero"],
        annule=bool(ligne["annule"]),
        clot_id=ligne["clot_id"],
        fin_close=ligne["fin_close"],
    )


def mouvement_depuis_ligne(ligne: LigneLue) -> Mouvement:
    if ligne["genre"] == SORTIE:
        return Sortie(
            id=ligne["mouvement_id"], le=ligne["le"], motif=ligne["motif"],
            annule=bool(ligne["annule"]), contrat_clos_id=ligne["contrat_clos_id"],
            fin_close=ligne["fin_close"],
        )
    return Reintegration(
        id=ligne["mouvement_id"], le=ligne["le"], motif=ligne["motif"],
        annule=bool(ligne["annule"]), contrat_id=ligne["contrat_id"],
    )


def salarie_depuis_lignes(
    ligne: LigneLue,
    contrats_: Iterable[LigneLue],
    mouvements_: Iterable[LigneLue],
) -> Salarie:
    nir = ligne["nir"]
    return Salarie(
        id=ligne["salarie_id"],
        adherent_id=ligne["adherent_id"],
        identite=Identite(
            nom=ligne["nom"],
            prenoms=ligne["prenoms"],
            date_naissance=ligne["date_naissance"],
            nir=None if nir is None else Nir(nir),
        ),
        contrats=tuple(contrat_depuis_ligne(c) for c in contrats_),
        mouvements=tuple(mouvement_depuis_ligne(m) for m in mouvements_),
        annule=bool(ligne["annule"]),
        version=ligne["version"],
    )


# -- repositories ---------------------------------------------------------------------------


class AdherentsSql:
    def __init__(self, uow: UniteDeTravailSql) -> None:
        self._uow = uow

    def obtenir(self, adherent_id: str) -> Adherent:
        if not cle_valide(adherent_id):
            raise adherent_introuvable()
        ligne = self._uow.une(select(adherents).where(adherents.c.adherent_id == adherent_id))
        if ligne is None:
            raise adherent_introuvable()
        return adherent_depuis_lignes(ligne, self._postes(adherent_id))

    def _postes(self, adherent_id: str) -> list[Poste]:
        lignes = self._uow.lignes(
            select(postes).where(postes.c.adherent_id == adherent_id).order_by(postes.c.rang)
        )
        return [poste_depuis_ligne(ligne) for ligne in lignes]

    def ajouter(self, adherent: Adherent) -> Adherent:
        if self._uow.une(select(adherents.c.version)
                         .where(adherents.c.adherent_id == adherent.id)) is not None:
            raise id_existant()
        self._uow.executer(insert(adherents), ligne_adherent(adherent, 1))
        self._uow.executer(
            insert(postes), [ligne_poste(adherent.id, i, p) for i, p in enumerate(adherent.postes)]
        )
        return evolve(adherent, version=1)

    def enregistrer(self, adherent: Adherent) -> Adherent:
        nouvelle = adherent.version + 1
        valeurs = ligne_adherent(adherent, nouvelle)
        del valeurs["adherent_id"]
        touchees = self._uow.executer(
            update(adherents)
            .where(adherents.c.adherent_id == adherent.id,
                   adherents.c.version == adherent.version)
            .values(**valeurs)
        )
        if touchees != 1:
            raise ConflitDeVersion()
        self._synchroniser_postes(adherent)
        return evolve(adherent, version=nouvelle)

    def _synchroniser_postes(self, adherent: Adherent) -> None:
        """Write only what changed. P1's partial unique index holds at every statement,
        so when several labels or archive flags change at once the changed rows first
        leave the index (archived for a moment), then take their final values."""
        stockees = {
            ligne["poste_id"]: dict(ligne)
            for ligne in self._uow.lignes(select(postes).where(postes.c.adherent_id == adherent.id))
        }
        voulues = [ligne_poste(adherent.id, i, p) for i, p in enumerate(adherent.postes)]
        ids_voulus = {v["poste_id"] for v in voulues}
        retirees = [pid for pid in stockees if pid not in ids_voulus]
        changees = [v for v in voulues
                    if v["poste_id"] in stockees and stockees[v["poste_id"]] != v]
        nouvelles = [v for v in voulues if v["poste_id"] not in stockees]
        if retirees:
            self._uow.executer(
                delete(postes).where(postes.c.adherent_id == adherent.id,
                                     postes.c.poste_id.in_(retirees))
            )
        cle_changee = [
            v["poste_id"] for v in changees
            if (v["libelle_norm"], v["archive"]) != (stockees[v["poste_id"]]["libelle_norm"],
                                                     stockees[v["poste_id"]]["archive"])
        ]
        if len(cle_changee) > 1:
            self._uow.executer(
                update(postes)
                .where(postes.c.adherent_id == adherent.id, postes.c.poste_id.in_(cle_changee))
                .values(archive=True)
            )
        if changees:
            colonnes = [c for c in voulues[0] if c not in ("adherent_id", "poste_id")]
            self._uow.executer(
                update(postes)
                .where(postes.c.adherent_id == bindparam("b_adherent_id"),
                       postes.c.poste_id == bindparam("b_poste_id"))
                .values({c: bindparam(c) for c in colonnes}),
                [{**{c: v[c] for c in colonnes}, "b_adherent_id": v["adherent_id"],
                  "b_poste_id": v["poste_id"]} for v in changees],
            )
        self._uow.executer(insert(postes), nouvelles)

    def numero_existe(self, numero: str) -> bool:
        ligne = self._uow.une(select(adherents.c.adherent_id).where(adherents.c.numero == numero)
                              .limit(1))
        return ligne is not None

    def id_par_numero(self, numero: str) -> str | None:
        ligne = self._uow.une(select(adherents.c.adherent_id).where(adherents.c.numero == numero)
                              .limit(1))
        return None if ligne is None else str(ligne["adherent_id"])

    def ids(self, limite: int | None = None) -> list[str]:
        requete = select(adherents.c.adherent_id).order_by(adherents.c.adherent_id)
        return [str(r["adherent_id"]) for r in self._uow.lignes(
            requete if limite is None else requete.limit(limite))]


_ORDRE = (t_salaries.c.nom_norm, t_salaries.c.prenoms_norm, t_salaries.c.salarie_id)
_APRES_TOUT = "\U0010ffff"
"""Greater than any character of a stored name (a noncharacter, refused by the domain), so
every name starting with ``p`` lies in [p, p + _APRES_TOUT) in code-point order."""


_ENFANTS = (
    (contrats, lignes_contrats, "contrat_id"),
    (mouvements, lignes_mouvements, "mouvement_id"),
    (presences, lignes_presences, "debut"),
    (morceaux, lignes_morceaux, "debut"),
)
"""A salarié's child tables: the rows of one salarié and the column that tells them apart."""


def lignes_par_table(salaries: Iterable[Salarie], version: int = 1) -> dict[Table, list[Ligne]]:
    """Every row new files are stored as, by table, files first: what ``ajouter_tous``
    writes, and what bulk loaders (benchmarks, tests) write with ``executemany``."""
    par_table: dict[Table, list[Ligne]] = {t_salaries: []}
    par_table.update((table, []) for table, _lignes, _cle in _ENFANTS)
    for salarie in salaries:
        par_table[t_salaries].append(ligne_salarie(salarie, version))
        for table, lignes, _cle in _ENFANTS:
            par_table[table] += lignes(salarie)
    return par_table


class SalariesSql:
    def __init__(self, uow: UniteDeTravailSql) -> None:
        self._uow = uow
        self._lus: dict[tuple[str, str], Salarie] = {}
        """Each salarié as this unit read or wrote it: a save writes only what changed."""

    # -- reading ---------------------------------------------------------------
    def obtenir(self, adherent_id: str, salarie_id: str) -> Salarie:
        if not (cle_valide(adherent_id) and cle_valide(salarie_id)):
            raise salarie_introuvable()
        ligne = self._uow.une(
            select(t_salaries).where(t_salaries.c.adherent_id == adherent_id,
                                     t_salaries.c.salarie_id == salarie_id)
        )
        if ligne is None:
            raise salarie_introuvable()
        return self._charger(adherent_id, [ligne])[0]

    def _charger(self, adherent_id: str, lignes: Sequence[RowMapping]) -> list[Salarie]:
        """Whole salariés for rows of ``salaries``: two more queries, whatever their number."""
        if not lignes:
            return []
        ids = [ligne["salarie_id"] for ligne in lignes]
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
        for c in self._uow.lignes(select(contrats).where(*filtre_c).order_by(contrats.c.rang)):
            par_salarie_c[c["salarie_id"]].append(c)
        for m in self._uow.lignes(select(mouvements).where(*filtre_m)
                                  .order_by(mouvements.c.rang)):
            par_salarie_m[m["salarie_id"]].append(m)
        charges = [
            salarie_depuis_lignes(ligne, par_salarie_c[ligne["salarie_id"]],
                                  par_salarie_m[ligne["salarie_id"]])
            for ligne in lignes
        ]
        for salarie in charges:
            self._lus[(adherent_id, salarie.id)] = salarie
        return charges

    def tous(self, adherent_id: str) -> Sequence[Salarie]:
        """Every file of one adherent, in listing order (name, given names, id)."""
        if not cle_valide(adherent_id):
            return []
        lignes = self._uow.lignes(
            select(t_salaries).where(t_salaries.c.adherent_id == adherent_id).order_by(*_ORDRE)
        )
        return self._charger(adherent_id, lignes)

    def doublons(
        self, adherent_id: str, identite: Identite, sauf: str | None = None
    ) -> Sequence[str]:
        """S2 in SQL, on two indexes: the NIR one, and (names, given names)."""
        if not cle_valide(adherent_id):
            return []
        s = t_salaries.c
        nom_norm, prenoms_norm, naissance = identite.cle
        meme_cle = and_(s.nom_norm == nom_norm, s.prenoms_norm == prenoms_norm,
                        s.date_naissance == naissance)
        base = [s.adherent_id == adherent_id, ~s.annule]
        if sauf is not None:
            base.append(s.salarie_id != sauf)
        par_cle = select(s.salarie_id).where(*base, meme_cle)
        if identite.nir is None:
            lignes = self._uow.lignes(par_cle)
        else:
            # A UNION of two index lookups, not an OR: SQLite scans the member for the OR.
            lignes = self._uow.lignes(
                select(s.salarie_id).where(*base, s.nir == identite.nir.valeur)
                .union(par_cle.where(s.nir.is_(None)))
            )
        return sorted(ligne["salarie_id"] for ligne in lignes)

    def groupes_de_doublons(self, adherent_id: str) -> Sequence[tuple[str, ...]]:
        """F6 in one query: the adherent's active files whose S2 key or NIR another
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
        lignes = self._uow.lignes(
            select(s.salarie_id, s.nir, s.nom_norm, s.prenoms_norm, s.date_naissance)
            .where(s.adherent_id == adherent_id, ~s.annule,
                   or_(meme_cle, s.nir.in_(nirs_doubles)))
        )
        return groupes_de_doublons(
            (ligne["salarie_id"], ligne["nir"],
             (ligne["nom_norm"], ligne["prenoms_norm"], ligne["date_naissance"]))
            for ligne in lignes
        )

    def lister(
        self, adherent_id: str, filtre: FiltreSalaries, apres: str | None, limite: int
    ) -> PageSalaries:
        """Keyset paging on the (adherent, name, given names, id) index."""
        if not cle_valide(adherent_id):
            return PageSalaries((), None)
        s = t_salaries.c
        requete = select(t_salaries).where(s.adherent_id == adherent_id)
        if not filtre.inclure_annules:
            requete = requete.where(~s.annule)
        if filtre.nom is not None:
            prefixe = normaliser(filtre.nom)
            if not _texte_stockable(prefixe):
                requete = requete.where(false())  # no stored name holds such characters
            elif prefixe:
                # The range lets SQLite use the index (its LIKE cannot); LIKE keeps it exact.
                requete = requete.where(s.nom_norm >= prefixe,
                                        s.nom_norm < prefixe + _APRES_TOUT,
                                        s.nom_norm.startswith(prefixe, autoescape=True))
        if filtre.poste_id is not None and not cle_valide(filtre.poste_id):
            requete = requete.where(false())
        elif filtre.poste_id is not None:
            requete = requete.where(exists().where(
                contrats.c.adherent_id == s.adherent_id, contrats.c.salarie_id == s.salarie_id,
                contrats.c.poste_id == filtre.poste_id, ~contrats.c.annule,
            ))
        if filtre.present_le is not None:
            le = filtre.present_le
            requete = requete.where(exists().where(
                presences.c.adherent_id == s.adherent_id, presences.c.salarie_id == s.salarie_id,
                presences.c.debut <= le, or_(presences.c.fin.is_(None), presences.c.fin >= le),
            ))
        if apres is not None:
            repere = self.obtenir(adherent_id, apres)
            nom_norm, prenoms_norm, _n = repere.identite.cle
            requete = requete.where(tuple_(*_ORDRE) > tuple_(nom_norm, prenoms_norm, repere.id))
        lignes = self._uow.lignes(requete.order_by(*_ORDRE).limit(limite + 1))
        page = self._charger(adherent_id, lignes[:limite])
        suivant = page[-1].id if len(lignes) > limite else None
        return PageSalaries(tuple(page), suivant)

    # -- writing ---------------------------------------------------------------
    def ajouter(self, salarie: Salarie) -> Salarie:
        s = t_salaries.c
        if self._uow.une(select(s.version).where(s.adherent_id == salarie.adherent_id,
                                                 s.salarie_id == salarie.id)) is not None:
            raise id_existant()
        self._uow.executer(insert(t_salaries), ligne_salarie(salarie, 1))
        for table, lignes, _cle in _ENFANTS:
            self._uow.executer(insert(table), lignes(salarie))
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
                if self._uow.une(select(s.salarie_id).where(
                        s.adherent_id == adherent_id, s.salarie_id.in_(ids[debut:debut + 500])
                ).limit(1)) is not None:
                    raise id_existant()
        for table, lignes in lignes_par_table(salaries).items():
            self._uow.executer(insert(table), lignes)
        nouveaux = [evolve(salarie, version=1) for salarie in salaries]
        for nouveau in nouveaux:
            self._lus[(nouveau.adherent_id, nouveau.id)] = nouveau
        return nouveaux

    def enregistrer(self, salarie: Salarie) -> Salarie:
        nouvelle = salarie.version + 1
        valeurs = ligne_salarie(salarie, nouvelle)
        del valeurs["adherent_id"], valeurs["salarie_id"]
        s = t_salaries.c
        touchees = self._uow.executer(
            update(t_salaries)
            .where(s.adherent_id == salarie.adherent_id, s.salarie_id == salarie.id,
                   s.version == salarie.version)
            .values(**valeurs)
        )
        if touchees != 1:
            raise ConflitDeVersion()
        cle = (salarie.adherent_id, salarie.id)
        avant = self._lus.get(cle)
        if avant is None or avant.version != salarie.version:
            avant = None  # read elsewhere: rewrite every child row
        for table, lignes, colonne in _ENFANTS:
            self._ecrire_difference(table, colonne, salarie,
                                    None if avant is None else lignes(avant), lignes(salarie))
        nouveau = evolve(salarie, version=nouvelle)
        self._lus[cle] = nouveau
        return nouveau

    def _ecrire_difference(
        self, table: Table, colonne: str, salarie: Salarie, avant: list[Ligne] | None,
        apres: list[Ligne],
    ) -> None:
        """Delete, update and insert the child rows that differ from ``avant`` (the rows
        as stored at the version being replaced; ``None``: unknown, replace them all)."""
        du_salarie = (table.c.adherent_id == salarie.adherent_id,
                      table.c.salarie_id == salarie.id)
        if avant is None:
            self._uow.executer(delete(table).where(*du_salarie))
            self._uow.executer(insert(table), apres)
            return
        anciennes = {ligne[colonne]: ligne for ligne in avant}
        nouvelles = {ligne[colonne]: ligne for ligne in apres}
        retirees = [k for k in anciennes if k not in nouvelles]
        if retirees:
            self._uow.executer(delete(table).where(*du_salarie, table.c[colonne].in_(retirees)))
        changees = [ligne for k, ligne in nouvelles.items()
                    if k in anciennes and anciennes[k] != ligne]
        if changees:
            cles = ("adherent_id", "salarie_id", colonne)
            valeurs = [c.name for c in table.columns if c.name not in cles]
            self._uow.executer(
                update(table)
                .where(*(table.c[c] == bindparam(f"cle_{c}") for c in cles))
                .values({c: bindparam(c) for c in valeurs}),
                [{**{c: ligne[c] for c in valeurs}, **{f"cle_{c}": ligne[c] for c in cles}}
                 for ligne in changees],
            )
        self._uow.executer(insert(table),
                           [ligne for k, ligne in nouvelles.items() if k not in anciennes])


class RequetesSql:
    """E5: grouped requests already applied."""

    def __init__(self, uow: UniteDeTravailSql) -> None:
        self._uow = uow

    def obtenir(self, adherent_id: str, requete_id: str) -> RequeteTraitee | None:
        if not (cle_valide(adherent_id) and cle_valide(requete_id)):
            return None
        ligne = self._uow.une(
            select(t_requetes).where(t_requetes.c.adherent_id == adherent_id,
                                     t_requetes.c.requete_id == requete_id)
        )
        if ligne is None:
            return None
        paires = tuple((str(a), str(b)) for a, b in json.loads(ligne["mouvements"]))
        return RequeteTraitee(adherent_id, requete_id, ligne["empreinte"], paires)

    def ajouter(self, requete: RequeteTraitee) -> None:
        self._uow.executer(insert(t_requetes), {
            "adherent_id": requete.adherent_id,
            "requete_id": requete.requete_id,
            "empreinte": requete.empreinte,
            "mouvements": json.dumps([list(p) for p in requete.mouvements]),
        })


class JournalSql:
    """A5: entries wait in the unit of work and are written at commit, numbered per
    adherent from ``adherents.journal_dernier`` (its row lock orders concurrent writers)."""

    def __init__(self, uow: UniteDeTravailSql) -> None:
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
        requete = select(journal).where(journal.c.adherent_id == adherent_id)
        if salarie_id is not None:
            requete = requete.where(journal.c.salarie_id == salarie_id)
        if depuis is not None:
            requete = requete.where(journal.c.quand >= depuis)
        if avant is not None:
            requete = requete.where(journal.c.quand < avant)
        lignes = self._uow.lignes(requete.order_by(journal.c.numero))
        return tuple(
            EntreeJournal(
                adherent_id=ligne["adherent_id"],
                quand=ligne["quand"],
                qui=ligne["qui"],
                quoi=ligne["quoi"],
                salarie_id=ligne["salarie_id"],
                donnees=tuple((str(k), str(v)) for k, v in json.loads(ligne["donnees"])),
            )
            for ligne in lignes
        )

    def ecrire(self) -> None:
        """Called by the unit of work's commit."""
        par_adherent: dict[str, list[EntreeJournal]] = {}
        for entree in self.en_attente:
            par_adherent.setdefault(entree.adherent_id, []).append(entree)
        for adherent_id, entrees in par_adherent.items():
            ligne = self._uow.une(
                update(adherents)
                .where(adherents.c.adherent_id == adherent_id)
                .values(journal_dernier=adherents.c.journal_dernier + len(entrees))
                .returning(adherents.c.journal_dernier)
            )
            dernier = 0 if ligne is None else int(ligne["journal_dernier"])
            premier = dernier - len(entrees) + 1
            self._uow.executer(insert(journal), [
                {
                    "adherent_id": adherent_id,
                    "numero": premier + i,
                    "quand": e.quand,
                    "qui": e.qui,
                    "quoi": e.quoi,
                    "salarie_id": e.salarie_id,
                    "donnees": json.dumps([list(p) for p in e.donnees], ensure_ascii=False),
                }
                for i, e in enumerate(entrees)
            ])
        self.en_attente = []
