"""A6 (sign-in by e-mail) and A7 (bearer tokens) through ``executer``, on memory, SQLite
and PostgreSQL: the same answer and work for known and unknown addresses, a code used
once, dead after 15 minutes, stored as a digest only, bounded attempts and requests."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import pytest
from sqlalchemy import event

import rst_effectifs as rst
from rst_effectifs.adapters.sql import FabriqueSql
from rst_effectifs.application import connexion as cx
from rst_effectifs.application import hachage
from rst_effectifs.application.contexte import Contexte

FabriqueContexte = Any  # tests/conftest.py's fixture: one store per test, three storages


def ids_sequentiels() -> Callable[[], str]:
    compteur = itertools.count(1)
    return lambda: f"id-{next(compteur):06d}"


AGENT = rst.AgentRst(rst.Email.parse("agent@rst.fr"))
CONNU = "Contact@societe.fr"


def _monde(fabrique: FabriqueContexte) -> tuple[Contexte, rst.HorlogeFixe, str]:
    horloge = rst.HorlogeFixe()
    ctx = attrs.evolve(fabrique(horloge=horloge, nouvel_id=ids_sequentiels()),
                       notifier=rst.NotifierMemoire())
    adherent = rst.creer_adherent(ctx, AGENT, rst.CreerAdherent(
        "000001", "73282932000074", "Société", CONNU))
    return ctx, horloge, adherent.id


def _messages(ctx: Contexte) -> list[rst.Message]:
    assert isinstance(ctx.notifier, rst.NotifierMemoire)
    return ctx.notifier.messages


def _code_recu(ctx: Contexte) -> str:
    trouve = re.search(r"connexion au portail RST : (\d{8})", _messages(ctx)[-1].corps)
    assert trouve is not None
    return trouve.group(1)


def _demander(ctx: Contexte, email: str, client: str | None = None) -> cx.ConnexionDemandee:
    demandee: cx.ConnexionDemandee = rst.executer(ctx, rst.ANONYME,
                                                  cx.DemanderConnexion(email, client))
    return demandee


def _valider(ctx: Contexte, email: str, code: str, demande: str) -> rst.Email:
    resultat: rst.Email = rst.executer(ctx, rst.ANONYME,
                                       cx.ValiderConnexion(email, code, demande))
    return resultat


def test_known_and_unknown_addresses_get_the_same_answer_and_work(
        fabrique_contexte: FabriqueContexte) -> None:
    ctx, _h, _a = _monde(fabrique_contexte)
    traces = []
    for email in (CONNU, "inconnu@nulle-part.fr"):
        with ctx.unite_de_travail() as uow:
            avant = uow.envois.compter()
        reponse = _demander(ctx, email)
        with ctx.unite_de_travail() as uow:
            traces.append((reponse.message, len(reponse.demande) > 40,
                           uow.envois.compter() - avant))
    assert traces == [(cx.MESSAGE_CONNEXION, True, 1)] * 2
    assert rst.envoyer_en_attente(ctx) == 2
    assert [m.destinataire.valeur for m in _messages(ctx)] == [CONNU]
    assert "15 minutes" in _messages(ctx)[0].corps


def test_a_code_signs_in_once_and_is_stored_as_a_digest(
        fabrique_contexte: FabriqueContexte) -> None:
    ctx, _h, adherent_id = _monde(fabrique_contexte)
    demande = _demander(ctx, CONNU).demande
    rst.envoyer_en_attente(ctx)
    code = _code_recu(ctx)
    with ctx.unite_de_travail() as uow:
        (stocke,) = uow.connexions.codes_actifs(rst.Email.parse(CONNU), ctx.horloge.maintenant())
    assert code not in stocke.empreinte and stocke.empreinte.startswith("scrypt$")
    assert code not in repr(stocke) and demande not in stocke.code_id
    assert demande not in repr(cx.ValiderConnexion(CONNU, code, demande))
    assert _valider(ctx, "contact@SOCIETE.fr", code, demande) == rst.Email.parse(CONNU)
    with pytest.raises(rst.AccesInterdit) as refus:
        _valider(ctx, CONNU, code, demande)
    assert (refus.value.code, refus.value.regle) == ("connexion.code_refuse", "A6")
    journal = rst.consulter_journal(ctx, AGENT, rst.ConsulterJournal(adherent_id))
    assert "connexion.code_envoye" in [e.quoi for e in journal]


def test_wrong_expired_and_used_codes_get_one_refusal(
        fabrique_contexte: FabriqueContexte) -> None:
    ctx, horloge, _a = _monde(fabrique_contexte)
    demande = _demander(ctx, CONNU).demande
    rst.envoyer_en_attente(ctx)
    code = _code_recu(ctx)
    faux = f"{(int(code) + 1) % 10**8:08d}"
    refus = []
    for essai, sa_demande in ((faux, demande), ("00000000x", demande), ("", demande),
                              (code, "une autre demande"), (code, "")):
        with pytest.raises(rst.AccesInterdit) as info:
            _valider(ctx, CONNU, essai, sa_demande)
        refus.append((info.value.code, info.value.message))
    horloge.avancer(dt.timedelta(minutes=15))
    with pytest.raises(rst.AccesInterdit) as expire:
        _valider(ctx, CONNU, code, demande)  # right code, 15 minutes later
    refus.append((expire.value.code, expire.value.message))
    assert len(set(refus)) == 1


def test_attempts_are_bounded(fabrique_contexte: FabriqueContexte) -> None:
    ctx, _h, _a = _monde(fabrique_contexte)
    demande = _demander(ctx, CONNU).demande
    rst.envoyer_en_attente(ctx)
    code = _code_recu(ctx)
    faux = f"{(int(code) + 1) % 10**8:08d}"
    for _ in range(cx.ESSAIS_MAX):
        with pytest.raises(rst.AccesInterdit):
            _valider(ctx, CONNU, faux, demande)
    with pytest.raises(rst.AccesInterdit):
        _valider(ctx, CONNU, code, demande)  # too late: the code stopped counting


def test_requests_are_limited_per_address_alike(fabrique_contexte: FabriqueContexte) -> None:
    ctx, horloge, _a = _monde(fabrique_contexte)
    refus = []
    for email in (CONNU, "inconnu@nulle-part.fr"):
        for _ in range(cx.LIMITE_CONNEXION.nombre):
            _demander(ctx, email)
        with pytest.raises(rst.RegleMetier) as info:
            _demander(ctx, email)
        refus.append((info.value.code, info.value.message))
    assert refus[0] == refus[1] and refus[0][0] == "connexion.trop_de_demandes"
    horloge.avancer(cx.LIMITE_CONNEXION.fenetre + dt.timedelta(seconds=1))
    assert _demander(ctx, CONNU).message == cx.MESSAGE_CONNEXION


def test_a_third_party_cannot_keep_the_owner_from_signing_in(
        fabrique_contexte: FabriqueContexte) -> None:
    """Whatever a third party does from its own client address — every request the
    limit allows, wrong codes with its own requests and with made-up ones — the owner,
    from another address, asks for a code and signs in at once; its own code cannot be
    tried by anyone without its request's secret."""
    ctx, horloge, _a = _monde(fabrique_contexte)
    for fenetre in range(2):  # the attack goes on, window after window
        demandes = [_demander(ctx, CONNU, "203.0.113.9").demande
                    for _ in range(cx.LIMITE_CONNEXION.nombre)]
        with pytest.raises(rst.RegleMetier):
            _demander(ctx, CONNU, "203.0.113.9")
        rst.envoyer_en_attente(ctx)
        for demande in (demandes[fenetre], "inventee"):
            for _ in range(cx.ESSAIS_MAX + 1 if fenetre == 0 else 1):
                with pytest.raises(rst.AccesInterdit):
                    _valider(ctx, CONNU, "12345678", demande)
        a_moi = _demander(ctx, CONNU, "198.51.100.7").demande
        rst.envoyer_en_attente(ctx)
        assert _valider(ctx, CONNU, _code_recu(ctx), a_moi) == rst.Email.parse(CONNU)
        horloge.avancer(cx.LIMITE_CONNEXION.fenetre + dt.timedelta(seconds=1))


def test_a_bearer_token_resolves_until_revoked_or_expired(
        fabrique_contexte: FabriqueContexte) -> None:
    ctx, horloge, adherent_id = _monde(fabrique_contexte)
    moi = rst.resoudre_acces(ctx, CONNU, adherent_id)
    emis = rst.executer(ctx, moi, cx.EmettreJeton(adherent_id, "Appli RST", 2))
    assert emis.texte.startswith("rst_") and emis.texte not in repr(emis)
    assert rst.resoudre_jeton(ctx, emis.texte) == moi.email
    with ctx.unite_de_travail() as uow:
        (stocke,) = uow.connexions.jetons_de(moi.email)
    assert emis.texte not in stocke.empreinte
    court = rst.executer(ctx, moi, cx.EmettreJeton(adherent_id, "Court", 1))
    rst.executer(ctx, moi, cx.RevoquerJeton(adherent_id, emis.jeton_id))
    for texte in (emis.texte, emis.texte + "x", "n'importe quoi"):
        with pytest.raises(rst.AccesInterdit) as info:
            rst.resoudre_jeton(ctx, texte)
        assert info.value.code == "connexion.jeton_refuse"
    assert rst.resoudre_jeton(ctx, court.texte) == moi.email
    horloge.avancer(dt.timedelta(days=1))
    with pytest.raises(rst.AccesInterdit):
        rst.resoudre_jeton(ctx, court.texte)
    liste = rst.executer(ctx, moi, cx.ListerJetons(adherent_id))
    assert [(j.libelle, j.revoque is not None) for j in liste] == [
        ("Appli RST", True), ("Court", False)]


def test_a_check_does_the_same_work_for_any_address_and_any_number_of_codes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """One scrypt and the same SQL statements, whether the address has no access, one
    pending code or five (from other requests), and for a made-up request."""
    horloge = rst.HorlogeFixe()
    ctx = rst.depuis_url(f"sqlite:///{tmp_path / 'travail.db'}", migrer=True,
                         horloge=horloge, notifier=rst.NotifierMemoire())
    demandes = {}
    for email, nombre in (("un@societe.fr", 1), ("cinq@societe.fr", 5)):
        rst.creer_adherent(ctx, AGENT, rst.CreerAdherent(
            f"00000{nombre}", "73282932000074", "Société", email))
        demandes[email] = [_demander(ctx, email, f"10.0.0.{i}").demande
                           for i in range(nombre)]
    rst.envoyer_en_attente(ctx)
    with pytest.raises(rst.AccesInterdit):  # the decoy's digest is made once, here
        _valider(ctx, "premier@nulle-part.fr", "12345678", "x")
    hachages: list[str] = []
    vrai = hachage._scrypt
    monkeypatch.setattr(hachage, "_scrypt", lambda code, sel: (hachages.append(code),
                                                               vrai(code, sel))[1])
    instructions: list[str] = []
    assert isinstance(ctx.unite_de_travail, FabriqueSql)
    event.listen(ctx.unite_de_travail.moteur, "before_cursor_execute",
                 lambda *args: instructions.append(args[2]))
    traces = []
    for email, demande in (("inconnu@nulle-part.fr", "inventee"),
                           ("un@societe.fr", demandes["un@societe.fr"][0]),
                           ("cinq@societe.fr", demandes["cinq@societe.fr"][-1]),
                           ("cinq@societe.fr", "inventee")):
        hachages.clear()
        instructions.clear()
        with pytest.raises(rst.AccesInterdit):
            _valider(ctx, email, "12345678", demande)
        traces.append((len(hachages), list(instructions)))
    assert traces[0][0] == 1
    assert all(trace == traces[0] for trace in traces)
    ctx.unite_de_travail.fermer()
