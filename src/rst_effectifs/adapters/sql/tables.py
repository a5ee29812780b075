"""The schema as SQLAlchemy Core tables: the one description migrations are checked against.

Every table carries ``adherent_id`` and it leads every primary key and index, so the
schema can be distributed by member (Citus distributes by such a column). The one
exception is the unique index on ``adherents.numero``: ``adherents`` is the tenant table
itself (a reference table on a distributed setup) and A1 wants member numbers unique.

Constraints back the domain's rules where a database can: S2 (one NIR per adherent
among files not cancelled, and one file without a NIR per normalised names and birth
date; a file with a NIR against one without, which no index can express, is settled by
the unit of work's locks), P1 (one active label per adherent, ignoring case and
accents, through the stored normalised label), C1 (end not before start), E2
(movement kinds), P2 (follow-up types), F4 (one closing per period), foreign keys
and NOT NULLs.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    Dialect,
    ForeignKeyConstraint,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    Table,
    Text,
    text,
)
from sqlalchemy.types import TypeDecorator, TypeEngine

from ...domain.identifiants import ID_MAX

CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=CONVENTION)


def texte(longueur: int | None = None) -> TypeEngine[str]:
    """A text column compared and ordered by code point on every engine.

    SQLite compares text byte-wise (BINARY), which for UTF-8 is code-point order, the
    order of Python's ``str``. PostgreSQL would use the database's locale, so the
    columns take the "C" collation there; keyset paging then matches the memory adapter.
    """
    base: TypeEngine[str] = String(longueur) if longueur is not None else Text()
    variante: TypeEngine[str] = (
        String(longueur, collation="C") if longueur is not None else Text(collation="C")
    )
    return base.with_variant(variante, "postgresql")


class InstantUtc(TypeDecorator[dt.datetime]):
    """An aware UTC datetime on every engine (SQLite stores naive text)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime")
        utc = value.astimezone(dt.UTC)
        return utc.replace(tzinfo=None) if dialect.name == "sqlite" else utc

    def process_result_value(self, value: Any, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        assert isinstance(value, dt.datetime)
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


def _type_id() -> TypeEngine[str]:
    return texte(ID_MAX)


adherents = Table(
    "adherents",
    metadata,
    Column("adherent_id", _type_id(), primary_key=True),
    Column("numero", texte(12), nullable=False),
    Column("siret", texte(14), nullable=False),
    Column("raison_sociale", texte(200), nullable=False),
    Column("email_connexion", texte(254), nullable=False),
    Column("numero_teledeclarant", texte(20), nullable=True),
    Column("cloture_au", Date(), nullable=True),
    Column("version", Integer(), nullable=False),
    Column("journal_dernier", Integer(), nullable=False, server_default=text("0")),
    Column("adresse", texte(), nullable=True),
    CheckConstraint("version >= 1", name="version"),
    Index("uq_adherents_numero", "numero", unique=True),
)

postes = Table(
    "postes",
    metadata,
    Column("adherent_id", _type_id(), primary_key=True),
    Column("poste_id", _type_id(), primary_key=True),
    Column("rang", Integer(), nullable=False),
    Column("libelle", texte(120), nullable=False),
    Column("libelle_norm", texte(), nullable=False),
    Column("risques", texte(), nullable=False),
    Column("justification_sir", texte(2000), nullable=True),
    Column("code_pcs", texte(4), nullable=True),
    Column("archive", Boolean(), nullable=False),
    Column("utilise", Boolean(), nullable=False),
    # The type under the risk catalogue before 1 October 2025, as written before the
    # catalogue was dated; kept, never read: the type on a day comes from risques_bits
    # and the dated catalogue (adapters/sql/suivi.py, P2b).
    Column("type_de_suivi", texte(3), nullable=False),
    Column("version", Integer(), nullable=False, server_default="0"),
    Column("risques_bits", Integer(), nullable=False, server_default="0"),
    ForeignKeyConstraint(["adherent_id"], ["adherents.adherent_id"]),
    CheckConstraint("type_de_suivi IN ('SIG', 'SIA', 'SIR')", name="type_de_suivi"),
    Index(
        "uq_postes_libelle_actif",
        "adherent_id",
        "libelle_norm",
        unique=True,
        sqlite_where=text("archive = 0"),
        postgresql_where=text("NOT archive"),
    ),
)

salaries = Table(
    "salaries",
    metadata,
    Column("adherent_id", _type_id(), primary_key=True),
    Column("salarie_id", _type_id(), primary_key=True),
    Column("nom", texte(100), nullable=False),
    Column("prenoms", texte(150), nullable=False),
    Column("nom_norm", texte(), nullable=False),
    Column("prenoms_norm", texte(), nullable=False),
    Column("date_naissance", Date(), nullable=False),
    Column("majorite", Date(), nullable=False),
    Column("nir", texte(15), nullable=True),
    Column("annule", Boolean(), nullable=False),
    Column("version", Integer(), nullable=False),
    Column("ntt", texte(40), nullable=True),
    Column("precision_naissance", texte(24), nullable=False, server_default="complete"),
    ForeignKeyConstraint(["adherent_id"], ["adherents.adherent_id"]),
    CheckConstraint("version >= 1", name="version"),
    CheckConstraint("majorite > date_naissance", name="majorite"),
    Index("ix_salaries_tri", "adherent_id", "nom_norm", "prenoms_norm", "salarie_id"),
    Index(
        "uq_salaries_nir_actif",
        "adherent_id",
        "nir",
        unique=True,
        sqlite_where=text("nir IS NOT NULL AND annule = 0"),
        postgresql_where=text("nir IS NOT NULL AND NOT annule"),
    ),
    Index(
        "uq_salaries_ntt_actif",
        "adherent_id",
        "ntt",
        unique=True,
        sqlite_where=text("ntt IS NOT NULL AND annule = 0"),
        postgresql_where=text("ntt IS NOT NULL AND NOT annule"),
    ),
    Index(
        "uq_salaries_identite_actif",
        "adherent_id",
        "nom_norm",
        "prenoms_norm",
        "date_naissance",
        unique=True,
        sqlite_where=text("nir IS NULL AND annule = 0"),
        postgresql_where=text("nir IS NULL AND NOT annule"),
    ),
)

contrats = Table(
    "contrats",
    metadata,
    Column("adherent_id", _type_id(), primary_key=True),
    Column("salarie_id", _type_id(), primary_key=True),
    Column("contrat_id", _type_id(), primary_key=True),
    Column("rang", Integer(), nullable=False),
    Column("nature", texte(2), nullable=False),
    Column("debut", Date(), nullable=False),
    Column("fin", Date(), nullable=True),
    Column("poste_id", _type_id(), nullable=False),
    Column("dispositif", texte(2), nullable=True),
    Column("numero", texte(20), nullable=True),
    Column("annule", Boolean(), nullable=False),
    Column("clot_id", _type_id(), nullable=True),
    Column("fin_close", Date(), nullable=True),
    ForeignKeyConstraint(
        ["adherent_id", "salarie_id"], ["salaries.adherent_id", "salaries.salarie_id"]
    ),
    ForeignKeyConstraint(["adherent_id", "poste_id"], ["postes.adherent_id", "postes.poste_id"]),
    CheckConstraint("fin IS NULL OR fin >= debut", name="dates"),
    Index("ix_contrats_adherent_id_poste_id", "adherent_id", "poste_id"),
    Index("ix_contrats_debut", "adherent_id", "salarie_id", "debut"),
)

mouvements = Table(
    "mouvements",
    metadata,
    Column("adherent_id", _type_id(), primary_key=True),
    Column("salarie_id", _type_id(), primary_key=True),
    Column("mouvement_id", _type_id(), primary_key=True),
    Column("rang", Integer(), nullable=False),
    Column("genre", texte(13), nullable=False),
    Column("le", Date(), nullable=False),
    Column("motif", texte(200), nullable=True),
    Column("annule", Boolean(), nullable=False),
    Column("contrat_clos_id", _type_id(), nullable=True),
    Column("fin_close", Date(), nullable=True),
    Column("contrat_id", _type_id(), nullable=True),
    ForeignKeyConstraint(
        ["adherent_id", "salarie_id"], ["salaries.adherent_id", "salaries.salarie_id"]
    ),
    CheckConstraint("genre IN ('sortie', 'reintegration')", name="genre"),
)

presences = Table(
    "presences",
    metadata,
    Column("adherent_id", _type_id(), primary_key=True),
    Column("salarie_id", _type_id(), primary_key=True),
    Column("debut", Date(), primary_key=True),
    Column("fin", Date(), nullable=True),
    ForeignKeyConstraint(
        ["adherent_id", "salarie_id"], ["salaries.adherent_id", "salaries.salarie_id"]
    ),
    CheckConstraint("fin IS NULL OR fin >= debut", name="dates"),
    Index("ix_presences_adherent_id_debut", "adherent_id", "debut"),
)
"""Presence stretches derived from each file's contracts and movements (E1–E3),
rewritten on every save of the salarié, so that headcounts are set-based queries."""

morceaux = Table(
    "morceaux",
    metadata,
    Column("adherent_id", _type_id(), primary_key=True),
    Column("salarie_id", _type_id(), primary_key=True),
    Column("debut", Integer(), primary_key=True),
    Column("fin", Integer(), nullable=False),
    Column("poste_id", _type_id(), nullable=False),
    Column("premier", Integer(), nullable=False),
    Column("duree_chaine", Integer(), nullable=True),
    Column("duree_avant", Integer(), nullable=True),
    Column("duree_chaine_hors_interim", Integer(), nullable=True),
    Column("duree_avant_hors_interim", Integer(), nullable=True),
    ForeignKeyConstraint(
        ["adherent_id", "salarie_id"], ["salaries.adherent_id", "salaries.salarie_id"]
    ),
    ForeignKeyConstraint(["adherent_id", "poste_id"], ["postes.adherent_id", "postes.poste_id"]),
    CheckConstraint("fin >= debut AND premier <= debut", name="jours"),
)
"""Countable pieces of each file not cancelled when every contract counts (F1): a
contract's governed days within a presence stretch, with its poste, as day numbers
(``date.toordinal``; an open end is :data:`OUVERT`); ``premier`` is the file's first
countable day. Rewritten with ``presences`` on every save, so that the billing run under
the presence rules is a filter over stored rows, not window functions over contracts.

Chains (revision 0007), for the exclusion sets of :data:`CHAINES_STOCKEES`: the length in
days of the chain holding the piece's contract (:data:`OUVERT` when open; NULL when the
contract's nature is excluded) and the longest chain among the file's earlier pieces (0
when none). A rule with that exclusion set and a minimum ``n`` counts the pieces whose
chain lasts more than ``n``; the first of them starts the file's countable days when no
earlier piece's chain did."""

CHAINES_STOCKEES: tuple[tuple[frozenset[str], str, str], ...] = (
    (frozenset(), "duree_chaine", "duree_avant"),
    (frozenset({"03"}), "duree_chaine_hors_interim", "duree_avant_hors_interim"),
)
"""Exclusion sets (contract nature codes) whose chains ``morceaux`` stores, with their
two columns: none excluded, and temp missions (03) as the 31- and 60-day presets."""

OUVERT = 4_000_000
"""The day number of an open end, after every date (9999-12-31 is 3 652 059)."""

requetes = Table(
    "requetes",
    metadata,
    Column("adherent_id", _type_id(), primary_key=True),
    Column("requete_id", _type_id(), primary_key=True),
    Column("empreinte", texte(), nullable=False),
    Column("mouvements", texte(), nullable=False),
    Column("reponse", texte(), nullable=True),
    ForeignKeyConstraint(["adherent_id"], ["adherents.adherent_id"]),
)
"""E5: requests already applied (grouped movements, imports), so that a resend changes
nothing; ``reponse`` the first answer when it is more than the movements."""

journal = Table(
    "journal",
    metadata,
    Column("adherent_id", _type_id(), primary_key=True),
    Column("numero", Integer(), primary_key=True, autoincrement=False),
    Column("quand", InstantUtc(), nullable=False),
    Column("qui", texte(254), nullable=False),
    Column("quoi", texte(100), nullable=False),
    Column("salarie_id", _type_id(), nullable=True),
    Column("donnees", texte(), nullable=False),
    ForeignKeyConstraint(["adherent_id"], ["adherents.adherent_id"]),
)
"""A5: append-only; ``numero`` counts each adherent's entries (``adherents.journal_dernier``
holds the last one given)."""

clotures = Table(
    "clotures",
    metadata,
    Column("adherent_id", _type_id(), primary_key=True),
    Column("debut", Date(), primary_key=True),
    Column("fin", Date(), primary_key=True),
    Column("cloturee_le", InstantUtc(), nullable=False),
    Column("contenu", texte(), nullable=False),
    Column("resume", texte(), nullable=False),
    ForeignKeyConstraint(["adherent_id"], ["adherents.adherent_id"]),
    CheckConstraint("fin >= debut", name="dates"),
)
"""F4: each closed period as it was billed (the whole ``Cloture``, JSON), never updated;
``resume`` is what invoicing reads of it (``json_clotures.resume_en_json``, revision
0016), so that issuing never decodes the assiette's lines."""

factures = Table(
    "factures",
    metadata,
    Column("adherent_id", _type_id(), primary_key=True),
    Column("numero", texte(60), primary_key=True),
    Column("annee", Integer(), nullable=False),
    Column("rang", Integer(), nullable=False),
    Column("nature", texte(10), nullable=False),
    Column("objet", texte(20), nullable=False),
    Column("cloture_debut", Date(), nullable=False),
    Column("cloture_fin", Date(), nullable=False),
    Column("debut", Date(), nullable=False),
    Column("fin", Date(), nullable=False),
    Column("emise_a", InstantUtc(), nullable=False),
    Column("total_ht", Numeric(14, 2), nullable=False),
    Column("total_ttc", Numeric(14, 2), nullable=False),
    Column("contenu", texte(), nullable=False),
    Column("xml", texte(), nullable=False),
    ForeignKeyConstraint(["adherent_id"], ["adherents.adherent_id"]),
    CheckConstraint("nature IN ('facture', 'avoir')", name="nature"),
    CheckConstraint("rang >= 1", name="rang"),
    Index("uq_factures_annee_rang", "annee", "rang", unique=True),
    Index("uq_factures_numero", "numero", unique=True),
    Index("uq_factures_document", "adherent_id", "cloture_debut", "cloture_fin", "debut",
          "fin", "nature", unique=True),
)
"""F8: each issued invoice or credit note (the whole ``Facture`` as JSON, and its CII
XML), never updated nor deleted: triggers of revision 0011 refuse both. Numbers are
unique across members (one series per RST), the one other exception to the tenant key
leading every index; ``uq_factures_document`` makes issuing a closing idempotent."""

numerotation = Table(
    "numerotation",
    metadata,
    Column("annee", Integer(), primary_key=True, autoincrement=False),
    Column("dernier", Integer(), nullable=False),
    CheckConstraint("dernier >= 0", name="dernier"),
)
"""F8: the last rank given in each year's series (year 0: a series without the year),
written in the transaction that stores the documents, under the numbering lock."""

__all__ = [
    "CHAINES_STOCKEES",
    "CONVENTION",
    "ID_MAX",
    "OUVERT",
    "InstantUtc",
    "adherents",
    "clotures",
    "contrats",
    "factures",
    "journal",
    "metadata",
    "morceaux",
    "mouvements",
    "numerotation",
    "postes",
    "presences",
    "requetes",
    "salaries",
    "texte",
]
