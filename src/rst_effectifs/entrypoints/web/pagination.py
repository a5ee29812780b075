"""Opaque keyset cursors bound to the filters that made them.

The library's cursor (``PageSalaries.suivant``) is a bare id; over HTTP it travels
signed with the filters of its page, so that a cursor replayed with other filters (or
forged) is refused with a typed 400 instead of silently skipping or repeating people.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable

from itsdangerous import BadSignature, URLSafeSerializer

from ...domain.erreurs import DonneeInvalide

CODE_CURSEUR_INVALIDE = "pagination.curseur_invalide"
PARAMETRE_CURSEUR = "apres"
PARAMETRES_LIBRES = frozenset({PARAMETRE_CURSEUR, "limite"})
"""Parameters a cursor is not bound to: itself and the page size."""


def curseur_invalide() -> DonneeInvalide:
    return DonneeInvalide(
        "Ce curseur de page est invalide ou a été obtenu avec d'autres filtres : "
        "reprenez la liste depuis la première page.",
        code=CODE_CURSEUR_INVALIDE, chemin=PARAMETRE_CURSEUR)


def empreinte(filtres: Iterable[tuple[str, str]]) -> str:
    """A short digest of the filters (the page size and the cursor excluded)."""
    retenus = sorted((k, v) for k, v in filtres if k not in PARAMETRES_LIBRES)
    texte = json.dumps(retenus, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(texte.encode()).hexdigest()[:32]


class Curseurs:
    """Issues and reads cursors signed with the application's secret key."""

    def __init__(self, cle: str | bytes) -> None:
        self._signeur = URLSafeSerializer(cle, salt="rst-effectifs.curseur")

    def emettre(self, apres: str, filtres: Iterable[tuple[str, str]]) -> str:
        return str(self._signeur.dumps({"apres": apres, "filtres": empreinte(filtres)}))

    def lire(self, curseur: str, filtres: Iterable[tuple[str, str]]) -> str:
        """The id the cursor stands for; refused if forged or made with other filters."""
        try:
            contenu = self._signeur.loads(curseur)
        except BadSignature:
            raise curseur_invalide() from None
        if (not isinstance(contenu, dict) or not isinstance(contenu.get("apres"), str)
                or contenu.get("filtres") != empreinte(filtres)):
            raise curseur_invalide()
        apres: str = contenu["apres"]
        return apres
