"""The member portal's pages (issue 14): server-rendered French HTML over the same
application as the API, usable without JavaScript (htmx only enhances). One module per
menu, each exporting ``ROUTES``; :func:`routes_pages` gathers them."""

from __future__ import annotations

import importlib

from starlette.routing import BaseRoute

MODULES: tuple[str, ...] = (
    "imports",
    "compte",
    "acces",
    "journal",
    "connexion",
    "tableau",
    "postes",
    "salaries",
    "mouvements",
    "effectif",
    "facturation",
)
"""The page modules of this package, in the order their routes are tried."""


def routes_pages() -> list[BaseRoute]:
    """Every page's route (imported here so that the API alone needs no Jinja2)."""
    routes: list[BaseRoute] = []
    for nom in MODULES:
        routes.extend(importlib.import_module(f"{__name__}.{nom}").ROUTES)
    return routes


__all__ = ["MODULES", "routes_pages"]
