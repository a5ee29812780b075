"""Migrations on purpose: where a schema stands (``etat_du_schema``), bringing it up to date
(``migrer``), refusing an out-of-date one (``technique.schema_perime``, naming the command)
on PostgreSQL while a SQLite file keeps migrating on first use."""

from __future__ import annotations

from pathlib import Path

import pytest
from portail_sql import nouvel_adherent
from sqlalchemy import text
from sqlalchemy.engine import make_url

import rst_effectifs as rst
from rst_effectifs import bootstrap
from rst_effectifs.adapters.sql import creer_moteur, revision_courante, upgrade
from rst_effectifs.adapters.sql.migrations import tete


def _sans_mot_de_passe(erreur: rst.ErreurRstEffectifs, url: str) -> None:
    """The user and password are never shown (the test server's password is also part of
    the database's name, so the pair is what is looked for; a distinct secret is checked
    in test_sql_pannes_techniques.py)."""
    adresse = make_url(url)
    if adresse.password:
        for vue in (erreur.message, str(erreur), repr(erreur), repr(erreur.details)):
            assert f"{adresse.username}:{adresse.password}" not in vue
            assert "password" not in vue.lower()


def _sql(url: str, instruction: str) -> None:
    moteur = creer_moteur(url)
    with moteur.begin() as connection:
        connection.execute(text(instruction))
    moteur.dispose()


def test_the_state_of_an_empty_database_lists_every_migration(url_sql: str) -> None:
    etat = rst.etat_du_schema(url_sql)
    assert (etat.revision, etat.tete, etat.a_jour, etat.connue) == (None, tete(), False, True)
    assert etat.a_appliquer[0] == "0001" and etat.a_appliquer[-1] == tete()
    assert revision_courante(url_sql) is None  # read, not migrated


def test_the_state_of_a_missing_sqlite_file_does_not_create_it(tmp_path: Path) -> None:
    fichier = tmp_path / "pas-encore.db"
    assert rst.etat_du_schema(f"sqlite:///{fichier}").revision is None
    assert not fichier.exists()


def test_migrer_applies_what_the_state_listed_and_is_idempotent(url_sql: str) -> None:
    upgrade(url_sql, "0004")
    attendu = rst.etat_du_schema(url_sql).a_appliquer
    avant = rst.migrer(url_sql)
    assert (avant.revision, avant.a_appliquer) == ("0004", attendu)
    assert attendu and "0004" not in attendu
    apres = rst.etat_du_schema(url_sql)
    assert apres.a_jour and apres.a_appliquer == ()
    assert rst.migrer(url_sql).a_appliquer == ()
    assert rst.verifier_schema(url_sql).a_jour


def test_a_sqlite_file_migrates_on_first_use(url_sqlite: str) -> None:
    upgrade(url_sqlite, "0003")
    ctx = rst.depuis_url(url_sqlite)
    assert revision_courante(url_sqlite) == tete()
    nouvel_adherent(ctx)
    bootstrap.fermer(ctx)


@pytest.mark.postgresql
@pytest.mark.parametrize("revision", [None, "0004"])
def test_postgresql_refuses_an_out_of_date_schema_naming_the_command(
    url_postgresql: str, revision: str | None,
) -> None:
    if revision is not None:
        upgrade(url_postgresql, revision)
    with pytest.raises(rst.ErreurTechnique) as erreur:
        rst.depuis_url(url_postgresql)
    adresse = make_url(url_postgresql)
    assert erreur.value.code == "technique.schema_perime"
    assert "rst-effectifs base migrer" in erreur.value.message
    assert f"{adresse.host}:{adresse.port}/{adresse.database}" in erreur.value.message
    assert erreur.value.details == {
        "revision": revision, "revision_attendue": tete(), "commande": "rst-effectifs base migrer",
        "hote": adresse.host, "port": adresse.port, "base": adresse.database}
    _sans_mot_de_passe(erreur.value, url_postgresql)
    assert revision_courante(url_postgresql) == revision  # nothing migrated behind our back

    ctx = rst.depuis_url(url_postgresql, migrer=True)  # the caller asks
    nouvel_adherent(ctx)
    bootstrap.fermer(ctx)
    bootstrap.fermer(rst.depuis_url(url_postgresql))  # current now: opens


def test_a_schema_from_a_newer_library_is_refused_on_opening_and_checking(url_sql: str) -> None:
    upgrade(url_sql)
    _sql(url_sql, "UPDATE alembic_version SET version_num = '9999'")
    etat = rst.etat_du_schema(url_sql)
    assert (etat.revision, etat.connue, etat.a_jour) == ("9999", False, False)
    refus = [rst.verifier_schema]
    if make_url(url_sql).get_backend_name() == "postgresql":  # SQLite migrates: see below
        refus.append(rst.depuis_url)
    for ouvrir in refus:
        with pytest.raises(rst.ErreurTechnique) as erreur:
            ouvrir(url_sql)
        assert erreur.value.code == "technique.schema_inconnu"
        assert erreur.value.details["revision"] == "9999"
        _sans_mot_de_passe(erreur.value, url_sql)
    with pytest.raises(rst.ErreurTechnique) as migration:
        rst.migrer(url_sql)
    assert migration.value.code == "technique.schema_inconnu"


def test_a_schema_altered_by_hand_fails_the_check(url_sql: str) -> None:
    upgrade(url_sql)
    _sql(url_sql, "CREATE TABLE ajout_a_la_main (a INTEGER)")
    assert rst.etat_du_schema(url_sql).a_jour  # the revision alone cannot see it
    with pytest.raises(rst.ErreurTechnique) as erreur:
        rst.verifier_schema(url_sql)
    assert erreur.value.code == "technique.schema_different"
