"""A2: declarant-number recovery. The number goes to the account's login e-mail through
the Notifier port; the caller gets the same answer whether the address matched one
account, several or none; requests per address are limited, the refusal the same for
known and unknown addresses. The request only fills the outbox; ``envoyer_en_attente``
sends. On memory, SQLite and PostgreSQL; SMTP against a local server the test starts."""

from __future__ import annotations

import datetime as dt
import logging
import time

import attrs
import pytest
from monde_compte import avec_boite, journal, nouvel_adherent
from serveur_smtp import serveur_smtp
from sqlalchemy import select

import rst_effectifs as rst
from rst_effectifs.adapters.sql import creer_moteur
from rst_effectifs.adapters.sql.acces import quotas
from rst_effectifs.application.compte import SUJET_RECUPERATION, empreinte

DEBUT = dt.datetime(2025, 5, 2, 8, 0, tzinfo=dt.UTC)


def _demander(ctx, email, acteur=rst.ANONYME):
    return rst.recuperer_numero_teledeclarant(ctx, acteur,
                                              rst.RecupererNumeroTeledeclarant(email))


def _issue(appel):
    try:
        return ("ok", appel())
    except rst.ErreurRstEffectifs as e:
        return ("erreur", type(e), e.code, e.regle, e.message, e.chemin, e.details)


@pytest.fixture
def horloge():
    return rst.HorlogeFixe(DEBUT)


@pytest.fixture
def ctx(fabrique_contexte, horloge):
    return fabrique_contexte(horloge=horloge)


def test_a2_known_several_and_unknown_addresses_get_the_same_answer(ctx):
    nouvel_adherent(ctx, 1, email="seul@exemple.fr", teledeclarant="TD000001")
    nouvel_adherent(ctx, 2, email="groupe@exemple.fr", teledeclarant="TD000002")
    nouvel_adherent(ctx, 3, email="Groupe@Exemple.fr")
    ctx, boite = avec_boite(ctx)

    reponses = [_demander(ctx, e) for e in ("seul@exemple.fr", "groupe@exemple.fr",
                                            "personne@exemple.fr")]
    assert boite.messages == []  # nothing leaves before the sender runs
    assert rst.envoyer_en_attente(ctx) == 3

    assert reponses == [rst.REPONSE_RECUPERATION] * 3
    assert len({repr(r) for r in reponses}) == 1
    assert sorted((m.destinataire.cle, m.sujet) for m in boite.messages) == [
        ("groupe@exemple.fr", SUJET_RECUPERATION), ("seul@exemple.fr", SUJET_RECUPERATION)]


def test_a2_the_message_names_each_account_of_the_address_with_its_number(ctx):
    nouvel_adherent(ctx, 1, email="groupe@exemple.fr", teledeclarant="TD000001",
                    raison_sociale="Boulangerie Martin")
    nouvel_adherent(ctx, 2, email="GROUPE@exemple.fr", raison_sociale="Pâtisserie Martin")
    ctx, boite = avec_boite(ctx)

    _demander(ctx, "  Groupe@EXEMPLE.fr ")
    rst.envoyer_en_attente(ctx)

    (message,) = boite.messages
    assert "- Boulangerie Martin (adhérent n° 000001) : numéro télédéclarant TD000001" \
        in message.corps
    assert "- Pâtisserie Martin (adhérent n° 000002) : aucun numéro télédéclarant" \
        in message.corps


def test_a2_an_address_that_only_holds_an_access_is_not_sent_anything(ctx):
    adherent, moi = nouvel_adherent(ctx, teledeclarant="TD000001")
    rst.accorder_acces(ctx, moi, rst.AccorderAcces(adherent.id, "comptable@cabinet.fr",
                                                   frozenset({rst.Role.ADMINISTRATEUR})))
    ctx, boite = avec_boite(ctx)

    assert _demander(ctx, "comptable@cabinet.fr") == rst.REPONSE_RECUPERATION
    assert rst.envoyer_en_attente(ctx) == 1
    assert boite.messages == []


def test_a2_a_sending_is_journaled_on_the_account_with_the_requesting_address(ctx, horloge):
    adherent, moi = nouvel_adherent(ctx, teledeclarant="TD000001")
    ctx, _boite = avec_boite(ctx)
    horloge.avancer(dt.timedelta(minutes=5))

    _demander(ctx, "CONTACT1@exemple.fr")
    rst.envoyer_en_attente(ctx)

    derniere = journal(ctx, moi)[-1]
    assert (derniere.quoi, derniere.qui, derniere.quand, derniere.adherent_id) == (
        "compte.teledeclarant_envoye", "CONTACT1@exemple.fr",
        DEBUT + dt.timedelta(minutes=5), adherent.id)


def test_a2_any_caller_gets_the_same_answer(ctx):
    adherent, moi = nouvel_adherent(ctx, teledeclarant="TD000001")
    ctx, _boite = avec_boite(ctx)
    lecteur = rst.Acces(moi.email, adherent.id, frozenset({rst.Role.LECTURE}))

    assert {_demander(ctx, "contact1@exemple.fr", acteur)
            for acteur in (rst.ANONYME, moi, lecteur)} == {rst.REPONSE_RECUPERATION}


@pytest.mark.parametrize("connue", [True, False])
def test_a2_requests_per_address_are_limited_then_allowed_again(ctx, horloge, connue):
    nouvel_adherent(ctx, email="connue@exemple.fr", teledeclarant="TD000001")
    ctx, boite = avec_boite(ctx)
    adresse = "connue@exemple.fr" if connue else "inconnue@exemple.fr"

    for _ in range(5):
        assert _demander(ctx, adresse) == rst.REPONSE_RECUPERATION
        horloge.avancer(dt.timedelta(minutes=1))
    with pytest.raises(rst.RegleMetier) as refus:
        _demander(ctx, adresse.upper())
    assert (refus.value.code, refus.value.regle) == ("recuperation.trop_de_demandes", "A2")
    assert _demander(ctx, "autre@exemple.fr") == rst.REPONSE_RECUPERATION  # per address

    horloge.avancer(dt.timedelta(hours=1) - dt.timedelta(minutes=4))  # first one expired
    assert _demander(ctx, adresse) == rst.REPONSE_RECUPERATION
    assert rst.envoyer_en_attente(ctx) == 7
    assert len(boite.messages) == (6 if connue else 0)


def test_a2_the_refusal_over_the_limit_is_the_same_for_known_and_unknown_addresses(ctx):
    nouvel_adherent(ctx, email="connue@exemple.fr", teledeclarant="TD000001")
    ctx, _boite = avec_boite(ctx, limite_recuperation=rst.LimiteDemandes(
        2, dt.timedelta(minutes=10)))

    def apres_la_limite(adresse):
        for _ in range(2):
            _demander(ctx, adresse)
        return _issue(lambda: _demander(ctx, adresse))

    connue, inconnue = apres_la_limite("connue@exemple.fr"), apres_la_limite("x@exemple.fr")

    assert connue == inconnue
    assert connue[:3] == ("erreur", rst.RegleMetier, "recuperation.trop_de_demandes")


@pytest.mark.parametrize("nombre,fenetre", [(0, dt.timedelta(hours=1)), (5, dt.timedelta(0)),
                                            (True, dt.timedelta(hours=1))])
def test_a2_a_limit_must_allow_something_over_some_time(nombre, fenetre):
    with pytest.raises(rst.DonneeInvalide) as refus:
        rst.LimiteDemandes(nombre, fenetre)
    assert refus.value.code == "recuperation.limite_invalide"


def test_a2_the_counter_keeps_no_address(fabrique_contexte, horloge):
    ctx, _boite = avec_boite(fabrique_contexte(horloge=horloge))

    _demander(ctx, "Secret.Personne@exemple.fr")

    if fabrique_contexte.stockage == "memoire":
        cles = list(fabrique_contexte.etat.quotas)
    else:
        moteur = creer_moteur(fabrique_contexte.url)
        with moteur.connect() as connection:
            cles = [rangee.cle for rangee in connection.execute(select(quotas))]
        moteur.dispose()
    assert cles == [empreinte(rst.Email.parse("secret.personne@EXEMPLE.fr"))]
    assert all("personne" not in cle.lower() and "@" not in cle for cle in cles)


def test_a2_a_failed_sending_answers_the_same_and_logs_no_address(ctx, caplog):
    nouvel_adherent(ctx, email="connue@exemple.fr", teledeclarant="TD000001")

    class Panne:
        def envoyer(self, destinataire, sujet, corps):
            raise rst.ErreurTechnique(f"refusé pour {destinataire}")

    ctx = attrs.evolve(ctx, notifier=Panne())
    with caplog.at_level(logging.DEBUG):
        reponse = _demander(ctx, "connue@exemple.fr")
        assert rst.envoyer_en_attente(ctx) == 1

    assert reponse == rst.REPONSE_RECUPERATION
    assert [r.levelname for r in caplog.records] == ["WARNING"]
    assert all("connue" not in r.getMessage() and r.exc_info is None for r in caplog.records)


def test_a2_without_a_notifier_every_request_is_the_same_technical_error(ctx):
    nouvel_adherent(ctx, email="connue@exemple.fr", teledeclarant="TD000001")
    ctx = attrs.evolve(ctx, notifier=None)

    connue = _issue(lambda: _demander(ctx, "connue@exemple.fr"))
    inconnue = _issue(lambda: _demander(ctx, "inconnue@exemple.fr"))

    assert connue == inconnue
    assert connue[:3] == ("erreur", rst.ErreurTechnique, "technique.envoi_non_configure")


@pytest.mark.parametrize("adresse", ["", "pas-une-adresse", "a@b", "é@exemple.fr",
                                     "x" * 300 + "@exemple.fr", "cоntact@exemple.fr"])
def test_a2_a_malformed_address_is_invalid_input_and_not_counted(ctx, adresse):
    ctx, _boite = avec_boite(ctx)

    with pytest.raises(rst.DonneeInvalide) as refus:
        _demander(ctx, adresse)

    assert (refus.value.code, refus.value.chemin) == ("email.invalide", "email")
    with ctx.unite_de_travail() as uow:
        assert uow.quotas.compter(empreinte(rst.Email.parse("x@exemple.fr")),
                                      DEBUT - dt.timedelta(days=1)) == 0


def test_a2_a_memory_context_sends_to_its_own_outbox_by_default():
    ctx = rst.en_memoire()
    nouvel_adherent(ctx, teledeclarant="TD000001")

    _demander(ctx, "contact1@exemple.fr")
    rst.envoyer_en_attente(ctx)

    assert isinstance(ctx.notifier, rst.NotifierMemoire)
    assert [m.destinataire.valeur for m in ctx.notifier.messages] == ["contact1@exemple.fr"]


# -- SMTP ------------------------------------------------------------------------------------


def _smtp(port: int) -> rst.NotifierSmtp:
    return rst.NotifierSmtp("127.0.0.1", port, rst.Email.parse("portail@rst.fr"), delai=5.0)


def test_smtp_delivers_a_utf8_plain_text_message():
    with serveur_smtp() as (port, boite):
        _smtp(port).envoyer(rst.Email.parse("Lea.Martin@Exemple.fr"),
                            "Votre numéro télédéclarant", "Numéro : TD000001\n— RST\n")

    (recu,) = boite.recus
    message = recu.message()
    assert (recu.expediteur, recu.destinataires) == ("portail@rst.fr", ("Lea.Martin@exemple.fr",))
    assert (message["From"], message["To"], message["Subject"]) == (
        "portail@rst.fr", "Lea.Martin@exemple.fr", "Votre numéro télédéclarant")
    assert message.get_content().replace("\r\n", "\n") == "Numéro : TD000001\n— RST\n"
    assert message.get_content_type() == "text/plain"


def test_smtp_recovery_end_to_end(url_sqlite):
    with serveur_smtp() as (port, boite):
        ctx = rst.depuis_url(url_sqlite, notifier=_smtp(port))
        nouvel_adherent(ctx, email="patron@boulangerie.fr", teledeclarant="TD777777")

        assert _demander(ctx, "Patron@Boulangerie.FR") == rst.REPONSE_RECUPERATION
        assert _demander(ctx, "inconnu@boulangerie.fr") == rst.REPONSE_RECUPERATION
        assert rst.envoyer_en_attente(ctx) == 2
        ctx.unite_de_travail.fermer()

    (recu,) = boite.recus
    assert recu.destinataires == ("patron@boulangerie.fr",)
    assert "TD777777" in recu.message().get_content()


def test_smtp_a_refusal_is_a_technical_error_naming_nobody():
    with serveur_smtp(refuser_destinataires=True) as (port, boite), \
            pytest.raises(rst.ErreurTechnique) as refus:
        _smtp(port).envoyer(rst.Email.parse("secret@exemple.fr"), "Sujet", "Corps")

    assert boite.recus == []
    assert refus.value.code == "technique.envoi"
    visible = f"{refus.value} {refus.value!r} {refus.value.details}"
    assert "secret" not in visible
    assert refus.value.__cause__ is None and refus.value.__context__ is None


def test_smtp_an_unreachable_server_is_a_technical_error():
    with serveur_smtp() as (port, _boite):
        pass  # the server is gone: its port refuses connections

    with pytest.raises(rst.ErreurTechnique) as refus:
        _smtp(port).envoyer(rst.Email.parse("x@exemple.fr"), "Sujet", "Corps")

    assert refus.value.code == "technique.envoi"


def test_smtp_settings_hide_the_password_and_check_the_security_mode():
    notifier = rst.NotifierSmtp("smtp.exemple.fr", 587, rst.Email.parse("portail@rst.fr"),
                                securite="starttls", identifiant="portail",
                                mot_de_passe="s3cr3t")
    assert "s3cr3t" not in repr(notifier)
    with pytest.raises(ValueError):
        rst.NotifierSmtp("h", 25, rst.Email.parse("portail@rst.fr"), securite="ssl")


# -- the outbox's sender ---------------------------------------------------------------------


def _attendre(condition, secondes: float = 10.0) -> bool:
    fin = time.monotonic() + secondes
    while not condition():
        if time.monotonic() > fin:
            return False
        time.sleep(0.01)
    return True


def _en_attente(ctx) -> int:
    with ctx.unite_de_travail() as uow:
        return uow.envois.compter()


def test_a2_the_background_sender_sends_on_its_own_schedule(ctx):
    nouvel_adherent(ctx, email="connue@exemple.fr", teledeclarant="TD000001")
    ctx, boite = avec_boite(ctx)

    with rst.ExpediteurEnArrierePlan(ctx, intervalle=0.02):
        _demander(ctx, "connue@exemple.fr")
        _demander(ctx, "inconnue@exemple.fr")
        assert _attendre(lambda: len(boite.messages) == 1)
        assert _attendre(lambda: _en_attente(ctx) == 0)

    assert [m.destinataire.valeur for m in boite.messages] == ["connue@exemple.fr"]


def test_a2_stopping_the_sender_sends_what_is_left(ctx):
    nouvel_adherent(ctx, email="connue@exemple.fr", teledeclarant="TD000001")
    ctx, boite = avec_boite(ctx)
    expediteur = rst.ExpediteurEnArrierePlan(ctx, intervalle=3600).demarrer()

    _demander(ctx, "connue@exemple.fr")
    assert boite.messages == []
    expediteur.arreter()

    assert len(boite.messages) == 1


def test_a2_a_sender_that_cannot_send_logs_the_code_and_keeps_the_requests(ctx, caplog):
    ctx, _boite = avec_boite(ctx)
    _demander(ctx, "connue@exemple.fr")
    sans_envoi = attrs.evolve(ctx, notifier=None)

    with caplog.at_level(logging.DEBUG):
        assert rst.ExpediteurEnArrierePlan(sans_envoi).vider() == 0

    assert [r.getMessage() for r in caplog.records] == [
        "outbox not sent this round (technique.envoi_non_configure)"]
    assert rst.envoyer_en_attente(ctx) == 1  # still waiting for a working sender


def test_a2_the_sender_takes_the_outbox_batch_by_batch(ctx):
    for n in range(1, 6):
        nouvel_adherent(ctx, n, teledeclarant=f"TD00000{n}")
    ctx, boite = avec_boite(ctx)
    for n in range(1, 6):
        _demander(ctx, f"contact{n}@exemple.fr")

    assert rst.envoyer_en_attente(ctx, limite=2) == 2
    assert rst.ExpediteurEnArrierePlan(ctx, limite=2).vider() == 3
    assert len(boite.messages) == 5


def test_a2_the_sender_needs_a_positive_interval(ctx):
    with pytest.raises(ValueError):
        rst.ExpediteurEnArrierePlan(ctx, intervalle=0)
