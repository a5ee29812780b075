"""Helpers of the account and access tests: members created through the use cases, the
acting access resolved from their login e-mail, and an outbox."""

from __future__ import annotations

import attrs
from stdnum import luhn

import rst_effectifs as rst

AGENT = rst.AgentRst(rst.Email.parse("agent@rst.fr"))


def siret(n: int) -> str:
    corps = f"7328293200{n % 1000:03d}"
    return corps + luhn.calc_check_digit(corps)


def nouvel_adherent(
    ctx: rst.Contexte, n: int = 1, *, email: str | None = None,
    teledeclarant: str | None = None, raison_sociale: str | None = None,
) -> tuple[rst.Adherent, rst.Acces]:
    """A member created by RST staff, and its login e-mail's access (resolved, as a
    front end would after the login)."""
    email = email or f"contact{n}@exemple.fr"
    adherent = rst.creer_adherent(ctx, AGENT, rst.CreerAdherent(
        f"{n:06d}", siret(n), raison_sociale or f"Société {n}", email, teledeclarant))
    return adherent, rst.resoudre_acces(ctx, email, adherent.id)


def avec_boite(ctx: rst.Contexte, **options: object) -> tuple[rst.Contexte, rst.NotifierMemoire]:
    """The same context sending messages to a fresh outbox (and other options, such as
    ``limite_recuperation``)."""
    boite = rst.NotifierMemoire()
    return attrs.evolve(ctx, notifier=boite, **options), boite  # type: ignore[misc]


def journal(ctx: rst.Contexte, acces: rst.Acces, **filtres: object) -> list[rst.EntreeJournal]:
    return list(rst.consulter_journal(ctx, acces, rst.ConsulterJournal(
        acces.adherent_id, **filtres)))  # type: ignore[arg-type]


def quoi(entrees: list[rst.EntreeJournal]) -> list[str]:
    return [e.quoi for e in entrees]
