"""The member portal's pages: server-rendered French HTML over the same
application as the API, usable without JavaScript (htmx only enhances). One module per
menu, each exporting ``ROUTES``; :func:`routes_pages` gathers them."""

from __future__ import annotations

from starlette.routing import BaseRoute


def routes_pages() -> list[BaseRoute]:
    """Every page's route, in the order they are tried (the modules are imported here, not
    with the package, so that the API alone needs no Jinja2)."""
    from . import (
        acces,
        aide,
        annulations,
        compte,
        connexion,
        effectif,
        facturation,
        factures,
        imports,
        journal,
        liste,
        postes,
        salaries,
        tableau,
    )

    modules = (imports, compte, acces, journal, connexion, tableau, postes, liste, salaries,
               annulations, effectif, facturation, factures, aide)
    return [route for module in modules for route in module.ROUTES]


__all__ = ["routes_pages"]
