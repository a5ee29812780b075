"""JSON for front ends: one cattrs converter factory, strict at the edge.

``make_converter()`` turns every public domain object, command and use-case result
into JSON-ready data and back. It is built on ``cattrs.preconf.json`` (never the
global converter) with hooks registered for the simple types first: identifiers as
their normalised text (parsed on the way in), ISO dates and aware datetimes, enums by
value, amounts as decimal text, sets as sorted lists, tuples as lists, ``Mouvement`` as
a union tagged by ``"type"``. Structuring is strict: no coercion of ``5`` into ``"5"``,
no unknown key.

Whatever is wrong with incoming data becomes one :class:`DonneeInvalide` whose
``chemin`` names the bad field (``$.contrat.debut``); a refusal by a domain validator
keeps its own code, rule and message. See ``docs/json.md``.

This module is the public entry; the code lives in submodules beside it, each one
concern: ``types`` (hooks of simple types), ``convertisseur``
(``make_converter``, ``convertisseur_pour``), ``lecture`` (``structurer``, ``lire``,
``ecrire``, the URL's fields), ``parametres`` (query strings and forms), ``erreurs`` (error
paths, ``erreur_en_json``), ``statuts`` (``statut_http``), ``schema`` (JSON Schemas:
``schema_json``, ``schemas``).
"""

from __future__ import annotations

from .convertisseur import convertisseur_pour, make_converter
from .erreurs import erreur_en_json
from .lecture import CODE_CONTREDIT_L_URL, ecrire, lire, structurer
from .parametres import (
    CODE_PARAMETRES_INVALIDES,
    CODE_REQUETE_INVALIDE,
    Parametres,
    structurer_formulaire,
    structurer_parametres,
    structurer_requete,
)
from .schema import schema_erreur, schema_json, schemas
from .statuts import STATUTS_PAR_CLASSE, STATUTS_PAR_CODE, statut_http
from .types import CODE_CHAMP_INVALIDE, CODE_JSON_INVALIDE, CODE_NIR_MASQUE

__all__ = [
    "CODE_CHAMP_INVALIDE",
    "CODE_CONTREDIT_L_URL",
    "CODE_JSON_INVALIDE",
    "CODE_NIR_MASQUE",
    "CODE_PARAMETRES_INVALIDES",
    "CODE_REQUETE_INVALIDE",
    "STATUTS_PAR_CLASSE",
    "STATUTS_PAR_CODE",
    "Parametres",
    "convertisseur_pour",
    "ecrire",
    "erreur_en_json",
    "lire",
    "make_converter",
    "schema_erreur",
    "schema_json",
    "schemas",
    "statut_http",
    "structurer",
    "structurer_formulaire",
    "structurer_parametres",
    "structurer_requete",
]
