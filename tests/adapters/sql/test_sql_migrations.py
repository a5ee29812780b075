"""Migrations: the shipped Alembic revisions build exactly the Core tables, on both
engines; upgrading again changes nothing; the schema can be distributed by member."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from attrs import evolve
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from portail_sql import contrat, nouvel_adherent
from sqlalchemy import insert, inspect, select, text

import rst_effectifs as rst
from rst_effectifs.adapters.sql import creer_moteur, metadata, revision_courante, upgrade
from rst_effectifs.adapters.sql import tables as t
from rst_effectifs.adapters.sql.adherents import rangee_adherent, rangee_poste
from rst_effectifs.adapters.sql.migrations import configuration
from rst_effectifs.adapters.sql.salaries_rangees import rangees_morceaux, rangees_par_table
from rst_effectifs.testing.strategies import historiques


def avant_0015(table: object, rangees: list[dict[str, object]]) -> list[dict[str, object]]:
    """A file's row as libraries before revision 0015 wrote it (no NTT, no precision of
    the birth date)."""
    if table is not t.salaries:
        return rangees
    return [{k: v for k, v in r.items() if k not in ("ntt", "precision_naissance")}
            for r in rangees]

def _derive(url: str) -> list[object]:
    moteur = creer_moteur(url)
    try:
        with moteur.connect() as connection:
            contexte = MigrationContext.configure(connection, opts={"compare_type": True})
            return list(compare_metadata(contexte, metadata))
    finally:
        moteur.dispose()


def test_migrations_build_the_core_tables_without_drift(url_sql):
    upgrade(url_sql)

    assert _derive(url_sql) == []
    tete = ScriptDirectory.from_config(configuration()).get_current_head()
    assert revision_courante(url_sql) == tete


def test_an_empty_database_has_no_revision_until_upgraded(url_sql):
    assert revision_courante(url_sql) is None
    assert _derive(url_sql) != []  # every table missing


def test_upgrading_twice_keeps_schema_and_data(url_sql):
    ctx = rst.depuis_url(url_sql, migrer=True)
    adherent, moi = nouvel_adherent(ctx)
    poste = rst.ajouter_poste(ctx, moi, rst.AjouterPoste(adherent.id, "Vendeuse"))
    lea = rst.embaucher(ctx, moi, rst.EmbaucherSalarie(
        adherent.id, nom="Durand", prenoms="Léa", date_naissance=dt.date(1990, 5, 4),
        contrat=contrat(poste.id, dt.date(2025, 1, 6))))
    ctx.unite_de_travail.fermer()  # type: ignore[attr-defined]

    upgrade(url_sql)
    ctx = rst.depuis_url(url_sql, migrer=True)  # migrates once more on the way

    assert _derive(url_sql) == []
    assert rst.consulter_salarie(ctx, moi, rst.ConsulterSalarie(adherent.id, lea.id)) == lea
    ctx.unite_de_travail.fermer()  # type: ignore[attr-defined]


def _stocker_comme_avant(url: str, adherent: rst.Adherent, salaries: list[rst.Salarie]) -> None:
    """The rows an older library wrote: the member, its postes, and each file's own rows
    (no derived ``morceaux``, which came with revision 0004)."""
    moteur = creer_moteur(url)
    try:
        with moteur.begin() as connection:
            connection.execute(insert(t.adherents), {  # no address before 0011
                k: v for k, v in rangee_adherent(adherent, 1).items() if k != "adresse"})
            connection.execute(insert(t.postes), [  # no per-poste version before 0008
                {k: v for k, v in rangee_poste(adherent.id, rang, poste).items()
                 if k not in ("version", "risques_bits")}
                for rang, poste in enumerate(adherent.postes)])
            for table, rangees in rangees_par_table(salaries).items():
                if rangees and table is not t.morceaux:
                    connection.execute(insert(table), avant_0015(table, rangees))
    finally:
        moteur.dispose()


def _morceaux_stockes(url: str) -> list[dict[str, object]]:
    moteur = creer_moteur(url)
    try:
        with moteur.connect() as connection:
            return [dict(r) for r in connection.execute(
                select(t.morceaux).order_by(*t.morceaux.primary_key.columns)).mappings()]
    finally:
        moteur.dispose()


def _morceaux_attendus(salaries: list[rst.Salarie]) -> list[dict[str, object]]:
    return sorted((rangee for s in salaries for rangee in rangees_morceaux(s)),
                  key=lambda m: (m["adherent_id"], m["salarie_id"], m["debut"]))


def _adherent(adherent_id: str, n: int) -> rst.Adherent:
    adherent = rst.Adherent(adherent_id, rst.NumeroAdherent(f"{n:06d}"),
                            rst.Siret("73282932000074"), "Boulangerie Martin",
                            rst.Email.parse(f"Contact{n}@Exemple.fr"))
    adherent, _ = adherent.ajouter_poste("poste-1", "Vendeuse", frozenset(), None, None)
    adherent, _ = adherent.ajouter_poste(
        "poste-2", "Cariste", frozenset({rst.Risque.TRAVAIL_DE_NUIT}), None, None)
    return adherent


def test_an_old_database_is_brought_to_the_current_schema_with_its_data(url_sql):
    """The first revision's database (before closings, stored accesses and derived
    pieces existed) holds a member and a salarié; upgrading it keeps them, makes the
    member's login e-mail its administrator (as creating a member does now), derives the
    salarié's countable pieces and ends with no drift."""
    upgrade(url_sql, "0001")
    adherent = _adherent("ancien", 1)
    moi = rst.Acces(adherent.email_connexion, adherent.id, frozenset({rst.Role.ADMINISTRATEUR}))
    lea, _ = rst.Salarie.embaucher("lea", adherent.id, rst.Identite(
        "Durand", "Léa", dt.date(1990, 5, 4)), rst.Contrat(
        id="c1", nature=rst.NatureContrat.CDI, debut=dt.date(2025, 1, 6), poste_id="poste-1"))
    _stocker_comme_avant(url_sql, adherent, [lea])
    assert revision_courante(url_sql) == "0001"
    moteur = creer_moteur(url_sql)
    assert "clotures" not in inspect(moteur).get_table_names()
    moteur.dispose()

    upgrade(url_sql)

    assert _derive(url_sql) == []
    ctx = rst.depuis_url(url_sql, migrer=False)
    lu = rst.consulter_salarie(ctx, moi, rst.ConsulterSalarie(adherent.id, lea.id))
    assert lu == evolve(lea, version=1)
    assert rst.lister_clotures(ctx, moi, rst.ListerClotures(adherent.id)) == ()
    assert rst.resoudre_acces(ctx, "contact1@exemple.fr", adherent.id) == moi
    ctx.unite_de_travail.fermer()  # type: ignore[attr-defined]
    assert _morceaux_stockes(url_sql) == _morceaux_attendus([lea]) != []


_DEJA_STOCKES: dict[str, tuple[list[str], list[rst.Salarie]]] = {}
"""Per database of the test: the members and files stored by earlier examples."""


@settings(max_examples=8, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_revision_0004_derives_the_pieces_the_library_writes(url_sql, data):
    """Revision 0004 computes ``morceaux`` in SQL for the files already stored; on random
    histories (changes, exits, returns, cancellations) its rows are those the library's
    own save writes (``rangees_morceaux``, from the domain's ``morceaux_comptables``).
    Each example adds a member to the database at revision 0003 and runs 0004 again, then
    the later revisions: 0007's stored chains must also be what the save writes."""
    if revision_courante(url_sql) is None:
        upgrade(url_sql, "0003")
    adherents_, stockes = _DEJA_STOCKES.setdefault(url_sql, ([], []))
    moteur = creer_moteur(url_sql)
    try:
        with moteur.begin() as connection:
            config = configuration()
            config.attributes["connection"] = connection
            command.downgrade(config, "0003")
    finally:
        moteur.dispose()
    n = len(adherents_) + 1
    adherent = _adherent(f"adherent-{n}", n)
    adherents_.append(adherent.id)
    salaries = data.draw(st.lists(
        historiques(adherent.id, ("poste-1", "poste-2")), max_size=6,
        unique_by=(lambda s: s.id, lambda s: s.identite.cle)))  # S2 holds (revision 0005)
    annule = data.draw(st.sets(st.integers(0, 5)))
    salaries = [evolve(s, annule=i in annule) for i, s in enumerate(salaries)]
    _stocker_comme_avant(url_sql, adherent, salaries)
    stockes.extend(salaries)

    upgrade(url_sql)  # 0004's pieces, then 0007's chains over them

    assert _morceaux_stockes(url_sql) == _morceaux_attendus(stockes)


def test_adherent_id_leads_every_primary_key_and_index(url_sql):
    """Distributable by member. Documented exceptions: the unique member and declarant
    numbers on the tenant table itself (A1), the index listing the adherents one e-mail
    may act on (A3, it crosses members by nature), the files by NIR for RST's
    reconciliation of multi-employer workers (F7, likewise), the rate limits' counted
    requests and the outbox of recovery requests, which belong to no member (A2), the sign-in codes
    and bearer tokens, which authenticate an e-mail (A6, A7), RST's records of
    multi-employer workers, one per person and year across members (F7), and the invoice
    numbers, one series per RST across members (F8: the numbering counter and the unique
    numbers and ranks of ``factures``)."""
    upgrade(url_sql)
    moteur = creer_moteur(url_sql)
    inspecteur = inspect(moteur)
    tables = set(inspecteur.get_table_names()) - {"alembic_version"}
    assert tables == set(metadata.tables)
    for table in tables - {"quotas", "boite_d_envoi", "codes_connexion",
                           "jetons_acces", "numerotation", "multi_employeurs",
                           "sessions_portail"}:
        colonnes = {c["name"] for c in inspecteur.get_columns(table)}
        assert "adherent_id" in colonnes, table
        assert inspecteur.get_pk_constraint(table)["constrained_columns"][0] == "adherent_id"
        for index in inspecteur.get_indexes(table):
            if index["name"] in ("uq_adherents_numero", "uq_adherents_numero_teledeclarant",
                                 "ix_acces_email_cle", "uq_factures_annee_rang",
                                 "uq_factures_numero", "ix_salaries_nir"):
                continue
            assert index["column_names"][0] == "adherent_id", (table, index["name"])
    moteur.dispose()


def test_sqlite_connections_enforce_foreign_keys(url_sqlite):
    upgrade(url_sqlite)
    moteur = creer_moteur(url_sqlite)
    with moteur.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        with pytest.raises(Exception, match="FOREIGN KEY"):
            connection.execute(text(
                "INSERT INTO postes (adherent_id, poste_id, rang, libelle, libelle_norm, "
                "risques, archive, utilise, type_de_suivi) "
                "VALUES ('nobody', 'p', 0, 'x', 'x', '', 0, 0, 'SIG')"))
    moteur.dispose()


def test_default_url_is_a_file_in_the_user_data_folder(monkeypatch, tmp_path):
    monkeypatch.delenv("RST_EFFECTIFS_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "donnees"))

    url = rst.adapters.sql.url_par_defaut()

    fichier = tmp_path / "donnees" / "rst_effectifs" / "rst_effectifs.db"
    assert url == f"sqlite:///{fichier}"
    assert fichier.parent.is_dir()
    ctx = rst.depuis_url()
    nouvel_adherent(ctx)
    assert fichier.is_file()
    ctx.unite_de_travail.fermer()  # type: ignore[attr-defined]


def test_environment_variable_names_the_default_database(monkeypatch, tmp_path):
    fichier = tmp_path / "ailleurs.db"
    monkeypatch.setenv("RST_EFFECTIFS_DB", f"sqlite:///{fichier}")

    assert rst.adapters.sql.url_par_defaut() == f"sqlite:///{fichier}"
    rst.depuis_url().unite_de_travail.fermer()  # type: ignore[attr-defined]
    assert Path(fichier).is_file()


def test_migrations_ship_inside_the_package():
    dossier = Path(rst.adapters.sql.migrations.__file__).parent
    assert (dossier / "env.py").is_file()
    assert (dossier / "script.py.mako").is_file()
    assert [f.name[:4] for f in sorted((dossier / "versions").glob("0*.py"))] == [
        "0001", "0002", "0003", "0004", "0005", "0006", "0007", "0008", "0009", "0010",
        "0011", "0012", "0013", "0014", "0015", "0016", "0017"]


def test_a_database_from_a_newer_library_is_a_technical_error(url_sql):
    upgrade(url_sql)
    moteur = creer_moteur(url_sql)
    with moteur.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    moteur.dispose()

    with pytest.raises(rst.ErreurTechnique) as erreur:
        upgrade(url_sql)
    assert erreur.value.code == "technique.schema_inconnu"


@pytest.mark.parametrize("url", ["pas une url", "oracle+inexistant://x/y"])
def test_an_unusable_url_is_a_technical_error(url):
    with pytest.raises(rst.ErreurTechnique) as erreur:
        rst.depuis_url(url)
    assert erreur.value.code == "technique.url_invalide"


def test_a_plain_postgresql_url_means_psycopg_3():
    moteur = creer_moteur("postgresql://u:p@127.0.0.1:1/base")
    assert moteur.dialect.driver == "psycopg"
    moteur.dispose()


def test_revision_0007_derives_the_chains_the_library_writes(url_sql):
    """Revision 0007 fills the stored chains of existing pieces as the library's save
    does: a temp mission (03) breaks the chain only where missions are excluded, an open
    contract makes its chain open, and each piece knows the longest earlier chain."""
    upgrade(url_sql)
    adherent = _adherent("chaines", 1)
    n = rst.NatureContrat
    fichier, _ = rst.Salarie.embaucher("s1", adherent.id, rst.Identite(
        "Durand", "Léa", dt.date(1990, 5, 4)), rst.Contrat(
        id="c1", nature=n.CDD, debut=dt.date(2024, 1, 1), fin=dt.date(2024, 1, 20),
        poste_id="poste-1"))
    for cid, nature, debut, fin in (
            ("c2", n.MISSION_INTERIM, dt.date(2024, 1, 21), dt.date(2024, 3, 31)),
            ("c3", n.CDD, dt.date(2024, 4, 1), dt.date(2024, 5, 31)),
            ("c4", n.CDI, dt.date(2024, 9, 1), None)):
        fichier, _ = fichier.ajouter_contrat(rst.Contrat(
            id=cid, nature=nature, debut=debut, fin=fin, poste_id="poste-2"), f"r-{cid}")
    moteur = creer_moteur(url_sql)
    try:
        with moteur.begin() as connection:
            connection.execute(insert(t.adherents), {  # no address before 0011
                k: v for k, v in rangee_adherent(adherent, 1).items() if k != "adresse"})
            connection.execute(insert(t.postes), [  # no per-poste version before 0008
                {k: v for k, v in rangee_poste(adherent.id, rang, poste).items()
                 if k not in ("version", "risques_bits")}
                for rang, poste in enumerate(adherent.postes)])
            for table, rangees in rangees_par_table([fichier]).items():
                if rangees:
                    connection.execute(insert(table), avant_0015(table, rangees))
        with moteur.begin() as connection:
            config = configuration()
            config.attributes["connection"] = connection
            command.downgrade(config, "0004")
    finally:
        moteur.dispose()

    upgrade(url_sql)

    attendus = _morceaux_attendus([fichier])
    assert _morceaux_stockes(url_sql) == attendus
    assert [(m["duree_chaine"], m["duree_avant"], m["duree_chaine_hors_interim"],
             m["duree_avant_hors_interim"]) for m in attendus] == [
        (152, 0, 20, 0), (152, 152, None, 20), (152, 152, 61, 20),
        (t.OUVERT, 152, t.OUVERT, 61)]


def test_revision_0017_moves_the_counted_requests_and_back(url_sql):
    """``tentatives_recuperation`` becomes ``quotas`` with its rows (a limit reached
    just before the upgrade stays reached), and a downgrade gives them back."""
    moteur = creer_moteur(url_sql)
    quand = dt.datetime(2026, 12, 10, 8, 0, tzinfo=dt.UTC)
    try:
        upgrade(moteur, "0016")
        with moteur.begin() as connection:
            connection.execute(text("INSERT INTO tentatives_recuperation (cle, quand) "
                                    "VALUES ('a', :q), ('a', :q), ('b', :q)"), {"q": quand})
        upgrade(moteur)
        assert "tentatives_recuperation" not in inspect(moteur).get_table_names()
        with moteur.connect() as connection:
            assert sorted(connection.execute(text("SELECT cle FROM quotas")).scalars()) == [
                "a", "a", "b"]
        assert _derive(url_sql) == []
        with moteur.begin() as connection:
            config = configuration()
            config.attributes["connection"] = connection
            command.downgrade(config, "0016")
        assert "quotas" not in inspect(moteur).get_table_names()
        with moteur.connect() as connection:
            assert sorted(connection.execute(text(
                "SELECT cle FROM tentatives_recuperation")).scalars()) == ["a", "a", "b"]
    finally:
        moteur.dispose()
