"""OpenAPI 3.1 components from the library's JSON Schemas, with references that resolve.

A schema of :func:`~rst_effectifs.formats.json.schema_json` is a standalone document: its
classes sit in its own ``$defs`` and its references say ``#/$defs/X``. Pasted into an
OpenAPI document those references point at the document's root, where nothing is
(``PointerToNowhere``). :class:`ComposantsOpenApi` moves every definition to
``components/schemas`` and rewrites the references to ``#/components/schemas/X``; a
definition that differs by role (the NIR in clear or masked) becomes ``anyOf`` of both.
:meth:`ComposantsOpenApi.corps` gives a command's body without the fields a route takes
from its URL or headers. The portal's own document is built with it
(``rst_effectifs.entrypoints.web.openapi``); ``docs/front-end.md`` shows a whole app.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from typing import Any

from .json.schema import resultats, schema_erreur, schema_json

__all__ = ["CHAMPS_HORS_CORPS", "REF_COMPOSANTS", "ComposantsOpenApi", "composants_openapi"]

REF_COMPOSANTS = "#/components/schemas/"
_REF_DEFS = "#/$defs/"
CHAMPS_HORS_CORPS = ("adherent_id", "salarie_id", "poste_id", "contrat_id", "mouvement_id",
                     "requete_id", "version_attendue")
"""Fields a route usually takes elsewhere than its body: the ids of its path, the request
id of a grouped request from ``Idempotency-Key``, the expected version from ``If-Match``."""


def _reecrire(valeur: Any) -> Any:
    if isinstance(valeur, dict):
        return {k: (REF_COMPOSANTS + v[len(_REF_DEFS):] if k == "$ref" and isinstance(v, str)
                    and v.startswith(_REF_DEFS) else _reecrire(v)) for k, v in valeur.items()}
    if isinstance(valeur, list):
        return [_reecrire(v) for v in valeur]
    return valeur


class ComposantsOpenApi:
    """The ``components/schemas`` of one OpenAPI document, filled as schemas are asked
    for; every reference the returned schemas hold resolves in :attr:`schemas`."""

    def __init__(self) -> None:
        self.schemas: dict[str, Any] = {}

    def ajouter(self, nom: str, schema: Mapping[str, Any]) -> dict[str, Any]:
        """Register ``schema`` as ``nom`` (``anyOf`` with a different one of that name);
        returns the reference to it."""
        schema = dict(schema)
        existant = self.schemas.get(nom)
        if existant is None or existant == schema:
            self.schemas[nom] = schema
        else:
            variantes = existant["anyOf"] if set(existant) == {"anyOf"} else [existant]
            if schema not in variantes:
                self.schemas[nom] = {"anyOf": [*variantes, schema]}
        return {"$ref": REF_COMPOSANTS + nom}

    def accrocher(self, document: Mapping[str, Any]) -> dict[str, Any]:
        """A schema of :func:`schema_json` as it goes into the OpenAPI document: its
        ``$defs`` moved to the components, its references rewritten."""
        for nom, definition in document.get("$defs", {}).items():
            self.ajouter(nom, _reecrire(definition))
        return {k: v for k, v in _reecrire(dict(document)).items()
                if k not in ("$defs", "$schema")}

    def schema(self, type_: Any, *, masquer_nir: bool = False) -> dict[str, Any]:
        """The schema of any command, result or domain type (``tuple[Poste, ...]``
        included) for a request or an answer: a reference to a class."""
        return self.accrocher(schema_json(type_, masquer_nir=masquer_nir))

    def resultat(self, commande: type, *, masquer_nir: bool = False) -> dict[str, Any]:
        """The schema of what the use case of ``commande`` returns (a success answer)."""
        return self.schema(resultats()[commande], masquer_nir=masquer_nir)

    def definition(self, commande: type) -> dict[str, Any]:
        """A copy of the command's own object schema (its properties, required fields)."""
        self.schema(commande)
        return copy.deepcopy(self.schemas[commande.__name__])

    def corps(self, commande: type, sans: Iterable[str] = CHAMPS_HORS_CORPS,
              nom: str | None = None) -> dict[str, Any]:
        """The command's body without the fields ``sans`` (taken from the URL or the
        headers), registered as ``nom`` (``<Command>Corps``); returns its reference."""
        definition = self.definition(commande)
        retires = set(sans)
        definition["properties"] = {k: v for k, v in definition["properties"].items()
                                    if k not in retires}
        definition["required"] = [k for k in definition["required"] if k not in retires]
        return self.ajouter(nom or f"{commande.__name__}Corps", definition)

    def erreur(self) -> dict[str, Any]:
        """The refusal body of ``erreur_en_json``, as ``Erreur``."""
        return self.ajouter("Erreur", self.accrocher(schema_erreur()))


def composants_openapi(commandes: Iterable[type] = (), types: Iterable[Any] = (), *,
                       sans: Iterable[str] = CHAMPS_HORS_CORPS, masquer_nir: bool = False
                       ) -> dict[str, Any]:
    """``components`` for an OpenAPI document: each command's body (``<Command>Corps``,
    without ``sans``) and what its use case returns, each of ``types`` (other results,
    domain objects), and ``Erreur``; sorted by name."""
    composants = ComposantsOpenApi()
    sans = tuple(sans)
    for commande in commandes:
        composants.corps(commande, sans)
        composants.resultat(commande, masquer_nir=masquer_nir)
    for type_ in types:
        composants.schema(type_, masquer_nir=masquer_nir)
    composants.erreur()
    return {"schemas": dict(sorted(composants.schemas.items()))}
