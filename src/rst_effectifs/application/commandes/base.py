"""The base of every command: type checks by attrs, ids and dates bounded (A4, T1, D1)."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

import attrs

from ...domain.dates import date_dans_les_bornes
from ...domain.erreurs import DonneeInvalide
from ...domain.identifiants import ID_MAX, Email, Nir
from ..typage import verifie_par_ses_annotations

IDENTIFIANTS_SANS_SUFFIXE = frozenset({"apres", "numero_facture"})
"""Fields checked as ids although their names do not end in ``_id``: a page cursor, and an
invoice's number (F8), which a front end names in a URL like an id."""


def _texte_email(valeur: object) -> object:
    """An e-mail field takes an ``Email`` or its text alike (kept as text)."""
    return valeur.valeur if isinstance(valeur, Email) else valeur

LIMITE_MAX = 500
NOM_CHERCHE_MAX = 100
"""T1: a family name holds at most 100 characters (S1), so a longer prefix finds none."""


def _id_valide(valeur: object) -> bool:
    """T1: an id is a key, not a payload: 1 to ``ID_MAX`` printable characters (no
    control, format, surrogate, private or unassigned code point, no separator but the
    ASCII space), which every storage holds as it is."""
    return not isinstance(valeur, str) or (0 < len(valeur) <= ID_MAX and valeur.isprintable())


VERSION_MAX = 2**31 - 1
"""A stored version is a 32-bit SQL ``INTEGER``: an expected version beyond it (or
below 0) can match nothing, and is refused before it could be echoed in
``VersionPerimee``'s details (digits of a NIR pasted there stay unseen, S1)."""


def _borner_version(valeur: int, chemin: str) -> None:
    if not 0 <= valeur <= VERSION_MAX:
        raise DonneeInvalide(f"La version « {chemin} » est invalide.",
                             code="donnee.version_invalide", chemin=chemin)


def _refus_id(chemin: str) -> DonneeInvalide:
    return DonneeInvalide(f"L'identifiant « {chemin} » est invalide.",
                          code="donnee.id_invalide", regle="T1", chemin=chemin)


class Commande:
    """Base of every command: bounds ids (A4, T1: an id is a key, not a payload) —
    ``*_id`` fields, each of the ``*_ids`` and the ``apres`` cursor — and dates (D1: the
    domain computes with no other).

    Field types are checked by attrs itself: every command class is declared
    ``@frozen(field_transformer=types_verifies)``, so attrs runs the validators derived
    from its annotations on construction, before ``__attrs_post_init__``. A subclass
    declared without it fails when it is defined (``TypeError``)."""

    @classmethod
    def __attrs_init_subclass__(cls) -> None:
        if not verifie_par_ses_annotations(cls):
            raise TypeError(f"{cls.__qualname__} : une commande se déclare "
                            "@frozen(field_transformer=types_verifies)")

    def __attrs_post_init__(self) -> None:
        """Ids (``*_id``, ``apres``, an invoice's number) are bounded printable keys (T1)."""
        for champ in attrs.fields(cast(Any, type(self))):
            nom = champ.name
            valeur = getattr(self, nom)
            if nom.startswith("version_") and isinstance(valeur, int):
                _borner_version(valeur, nom)
            if isinstance(valeur, dt.date) and not isinstance(valeur, dt.datetime):
                date_dans_les_bornes(valeur, nom)
            if nom.endswith("_id") or nom in IDENTIFIANTS_SANS_SUFFIXE:
                if not _id_valide(valeur):
                    raise _refus_id(nom)
            elif nom.endswith("_ids") and isinstance(valeur, tuple):
                for rang, element in enumerate(valeur):
                    if not _id_valide(element):
                        raise _refus_id(f"{nom}[{rang}]")


def _nir_masque(nir: str | None) -> str:
    """A command's NIR text as ``repr`` shows it: masked, never in clear (S1)."""
    if nir is None:
        return "None"
    try:
        return repr(Nir.parse(nir))
    except DonneeInvalide:
        return "<NIR illisible>"
