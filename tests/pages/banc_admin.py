"""The library side of the compte/accès/journal/import page tests: the access of the
adherent 101's administrator, to prepare data and check what the library holds."""

from __future__ import annotations

from banc_pages import ADMIN, NUMERO

import rst_effectifs as rst


def acces_admin(ctx: rst.Contexte, email: str = ADMIN) -> rst.Acces:
    """The stored access of ``email`` (by default the administrator) on the adherent 101."""
    with ctx.unite_de_travail() as uow:
        adherent_id = uow.adherents.id_par_numero(NUMERO)
    assert adherent_id is not None
    return rst.resoudre_acces(ctx, email, adherent_id)


def accorder(ctx: rst.Contexte, email: str, *roles: rst.Role) -> rst.Acces:
    """Give ``email`` these roles on the adherent 101 (as its administrator)."""
    admin = acces_admin(ctx)
    return rst.executer(ctx, admin, rst.AccorderAcces(admin.adherent_id, email,
                                                      frozenset(roles)))
