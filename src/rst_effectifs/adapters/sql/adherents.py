"""Adherents and their postes on SQLAlchemy Core, and their row <-> domain mapping.

Saves are optimistic (``… AND version = :v``, zero rows -> ``ConflitDeVersion``); saving
an adherent writes only the postes that changed.

An adherent is read with its postes in one statement, built once (bound parameters),
and kept for the rest of the transaction (an identity map): a request names its
adherent by number, checks the caller's access, then runs its use case, which reads the
adherent again, all in one unit of work (``application/appels.py``), and the database
is asked once. The map follows the unit's own saves and is forgotten when the
transaction ends or the unit takes a lock (``unit_of_work.py``: on PostgreSQL what was
read before a lock may be older than what the lock waited for)."""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable

from attrs import evolve
from sqlalchemy import bindparam, delete, insert, select, update
from sqlalchemy.engine import RowMapping

from ...domain.adherents import Adherent
from ...domain.adresses import Adresse
from ...domain.droit import CATALOGUES_DES_RISQUES
from ...domain.erreurs import ConflitDeVersion, adherent_introuvable
from ...domain.identifiants import CodePcsEse, Email, NumeroAdherent, NumeroTeledeclarant
from ...domain.identifiants import Siret as SiretId
from ...domain.postes import Poste
from ...domain.suivi import Risque, type_des_risques
from ...ports.adherents import DepotAdherents
from .rangees import Rangee, RangeeLue, UniteSql, cle_valide, id_existant
from .suivi import bits_des_risques
from .tables import adherents, postes

COLONNES_POSTE = [c.label(f"poste_{c.name}") for c in postes.c if c.name != "adherent_id"]
"""A poste's columns beside an adherent's, in the statements reading both."""
_AVEC_POSTES = (
    select(adherents, *COLONNES_POSTE)
    .outerjoin(postes, postes.c.adherent_id == adherents.c.adherent_id)
    .order_by(postes.c.rang)
)
PAR_ID = _AVEC_POSTES.where(adherents.c.adherent_id == bindparam("adherent_id"))
"""An adherent and its postes by id, one row per poste (one row with no poste)."""
PAR_NUMERO = _AVEC_POSTES.where(adherents.c.numero == bindparam("numero"))
"""The same by member number."""


def rangee_adherent(adherent: Adherent, version: int) -> Rangee:
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
        "adresse": adresse_en_json(adherent.adresse),
    }


def adresse_en_json(adresse: Adresse | None) -> str | None:
    """F8: the address as stored (JSON text), ``None`` when not given."""
    if adresse is None:
        return None
    return json.dumps({"lignes": list(adresse.lignes), "code_postal": adresse.code_postal,
                       "ville": adresse.ville, "pays": adresse.pays}, ensure_ascii=False)


def adresse_depuis_json(texte: str | None) -> Adresse | None:
    if texte is None:
        return None
    valeur = json.loads(texte)
    return Adresse(tuple(valeur["lignes"]), valeur["code_postal"], valeur["ville"],
                   valeur["pays"])


def rangee_poste(adherent_id: str, rang: int, poste: Poste) -> Rangee:
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
        "type_de_suivi": type_des_risques(  # the legacy column (tables.py)
            poste.risques, poste.justification_sir is not None,
            CATALOGUES_DES_RISQUES[0].valeur).value,
        "version": poste.version,
        "risques_bits": bits_des_risques(poste.risques),
    }


def poste_depuis_rangee(rangee: RangeeLue) -> Poste:
    return Poste(
        id=rangee["poste_id"],
        libelle=rangee["libelle"],
        risques=frozenset(Risque(code) for code in rangee["risques"].split(",") if code),
        justification_sir=rangee["justification_sir"],
        code_pcs=None if rangee["code_pcs"] is None else CodePcsEse(rangee["code_pcs"]),
        archive=bool(rangee["archive"]),
        utilise=bool(rangee["utilise"]),
        version=rangee["version"],
    )


_numero = functools.lru_cache(maxsize=4096)(NumeroAdherent)
_siret = functools.lru_cache(maxsize=4096)(SiretId)
email_stocke = functools.lru_cache(maxsize=4096)(Email)
"""Stored identifiers as values, each text checked once per process (a SIRET's checksum,
an address's syntax): they are immutable, so one instance serves every read."""


def adherent_depuis_rangees(rangee: RangeeLue, postes_: Iterable[Poste]) -> Adherent:
    teledeclarant = rangee["numero_teledeclarant"]
    return Adherent(
        id=rangee["adherent_id"],
        numero=_numero(rangee["numero"]),
        siret=_siret(rangee["siret"]),
        raison_sociale=rangee["raison_sociale"],
        email_connexion=email_stocke(rangee["email_connexion"]),
        numero_teledeclarant=None if teledeclarant is None else NumeroTeledeclarant(teledeclarant),
        postes=tuple(postes_),
        cloture_au=rangee["cloture_au"],
        version=rangee["version"],
        adresse=adresse_depuis_json(rangee.get("adresse")),
    )


def adherent_avec_postes(rangees: list[RowMapping]) -> Adherent | None:
    """The adherent of rows of ``adherents`` joined to its postes (:data:`COLONNES_POSTE`:
    :data:`PAR_ID`, :data:`PAR_NUMERO`), ``None`` for none."""
    if not rangees:
        return None
    return adherent_depuis_rangees(rangees[0], [
        poste_depuis_rangee({c: rangee[f"poste_{c}"] for c in _CHAMPS_POSTE})
        for rangee in rangees if rangee["poste_poste_id"] is not None])


_CHAMPS_POSTE = [c.name for c in postes.c if c.name != "adherent_id"]


class AdherentsSql(DepotAdherents):
    def __init__(self, uow: UniteSql) -> None:
        self._uow = uow
        self.lus: dict[str, Adherent] = {}
        """The identity map: each adherent as this transaction read or saved it."""

    def obtenir(self, adherent_id: str) -> Adherent:
        lu = self.lus.get(adherent_id) if isinstance(adherent_id, str) else None
        if lu is not None:
            return lu
        if not cle_valide(adherent_id):
            raise adherent_introuvable()
        adherent = adherent_avec_postes(self._uow.rangees(PAR_ID, {"adherent_id": adherent_id}))
        if adherent is None:
            raise adherent_introuvable()
        self.lus[adherent_id] = adherent
        return adherent

    def par_numero(self, numero: str) -> Adherent | None:
        for lu in self.lus.values():
            if lu.numero.valeur == numero:
                return lu
        if not cle_valide(numero):
            return None
        adherent = adherent_avec_postes(self._uow.rangees(PAR_NUMERO, {"numero": numero}))
        if adherent is not None:
            self.lus[adherent.id] = adherent
        return adherent

    def ajouter(self, adherent: Adherent) -> Adherent:
        if self._uow.rangee(select(adherents.c.version)
                            .where(adherents.c.adherent_id == adherent.id)) is not None:
            raise id_existant()
        self._uow.ecrire_rangees(insert(adherents), rangee_adherent(adherent, 1))
        self._uow.ecrire_rangees(
            insert(postes), [rangee_poste(adherent.id, i, p) for i, p in enumerate(adherent.postes)]
        )
        ajoute = self.lus[adherent.id] = evolve(adherent, version=1)
        return ajoute

    def enregistrer(self, adherent: Adherent) -> Adherent:
        avant = self.lus.get(adherent.id)
        nouvelle = adherent.version + 1
        valeurs = rangee_adherent(adherent, nouvelle)
        del valeurs["adherent_id"]
        touchees = self._uow.ecrire_rangees(
            update(adherents)
            .where(adherents.c.adherent_id == adherent.id,
                   adherents.c.version == adherent.version)
            .values(**valeurs)
        )
        if touchees != 1:
            raise ConflitDeVersion()
        self._synchroniser_postes(
            adherent, avant if avant is not None and avant.version == adherent.version
            else None)
        sauve = self.lus[adherent.id] = evolve(adherent, version=nouvelle)
        return sauve

    def _synchroniser_postes(self, adherent: Adherent, avant: Adherent | None) -> None:
        """Write only what changed since ``avant`` (the adherent as stored at the version
        replaced, when this unit read it; else its postes are read). P1's partial unique
        index holds at every statement, so when several labels or archive flags change at
        once the changed rows first leave the index (archived for a moment), then take
        their final values."""
        if avant is not None:
            stockees = {p.id: rangee_poste(adherent.id, i, p) for i, p in enumerate(avant.postes)}
        else:
            stockees = {
                rangee["poste_id"]: dict(rangee)
                for rangee in self._uow.rangees(select(postes)
                                                .where(postes.c.adherent_id == adherent.id))
            }
        voulues = [rangee_poste(adherent.id, i, p) for i, p in enumerate(adherent.postes)]
        ids_voulus = {v["poste_id"] for v in voulues}
        retirees = [pid for pid in stockees if pid not in ids_voulus]
        changees = [v for v in voulues
                    if v["poste_id"] in stockees and stockees[v["poste_id"]] != v]
        nouvelles = [v for v in voulues if v["poste_id"] not in stockees]
        if retirees:
            self._uow.ecrire_rangees(
                delete(postes).where(postes.c.adherent_id == adherent.id,
                                     postes.c.poste_id.in_(retirees))
            )
        cle_changee = [
            v["poste_id"] for v in changees
            if (v["libelle_norm"], v["archive"]) != (stockees[v["poste_id"]]["libelle_norm"],
                                                     stockees[v["poste_id"]]["archive"])
        ]
        if len(cle_changee) > 1:
            self._uow.ecrire_rangees(
                update(postes)
                .where(postes.c.adherent_id == adherent.id, postes.c.poste_id.in_(cle_changee))
                .values(archive=True)
            )
        if changees:
            colonnes = [c for c in voulues[0] if c not in ("adherent_id", "poste_id")]
            self._uow.ecrire_rangees(
                update(postes)
                .where(postes.c.adherent_id == bindparam("b_adherent_id"),
                       postes.c.poste_id == bindparam("b_poste_id"))
                .values({c: bindparam(c) for c in colonnes}),
                [{**{c: v[c] for c in colonnes}, "b_adherent_id": v["adherent_id"],
                  "b_poste_id": v["poste_id"]} for v in changees],
            )
        self._uow.ecrire_rangees(insert(postes), nouvelles)

    def numero_existe(self, numero: str) -> bool:
        rangee = self._uow.rangee(
            select(adherents.c.adherent_id).where(adherents.c.numero == numero).limit(1))
        return rangee is not None

    def id_par_numero(self, numero: str) -> str | None:
        rangee = self._uow.rangee(
            select(adherents.c.adherent_id).where(adherents.c.numero == numero).limit(1))
        return None if rangee is None else str(rangee["adherent_id"])

    def ids(self, limite: int | None = None) -> list[str]:
        instruction = select(adherents.c.adherent_id).order_by(adherents.c.adherent_id)
        return [str(r["adherent_id"]) for r in self._uow.rangees(
            instruction if limite is None else instruction.limit(limite))]


__all__ = [
    "COLONNES_POSTE",
    "PAR_ID",
    "PAR_NUMERO",
    "AdherentsSql",
    "adherent_avec_postes",
    "adherent_depuis_rangees",
    "email_stocke",
    "poste_depuis_rangee",
    "rangee_adherent",
    "rangee_poste",
]
