"""The member portal's pages (issue 14): server-rendered French HTML over the same
application as the API, usable without JavaScript (htmx only enhances). One module per
menu, each exporting ``ROUTES``; :func:`routes_pages` gathers them."""

from __future__ import annotations

from starlette.routing import BaseRoute


def routes_pages() -> list[BaseRoute]:
    """Every page's route (imported here so that the API alone needs no Jinja2)."""
    from . import connexion, tableau

    modules = (connexion, tableau)
    return [route for module in modules for route in module.ROUTES]


__all__ = ["routes_pages"]
