"""The sign-in and bearer-token routes (A6, A7) in the OpenAPI document: their own
handlers serve them (:mod:`.authentification`, :mod:`.jetons`), not the route table,
but a front end reads how to sign in from the same document. Bodies and answers come
from the library's schemas of their commands and results; only the adapter's own small
answers (the session, signing out) are described here."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ...formats.json import schema_json, schemas
from ...ports.acces import AdherentAccessible
from .csrf import ENTETE
from .sessions import COOKIE

ENTETE_CSRF = "X-CSRF-Token"
"""The header :mod:`.csrf` reads, as the document spells it (headers ignore case)."""
assert ENTETE_CSRF.lower() == ENTETE
SECURITE_LECTURE: list[dict[str, list[str]]] = [{"jeton": []}, {"session": []}]
"""A read: a bearer token or the session cookie."""
SECURITE_CHANGEMENT: list[dict[str, list[str]]] = [{"jeton": []}, {"session": [], "csrf": []}]
"""A change: a bearer token, or the session cookie with its CSRF token."""
SCHEMAS_DE_SECURITE = {
    "jeton": {"type": "http", "scheme": "bearer"},
    "session": {"type": "apiKey", "in": "cookie", "name": COOKIE},
    "csrf": {"type": "apiKey", "in": "header", "name": ENTETE_CSRF},
}
_TEXTE = {"type": "string"}
_ERREUR = {"$ref": "#/components/schemas/Erreur"}

Accrocher = Callable[[Mapping[str, Any]], dict[str, Any]]


def _reponses(succes: int, schema: Mapping[str, Any], erreurs: set[int],
              messages: Mapping[int, str]) -> dict[str, Any]:
    reponses: dict[str, Any] = {str(succes): {
        "description": messages[succes],
        "content": {"application/json": {"schema": dict(schema)}}}}
    for statut in sorted(erreurs | {500}):
        reponses[str(statut)] = {"description": messages[statut],
                                 "content": {"application/json": {"schema": _ERREUR}}}
    return reponses


def _corps(schema: Mapping[str, Any], formulaire: bool = True) -> dict[str, Any]:
    """JSON, or (sign-in) a form's text fields."""
    contenu = {"application/json": {"schema": dict(schema)}}
    if formulaire:
        contenu["application/x-www-form-urlencoded"] = {"schema": dict(schema)}
    return {"required": True, "content": contenu}


def _objet(proprietes: Mapping[str, Any]) -> dict[str, Any]:
    return {"type": "object", "properties": dict(proprietes), "required": list(proprietes),
            "additionalProperties": False}


def _sans(definition: Mapping[str, Any], champ: str) -> dict[str, Any]:
    """A command's definition where ``champ`` may be left out."""
    return {**definition, "required": [k for k in definition["required"] if k != champ]}


def _sans_propriete(definition: dict[str, Any], champ: str) -> dict[str, Any]:
    """A command's definition without ``champ``, which the route fills itself (the
    client's address)."""
    return {**definition, "properties": {k: v for k, v in definition["properties"].items()
                                         if k != champ},
            "required": [k for k in definition["required"] if k != champ]}


def chemins_connexion(accrocher: Accrocher,
                      messages: Mapping[int, str]) -> dict[str, dict[str, Any]]:
    """The paths below ``/api/v1`` of the sign-in and token routes; ``accrocher`` moves
    a library schema's definitions to the document's components and returns it."""
    tout = schemas()
    commandes, resultats = tout["commandes"], tout["resultats"]

    def definition(nom: str) -> dict[str, Any]:
        accrocher(commandes[nom])
        return accrocher(commandes[nom]["$defs"][nom])

    emis = accrocher(resultats["EmettreJeton"]["$defs"]["JetonEmis"])
    emis = {**emis,  # the answer calls the token's text ``jeton``, as the CLI does
            "properties": {("jeton" if k == "texte" else k): v
                           for k, v in emis["properties"].items()},
            "required": [("jeton" if k == "texte" else k) for k in emis["required"]]}
    adherent_id = {"name": "adherent_id", "in": "query", "required": False,
                   "schema": {"type": "string", "minLength": 1, "maxLength": 100}}
    jeton_id = {"name": "jeton_id", "in": "path", "required": True,
                "schema": {"type": "string", "minLength": 1}}
    session_seule: list[dict[str, list[str]]] = [{"session": [], "csrf": []}]
    acces_refuse = {401, 403, 404, 422, 503}
    return {
        "/connexion/demande": {"post": {
            "operationId": "DemanderConnexion", "security": [],
            "summary": "Recevoir un code de connexion par e-mail (la même réponse pour "
                       "toute adresse).",
            "requestBody": _corps(_sans_propriete(definition("DemanderConnexion"),
                                                  "client")),
            "responses": _reponses(202, accrocher(resultats["DemanderConnexion"]),
                                   {400, 403, 422, 429, 503}, messages)}},
        "/connexion/code": {"post": {
            "operationId": "ValiderConnexion", "security": [],
            "summary": f"Se connecter avec le code reçu : la session s'ouvre (cookie "
                       f"{COOKIE}) ; son jeton CSRF accompagne chaque changement "
                       f"(en-tête {ENTETE_CSRF}).",
            "requestBody": _corps(_sans(definition("ValiderConnexion"), "demande")),
            "responses": _reponses(200, _objet({
                "email": accrocher(resultats["ValiderConnexion"]), "csrf": _TEXTE,
                "adherents": accrocher(schema_json(tuple[AdherentAccessible, ...]))}),
                {400, 401, 403, 422, 429, 503}, messages)}},
        "/deconnexion": {"post": {
            "operationId": "Deconnexion", "security": [{}, {"session": [], "csrf": []}],
            "summary": "Fermer la session du cookie (avec son jeton CSRF).",
            "responses": _reponses(200, _objet({"deconnecte": {"const": True}}), {403},
                                   messages)}},
        "/deconnexion/partout": {"post": {
            "operationId": "DeconnexionPartout", "security": [{"session": [], "csrf": []}],
            "summary": "Fermer toutes les sessions de l'e-mail connecté (avec le jeton "
                       "CSRF de la session).",
            "responses": _reponses(200, _objet({"deconnecte": {"const": True}}), {401, 403},
                                   messages)}},
        "/session": {"get": {
            "operationId": "ConsulterSession", "security": SECURITE_LECTURE,
            "summary": "Qui est connecté, et le jeton CSRF d'une session par cookie.",
            "responses": _reponses(200, _objet({
                "email": _TEXTE, "par_cookie": {"type": "boolean"},
                "csrf": {"anyOf": [_TEXTE, {"type": "null"}]}}), {401}, messages)}},
        "/jetons": {
            "get": {"operationId": "ListerJetons", "security": [{"session": []}],
                    "summary": "Les jetons d'accès de l'e-mail connecté.",
                    "parameters": [adherent_id],
                    "responses": _reponses(200, accrocher(resultats["ListerJetons"]),
                                           acces_refuse, messages)},
            "post": {"operationId": "EmettreJeton", "security": session_seule,
                     "summary": "Émettre un jeton d'accès (son texte n'est montré qu'ici).",
                     "requestBody": _corps(_sans(definition("EmettreJeton"),
                                                 "adherent_id"), formulaire=False),
                     "responses": _reponses(201, emis, acces_refuse | {400}, messages)}},
        "/jetons/{jeton_id}": {"delete": {
            "operationId": "RevoquerJeton", "security": session_seule,
            "summary": "Révoquer un jeton d'accès.", "parameters": [jeton_id, adherent_id],
            "responses": _reponses(200, accrocher(resultats["RevoquerJeton"]),
                                   acces_refuse, messages)}},
    }


__all__ = ["ENTETE_CSRF", "SCHEMAS_DE_SECURITE", "SECURITE_CHANGEMENT", "SECURITE_LECTURE",
           "chemins_connexion"]
