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
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import json
import re
import types
from collections import abc
from collections.abc import Callable, Iterator, Mapping
from decimal import Decimal
from typing import Any, TypeVar, Union, cast, get_args, get_origin

import attrs
from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
    StructureHandlerNotFoundError,
)
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override
from cattrs.preconf.json import JsonConverter
from cattrs.preconf.json import make_converter as _make_json_converter
from cattrs.strategies import configure_tagged_union

from ..application.commandes import Commande
from ..domain.comptes import voit_les_nir
from ..domain.dates import date_dans_les_bornes
from ..domain.effectif import Effectif
from ..domain.erreurs import DonneeInvalide, ErreurDomaine, ErreurRstEffectifs, RefusGroupe
from ..domain.facturation import Assiette
from ..domain.identifiants import (
    CodePcsEse,
    Email,
    Nir,
    NumeroAdherent,
    NumeroTeledeclarant,
    Siren,
    Siret,
)
from ..domain.salaries import Mouvement, Reintegration, Sortie

__all__ = [
    "CODE_CHAMP_INVALIDE",
    "CODE_JSON_INVALIDE",
    "CODE_NIR_MASQUE",
    "convertisseur_pour",
    "ecrire",
    "erreur_en_json",
    "lire",
    "make_converter",
    "structurer",
]

T = TypeVar("T")
StructureHook = Callable[[Any, Any], Any]
UnstructureHook = Callable[[Any], Any]

CODE_JSON_INVALIDE = "json.invalide"
"""The text is not JSON at all (syntax, encoding, nesting too deep, duplicate key)."""
CODE_CHAMP_INVALIDE = "json.champ_invalide"
"""A field is missing, unknown, of the wrong JSON type or outside its allowed values."""
CODE_NIR_MASQUE = "json.nir_masque"
"""A converter that writes masked NIRs refuses to read one: it cannot be trusted."""

RACINE = "$"
TAGS_MOUVEMENT: Mapping[type, str] = {Sortie: "sortie", Reintegration: "reintegration"}
CHAMPS_CALCULES_EFFECTIF = ("nombre", "par_type")

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)
_DECIMAL = re.compile(r"-?[0-9]{1,30}(?:\.[0-9]{1,30})?", re.ASCII)
_LONGUEUR_MAX_DATE_HEURE = 40
_NIR_ILLISIBLE = "** ** ** ** *** *** **"
_NOM_DE_CHAMP = re.compile(r"[a-z_]{1,40}", re.ASCII)
_CLE_ILLISIBLE = "<clé inconnue>"

_IDENTIFIANTS: tuple[type[Any], ...] = (
    Siren,
    Siret,
    Email,
    CodePcsEse,
    NumeroAdherent,
    NumeroTeledeclarant,
)


def _champ_invalide(message: str) -> DonneeInvalide:
    return DonneeInvalide(message, code=CODE_CHAMP_INVALIDE)


# --------------------------------------------------------------- simple types


def _structurer_texte(valeur: Any, _: Any) -> str:
    if not isinstance(valeur, str):
        raise _champ_invalide("Un texte est attendu.")
    return valeur


def _structurer_entier(valeur: Any, _: Any) -> int:
    if not isinstance(valeur, int) or isinstance(valeur, bool):
        raise _champ_invalide("Un nombre entier est attendu.")
    return valeur


def _structurer_booleen(valeur: Any, _: Any) -> bool:
    if not isinstance(valeur, bool):
        raise _champ_invalide("true ou false est attendu.")
    return valeur


def _structurer_date(valeur: Any, _: Any) -> dt.date:
    if not isinstance(valeur, str) or not _DATE.fullmatch(valeur):
        raise _champ_invalide("Une date au format AAAA-MM-JJ est attendue.")
    try:
        jour = dt.date.fromisoformat(valeur)
    except ValueError:
        jour = None  # its message quotes the value: raised below, outside the handler (A5)
    if jour is None:
        raise _champ_invalide("Cette date n'existe pas dans le calendrier.")
    return date_dans_les_bornes(jour)


def _structurer_date_heure(valeur: Any, _: Any) -> dt.datetime:
    message = "Une date et heure ISO 8601 avec décalage horaire est attendue."
    if not isinstance(valeur, str) or len(valeur) > _LONGUEUR_MAX_DATE_HEURE:
        raise _champ_invalide(message)
    try:
        instant = dt.datetime.fromisoformat(valeur)
    except ValueError:
        instant = None  # its message quotes the value: never chained (A5)
    if instant is None or instant.utcoffset() is None:
        raise _champ_invalide(message)
    return instant


def _structurer_decimal(valeur: Any, _: Any) -> Decimal:
    """Amounts travel as decimal text (``"89.00"``) or whole numbers, never as floats:
    binary fractions are not cents (F2)."""
    if isinstance(valeur, int) and not isinstance(valeur, bool):
        return Decimal(valeur)
    if not isinstance(valeur, str) or not _DECIMAL.fullmatch(valeur):
        raise _champ_invalide("Un nombre décimal écrit en texte est attendu (par ex. « 89.00 »).")
    return Decimal(valeur)


def _unstructurer_decimal(valeur: Decimal) -> str:
    return format(valeur, "f")


def _est_enum(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, enum.Enum)


def _fabrique_structure_enum(tp: type[enum.Enum]) -> StructureHook:
    valeurs = ", ".join(str(m.value) for m in tp)

    def structurer_enum(valeur: Any, _: Any) -> enum.Enum:
        # Compare type and value so that true never passes for 1, nor 1 for "1".
        for membre in tp:
            if type(membre.value) is type(valeur) and membre.value == valeur:
                return membre
        raise _champ_invalide(f"Valeur inconnue ; valeurs possibles : {valeurs}.")

    return structurer_enum


def _unstructurer_enum(valeur: enum.Enum) -> Any:
    return valeur.value


def _est_optionnel(tp: Any) -> bool:
    """``X | None`` with one X: the only untagged unions the library uses."""
    if get_origin(tp) not in (Union, types.UnionType):
        return False
    args = get_args(tp)
    return len(args) == 2 and type(None) in args


def _fabrique_structure_optionnel(converter: JsonConverter) -> Callable[[Any], StructureHook]:
    def fabrique(tp: Any) -> StructureHook:
        (autre,) = (a for a in get_args(tp) if a is not type(None))
        crochet = converter.get_structure_hook(autre)

        def structurer_optionnel(valeur: Any, _: Any) -> Any:
            return None if valeur is None else crochet(valeur, autre)

        return structurer_optionnel

    return fabrique


# ---------------------------------------------------------------- collections


def _origine(tp: Any) -> Any:
    return get_origin(tp) or tp


def _est_collection(tp: Any) -> bool:
    return _origine(tp) in (tuple, list, frozenset, set, abc.Sequence)


def _cle_de_tri(valeur: Any) -> str:
    return json.dumps(valeur, sort_keys=True, ensure_ascii=False)


def _structurer_elements(
    valeurs: list[Any] | tuple[Any, ...], crochets: list[tuple[StructureHook, Any]], tp: Any
) -> list[Any]:
    """Structure each element, gathering failures with their index like cattrs does."""
    resultat: list[Any] = []
    erreurs: list[Exception] = []
    for index, (valeur, (crochet, type_element)) in enumerate(
        zip(valeurs, crochets, strict=True)
    ):
        try:
            resultat.append(crochet(valeur, type_element))
        except Exception as exc:
            exc.add_note(
                IterableValidationNote(f"Structuring {tp} @ index {index}", index, type_element)
            )
            erreurs.append(exc)
    if erreurs:
        raise IterableValidationError(f"While structuring {tp!r}", erreurs, tp)
    return resultat


def _fabrique_structure_collection(converter: JsonConverter) -> Callable[[Any], StructureHook]:
    def fabrique(tp: Any) -> StructureHook:
        origine, args = _origine(tp), get_args(tp)
        fixe = origine is tuple and bool(args) and not (len(args) == 2 and args[1] is Ellipsis)
        types_elements: tuple[Any, ...] = args if fixe else ((args[0],) if args else (Any,))
        crochets = [(converter.get_structure_hook(a), a) for a in types_elements]
        construire: Callable[[list[Any]], Any] = (
            tuple if origine in (tuple, abc.Sequence) else origine)

        def structurer_collection(valeur: Any, _: Any) -> Any:
            if not isinstance(valeur, list | tuple):
                raise _champ_invalide("Une liste est attendue.")
            if fixe and len(valeur) != len(crochets):
                raise _champ_invalide(f"Une liste de {len(crochets)} éléments est attendue.")
            return construire(
                _structurer_elements(valeur, crochets if fixe else crochets * len(valeur), tp)
            )

        return structurer_collection

    return fabrique


def _fabrique_destructure_collection(converter: JsonConverter) -> Callable[[Any], UnstructureHook]:
    def fabrique(tp: Any) -> UnstructureHook:
        origine, args = _origine(tp), get_args(tp)
        fixe = origine is tuple and bool(args) and not (len(args) == 2 and args[1] is Ellipsis)
        if fixe:
            crochets = [converter.get_unstructure_hook(a) for a in args]

            def destructurer_nuplet(valeur: Any) -> list[Any]:
                return [c(v) for c, v in zip(crochets, valeur, strict=True)]

            return destructurer_nuplet
        crochet: UnstructureHook = (
            converter.get_unstructure_hook(args[0]) if args else converter.unstructure
        )
        if origine in (frozenset, set):

            def destructurer_ensemble(valeur: Any) -> list[Any]:
                # Sorted: set order varies between runs, JSON output must not.
                return sorted((crochet(v) for v in valeur), key=_cle_de_tri)

            return destructurer_ensemble

        def destructurer_liste(valeur: Any) -> list[Any]:
            return [crochet(v) for v in valeur]

        return destructurer_liste

    return fabrique


# ---------------------------------------------------------------- identifiers


def _fabrique_identifiant(cls: Any) -> StructureHook:
    def structurer_identifiant(valeur: Any, _: Any) -> Any:
        return cls.parse(valeur)

    return structurer_identifiant


def _valeur(identifiant: Any) -> str:
    return cast(str, identifiant.valeur)


def _refuser_nir(_valeur: Any, _tp: Any = None) -> Any:
    raise DonneeInvalide(
        "Ce NIR a été masqué à l'écriture : il ne peut pas être relu.",
        code=CODE_NIR_MASQUE,
        regle="S1",
    )


def _structurer_nir(valeur: Any, _: Any) -> Nir:
    return Nir.parse(valeur)


def _unstructurer_nir_masque(nir: Nir) -> str:
    return nir.masque()


def _structurer_nir_texte(valeur: Any, _: Any) -> str | None:
    """A command's ``nir`` stays the text it was given, once checked (S1)."""
    if valeur is None:
        return None
    Nir.parse(valeur)
    return cast(str, valeur)


def _unstructurer_nir_texte_masque(valeur: str | None) -> str | None:
    if valeur is None:
        return None
    try:
        return Nir.parse(valeur).masque()
    except DonneeInvalide:
        return _NIR_ILLISIBLE


# ------------------------------------------------------------ attrs classes


def _a_un_nir_texte(cl: type) -> bool:
    """Commands carry the NIR as text (``nir: str | None``): mask and check it too."""
    if not issubclass(cl, Commande):
        return False
    classe = cast(Any, cl)
    attrs.resolve_types(classe)
    return any(a.name == "nir" and a.type == (str | None) for a in attrs.fields(classe))


def _fabrique_structure_classe(
    converter: JsonConverter, masquer_nir: bool
) -> Callable[[Any], StructureHook]:
    def fabrique(cl: Any) -> StructureHook:
        surcharges: dict[str, Any] = {}
        if _a_un_nir_texte(cl):
            surcharges["nir"] = override(
                struct_hook=_refuser_nir if masquer_nir else _structurer_nir_texte
            )
        interne = make_dict_structure_fn(cl, converter, **surcharges)

        def structurer_classe(valeur: Any, _: Any) -> Any:
            if not isinstance(valeur, Mapping):
                raise _champ_invalide("Un objet JSON est attendu.")
            return interne(valeur, cl)

        return structurer_classe

    return fabrique


def _fabrique_destructure_classe(
    converter: JsonConverter, masquer_nir: bool
) -> Callable[[Any], UnstructureHook]:
    def fabrique(cl: Any) -> UnstructureHook:
        surcharges: dict[str, Any] = {}
        if masquer_nir and _a_un_nir_texte(cl):
            surcharges["nir"] = override(unstruct_hook=_unstructurer_nir_texte_masque)
        return cast(UnstructureHook, make_dict_unstructure_fn(cl, converter, **surcharges))

    return fabrique


def _configurer_effectif(converter: JsonConverter, masquer_nir: bool) -> None:
    """E4: counts are written for readers and ignored when read back."""
    structure = _fabrique_structure_classe(converter, masquer_nir)(Effectif)
    destructure = make_dict_unstructure_fn(Effectif, converter)

    def structurer_effectif(valeur: Any, _: Any) -> Effectif:
        if isinstance(valeur, Mapping):
            valeur = {k: v for k, v in valeur.items() if k not in CHAMPS_CALCULES_EFFECTIF}
        return cast(Effectif, structure(valeur, Effectif))

    def destructurer_effectif(effectif: Effectif) -> dict[str, Any]:
        donnees = destructure(effectif)
        donnees["nombre"] = effectif.nombre
        donnees["par_type"] = {t.value: n for t, n in effectif.par_type.items()}
        return donnees

    converter.register_structure_hook(Effectif, structurer_effectif)
    converter.register_unstructure_hook(Effectif, destructurer_effectif)


def _configurer_assiette(converter: JsonConverter, masquer_nir: bool) -> None:
    """F2: like the effectif, an assiette says how many people it counts (``nombre``),
    written for readers and ignored when read back."""
    structure = _fabrique_structure_classe(converter, masquer_nir)(Assiette)
    destructure = make_dict_unstructure_fn(Assiette, converter)

    def structurer_assiette(valeur: Any, _: Any) -> Assiette:
        if isinstance(valeur, Mapping):
            valeur = {k: v for k, v in valeur.items() if k != "nombre"}
        return cast(Assiette, structure(valeur, Assiette))

    def destructurer_assiette(assiette: Assiette) -> dict[str, Any]:
        donnees = destructure(assiette)
        donnees["nombre"] = assiette.nombre
        return donnees

    converter.register_structure_hook(Assiette, structurer_assiette)
    converter.register_unstructure_hook(Assiette, destructurer_assiette)


def _erreur_de_champ(cl: type, nom: str, exc: Exception) -> ClassValidationError:
    exc.add_note(AttributeValidationNote(f"Structuring class {cl.__qualname__} @ {nom}", nom, str))
    return ClassValidationError(f"While structuring {cl.__qualname__}", [exc], cl)


def _configurer_mouvements(converter: JsonConverter) -> None:
    """E2/E3: exits and reintegrations share a list; ``"type"`` tells them apart."""
    configure_tagged_union(
        Mouvement, converter, tag_generator=TAGS_MOUVEMENT.__getitem__, tag_name="type"
    )
    par_tag = {tag: cl for cl, tag in TAGS_MOUVEMENT.items()}
    tags = ", ".join(par_tag)

    def structurer_mouvement(valeur: Any, _: Any) -> Any:
        if not isinstance(valeur, Mapping):
            raise _champ_invalide("Un objet JSON est attendu.")
        tag = valeur.get("type")
        cl = par_tag.get(tag) if isinstance(tag, str) else None
        if cl is None:
            raise _erreur_de_champ(
                object, "type",
                _champ_invalide(f"Type de mouvement inconnu ; valeurs possibles : {tags}."),
            )
        reste = {k: v for k, v in valeur.items() if k != "type"}
        return converter.get_structure_hook(cl)(reste, cl)

    converter.register_structure_hook(Mouvement, structurer_mouvement)


def make_converter(*, masquer_nir: bool = False) -> JsonConverter:
    """A fresh converter for JSON front ends.

    ``masquer_nir=True`` writes every NIR masked (``1 84 12 ** *** *** **``), for
    logs and screens that must not show it (S1), and refuses to read a NIR back.
    """
    converter = _make_json_converter(forbid_extra_keys=True, detailed_validation=True)
    # Simple types first: every generated class hook looks these up.
    converter.register_structure_hook(str, _structurer_texte)
    converter.register_structure_hook(int, _structurer_entier)
    converter.register_structure_hook(bool, _structurer_booleen)
    converter.register_structure_hook(dt.date, _structurer_date)
    converter.register_unstructure_hook(dt.date, dt.date.isoformat)
    converter.register_structure_hook(dt.datetime, _structurer_date_heure)
    converter.register_unstructure_hook(dt.datetime, dt.datetime.isoformat)
    converter.register_structure_hook(Decimal, _structurer_decimal)
    converter.register_unstructure_hook(Decimal, _unstructurer_decimal)
    converter.register_structure_hook_factory(_est_enum, _fabrique_structure_enum)
    converter.register_unstructure_hook_factory(_est_enum, lambda _: _unstructurer_enum)
    for cls in _IDENTIFIANTS:
        converter.register_structure_hook(cls, _fabrique_identifiant(cls))
        converter.register_unstructure_hook(cls, _valeur)
    converter.register_structure_hook(Nir, _refuser_nir if masquer_nir else _structurer_nir)
    converter.register_unstructure_hook(Nir, _unstructurer_nir_masque if masquer_nir else _valeur)
    # Then containers and classes, which compose the hooks above.
    converter.register_structure_hook_factory(
        _est_optionnel, _fabrique_structure_optionnel(converter)
    )
    converter.register_structure_hook_factory(
        _est_collection, _fabrique_structure_collection(converter)
    )
    converter.register_unstructure_hook_factory(
        _est_collection, _fabrique_destructure_collection(converter)
    )
    converter.register_structure_hook_factory(
        attrs.has, _fabrique_structure_classe(converter, masquer_nir)
    )
    converter.register_unstructure_hook_factory(
        attrs.has, _fabrique_destructure_classe(converter, masquer_nir)
    )
    _configurer_effectif(converter, masquer_nir)
    _configurer_assiette(converter, masquer_nir)
    _configurer_mouvements(converter)
    return converter


@functools.cache
def _converter_par_defaut() -> JsonConverter:
    return make_converter()


@functools.cache
def _converter_masque() -> JsonConverter:
    return make_converter(masquer_nir=True)


def convertisseur_pour(acteur: object) -> JsonConverter:
    """The converter for what ``acteur`` may see: NIRs in clear for RST staff and the
    administrator and declaration roles, masked for every other role, for anonymous
    callers and for anything unknown (``domain.comptes.voit_les_nir``). Shared
    instances: register no hook on them (build your own with :func:`make_converter`)."""
    return _converter_par_defaut() if voit_les_nir(acteur) else _converter_masque()


# ------------------------------------------------------------- errors and paths


def _feuilles(exc: BaseException, chemin: str) -> Iterator[tuple[str, BaseException]]:
    """Walk cattrs' exception groups down to the failures, with the path of each."""
    if isinstance(exc, IterableValidationError):
        avec_index, sans_index = exc.group_exceptions()
        for sous, note_index in avec_index:
            yield from _feuilles(sous, f"{chemin}[{note_index.index!r}]")
        for sous in sans_index:
            yield from _feuilles(sous, chemin)
    elif isinstance(exc, ClassValidationError):
        avec_nom, sans_nom = exc.group_exceptions()
        for sous, note_nom in avec_nom:
            yield from _feuilles(sous, f"{chemin}.{note_nom.name}")
        for sous in sans_nom:
            yield from _feuilles(sous, chemin)
    elif isinstance(exc, BaseExceptionGroup):
        for membre in exc.exceptions:
            yield from _feuilles(membre, chemin)
    else:
        yield chemin, exc


@attrs.frozen
class _Defaut:
    chemin: str
    code: str
    regle: str
    message: str


def _defauts(chemin: str, exc: BaseException) -> Iterator[_Defaut]:
    if isinstance(exc, ErreurDomaine):
        # A domain validator names the field relative to the object it checked.
        ou = f"{chemin}.{exc.chemin}" if exc.chemin else chemin
        yield _Defaut(ou, exc.code, exc.regle, exc.message)
    elif isinstance(exc, ForbiddenExtraKeysError):
        # A key is named only when it could be a field name: any other is input (A5).
        for cle in sorted({c if _NOM_DE_CHAMP.fullmatch(c) else _CLE_ILLISIBLE
                           for c in map(str, exc.extra_fields)}):
            yield _Defaut(f"{chemin}.{cle}", CODE_CHAMP_INVALIDE, "", "Ce champ est inconnu.")
    elif isinstance(exc, KeyError):
        yield _Defaut(chemin, CODE_CHAMP_INVALIDE, "", "Ce champ est obligatoire.")
    elif isinstance(exc, RecursionError):
        yield _Defaut(chemin, CODE_CHAMP_INVALIDE, "", "Ces données sont trop imbriquées.")
    else:
        yield _Defaut(chemin, CODE_CHAMP_INVALIDE, "", "Cette valeur est invalide.")


def _en_donnee_invalide(exc: BaseException) -> DonneeInvalide:
    defauts = [d for chemin, f in _feuilles(exc, RACINE) for d in _defauts(chemin, f)]
    if not defauts:  # an empty group: nothing to point at
        defauts = [_Defaut(RACINE, CODE_CHAMP_INVALIDE, "", "Ces données sont invalides.")]
    premier = defauts[0]
    details: dict[str, str] = {}
    for d in defauts:
        details.setdefault(d.chemin, d.message)
    return DonneeInvalide(
        premier.message,
        code=premier.code,
        regle=premier.regle,
        chemin=premier.chemin,
        details=details,
    )


# ----------------------------------------------------------------- functions


def structurer(donnees: Any, type_: type[T], converter: JsonConverter | None = None) -> T:
    """Decoded JSON (dicts, lists, texts, numbers) to ``type_``, or ``DonneeInvalide``."""
    convertisseur = converter or _converter_par_defaut()
    try:
        return convertisseur.structure(donnees, type_)
    except StructureHandlerNotFoundError:
        raise  # the caller asked for a type this converter does not know: a bug
    except Exception as exc:
        erreur = _en_donnee_invalide(exc)
    # Raised outside the handler, so neither ``__cause__`` nor ``__context__`` keeps
    # cattrs' tree of failures, whose exceptions may quote the values they refused (A5).
    raise erreur


def _refuser_constante(nom: str) -> Any:
    raise ValueError(f"{nom} is not JSON")


def _objet_sans_doublon(paires: list[tuple[str, Any]]) -> dict[str, Any]:
    objet = dict(paires)
    if len(objet) != len(paires):
        raise ValueError("duplicate key")
    return objet


def _charger(texte: str | bytes) -> Any:
    message = "Le texte reçu n'est pas du JSON valide."
    # Every refusal below is raised outside the ``except`` that saw the failure: the
    # decoder's exceptions keep the whole document (``JSONDecodeError.doc``,
    # ``UnicodeDecodeError.object``), which a logger printing causes would write out (A5).
    if isinstance(texte, bytes | bytearray):
        decode: str | None
        try:
            decode = bytes(texte).decode("utf-8")
        except UnicodeDecodeError:
            decode = None
        if decode is None:
            raise DonneeInvalide(
                "Le texte reçu n'est pas encodé en UTF-8.", code=CODE_JSON_INVALIDE, chemin=RACINE
            )
        texte = decode
    if not isinstance(texte, str):
        raise DonneeInvalide(message, code=CODE_JSON_INVALIDE, chemin=RACINE)
    try:
        return json.loads(
            texte, parse_constant=_refuser_constante, object_pairs_hook=_objet_sans_doublon
        )
    except json.JSONDecodeError as exc:
        erreur = DonneeInvalide(
            f"{message} (ligne {exc.lineno}, colonne {exc.colno})",
            code=CODE_JSON_INVALIDE,
            chemin=RACINE,
            details={"ligne": str(exc.lineno), "colonne": str(exc.colno)},
        )
    except (ValueError, RecursionError):
        erreur = DonneeInvalide(message, code=CODE_JSON_INVALIDE, chemin=RACINE)
    raise erreur


def lire(texte: str | bytes, type_: type[T], converter: JsonConverter | None = None) -> T:
    """JSON text to ``type_``; any fault is a ``DonneeInvalide`` naming where."""
    return structurer(_charger(texte), type_, converter)


def ecrire(objet: Any, converter: JsonConverter | None = None) -> str:
    """An object to JSON text (UTF-8 characters kept, keys in field order)."""
    convertisseur = converter or _converter_par_defaut()
    return json.dumps(convertisseur.unstructure(objet), ensure_ascii=False, allow_nan=False)


def erreur_en_json(erreur: ErreurRstEffectifs) -> dict[str, Any]:
    """What a front end sends back for a refusal: stable code, rule, French message."""
    donnees: dict[str, Any] = {
        "code": erreur.code,
        "regle": erreur.regle,
        "message": erreur.message,
        "chemin": erreur.chemin,
        "details": dict(erreur.details),
    }
    if isinstance(erreur, RefusGroupe):
        donnees["echecs"] = [
            {"salarie_id": e.salarie_id, "code": e.code, "regle": e.regle, "message": e.message}
            for e in erreur.echecs
        ]
    return donnees
