"""JSON Schema (2020-12) of what the converter reads and writes, from one generator.

:func:`schema_json` walks a type as ``make_converter`` does: the attrs fields and their
annotations, each simple type as its hook writes it (identifiers and ISO dates as text,
amounts as decimal text, enums by value, sets as arrays of unique items), the tagged
``Mouvement`` union, the counts ``Effectif`` and ``Assiette`` add, the NIR masked for a
masking converter, ``additionalProperties: false`` since reading is strict. Shared
classes go to ``$defs``. :func:`schemas` gives every command, every use case's result and
the error body, for front ends and OpenAPI. Part of
:mod:`rst_effectifs.formats.json` (``docs/json.md``).

A schema cannot say everything the domain checks (a NIR's key, a contract that
starts after its holder's birth, a page size up to its maximum): the converter refuses
those with the domain's own typed error. A date's pattern keeps to D1's bounds.
"""

from __future__ import annotations

import datetime as dt
import enum
import inspect
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, get_args, get_type_hints

import attrs

from ...application.commandes import ID_MAX, Commande
from ...application.contexte import PAR_COMMANDE, PARTIES_DE_COMMANDE
from ...domain.effectif import Effectif
from ...domain.erreurs import Echec
from ...domain.facturation import Assiette
from ...domain.identifiants import Nir
from ...domain.salaries import Mouvement
from ...domain.suivi import TypeDeSuivi
from .convertisseur import CHAMPS_CALCULES_EFFECTIF, TAGS_MOUVEMENT
from .types import (
    _IDENTIFIANTS,
    _LONGUEUR_MAX_DATE_HEURE,
    _est_collection,
    _est_optionnel,
    _origine,
)

DIALECTE = "https://json-schema.org/draft/2020-12/schema"
MOTIF_DECIMAL = r"^-?[0-9]{1,30}(\.[0-9]{1,30})?$"
"""Amounts as the converter reads them (``"89.00"``), never a float (F2)."""
MOTIF_DATE = r"^(?:19[0-9]{2}|20[0-9]{2}|2100)-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])$"
"""An ISO date within D1's bounds (1900-01-01 to 2100-12-31): a form can check it before
sending, and a generator drawing from the schema (Schemathesis) draws dates the domain
takes. ``format: date`` says the day exists."""
MOTIF_NIR_MASQUE = r"^(?:[0-9*]|\*\*) [0-9*]{2} [0-9*]{2} \*\* \*{3} \*{3} \*{2}$"
"""``1 84 12 ** *** *** **``: what a masking converter writes (and refuses to read);
``** ** ** ** *** *** **`` for a command's text that is no NIR."""

_ENTIER: dict[str, Any] = {"type": "integer"}


def _texte_id() -> dict[str, Any]:
    """T1: a command's id is 1 to ``ID_MAX`` printable characters."""
    return {"type": "string", "minLength": 1, "maxLength": ID_MAX}


def _description(cl: type) -> dict[str, str]:
    texte = inspect.cleandoc(cl.__doc__) if cl.__doc__ else None  # never inherited
    return {"description": texte.split("\n\n")[0]} if texte else {}


class _Generateur:
    """One schema's ``$defs``, filled as classes are met."""

    def __init__(self, masquer_nir: bool) -> None:
        self.masquer_nir = masquer_nir
        self.defs: dict[str, Any] = {}
        self._noms: dict[type, str] = {}

    # -- names and references
    def _nom(self, cl: type) -> str:
        if cl not in self._noms:
            nom = cl.__name__
            if nom in self._noms.values():
                nom = f"{cl.__module__.rsplit('.', 1)[-1]}.{nom}"
            self._noms[cl] = nom
        return self._noms[cl]

    def _ref(self, nom: str) -> dict[str, Any]:
        return {"$ref": f"#/$defs/{nom}"}

    # -- types
    def nir(self) -> dict[str, Any]:
        if self.masquer_nir:
            return {"type": "string", "pattern": MOTIF_NIR_MASQUE, "readOnly": True}
        return {"type": "string", "minLength": 1, "description": "NIR (S1)"}

    def schema(self, tp: Any, nom: str = "", commande: bool = False) -> dict[str, Any]:
        """The schema of a value of ``tp`` held by field ``nom`` (ids of commands bounded)."""
        if tp is type(None):
            return {"type": "null"}
        if _est_optionnel(tp):
            (autre,) = (a for a in get_args(tp) if a is not type(None))
            return {"anyOf": [self.schema(autre, nom, commande), {"type": "null"}]}
        if set(get_args(tp)) == set(get_args(Mouvement)) and get_args(tp):
            return self._mouvement()
        if tp is str:
            if commande and (nom.endswith("_id") or nom.endswith("_ids") or nom == "apres"):
                return _texte_id()
            return {"type": "string"}
        if tp is bool:
            return {"type": "boolean"}
        if tp is int:
            return dict(_ENTIER)
        if tp is dt.date:
            return {"type": "string", "format": "date", "pattern": MOTIF_DATE}
        if tp is dt.datetime:
            return {"type": "string", "format": "date-time",
                    "maxLength": _LONGUEUR_MAX_DATE_HEURE}
        if tp is Decimal:
            return {"anyOf": [{"type": "string", "pattern": MOTIF_DECIMAL}, dict(_ENTIER)]}
        if isinstance(tp, type) and issubclass(tp, enum.Enum):
            return {"enum": [m.value for m in tp]}
        if tp is Nir:
            return self.nir()
        if tp in _IDENTIFIANTS:
            return {"type": "string", "minLength": 1, "description": tp.__name__}
        if _est_collection(tp):
            return self._collection(tp, nom, commande)
        if attrs.has(tp):
            return self.classe(tp)
        raise TypeError(f"no JSON schema for {tp!r}")

    def _collection(self, tp: Any, nom: str, commande: bool) -> dict[str, Any]:
        origine, args = _origine(tp), get_args(tp)
        if origine is tuple and args and not (len(args) == 2 and args[1] is Ellipsis):
            return {"type": "array", "prefixItems": [self.schema(a, nom, commande) for a in args],
                    "items": False, "minItems": len(args), "maxItems": len(args)}
        schema: dict[str, Any] = {"type": "array"}
        if args:
            schema["items"] = self.schema(args[0], nom, commande)
        if origine in (frozenset, set):
            schema["uniqueItems"] = True  # written sorted, each once
        return schema

    # -- attrs classes
    def _objet(self, cl: type) -> dict[str, Any]:
        classe: Any = cl
        indications = get_type_hints(classe)
        commande = issubclass(cl, Commande)
        proprietes: dict[str, Any] = {}
        requis: list[str] = []
        for champ in attrs.fields(classe):
            if not champ.init:
                continue
            if commande and champ.name == "nir" and indications[champ.name] == (str | None):
                proprietes["nir"] = {"anyOf": [self.nir(), {"type": "null"}]}
            else:
                proprietes[champ.name] = self.schema(indications[champ.name], champ.name,
                                                     commande)
            if champ.default is attrs.NOTHING:
                requis.append(champ.name)
        for nom, schema in self._calcules(cl).items():
            proprietes[nom] = {**schema, "readOnly": True}
        return {"type": "object", "title": cl.__name__, **_description(cl),
                "properties": proprietes, "required": requis, "additionalProperties": False}

    def _calcules(self, cl: type) -> dict[str, Any]:
        """E4/F2: counts written for readers and ignored when read back."""
        if cl is Effectif:
            nombre, par_type = CHAMPS_CALCULES_EFFECTIF
            types = [t.value for t in TypeDeSuivi]
            return {nombre: dict(_ENTIER), par_type: {
                "type": "object", "properties": {t: dict(_ENTIER) for t in types},
                "required": types, "additionalProperties": False}}
        if cl is Assiette:
            return {"nombre": dict(_ENTIER)}
        return {}

    def classe(self, cl: type) -> dict[str, Any]:
        nom = self._nom(cl)
        if nom not in self.defs:
            self.defs[nom] = {}  # placeholder: a class that holds itself stops here
            self.defs[nom] = self._objet(cl)
        return self._ref(nom)

    def _mouvement(self) -> dict[str, Any]:
        """E2/E3: a union tagged by ``"type"``, one variant per class."""
        variantes = []
        for cl, tag in TAGS_MOUVEMENT.items():
            nom = f"{self._nom(cl)}Marquee"
            if nom not in self.defs:
                objet = self._objet(cl)
                objet["properties"] = {"type": {"const": tag}, **objet["properties"]}
                objet["required"] = ["type", *objet["required"]]
                self.defs[nom] = objet
            variantes.append(self._ref(nom))
        return {"oneOf": variantes}

    def document(self, racine: dict[str, Any]) -> dict[str, Any]:
        document = {"$schema": DIALECTE, **racine}
        if self.defs:
            document["$defs"] = dict(sorted(self.defs.items()))
        return document


def schema_json(type_: Any, *, masquer_nir: bool = False) -> dict[str, Any]:
    """The JSON Schema (2020-12) of ``type_`` as ``make_converter(masquer_nir=...)``
    writes and reads it: a class as a ``$ref`` into its ``$defs``."""
    generateur = _Generateur(masquer_nir)
    return generateur.document(generateur.schema(type_))


def schema_erreur() -> dict[str, Any]:
    """The body :func:`erreur_en_json` gives: ``details`` JSON-typed, ``echecs`` for a
    grouped refusal (E5)."""
    generateur = _Generateur(masquer_nir=False)
    texte: dict[str, Any] = {"type": "string"}
    racine = {
        "type": "object", "title": "Erreur",
        "properties": {
            "code": texte, "regle": texte, "message": texte,
            "chemin": {"anyOf": [texte, {"type": "null"}]},
            "details": {"type": "object"},
            "echecs": {"type": "array", "items": generateur.schema(Echec)},
        },
        "required": ["code", "regle", "message", "chemin", "details"],
        "additionalProperties": False,
    }
    return generateur.document(racine)


def resultats() -> dict[type, Any]:
    """Each command class → what its use case returns (its return annotation)."""
    resultat: dict[type, Any] = {}
    for commande, cas in PAR_COMMANDE.items():
        fonction = inspect.unwrap(cas.fonction)
        resultat[commande] = get_type_hints(fonction)["return"]
    return resultat


def commandes() -> list[type]:
    """Every command a front end may send: the use cases' and their parts."""
    return sorted({*PAR_COMMANDE, *PARTIES_DE_COMMANDE}, key=lambda c: c.__name__)


def schemas(*, masquer_nir: bool = False) -> dict[str, Mapping[str, Any]]:
    """Every command, every use case's result (by command name) and the error body."""
    return {
        "commandes": {c.__name__: schema_json(c, masquer_nir=masquer_nir) for c in commandes()},
        "resultats": {c.__name__: schema_json(r, masquer_nir=masquer_nir)
                      for c, r in sorted(resultats().items(), key=lambda i: i[0].__name__)},
        "erreur": schema_erreur(),
    }
