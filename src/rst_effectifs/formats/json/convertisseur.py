"""``make_converter``: the hooks of :mod:`.types` composed for attrs classes, the
counted ``Effectif``/``Assiette`` and the tagged ``Mouvement`` union; part of
:mod:`rst_effectifs.formats.json` (``docs/json.md``)."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any, cast

import attrs
from cattrs.errors import AttributeValidationNote, ClassValidationError
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override
from cattrs.preconf.json import JsonConverter
from cattrs.preconf.json import make_converter as _make_json_converter
from cattrs.strategies import configure_tagged_union

from ...application.commandes import Commande
from ...domain.comptes import voit_les_nir
from ...domain.effectif import Effectif
from ...domain.facturation import Assiette
from ...domain.identifiants import Nir
from ...domain.partage import FACULTATIF
from ...domain.salaries import Mouvement, Reintegration, Sortie
from .types import (
    _IDENTIFIANTS,
    StructureHook,
    UnstructureHook,
    _champ_invalide,
    _est_collection,
    _est_enum,
    _est_optionnel,
    _fabrique_destructure_collection,
    _fabrique_destructure_optionnel,
    _fabrique_identifiant,
    _fabrique_structure_collection,
    _fabrique_structure_enum,
    _fabrique_structure_optionnel,
    _refuser_nir,
    _structurer_booleen,
    _structurer_date,
    _structurer_date_heure,
    _structurer_decimal,
    _structurer_entier,
    _structurer_nir,
    _structurer_nir_texte,
    _structurer_texte,
    _unstructurer_decimal,
    _unstructurer_enum,
    _unstructurer_nir_masque,
    _unstructurer_nir_texte_masque,
    _valeur,
)

CLE_FACULTATIF = next(iter(FACULTATIF))
TAGS_MOUVEMENT: Mapping[type, str] = {Sortie: "sortie", Reintegration: "reintegration"}
CHAMPS_CALCULES_EFFECTIF = ("nombre", "par_type")
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


def _champs_facultatifs(cl: Any) -> dict[str, Any]:
    """Fields marked ``partage.FACULTATIF`` (a multi-employer share, F7) are written only
    when set, so that lines keep the shape they had before shares existed."""
    return {a.name: override(omit_if_default=True) for a in attrs.fields(cl)
            if a.metadata.get(CLE_FACULTATIF)}


def _fabrique_destructure_classe(
    converter: JsonConverter, masquer_nir: bool
) -> Callable[[Any], UnstructureHook]:
    def fabrique(cl: Any) -> UnstructureHook:
        surcharges: dict[str, Any] = _champs_facultatifs(cl)
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
    converter.register_unstructure_hook_factory(
        _est_optionnel, _fabrique_destructure_optionnel(converter)
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

