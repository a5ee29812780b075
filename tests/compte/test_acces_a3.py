"""A3: accesses (an e-mail's roles on one adherent) granted, changed and revoked by an
administrator, journaled; one e-mail on many adherents; an adherent always keeps an
administrator; a logged-in e-mail resolved into its access. On memory, SQLite and
PostgreSQL."""

from __future__ import annotations

import attrs
import pytest
from monde_compte import AGENT, journal, nouvel_adherent, quoi

import rst_effectifs as rst
from rst_effectifs.adapters.memory import EtatMemoire

Role = rst.Role
ADMIN = frozenset({Role.ADMINISTRATEUR})


@pytest.fixture
def ctx(fabrique_contexte):
    return fabrique_contexte(horloge=rst.HorlogeFixe())


def _acces(ctx, moi):
    return [(a.email.valeur, a.roles) for a in rst.lister_acces(
        ctx, moi, rst.ListerAcces(moi.adherent_id))]


def test_a3_creating_an_adherent_makes_its_login_email_its_administrator(ctx):
    adherent = rst.creer_adherent(ctx, AGENT, rst.CreerAdherent(
        "000001", "73282932000074", "Boulangerie", "Patron@Boulangerie.fr"))

    moi = rst.resoudre_acces(ctx, "patron@boulangerie.fr", adherent.id)

    assert moi == rst.Acces(rst.Email.parse("Patron@boulangerie.fr"), adherent.id, ADMIN)
    assert _acces(ctx, moi) == [("Patron@boulangerie.fr", ADMIN)]
    assert quoi(journal(ctx, moi)) == ["adherent.cree", "acces.accorde"]


def test_a3_grant_change_revoke_each_journaled_with_the_acting_email(ctx):
    adherent, moi = nouvel_adherent(ctx)

    rst.accorder_acces(ctx, moi, rst.AccorderAcces(adherent.id, "Paie@Cabinet.fr",
                                                   frozenset({Role.DECLARATION, Role.LECTURE})))
    change = rst.modifier_acces(ctx, moi, rst.ModifierAcces(adherent.id, "paie@cabinet.fr",
                                                            frozenset({Role.FACTURATION})))
    assert change == rst.Acces(rst.Email.parse("Paie@cabinet.fr"), adherent.id,
                               frozenset({Role.FACTURATION}))
    assert _acces(ctx, moi) == [("contact1@exemple.fr", ADMIN),
                                ("Paie@cabinet.fr", frozenset({Role.FACTURATION}))]
    rst.retirer_acces(ctx, moi, rst.RetirerAcces(adherent.id, "PAIE@cabinet.fr"))

    assert _acces(ctx, moi) == [("contact1@exemple.fr", ADMIN)]
    entrees = journal(ctx, moi)[-3:]
    assert [(e.quoi, e.donnees, e.qui) for e in entrees] == [
        ("acces.accorde", (("email", "Paie@cabinet.fr"), ("roles", "declaration,lecture")),
         "contact1@exemple.fr"),
        ("acces.modifie", (("email", "Paie@cabinet.fr"), ("roles", "facturation")),
         "contact1@exemple.fr"),
        ("acces.retire", (("email", "Paie@cabinet.fr"),), "contact1@exemple.fr"),
    ]
    with pytest.raises(rst.Introuvable):
        rst.resoudre_acces(ctx, "paie@cabinet.fr", adherent.id)


def test_a3_an_email_that_has_an_access_is_changed_not_granted_again(ctx):
    adherent, moi = nouvel_adherent(ctx)

    with pytest.raises(rst.RegleMetier) as refus:
        rst.accorder_acces(ctx, moi, rst.AccorderAcces(adherent.id, "CONTACT1@exemple.fr",
                                                       frozenset({Role.LECTURE})))

    assert (refus.value.code, refus.value.regle) == ("acces.deja_accorde", "A3")
    assert _acces(ctx, moi) == [("contact1@exemple.fr", ADMIN)]


@pytest.mark.parametrize("fonction,commande", [
    (rst.modifier_acces,
     lambda a: rst.ModifierAcces(a, "personne@exemple.fr", frozenset({Role.LECTURE}))),
    (rst.retirer_acces, lambda a: rst.RetirerAcces(a, "personne@exemple.fr")),
])
def test_a3_changing_an_access_nobody_holds_is_not_found(ctx, fonction, commande):
    adherent, moi = nouvel_adherent(ctx)

    with pytest.raises(rst.Introuvable) as refus:
        fonction(ctx, moi, commande(adherent.id))

    assert (refus.value.code, refus.value.chemin) == ("acces.introuvable", "email")


def test_a3_the_last_administrator_can_be_neither_downgraded_nor_revoked(ctx):
    adherent, moi = nouvel_adherent(ctx)
    rst.accorder_acces(ctx, moi, rst.AccorderAcces(adherent.id, "lecteur@exemple.fr",
                                                   frozenset({Role.LECTURE})))
    avant = journal(ctx, moi)

    with pytest.raises(rst.RegleMetier) as retrait:
        rst.retirer_acces(ctx, moi, rst.RetirerAcces(adherent.id, moi.email.valeur))
    with pytest.raises(rst.RegleMetier) as declassement:
        rst.modifier_acces(ctx, moi, rst.ModifierAcces(
            adherent.id, moi.email.valeur, frozenset({Role.DECLARATION, Role.FACTURATION})))

    for refus in (retrait.value, declassement.value):
        assert (refus.code, refus.regle) == ("acces.dernier_administrateur", "A3")
    assert _acces(ctx, moi) == [("contact1@exemple.fr", ADMIN),
                                ("lecteur@exemple.fr", frozenset({Role.LECTURE}))]
    assert journal(ctx, moi) == avant


def test_a3_with_a_second_administrator_the_first_can_step_down(ctx):
    adherent, moi = nouvel_adherent(ctx)
    rst.accorder_acces(ctx, moi, rst.AccorderAcces(adherent.id, "associe@exemple.fr", ADMIN))

    rst.modifier_acces(ctx, moi, rst.ModifierAcces(adherent.id, moi.email.valeur,
                                                   frozenset({Role.LECTURE})))
    associe = rst.resoudre_acces(ctx, "associe@exemple.fr", adherent.id)
    rst.retirer_acces(ctx, associe, rst.RetirerAcces(adherent.id, moi.email.valeur))

    assert _acces(ctx, associe) == [("associe@exemple.fr", ADMIN)]


def test_a3_setting_the_same_roles_again_changes_nothing(ctx):
    adherent, moi = nouvel_adherent(ctx)
    avant = journal(ctx, moi)

    assert rst.modifier_acces(ctx, moi, rst.ModifierAcces(
        adherent.id, "contact1@exemple.fr", ADMIN)) == moi
    assert journal(ctx, moi) == avant


def test_a3_an_access_holds_at_least_one_role(ctx):
    adherent, moi = nouvel_adherent(ctx)

    with pytest.raises(rst.DonneeInvalide) as refus:
        rst.accorder_acces(ctx, moi, rst.AccorderAcces(adherent.id, "x@exemple.fr",
                                                       frozenset()))

    assert (refus.value.code, refus.value.regle, refus.value.chemin) == (
        "acces.sans_role", "A3", "roles")


def test_a3_one_email_may_act_on_many_adherents_with_different_roles(ctx):
    cabinet = "comptable@cabinet.fr"
    ids = []
    for n, roles in ((3, {Role.FACTURATION}), (1, {Role.DECLARATION, Role.LECTURE}), (2, ADMIN)):
        adherent, moi = nouvel_adherent(ctx, n)
        rst.accorder_acces(ctx, moi, rst.AccorderAcces(adherent.id, cabinet, frozenset(roles)))
        ids.append((adherent.id, f"{n:06d}", f"Société {n}", frozenset(roles)))
    nouvel_adherent(ctx, 4)  # one the accountant has nothing to do with

    accessibles = rst.lister_adherents_accessibles(ctx, "  Comptable@CABINET.fr ")

    assert [(x.adherent_id, x.numero, x.raison_sociale, x.roles) for x in accessibles] == \
        sorted(ids)
    for adherent_id, *_reste, roles in ids:
        assert rst.resoudre_acces(ctx, cabinet, adherent_id).roles == roles


def test_a3_an_email_without_access_lists_no_adherent(ctx):
    nouvel_adherent(ctx)

    assert rst.lister_adherents_accessibles(ctx, "personne@exemple.fr") == ()


@pytest.mark.parametrize("saisie", [
    "contact1@exemple.fr", "  contact1@exemple.fr\t", "contact1@EXEMPLE.FR",
    "Contact1@Exemple.Fr", "CONTACT1@exemple.fr",
])
def test_a3_resolving_ignores_case_and_outer_spaces(ctx, saisie):
    adherent, moi = nouvel_adherent(ctx)

    assert rst.resoudre_acces(ctx, saisie, adherent.id) == moi


@pytest.mark.parametrize("email,adherent_id", [
    ("contact1@exemple.fr", "id-inconnu"),
    ("autre@exemple.fr", None),
    ("contact1@exemple.fr", 42),
    ("contact1@exemple.fr", "x" * 101),
    ("contact1@exemple.fr", ""),
])
def test_a3_no_access_unknown_or_odd_adherent_ids_answer_alike(ctx, email, adherent_id):
    adherent, _moi = nouvel_adherent(ctx)

    with pytest.raises(rst.Introuvable) as refus:
        rst.resoudre_acces(ctx, email, adherent.id if adherent_id is None else adherent_id)

    assert (type(refus.value), refus.value.code, refus.value.message, refus.value.chemin) == (
        rst.Introuvable, "adherent.introuvable", "Cet adhérent est introuvable.", "adherent_id")


@pytest.mark.parametrize("email", ["", "contact1", "contact1@@exemple.fr", "cоntact1@exemple.fr",
                                   "contact1@exemple", None])
def test_a3_resolving_a_malformed_email_is_invalid_input(ctx, email):
    adherent, _moi = nouvel_adherent(ctx)

    with pytest.raises(rst.DonneeInvalide) as refus:
        rst.resoudre_acces(ctx, email, adherent.id)

    assert refus.value.code == "email.invalide"


def test_a3_two_administrators_removing_each_other_at_once_cannot_both_succeed():
    """Each access change saves the adherent: the second of two concurrent changes fails
    on its stale version instead of leaving the adherent with no administrator."""
    etat = EtatMemoire()
    ctx = rst.en_memoire(etat=etat)
    adherent, moi = nouvel_adherent(ctx)
    rst.accorder_acces(ctx, moi, rst.AccorderAcces(adherent.id, "associe@exemple.fr", ADMIN))
    associe = rst.resoudre_acces(ctx, "associe@exemple.fr", adherent.id)
    fabrique = ctx.unite_de_travail

    def interrompre():
        """A unit of work whose commit first lets the associate remove the founder."""
        uow = fabrique()
        commit = uow.commit

        def commit_apres_l_autre():
            rst.retirer_acces(rst.en_memoire(etat=etat), associe,
                              rst.RetirerAcces(adherent.id, moi.email.valeur))
            commit()

        uow.commit = commit_apres_l_autre
        return uow

    pris_de_vitesse = attrs.evolve(ctx, unite_de_travail=interrompre)
    with pytest.raises(rst.ConflitDeVersion):
        rst.retirer_acces(pris_de_vitesse, moi, rst.RetirerAcces(adherent.id,
                                                                 "associe@exemple.fr"))

    assert _acces(ctx, associe) == [("associe@exemple.fr", ADMIN)]
