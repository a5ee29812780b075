"""The OpenAPI 3.1 document of ``/api/v1``, built from the route table and the library's
JSON Schemas (``schemas()``), never written by hand: a new command or field shows up
here by itself.

The components come from :class:`~rst_effectifs.formats.openapi.ComposantsOpenApi`, the
helper every front end uses (``$defs`` moved to ``components/schemas``, references that
resolve, a definition that differs by role as ``anyOf`` of both); a body's schema is its
command's without the fields the path or a header gives. The statuses of an operation
follow from what it can meet: 401 signed out, 403 a role too weak, 404 an id of the
path, 409 a write meeting another state, 412 a stale ``If-Match``, 400/422 bad input,
503 storage down. The sign-in and token routes come from :mod:`.openapi_connexion`. A
success answer's ``links`` say which operations can take what it gives (a new poste's id
to rename it, or to hire on it), from the table's ``donne`` and ``recoit``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from importlib.metadata import PackageNotFoundError, version
from typing import Any

import attrs

from ...formats.encodages import ENCODAGES
from ...formats.json import schema_json, schemas
from ...formats.openapi import REF_COMPOSANTS as _COMPOSANTS
from ...formats.openapi import ComposantsOpenApi
from ...ports.acces import AdherentAccessible
from .api_routes import (
    CHAMP_VERSION,
    OPERATIONS,
    Operation,
)
from .openapi_connexion import (
    SCHEMAS_DE_SECURITE,
    SECURITE_CHANGEMENT,
    SECURITE_LECTURE,
    chemins_connexion,
)

PREFIXE = "/api/v1"
_MESSAGES = {200: "Succès.", 201: "Créé.", 202: "Demande acceptée.", 204: "Fait.",
             400: "Requête illisible (JSON, paramètre, en-tête ou curseur).",
             401: "Non connecté.", 403: "Accès ou rôle insuffisant.",
             404: "Introuvable pour cet appelant.",
             409: "En conflit avec l'état actuel.", 412: "Version périmée (If-Match).",
             422: "Contenu refusé.", 429: "Trop de demandes.", 500: "Erreur interne.",
             503: "Stockage indisponible pour l'instant : réessayer."}


def _version() -> str:
    try:
        return version("rst-effectifs")
    except PackageNotFoundError:  # pragma: no cover - run from a source tree
        return "0"


def _versionne(composants: ComposantsOpenApi, schema: Mapping[str, Any]) -> bool:
    """The result carries a ``version`` (its ETag)."""
    ref = schema.get("$ref", "")
    cible = composants.schemas.get(ref[len(_COMPOSANTS):], {}) if ref else schema
    variantes = cible.get("anyOf", [cible])
    return any("version" in v.get("properties", {}) for v in variantes)


def _statuts(op: Operation) -> list[int]:
    statuts = {op.statut, 400, 422, 500, 503}
    if not op.public:
        statuts |= {401, 403}
    if op.parametres_chemin:  # an id of the path, or a value the router cannot take
        statuts.add(404)
    if op.methode != "GET":
        statuts.add(409)
    if op.avec_version:
        statuts.add(412)
    if op.public:
        statuts.add(429)
    return sorted(statuts)


def _corps_lie(pointeur: str, valeur: str) -> Any:
    """``/contrat/poste_id`` → ``{"contrat": {"poste_id": valeur}}`` (a number: a list)."""
    for partie in reversed(pointeur.strip("/").split("/")):
        valeur = [valeur] if partie.isdigit() else {partie: valeur}  # type: ignore[assignment]
    return valeur


def _liens(source: Operation, operations: Sequence[Operation]) -> dict[str, Any]:
    """The OpenAPI links of ``source``'s success answer: every other operation whose
    path parameters it can all give (from its answer, or from its own path) and that
    takes at least one value of its answer (in its path or its body)."""
    liens: dict[str, Any] = {}
    for cible in operations:
        if cible is source or cible.rst != source.rst:
            continue
        parametres: dict[str, str] = {}
        for nom in cible.parametres_chemin:
            if nom in source.donne:
                parametres[nom] = f"$response.body#{source.donne[nom]}"
            elif nom in source.parametres_chemin:
                parametres[nom] = f"$request.path.{nom}"
            else:
                break
        else:
            corps = [(nom, ptr) for nom, ptr in cible.recoit.items() if nom in source.donne]
            if not corps and not set(cible.parametres_chemin) & set(source.donne):
                continue
            lien: dict[str, Any] = {"operationId": cible.identifiant}
            if parametres:
                lien["parameters"] = parametres
            if corps:
                (nom, ptr), = corps  # one value per body, as every row says today
                lien["requestBody"] = _corps_lie(ptr, f"$response.body#{source.donne[nom]}")
            liens[cible.identifiant] = lien
    return liens


def _champ_requis(op: Operation, champ: str) -> bool:
    """The command field has no default (an import's ``requete_id`` is optional)."""
    assert op.commande is not None
    return bool(attrs.fields_dict(op.commande)[champ].default is attrs.NOTHING)


def _parametre(nom: str, ou: str, schema: Any, requis: bool) -> dict[str, Any]:
    return {"name": nom, "in": ou, "required": requis, "schema": schema}


def _operation(op: Operation, composants: ComposantsOpenApi, resultats: Mapping[str, Any],
               operations: Sequence[Operation]
               ) -> dict[str, Any]:
    retires = {*op.champs_chemin, *op.entetes.values(), CHAMP_VERSION}
    parametres = [_parametre(p, "path", {"type": "string", "minLength": 1}, True)
                  for p in op.parametres_chemin]
    for entete, champ in op.entetes.items():
        parametres.append(_parametre(entete, "header", {"type": "string", "minLength": 1,
                                                        "maxLength": 100},
                                     _champ_requis(op, champ)))
    if op.avec_version:
        parametres.append(_parametre("If-Match", "header", {"type": "string"}, False))
    corps: dict[str, Any] | None = None
    nom = op.identifiant
    schema = op.commande.__name__ if op.commande is not None else nom
    if op.commande is not None and op.source == "parametres":
        definition = composants.definition(op.commande)
        requis = [k for k in definition["required"] if k not in retires]
        parametres += [_parametre(k, "query", v, k in requis)
                       for k, v in definition["properties"].items() if k not in retires]
    elif op.commande is not None and op.source == "corps":
        ref = composants.corps(op.commande, retires, f"{nom}Corps")
        requis = composants.schemas[f"{nom}Corps"]["required"]
        corps = {"required": bool(requis), "content": {"application/json": {"schema": ref}}}
    if op.source == "fichier":
        parametres += [
            _parametre("format", "query", {"enum": ["dsn", "csv"]}, False),
            _parametre("appliquer", "query", {"type": "boolean"}, False),
            _parametre("creer_postes", "query", {"type": "boolean"}, False),
            _parametre("confirmer_ecarts", "query", {"type": "boolean"}, False),
            _parametre("encodage", "query", {"enum": list(ENCODAGES)}, False)]
        corps = {"required": True, "content": {
            "application/octet-stream": {"schema": {"type": "string",
                                                    "contentMediaType": "text/plain"}},
            "multipart/form-data": {"schema": {"type": "object", "required": ["fichier"],
                                               "properties": {"fichier": {
                                                   "type": "string",
                                                   "contentMediaType": "text/plain"}}}}}}
    reponses: dict[str, Any] = {}
    for statut in _statuts(op):
        reponse: dict[str, Any] = {"description": _MESSAGES[statut]}
        if statut >= 400:
            reponse["content"] = {"application/json": {
                "schema": {"$ref": f"{_COMPOSANTS}Erreur"}}}
        elif op.pdf:
            reponse["content"] = {"application/pdf": {"schema": {
                "type": "string", "contentMediaType": "application/pdf"}}}
        elif statut != 204:
            reponse["content"] = {"application/json": {"schema": resultats[schema]}}
            if _versionne(composants, resultats[schema]):
                reponse["headers"] = {"ETag": {
                    "description": "La version du résultat, pour If-Match.",
                    "schema": {"type": "string"}}}
            if statut == op.statut and (liens := _liens(op, operations)):
                reponse["links"] = liens
        reponses[str(statut)] = reponse
    document: dict[str, Any] = {"operationId": nom, "summary": op.resume,
                                "parameters": parametres, "responses": reponses}
    if corps is not None:
        document["requestBody"] = corps
    if op.public:
        document["security"] = []
    elif op.methode != "GET":
        document["security"] = SECURITE_CHANGEMENT
    return document


def document_openapi(operations: Sequence[Operation] = OPERATIONS) -> dict[str, Any]:
    """The whole document (see the module docstring)."""
    composants = ComposantsOpenApi()
    clairs, masques = schemas(), schemas(masquer_nir=True)
    resultats: dict[str, Any] = {"ListerAdherentsAccessibles": composants.accrocher(
        schema_json(tuple[AdherentAccessible, ...]))}
    for nom in clairs["resultats"]:
        resultats[nom] = composants.accrocher(clairs["resultats"][nom])
        composants.accrocher(masques["resultats"][nom])
    composants.erreur()
    chemins: dict[str, dict[str, Any]] = {}
    for op in operations:
        chemins.setdefault(PREFIXE + op.chemin, {})[op.methode.lower()] = _operation(
            op, composants, resultats, operations)
    for chemin, methodes in chemins_connexion(composants.accrocher, _MESSAGES).items():
        chemins[PREFIXE + chemin] = methodes
    return {
        "openapi": "3.1.0",
        "info": {"title": "rst-effectifs — API du portail", "version": _version()},
        "servers": [{"url": "/"}],
        "paths": chemins,
        "components": {
            "schemas": dict(sorted(composants.schemas.items())),
            "securitySchemes": SCHEMAS_DE_SECURITE,
        },
        "security": SECURITE_LECTURE,
    }
