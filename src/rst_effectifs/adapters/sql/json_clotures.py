"""How a closing (F4) is stored: its own JSON mapping, apart from the front ends' one.

A closing row holds the whole :class:`Cloture` as JSON and is read back as it was
billed, years later: its format must not move when the front ends' JSON does. So it has
a converter of its own, built here on ``cattrs.preconf.json``, writing exactly what the
front-end converter wrote when closings were first stored (ISO dates, amounts as
decimal text, enums by value, sets as sorted lists, the assiette's ``nombre`` for
readers), and reading that back, ``nombre`` ignored.

Beside it, ``resume`` holds what invoicing reads of the closing (its rule's name,
barème, totals, entry fees and regularisations, each written as in ``contenu``), so that
issuing a year's invoices never decodes the assiette's lines: :func:`resume_en_json`
writes it with the closing, :func:`resume_depuis_json` reads it.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any, get_args, get_origin

import attrs
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override
from cattrs.preconf.json import JsonConverter, make_converter

from ...domain.assiettes import TotalParType, total_par_type
from ...domain.clotures import Cloture, Regularisation
from ...domain.facturation import Assiette, Bareme
from ...domain.factures import ResumeCloture, parts_de
from ...domain.partage import FACULTATIF, PartMultiEmployeur
from ...domain.periodes import Periode
from ...domain.suivi import TypeDeSuivi

__all__ = ["cloture_depuis_json", "cloture_en_json", "convertisseur_de_stockage",
           "resume_depuis_json", "resume_en_json"]


def _est_ensemble(tp: Any) -> bool:
    return get_origin(tp) in (frozenset, set)


def _fabrique_destructure_ensemble(
    converter: JsonConverter,
) -> Callable[[Any], Callable[[Any], list[Any]]]:
    def fabrique(tp: Any) -> Callable[[Any], list[Any]]:
        crochet = converter.get_unstructure_hook(get_args(tp)[0])
        return lambda valeur: sorted(crochet(v) for v in valeur)  # stable text

    return fabrique


def _fabrique_structure_ensemble(
    converter: JsonConverter,
) -> Callable[[Any], Callable[[Any, Any], frozenset[Any]]]:
    def fabrique(tp: Any) -> Callable[[Any, Any], frozenset[Any]]:
        element = get_args(tp)[0]
        crochet = converter.get_structure_hook(element)
        return lambda valeur, _: frozenset(crochet(v, element) for v in valeur)

    return fabrique


def _avec_facultatifs(tp: Any) -> bool:
    return attrs.has(tp) and any(a.metadata.keys() & FACULTATIF.keys()
                                 for a in attrs.fields(tp))


def _fabrique_destructure_facultatifs(
    converter: JsonConverter,
) -> Callable[[Any], Callable[[Any], dict[str, Any]]]:
    """A multi-employer share (F7) is written only when set: the lines of a closing
    without shares keep the text they always had."""
    def fabrique(tp: Any) -> Callable[[Any], dict[str, Any]]:
        surcharges: dict[str, Any] = {a.name: override(omit_if_default=True)
                                      for a in attrs.fields(tp)
                                      if a.metadata.keys() & FACULTATIF.keys()}
        return make_dict_unstructure_fn(tp, converter, **surcharges)

    return fabrique


@functools.cache
def _convertisseur() -> JsonConverter:
    converter = make_converter()
    converter.register_unstructure_hook(Decimal, lambda d: format(d, "f"))
    converter.register_structure_hook(Decimal, lambda v, _: Decimal(v))
    converter.register_unstructure_hook_factory(
        _est_ensemble, _fabrique_destructure_ensemble(converter))
    converter.register_structure_hook_factory(
        _est_ensemble, _fabrique_structure_ensemble(converter))
    converter.register_unstructure_hook_factory(
        _avec_facultatifs, _fabrique_destructure_facultatifs(converter))
    destructure = make_dict_unstructure_fn(Assiette, converter)
    structure = make_dict_structure_fn(Assiette, converter)

    def destructurer_assiette(assiette: Assiette) -> dict[str, Any]:
        return {**destructure(assiette), "nombre": assiette.nombre}

    def structurer_assiette(valeur: dict[str, Any], _: Any) -> Assiette:
        return structure({k: v for k, v in valeur.items() if k != "nombre"}, Assiette)

    converter.register_unstructure_hook(Assiette, destructurer_assiette)
    converter.register_structure_hook(Assiette, structurer_assiette)
    return converter


def convertisseur_de_stockage() -> JsonConverter:
    """The converter of stored documents (closings, invoices): its format never follows
    the front ends'."""
    return _convertisseur()


def cloture_en_json(cloture: Cloture) -> str:
    """The text a closing row stores."""
    return json.dumps(_convertisseur().unstructure(cloture), ensure_ascii=False)


def cloture_depuis_json(texte: str) -> Cloture:
    """A closing as it was stored (by this mapping, or by the front-end converter that
    wrote closings before it: the same text)."""
    return _convertisseur().structure(json.loads(texte), Cloture)


def resume_en_json(cloture: Cloture) -> str:
    """The text of ``clotures.resume``: what invoicing reads of ``cloture``."""
    convertisseur = _convertisseur()
    return json.dumps({
        "regle": cloture.regle.nom,
        "bareme": convertisseur.unstructure(cloture.bareme, Bareme | None),
        "totaux": convertisseur.unstructure(cloture.assiette.totaux,
                                            tuple[TotalParType, ...]),
        "droits_entree": cloture.assiette.droits_entree,
        "regularisations": convertisseur.unstructure(cloture.regularisations,
                                                     tuple[Regularisation, ...]),
        **_parts(cloture, convertisseur),
    }, ensure_ascii=False)


def _parts(cloture: Cloture, convertisseur: JsonConverter) -> dict[str, Any]:
    """F7: ``{"parts": [[type code, share], ...]}`` of the counted lines whose fee is
    shared; nothing when none is (most closings: their text stays as it was)."""
    parts = [[ligne.type_de_suivi.value, convertisseur.unstructure(ligne.part)]
             for ligne in cloture.assiette.lignes
             if ligne.cotisation and ligne.part is not None]
    return {"parts": parts} if parts else {}


_TYPES = {t.value: t for t in TypeDeSuivi}


@functools.lru_cache(maxsize=256)
def _bareme(valeurs: tuple[tuple[str, Any], ...]) -> Bareme:
    """A stored barème (most closings of a run share a few of them)."""
    return _convertisseur().structure(dict(valeurs), Bareme)


def resume_depuis_json(adherent_id: str, periode: Periode, texte: str) -> ResumeCloture:
    """What invoicing reads of a stored closing, from its ``resume``."""
    valeur = json.loads(texte)
    bareme = valeur["bareme"]
    regularisations = valeur["regularisations"]
    return ResumeCloture(
        adherent_id, periode, valeur["regle"],
        None if bareme is None else _bareme(tuple(bareme.items())),
        tuple(total_par_type(_TYPES[t["type_de_suivi"]], int(t["nombre"]))
              for t in valeur["totaux"]),
        int(valeur["droits_entree"]),
        _convertisseur().structure(regularisations, tuple[Regularisation, ...])
        if regularisations else (),
        parts_de((code, _convertisseur().structure(part, PartMultiEmployeur))
                 for code, part in valeur.get("parts", ())))
