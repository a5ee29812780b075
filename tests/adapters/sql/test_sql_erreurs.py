"""Stale saves and driver errors: one domain error for a lost race, the rule's own error
for a violated constraint, ErreurTechnique for a failing database; never a SQLAlchemy
type, never a driver message (it could carry a NIR)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from attrs import evolve
from portail_sql import contrat, nir, nouvel_adherent
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

import rst_effectifs as rst
from rst_effectifs.adapters.sql import FabriqueSql, UniteDeTravailSql, creer_moteur, upgrade
from rst_effectifs.adapters.sql.traduction import erreur_de_bibliotheque
from rst_effectifs.domain.postes import Poste

NAISSANCE = dt.date(1984, 12, 3)


@pytest.fixture
def ctx(url_sql: str) -> Iterator[rst.Contexte]:
    contexte = rst.depuis_url(url_sql, horloge=rst.HorlogeFixe(), migrer=True)
    yield contexte
    contexte.unite_de_travail.fermer()  # type: ignore[attr-defined]


def _embauche(ctx: rst.Contexte, nom: str = "Martin", avec_nir: bool = True
              ) -> tuple[rst.Acces, rst.Salarie]:
    adherent, moi = nouvel_adherent(ctx)
    poste = rst.ajouter_poste(ctx, moi, rst.AjouterPoste(adherent.id, "Vendeuse"))
    salarie = rst.embaucher(ctx, moi, rst.EmbaucherSalarie(
        adherent.id, nom=nom, prenoms="Paul", date_naissance=NAISSANCE,
        nir=nir(NAISSANCE) if avec_nir else None,
        contrat=contrat(poste.id, dt.date(2025, 1, 6))))
    return moi, salarie


def _bibliotheque(erreur: BaseException) -> None:
    """Only the library's own types reach callers, with no driver error chained to them
    (its message could hold a NIR)."""
    chaine: BaseException | None = erreur
    while chaine is not None:
        assert type(chaine).__module__.startswith("rst_effectifs."), type(chaine)
        chaine = chaine.__cause__ or chaine.__context__


# -- optimistic concurrency ------------------------------------------------------------------


def test_a_stale_salarie_save_raises_conflict_and_keeps_the_winner(ctx):
    _moi, salarie = _embauche(ctx)
    a, i = salarie.adherent_id, salarie.id
    with ctx.unite_de_travail() as premiere:
        copie = premiere.salaries.obtenir(a, i)
    with ctx.unite_de_travail() as seconde:
        gagnant, _ = seconde.salaries.obtenir(a, i).sortir("m-gagnant", dt.date(2025, 3, 31))
        seconde.salaries.enregistrer(gagnant)
        seconde.commit()

    perdant, _ = copie.sortir("m-perdant", dt.date(2025, 4, 30))
    with ctx.unite_de_travail() as tardive, pytest.raises(rst.ConflitDeVersion) as erreur:
        tardive.salaries.enregistrer(perdant)
        tardive.commit()

    _bibliotheque(erreur.value)
    with ctx.unite_de_travail() as lecture:
        stocke = lecture.salaries.obtenir(a, i)
    assert [m.id for m in stocke.mouvements] == ["m-gagnant"]
    assert stocke.version == salarie.version + 1


def test_a_stale_adherent_save_raises_conflict(ctx):
    adherent, _moi = nouvel_adherent(ctx)
    with ctx.unite_de_travail() as uow:
        gagnant, _ = adherent.ajouter_poste("p1", "Vendeuse")
        uow.adherents.enregistrer(gagnant)
        uow.commit()
    perdant, _ = adherent.ajouter_poste("p2", "Caissier")
    with ctx.unite_de_travail() as uow, pytest.raises(rst.ConflitDeVersion):
        uow.adherents.enregistrer(perdant)
    with ctx.unite_de_travail() as uow:
        assert [p.libelle for p in uow.adherents.obtenir(adherent.id).postes] == ["Vendeuse"]


def test_saving_an_unknown_salarie_is_a_conflict_not_an_insert(ctx):
    _moi, salarie = _embauche(ctx)
    fantome = evolve(salarie, id="jamais-enregistre")
    with ctx.unite_de_travail() as uow, pytest.raises(rst.ConflitDeVersion):
        uow.salaries.enregistrer(fantome)


def test_leaving_without_commit_stores_nothing(ctx):
    moi, salarie = _embauche(ctx)
    with ctx.unite_de_travail() as uow:
        sorti, _ = salarie.sortir("m1", dt.date(2025, 2, 28))
        uow.salaries.enregistrer(sorti)
        uow.adherents.enregistrer(evolve(uow.adherents.obtenir(salarie.adherent_id),
                                         raison_sociale="Autre nom"))
    relu = rst.consulter_salarie(ctx, moi, rst.ConsulterSalarie(salarie.adherent_id, salarie.id))
    assert relu == salarie
    adherent = rst.consulter_adherent(ctx, moi, rst.ConsulterAdherent(salarie.adherent_id))
    assert adherent.raison_sociale == "Boulangerie Martin"


# -- integrity errors become the rule's error ------------------------------------------------


def test_a_duplicate_nir_stored_behind_the_use_cases_back_is_refused_as_s2(ctx):
    """S2 is backed by a partial unique index: a buggy caller that skips ``doublons``
    still cannot store a second file with the same NIR."""
    _moi, salarie = _embauche(ctx)
    jumeau = evolve(salarie, id="jumeau",
                    identite=evolve(salarie.identite, nom="Autre"), version=0)
    with ctx.unite_de_travail() as uow, pytest.raises(rst.RegleMetier) as erreur:
        uow.salaries.ajouter(jumeau)
    assert (erreur.value.code, erreur.value.regle) == ("salarie.deja_existant", "S2")
    _bibliotheque(erreur.value)
    assert salarie.identite.nir is not None
    assert salarie.identite.nir.valeur not in str(erreur.value)


def test_a_cancelled_file_frees_its_nir(ctx):
    moi, salarie = _embauche(ctx)
    rst.annuler_salarie(ctx, moi, rst.AnnulerSalarie(salarie.adherent_id, salarie.id))
    with ctx.unite_de_travail() as uow:
        uow.salaries.ajouter(evolve(salarie, id="nouvelle-fiche", version=0))
        uow.commit()


def test_a_duplicate_active_label_stored_behind_the_domains_back_is_refused_as_p1(ctx):
    adherent, _moi = nouvel_adherent(ctx)
    doublons = (Poste(id="p1", libelle="Vendeuse"), Poste(id="p2", libelle="VENDEUSE"))
    with ctx.unite_de_travail() as uow, pytest.raises(rst.RegleMetier) as erreur:
        uow.adherents.enregistrer(evolve(adherent, postes=doublons))
    assert (erreur.value.code, erreur.value.regle) == ("poste.libelle_existant", "P1")


def test_labels_can_swap_in_one_save(ctx):
    """The partial unique index holds at every statement, yet a save whose final state
    is valid (two postes exchanging labels) goes through."""
    adherent, _moi = nouvel_adherent(ctx)
    with ctx.unite_de_travail() as uow:
        adherent = uow.adherents.enregistrer(evolve(adherent, postes=(
            Poste(id="p1", libelle="Vendeuse"), Poste(id="p2", libelle="Caissier"))))
        uow.commit()
    echange = evolve(adherent, postes=(Poste(id="p1", libelle="Caissier"),
                                       Poste(id="p2", libelle="Vendeuse")))
    with ctx.unite_de_travail() as uow:
        uow.adherents.enregistrer(echange)
        uow.commit()
    with ctx.unite_de_travail() as uow:
        assert uow.adherents.obtenir(adherent.id).postes == echange.postes


def test_a_duplicate_member_number_is_refused_as_a1(ctx):
    adherent, _moi = nouvel_adherent(ctx)
    with ctx.unite_de_travail() as uow, pytest.raises(rst.RegleMetier) as erreur:
        uow.adherents.ajouter(evolve(adherent, id="autre-id", version=0))
    assert erreur.value.code == "adherent.numero_existant"


def test_a_duplicate_id_is_refused_like_in_memory(ctx):
    adherent, _moi = nouvel_adherent(ctx)
    with ctx.unite_de_travail() as uow, pytest.raises(rst.DonneeInvalide) as erreur:
        uow.adherents.ajouter(adherent)
    assert erreur.value.code == "id.existant"


def test_a_contract_on_a_poste_of_nowhere_is_refused(ctx):
    """P5 backed by a foreign key: a contract names a poste of the same adherent."""
    _moi, salarie = _embauche(ctx)
    mauvais = evolve(salarie, contrats=(evolve(salarie.contrats[0], poste_id="nulle-part"),))
    with ctx.unite_de_travail() as uow, pytest.raises(rst.DonneeInvalide) as erreur:
        uow.salaries.enregistrer(mauvais)
    assert erreur.value.code == "donnee.contrainte"
    _bibliotheque(erreur.value)


# -- driver failures become ErreurTechnique -----------------------------------------------------


def test_a_database_that_cannot_be_reached_is_a_technical_error(tmp_path):
    fabrique = FabriqueSql(creer_moteur(f"sqlite:///{tmp_path}/absent/dossier/x.db"))
    with pytest.raises(rst.ErreurTechnique) as erreur, fabrique() as uow:
        uow.adherents.obtenir("a1")
    _bibliotheque(erreur.value)
    assert erreur.value.details["cause"] == "OperationalError"


def test_an_unreachable_postgresql_server_is_a_technical_error():
    moteur = creer_moteur("postgresql+psycopg://x:y@127.0.0.1:1/nulle",
                          connect_args={"connect_timeout": 2})
    with pytest.raises(rst.ErreurTechnique), UniteDeTravailSql(moteur) as uow:
        uow.salaries.obtenir("a", "s")


def test_a_missing_table_is_a_technical_error(url_sql):
    ctx = rst.depuis_url(url_sql, migrer=True)
    moi, salarie = _embauche(ctx)
    moteur = create_engine(url_sql)
    with moteur.begin() as connection:
        connection.execute(text("DROP TABLE presences"))
    moteur.dispose()
    with pytest.raises(rst.ErreurTechnique) as erreur:
        rst.consulter_effectif(ctx, moi, rst.ConsulterEffectif(salarie.adherent_id,
                                                               dt.date(2025, 2, 1)))
    _bibliotheque(erreur.value)
    ctx.unite_de_travail.fermer()  # type: ignore[attr-defined]


def test_a_connection_lost_mid_transaction_is_a_technical_error_and_stores_nothing(ctx):
    moi, salarie = _embauche(ctx)
    with pytest.raises(rst.ErreurTechnique) as erreur, ctx.unite_de_travail() as uow:
        sorti, _ = uow.salaries.obtenir(salarie.adherent_id, salarie.id).sortir(
            "m1", dt.date(2025, 2, 28))
        uow.salaries.enregistrer(sorti)
        _couper(uow)
        uow.commit()
    if uow.moteur.dialect.name == "postgresql":  # found lost at COMMIT: outcome unknown
        assert type(erreur.value) is rst.ErreurTechnique
        assert erreur.value.code == "technique.issue_incertaine"
    relu = rst.consulter_salarie(ctx, moi, rst.ConsulterSalarie(salarie.adherent_id, salarie.id))
    assert relu == salarie


def _couper(uow: UniteDeTravailSql) -> None:
    """Kill this unit's connection under its feet (the server side on PostgreSQL)."""
    connection = uow.connection()
    if connection.dialect.name == "postgresql":
        pid = connection.exec_driver_sql("SELECT pg_backend_pid()").scalar()
        tueur = create_engine(uow.moteur.url)
        with tueur.connect() as autre:
            autre.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        tueur.dispose()
    else:
        connection.connection.dbapi_connection.close()  # type: ignore[union-attr]


@pytest.mark.parametrize(("attribut", "valeur", "attendu"), [
    ("sqlstate", "40001", rst.EchecTransitoire),  # PostgreSQL serialization_failure
    ("sqlstate", "40P01", rst.EchecTransitoire),  # PostgreSQL deadlock_detected
    ("sqlstate", "57P01", rst.ErreurTechnique),   # admin_shutdown, of no known server
    ("sqlite_errorname", "SQLITE_BUSY_SNAPSHOT", rst.EchecTransitoire),
    ("sqlite_errorname", "SQLITE_BUSY", rst.EchecTransitoire),
    ("sqlite_errorname", "SQLITE_IOERR", rst.ErreurTechnique),
])
def test_lost_races_become_transient_failures_and_failures_technical(attribut, valeur, attendu):
    class ErreurPilote(Exception):
        pass

    pilote = ErreurPilote("driver message with 184127512345678")
    setattr(pilote, attribut, valeur)
    erreur = erreur_de_bibliotheque(OperationalError("UPDATE ...", {}, pilote))
    assert type(erreur) is attendu
    assert "184127512345678" not in str(erreur)


def test_an_unknown_integrity_error_is_a_generic_domain_error():
    erreur = erreur_de_bibliotheque(
        IntegrityError("INSERT ...", {}, Exception("NOT NULL constraint failed: x.y")))
    assert isinstance(erreur, rst.DonneeInvalide)
    assert erreur.code == "donnee.contrainte"


def test_a_driver_error_of_any_kind_is_technical():
    erreur = erreur_de_bibliotheque(DBAPIError("SELECT 1", {}, Exception("boom")))
    assert isinstance(erreur, rst.ErreurTechnique)
    assert erreur.code == "technique.stockage"


def test_hiring_through_a_dead_database_leaves_the_error_typed(url_sqlite, tmp_path):
    upgrade(url_sqlite)
    ctx = rst.depuis_url(url_sqlite, migrer=False)
    adherent, moi = nouvel_adherent(ctx)
    moteur = creer_moteur(url_sqlite)
    with moteur.begin() as connection:
        connection.execute(text("DROP TABLE journal"))
    moteur.dispose()
    with pytest.raises(rst.ErreurTechnique):
        rst.ajouter_poste(ctx, moi, rst.AjouterPoste(adherent.id, "Vendeuse"))
    with ctx.unite_de_travail() as uow:  # the poste went with the failed commit
        assert uow.adherents.obtenir(adherent.id).postes == ()
    ctx.unite_de_travail.fermer()  # type: ignore[attr-defined]


@pytest.mark.parametrize("meme_personne", [True, False])
def test_a_file_with_a_taken_id_is_refused_as_id_existant_on_every_engine(ctx, meme_personne):
    """The same file stored twice, or another person under its id: ``id.existant`` as in
    memory, on both engines (SQLite alone would name an S2 index first, PostgreSQL the
    primary key: the repository looks for the id before its INSERT), nothing kept."""
    _moi, salarie = _embauche(ctx)
    autre = salarie if meme_personne else evolve(
        salarie, identite=evolve(salarie.identite, nom="Durand", nir=None), version=0)
    with ctx.unite_de_travail() as uow, pytest.raises(rst.DonneeInvalide) as erreur:
        uow.salaries.ajouter(autre)
    assert erreur.value.code == "id.existant"
    with ctx.unite_de_travail() as uow:
        assert uow.salaries.obtenir(salarie.adherent_id, salarie.id) == salarie
        assert len(uow.salaries.tous(salarie.adherent_id)) == 1
