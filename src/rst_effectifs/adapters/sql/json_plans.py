"""How an applied import's plan is kept with its request id (E5, ``requetes.reponse``):
JSON through ``cattrs.preconf.json`` (ISO dates, enums by value), read back as the
:class:`PlanImport` a resend answers. Only a replay reads it, soon after the import."""

from __future__ import annotations

from cattrs.preconf.json import make_converter

from ...application.plan_import import PlanImport

_JSON = make_converter()


def plan_en_json(plan: object) -> str:
    """A use case keeps no other answer (a programming error otherwise, not an input's)."""
    if not isinstance(plan, PlanImport):
        raise TypeError(f"no stored form for a {type(plan).__name__} answer")
    return _JSON.dumps(plan)


def plan_depuis_json(texte: str) -> PlanImport:
    return _JSON.loads(texte, PlanImport)


__all__ = ["plan_depuis_json", "plan_en_json"]
