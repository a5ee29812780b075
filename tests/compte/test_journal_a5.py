"""A5: the journal. Administrators read an adherent's entries, filtered by salarié and
period; nothing in the library can change or remove an entry, and the SQL table itself
refuses UPDATE and DELETE (and TRUNCATE on PostgreSQL) on both engines. (That every
change through a use case appends an entry is checked over every use case in
tests/test_tenant_isolation.py.)"""

from __future__ import annotations

import datetime as dt
import inspect

import pytest
from monde_compte import journal, nouvel_adherent, quoi
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

import rst_effectifs as rst
from rst_effectifs.adapters.memory import JournalMemoire
from rst_effectifs.adapters.sql import creer_moteur
from rst_effectifs.adapters.sql.journal import JournalSql
from rst_effectifs.ports.journal import Journal

D = dt.date
LUNDI = dt.datetime(2025, 3, 3, 23, 30, tzinfo=dt.UTC)


@pytest.fixture
def horloge():
    return rst.HorlogeFixe(LUNDI)


@pytest.fixture
def scenario(fabrique_contexte, horloge):
    """Monday 23:30 UTC: the member and a poste; Tuesday: Léa hired; Wednesday: Tom
    hired, then Léa's name corrected."""
    ctx = fabrique_contexte(horloge=horloge)
    adherent, moi = nouvel_adherent(ctx)
    poste = rst.ajouter_poste(ctx, moi, rst.AjouterPoste(adherent.id, "Vendeur"))

    def embaucher(nom):
        return rst.embaucher(ctx, moi, rst.EmbaucherSalarie(
            adherent.id, nom, "X", D(1990, 1, 1),
            rst.NouveauContrat(rst.NatureContrat.CDI, D(2025, 1, 6), poste.id)))

    horloge.avancer(dt.timedelta(hours=1))
    lea = embaucher("Léa")
    horloge.avancer(dt.timedelta(days=1))
    tom = embaucher("Tom")
    rst.corriger_identite(ctx, moi, rst.CorrigerIdentite(adherent.id, lea.id, "Léah", "X",
                                                         D(1990, 1, 1)))
    return ctx, moi, lea.id, tom.id


def test_a5_the_whole_journal_in_the_order_written(scenario):
    ctx, moi, lea, tom = scenario

    entrees = journal(ctx, moi)

    assert quoi(entrees) == ["adherent.cree", "acces.accorde", "poste.ajoute",
                             "salarie.embauche", "salarie.embauche",
                             "salarie.identite_corrigee"]
    assert [e.salarie_id for e in entrees][3:] == [lea, tom, lea]
    assert {e.qui for e in entrees} == {"agent@rst.fr", moi.email.valeur}


def test_a5_filtered_by_salarie(scenario):
    ctx, moi, lea, _tom = scenario

    assert quoi(journal(ctx, moi, salarie_id=lea)) == ["salarie.embauche",
                                                      "salarie.identite_corrigee"]
    assert journal(ctx, moi, salarie_id="inconnu") == []


def test_a5_filtered_by_period_in_utc_days_both_ends_included(scenario):
    ctx, moi, lea, tom = scenario
    mardi, mercredi = D(2025, 3, 4), D(2025, 3, 5)

    assert quoi(journal(ctx, moi, fin=D(2025, 3, 3))) == [
        "adherent.cree", "acces.accorde", "poste.ajoute"]
    assert [e.salarie_id for e in journal(ctx, moi, debut=mardi, fin=mardi)] == [lea]
    assert [e.salarie_id for e in journal(ctx, moi, debut=mercredi)] == [tom, lea]
    assert quoi(journal(ctx, moi, salarie_id=lea, debut=mercredi, fin=mercredi)) == [
        "salarie.identite_corrigee"]
    assert journal(ctx, moi, debut=D(2025, 3, 6), fin=rst.DATE_MAX) == []
    assert len(journal(ctx, moi, debut=rst.DATE_MIN, fin=rst.DATE_MAX)) == 6


def test_a5_a_period_ending_before_it_starts_is_refused(scenario):
    ctx, moi, _lea, _tom = scenario

    with pytest.raises(rst.DonneeInvalide) as refus:
        journal(ctx, moi, debut=D(2025, 3, 5), fin=D(2025, 3, 4))

    assert (refus.value.code, refus.value.chemin) == ("periode.invalide", "fin")


@pytest.mark.parametrize("roles", [{rst.Role.DECLARATION, rst.Role.FACTURATION},
                                   {rst.Role.LECTURE}])
def test_a5_only_administrators_read_the_journal(scenario, roles):
    ctx, moi, _lea, _tom = scenario

    with pytest.raises(rst.AccesInterdit):
        journal(ctx, rst.Acces(moi.email, moi.adherent_id, frozenset(roles)))


@pytest.mark.parametrize("classe", [Journal, JournalMemoire, JournalSql])
def test_a5_no_journal_method_changes_or_removes_an_entry(classe):
    """The port and both adapters only add (staged until commit) and read."""
    publiques = {nom for nom, _f in inspect.getmembers(classe, inspect.isfunction)
                 if not nom.startswith("_")}
    assert publiques <= {"ajouter", "lister", "ecrire"}
    if classe is JournalSql:  # ``ecrire`` inserts the staged entries, called by commit
        assert "update(" not in inspect.getsource(classe).replace("update(adherents)", "")
        assert "delete(" not in inspect.getsource(classe)


def test_a5_the_sql_journal_table_refuses_update_and_delete(url_sql):
    ctx = rst.depuis_url(url_sql, migrer=True)
    nouvel_adherent(ctx)
    ctx.unite_de_travail.fermer()
    moteur = creer_moteur(url_sql)
    tentatives = ["UPDATE journal SET qui = 'pirate@exemple.fr'", "DELETE FROM journal",
                  "UPDATE journal SET donnees = '[]' WHERE quoi = 'acces.accorde'"]
    if moteur.dialect.name == "postgresql":
        tentatives.append("TRUNCATE journal")
    try:
        with moteur.connect() as connection:
            avant = connection.execute(text("SELECT * FROM journal ORDER BY numero")).all()
        assert len(avant) == 2
        for instruction in tentatives:
            with pytest.raises(DBAPIError, match="append-only"), moteur.begin() as connection:
                connection.execute(text(instruction))
        with moteur.connect() as connection:
            assert connection.execute(text("SELECT * FROM journal ORDER BY numero")).all() == avant
    finally:
        moteur.dispose()


def test_a5_the_sql_journal_refusal_reaches_callers_as_a_library_error(url_sql):
    """Through the adapter's one translation point, like any other constraint."""
    ctx = rst.depuis_url(url_sql, migrer=True)
    nouvel_adherent(ctx)
    with pytest.raises(rst.ErreurDomaine) as refus, ctx.unite_de_travail() as uow:
        uow.ecrire_rangees(text("DELETE FROM journal"))
    assert refus.value.code == "donnee.contrainte"
    ctx.unite_de_travail.fermer()
