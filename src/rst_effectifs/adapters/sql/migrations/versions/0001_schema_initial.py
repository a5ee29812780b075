"""Initial schema: adherents, postes, salaries, contrats, mouvements, presences,
requetes, journal.

Revision ID: 0001
Revises:
Create Date: 2026-11-27

A migration is a frozen snapshot: it never imports the live ``tables`` module.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _texte(longueur: int | None = None) -> sa.types.TypeEngine[str]:
    """Code-point ordered text: the "C" collation on PostgreSQL (see tables.texte)."""
    if longueur is None:
        return sa.Text().with_variant(sa.Text(collation="C"), "postgresql")
    return sa.String(longueur).with_variant(sa.String(longueur, collation="C"), "postgresql")


def _id(nom: str, nullable: bool = False) -> sa.Column[str]:
    return sa.Column(nom, _texte(100), nullable=nullable)


def _fk_salarie(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["adherent_id", "salarie_id"], ["salaries.adherent_id", "salaries.salarie_id"],
        name=op.f(f"fk_{table}_adherent_id_salarie_id_salaries"),
    )


def _fk_adherent(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(["adherent_id"], ["adherents.adherent_id"],
                                   name=op.f(f"fk_{table}_adherent_id_adherents"))


def upgrade() -> None:
    op.create_table(
        "adherents",
        _id("adherent_id"),
        sa.Column("numero", _texte(12), nullable=False),
        sa.Column("siret", _texte(14), nullable=False),
        sa.Column("raison_sociale", _texte(200), nullable=False),
        sa.Column("email_connexion", _texte(254), nullable=False),
        sa.Column("numero_teledeclarant", _texte(20), nullable=True),
        sa.Column("cloture_au", sa.Date(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("journal_dernier", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.CheckConstraint("version >= 1", name=op.f("ck_adherents_version")),
        sa.PrimaryKeyConstraint("adherent_id", name=op.f("pk_adherents")),
    )
    op.create_index("uq_adherents_numero", "adherents", ["numero"], unique=True)

    op.create_table(
        "journal",
        _id("adherent_id"),
        sa.Column("numero", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("quand", sa.DateTime(timezone=True), nullable=False),
        sa.Column("qui", _texte(254), nullable=False),
        sa.Column("quoi", _texte(100), nullable=False),
        _id("salarie_id", nullable=True),
        sa.Column("donnees", _texte(), nullable=False),
        _fk_adherent("journal"),
        sa.PrimaryKeyConstraint("adherent_id", "numero", name=op.f("pk_journal")),
    )

    op.create_table(
        "postes",
        _id("adherent_id"),
        _id("poste_id"),
        sa.Column("rang", sa.Integer(), nullable=False),
        sa.Column("libelle", _texte(120), nullable=False),
        sa.Column("libelle_norm", _texte(), nullable=False),
        sa.Column("risques", _texte(), nullable=False),
        sa.Column("justification_sir", _texte(2000), nullable=True),
        sa.Column("code_pcs", _texte(4), nullable=True),
        sa.Column("archive", sa.Boolean(), nullable=False),
        sa.Column("utilise", sa.Boolean(), nullable=False),
        sa.Column("type_de_suivi", _texte(3), nullable=False),
        sa.CheckConstraint("type_de_suivi IN ('SIG', 'SIA', 'SIR')",
                           name=op.f("ck_postes_type_de_suivi")),
        _fk_adherent("postes"),
        sa.PrimaryKeyConstraint("adherent_id", "poste_id", name=op.f("pk_postes")),
    )
    op.create_index(
        "uq_postes_libelle_actif", "postes", ["adherent_id", "libelle_norm"], unique=True,
        sqlite_where=sa.text("archive = 0"), postgresql_where=sa.text("NOT archive"),
    )

    op.create_table(
        "requetes",
        _id("adherent_id"),
        _id("requete_id"),
        sa.Column("empreinte", _texte(), nullable=False),
        sa.Column("mouvements", _texte(), nullable=False),
        _fk_adherent("requetes"),
        sa.PrimaryKeyConstraint("adherent_id", "requete_id", name=op.f("pk_requetes")),
    )

    op.create_table(
        "salaries",
        _id("adherent_id"),
        _id("salarie_id"),
        sa.Column("nom", _texte(100), nullable=False),
        sa.Column("prenoms", _texte(150), nullable=False),
        sa.Column("nom_norm", _texte(), nullable=False),
        sa.Column("prenoms_norm", _texte(), nullable=False),
        sa.Column("date_naissance", sa.Date(), nullable=False),
        sa.Column("majorite", sa.Date(), nullable=False),
        sa.Column("nir", _texte(15), nullable=True),
        sa.Column("annule", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint("majorite > date_naissance", name=op.f("ck_salaries_majorite")),
        sa.CheckConstraint("version >= 1", name=op.f("ck_salaries_version")),
        _fk_adherent("salaries"),
        sa.PrimaryKeyConstraint("adherent_id", "salarie_id", name=op.f("pk_salaries")),
    )
    op.create_index("ix_salaries_tri", "salaries",
                    ["adherent_id", "nom_norm", "prenoms_norm", "salarie_id"])
    op.create_index(
        "uq_salaries_nir_actif", "salaries", ["adherent_id", "nir"], unique=True,
        sqlite_where=sa.text("nir IS NOT NULL AND annule = 0"),
        postgresql_where=sa.text("nir IS NOT NULL AND NOT annule"),
    )

    op.create_table(
        "contrats",
        _id("adherent_id"),
        _id("salarie_id"),
        _id("contrat_id"),
        sa.Column("rang", sa.Integer(), nullable=False),
        sa.Column("nature", _texte(2), nullable=False),
        sa.Column("debut", sa.Date(), nullable=False),
        sa.Column("fin", sa.Date(), nullable=True),
        _id("poste_id"),
        sa.Column("dispositif", _texte(2), nullable=True),
        sa.Column("numero", _texte(20), nullable=True),
        sa.Column("annule", sa.Boolean(), nullable=False),
        _id("clot_id", nullable=True),
        sa.Column("fin_close", sa.Date(), nullable=True),
        sa.CheckConstraint("fin IS NULL OR fin >= debut", name=op.f("ck_contrats_dates")),
        sa.ForeignKeyConstraint(
            ["adherent_id", "poste_id"], ["postes.adherent_id", "postes.poste_id"],
            name=op.f("fk_contrats_adherent_id_poste_id_postes"),
        ),
        _fk_salarie("contrats"),
        sa.PrimaryKeyConstraint("adherent_id", "salarie_id", "contrat_id",
                                name=op.f("pk_contrats")),
    )
    op.create_index("ix_contrats_adherent_id_poste_id", "contrats", ["adherent_id", "poste_id"])
    op.create_index("ix_contrats_debut", "contrats", ["adherent_id", "salarie_id", "debut"])

    op.create_table(
        "mouvements",
        _id("adherent_id"),
        _id("salarie_id"),
        _id("mouvement_id"),
        sa.Column("rang", sa.Integer(), nullable=False),
        sa.Column("genre", _texte(13), nullable=False),
        sa.Column("le", sa.Date(), nullable=False),
        sa.Column("motif", _texte(200), nullable=True),
        sa.Column("annule", sa.Boolean(), nullable=False),
        _id("contrat_clos_id", nullable=True),
        sa.Column("fin_close", sa.Date(), nullable=True),
        _id("contrat_id", nullable=True),
        sa.CheckConstraint("genre IN ('sortie', 'reintegration')",
                           name=op.f("ck_mouvements_genre")),
        _fk_salarie("mouvements"),
        sa.PrimaryKeyConstraint("adherent_id", "salarie_id", "mouvement_id",
                                name=op.f("pk_mouvements")),
    )

    op.create_table(
        "presences",
        _id("adherent_id"),
        _id("salarie_id"),
        sa.Column("debut", sa.Date(), nullable=False),
        sa.Column("fin", sa.Date(), nullable=True),
        sa.CheckConstraint("fin IS NULL OR fin >= debut", name=op.f("ck_presences_dates")),
        _fk_salarie("presences"),
        sa.PrimaryKeyConstraint("adherent_id", "salarie_id", "debut", name=op.f("pk_presences")),
    )
    op.create_index("ix_presences_adherent_id_debut", "presences", ["adherent_id", "debut"])


def downgrade() -> None:
    for table in ("presences", "mouvements", "contrats", "salaries", "requetes", "postes",
                  "journal", "adherents"):
        op.drop_table(table)
