"""A6 and A4 in one read: a signed-in call reads its session with the adherent its member
number names and the session e-mail's access (``Appel.session(..., numero=...)``); what
:meth:`Appel.entrer` and :meth:`Appel.adherent` then answer is what they answer without
that read, on every storage: the same adherent, the same access, the same refusal."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

import rst_effectifs as rst
from rst_effectifs.application.appels import Appel
from rst_effectifs.application.sessions import fermer_session, ouvrir_session

UNE_HEURE = dt.timedelta(hours=1)
AGENT = rst.AgentRst(rst.Email.parse("agent@rst.fr"))
ADMIN_A, ADMIN_B = "contact@boulangerie.fr", "contact@garage.fr"
EMAIL_A = rst.Email.parse(ADMIN_A)


def _peupler(ctx: rst.Contexte) -> tuple[rst.Adherent, rst.Adherent]:
    a = rst.executer(ctx, AGENT, rst.CreerAdherent("101", "73282932000074", "Boulangerie",
                                                   ADMIN_A))
    b = rst.executer(ctx, AGENT, rst.CreerAdherent("102", "44306184100047", "Garage",
                                                   ADMIN_B))
    return a, b


def _issue(fn: Callable[[], Any]) -> Any:
    try:
        return fn()
    except rst.ErreurRstEffectifs as erreur:
        return ("refus", type(erreur), erreur.code)


def _par_la_session(ctx: rst.Contexte, secret: str, numero: str
                    ) -> tuple[rst.Email | None, Any, Any]:
    with Appel(ctx, ecriture=False) as appel:
        email = appel.session(secret, UNE_HEURE, UNE_HEURE, numero=numero)
        if email is None:
            return None, None, None
        return (email, _issue(lambda: appel.entrer(email, numero=numero)),
                _issue(lambda: appel.adherent(numero)))


def _sans_la_session(ctx: rst.Contexte, email: str, numero: str) -> tuple[Any, Any]:
    with Appel(ctx, ecriture=False) as appel:
        return (_issue(lambda: appel.entrer(email, numero=numero)),
                _issue(lambda: appel.adherent(numero)))


@pytest.mark.parametrize("email", [ADMIN_A, ADMIN_B.upper(), "inconnu@nulle-part.fr"])
def test_entering_after_the_session_s_read_answers_as_without_it(
        contexte: rst.Contexte, email: str) -> None:
    a, b = _peupler(contexte)
    secret = ouvrir_session(contexte, rst.Email.parse(email), UNE_HEURE)
    for numero in ("101", "102", "999999", "9" * 200, "0\x00", ""):
        vu_email, entre, adherent = _par_la_session(contexte, secret, numero)
        assert vu_email == rst.Email.parse(email)
        assert (entre, adherent) == _sans_la_session(contexte, email, numero), numero
    if email == ADMIN_A:  # its own member: the adherent and its stored access
        assert _par_la_session(contexte, secret, "101")[1] == (
            a, rst.resoudre_acces(contexte, ADMIN_A, a.id))
    assert _par_la_session(contexte, secret, "102")[2] == b  # RST staff need no access


def test_an_ended_session_keeps_nothing_and_another_e_mail_is_read_apart(
        contexte: rst.Contexte) -> None:
    a, _b = _peupler(contexte)
    secret = ouvrir_session(contexte, rst.Email.parse(ADMIN_A), UNE_HEURE)
    with Appel(contexte, ecriture=False) as appel:
        assert appel.session(secret, UNE_HEURE, UNE_HEURE, numero="101") == EMAIL_A
        # entering as someone else is that one's own lookup (B has no access on A)
        refus = _issue(lambda: appel.entrer(rst.Email.parse(ADMIN_B), numero="101"))
        assert refus == ("refus", rst.Introuvable, "adherent.introuvable")
        assert appel.entrer(rst.Email.parse(ADMIN_A), numero="101")[0] == a
    fermer_session(contexte, secret)
    with Appel(contexte, ecriture=False) as appel:
        assert appel.session(secret, UNE_HEURE, UNE_HEURE, numero="101") is None
        assert appel.entrer(rst.Email.parse(ADMIN_A), numero="101")[0] == a  # read anew
    with Appel(contexte, ecriture=False) as appel:
        assert appel.session("x" * 101, UNE_HEURE, UNE_HEURE, numero="101") is None
        assert appel.session(None, UNE_HEURE, UNE_HEURE, numero="101") is None


def test_a_session_too_old_or_idle_is_refused_like_session_active(
        contexte: rst.Contexte) -> None:
    _peupler(contexte)
    horloge = contexte.horloge
    assert isinstance(horloge, rst.HorlogeFixe)
    secret = ouvrir_session(contexte, rst.Email.parse(ADMIN_A), UNE_HEURE)
    horloge.avancer(dt.timedelta(minutes=30))
    with Appel(contexte, ecriture=False) as appel:  # used: written down, read anew
        assert appel.session(secret, UNE_HEURE, UNE_HEURE, numero="101") == EMAIL_A
        assert appel.entrer(rst.Email.parse(ADMIN_A), numero="101")[1].email == EMAIL_A
    horloge.avancer(dt.timedelta(minutes=45))  # idle 45 min, 75 min old
    with Appel(contexte, ecriture=False) as appel:
        assert appel.session(secret, UNE_HEURE, dt.timedelta(hours=2), numero="101") is None
        assert appel.session(secret, dt.timedelta(hours=2), dt.timedelta(minutes=40),
                             numero="101") is None
        assert appel.session(secret, dt.timedelta(hours=2), UNE_HEURE,
                             numero="101") == EMAIL_A
