"""A1: the account (member number, SIRET, company name, login e-mail, declarant number):
read and changed through use cases, every change journaled, member and declarant
numbers unique; on memory, SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
from monde_compte import AGENT, journal, nouvel_adherent, quoi, siret
from sqlalchemy import text

import rst_effectifs as rst
from rst_effectifs.adapters.sql import creer_moteur

INSTANT = dt.datetime(2025, 3, 4, 10, 30, tzinfo=dt.UTC)


@pytest.fixture
def ctx(fabrique_contexte):
    return fabrique_contexte(horloge=rst.HorlogeFixe(INSTANT))


def test_a1_the_account_reads_back_as_created(ctx):
    adherent, moi = nouvel_adherent(ctx, 7, email="Direction@Boulangerie.FR",
                                    teledeclarant="td000777", raison_sociale="Boulangerie")

    compte = rst.consulter_compte(ctx, moi, rst.ConsulterCompte(adherent.id))

    assert compte == rst.Compte(adherent.id, rst.NumeroAdherent("000007"),
                                rst.Siret(siret(7)), "Boulangerie",
                                rst.Email("Direction@boulangerie.fr"),
                                rst.NumeroTeledeclarant("TD000777"), 1)


def test_a1_each_changed_field_is_one_journal_entry_by_whom_and_when(ctx):
    adherent, moi = nouvel_adherent(ctx)

    compte = rst.modifier_compte(ctx, moi, rst.ModifierCompte(
        adherent.id, raison_sociale="  Boulangerie   Martin ", numero_teledeclarant="ab12cd34"))

    assert (compte.raison_sociale, compte.numero_teledeclarant) == (
        "Boulangerie Martin", rst.NumeroTeledeclarant("AB12CD34"))
    assert compte.version == adherent.version + 1
    dernieres = journal(ctx, moi)[-2:]
    assert [(e.quoi, e.donnees, e.qui, e.quand, e.adherent_id) for e in dernieres] == [
        ("compte.raison_sociale_modifiee", (("raison_sociale", "Boulangerie Martin"),),
         moi.email.valeur, INSTANT, adherent.id),
        ("compte.teledeclarant_modifie", (("numero_teledeclarant", "AB12CD34"),),
         moi.email.valeur, INSTANT, adherent.id),
    ]
    assert rst.consulter_compte(ctx, moi, rst.ConsulterCompte(adherent.id)) == compte


def test_a1_giving_the_same_values_changes_nothing_and_journals_nothing(ctx):
    adherent, moi = nouvel_adherent(ctx, teledeclarant="TD1234")
    avant = journal(ctx, moi)

    compte = rst.modifier_compte(ctx, moi, rst.ModifierCompte(
        adherent.id, raison_sociale=adherent.raison_sociale,
        email_connexion="CONTACT1@exemple.fr", numero_teledeclarant="td1234"))

    assert compte.version == adherent.version
    assert journal(ctx, moi) == avant


def test_a1_a_new_login_email_becomes_an_administrator_and_the_old_one_keeps_its_access(ctx):
    adherent, moi = nouvel_adherent(ctx)

    rst.modifier_compte(ctx, moi, rst.ModifierCompte(adherent.id,
                                                     email_connexion="patron@exemple.fr"))

    assert rst.resoudre_acces(ctx, "patron@exemple.fr", adherent.id).roles == {
        rst.Role.ADMINISTRATEUR}
    assert rst.resoudre_acces(ctx, "contact1@exemple.fr", adherent.id) == moi
    assert quoi(journal(ctx, moi))[-2:] == ["compte.email_connexion_modifie", "acces.accorde"]


def test_a1_a_new_login_email_with_a_lesser_access_is_raised_to_administrator(ctx):
    adherent, moi = nouvel_adherent(ctx)
    rst.accorder_acces(ctx, moi, rst.AccorderAcces(adherent.id, "compta@exemple.fr",
                                                   frozenset({rst.Role.FACTURATION})))

    rst.modifier_compte(ctx, moi, rst.ModifierCompte(adherent.id,
                                                     email_connexion="Compta@exemple.fr"))

    assert rst.resoudre_acces(ctx, "compta@exemple.fr", adherent.id).roles == {
        rst.Role.ADMINISTRATEUR, rst.Role.FACTURATION}


def test_a1_declarant_number_is_unique_among_adherents(ctx):
    premier, _ = nouvel_adherent(ctx, 1, teledeclarant="TD000001")
    second, moi = nouvel_adherent(ctx, 2)
    avant = rst.consulter_compte(ctx, moi, rst.ConsulterCompte(second.id))

    with pytest.raises(rst.RegleMetier) as modification:
        rst.modifier_compte(ctx, moi, rst.ModifierCompte(second.id,
                                                         numero_teledeclarant="td000001"))
    with pytest.raises(rst.RegleMetier) as creation:
        nouvel_adherent(ctx, 3, teledeclarant="TD000001")

    for refus in (modification.value, creation.value):
        assert (refus.code, refus.regle, refus.chemin) == (
            "adherent.teledeclarant_existant", "A1", "numero_teledeclarant")
    assert rst.consulter_compte(ctx, moi, rst.ConsulterCompte(second.id)) == avant
    assert rst.lister_adherents_accessibles(ctx, "contact3@exemple.fr") == ()
    assert premier.numero_teledeclarant == rst.NumeroTeledeclarant("TD000001")


def test_a1_an_adherent_keeps_its_own_declarant_number_when_saving_it_again(ctx):
    adherent, moi = nouvel_adherent(ctx, teledeclarant="TD000009")

    compte = rst.modifier_compte(ctx, moi, rst.ModifierCompte(
        adherent.id, raison_sociale="Autre nom", numero_teledeclarant="TD000009"))

    assert compte.numero_teledeclarant == rst.NumeroTeledeclarant("TD000009")


def test_a1_member_number_is_unique(ctx):
    nouvel_adherent(ctx, 4)

    with pytest.raises(rst.RegleMetier) as refus:
        nouvel_adherent(ctx, 4, email="autre@exemple.fr")

    assert (refus.value.code, refus.value.regle) == ("adherent.numero_existant", "A1")


def test_a1_only_the_named_fields_can_change(ctx):
    """The member number and the SIRET are not part of ``ModifierCompte`` (the postal
    address is: the invoices' buyer, F8; its last field is the caller's expected version,
    V1)."""
    assert [a.name for a in rst.ModifierCompte.__attrs_attrs__] == [
        "adherent_id", "raison_sociale", "email_connexion", "numero_teledeclarant",
        "adresse", "version_attendue"]


def test_a1_the_database_itself_refuses_a_second_holder_of_a_declarant_number(url_sql):
    """Two units of work that both checked first cannot both commit (unique index)."""
    ctx = rst.depuis_url(url_sql, migrer=True)
    premier = rst.creer_adherent(ctx, AGENT, rst.CreerAdherent(
        "000001", siret(1), "Premier", "un@exemple.fr", "TD424242"))
    second = rst.creer_adherent(ctx, AGENT, rst.CreerAdherent(
        "000002", siret(2), "Second", "deux@exemple.fr"))

    with pytest.raises(rst.RegleMetier) as refus, ctx.unite_de_travail() as uow:
        charge = uow.adherents.obtenir(second.id)
        uow.adherents.enregistrer(rst.Adherent(
            charge.id, charge.numero, charge.siret, charge.raison_sociale,
            charge.email_connexion, premier.numero_teledeclarant, charge.postes,
            charge.cloture_au, charge.version))
        uow.commit()

    assert refus.value.code == "adherent.teledeclarant_existant"
    ctx.unite_de_travail.fermer()
    moteur = creer_moteur(url_sql)
    with moteur.connect() as connection:
        assert connection.execute(text(
            "SELECT count(*) FROM adherents WHERE numero_teledeclarant = 'TD424242'"
        )).scalar() == 1
    moteur.dispose()
