"""Driver errors become the library's own, in one place: :func:`appeler` runs every
statement of the SQL adapter and maps what the driver raises with
:func:`erreur_de_bibliotheque`. Integrity violations become the domain error of the rule
the constraint backs (S2, P1, A1, …); serialisation failures, deadlocks, a lost
connection and a locked file become ``EchecTransitoire`` (run the use case again);
anything else from the driver becomes ``ErreurTechnique``, with its own code when it says
what to do (``pannes.py``). No SQLAlchemy type reaches a caller, and no driver message
either (it could hold a NIR in clear): the original is dropped, its class and SQLSTATE are
kept in ``details``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.exc import DataError, DBAPIError, IntegrityError, SQLAlchemyError

from ...domain.comptes import teledeclarant_existant
from ...domain.erreurs import (
    ConflitDeVersion,
    Detail,
    DonneeInvalide,
    ErreurRstEffectifs,
    ErreurTechnique,
    RegleMetier,
    cloture_deja_faite,
)
from ...domain.factures import document_deja_emis
from .pannes import erreur_technique, issue_incertaine
from .rangees import id_existant
from .tables import metadata

T = TypeVar("T")

# -- driver errors -> library errors ---------------------------------------------------


def _salarie_deja_existant() -> ErreurRstEffectifs:
    return RegleMetier(
        "Ce salarié a déjà une fiche : ajoutez-lui un nouveau contrat ou "
        "réintégrez-le dans l'effectif au lieu de créer une nouvelle fiche.",
        code="salarie.deja_existant", regle="S2",
    )


def _libelle_existant() -> ErreurRstEffectifs:
    return RegleMetier("Un poste actif porte déjà ce libellé.",
                       code="poste.libelle_existant", regle="P1", chemin="libelle")


def _numero_existant() -> ErreurRstEffectifs:
    return RegleMetier("Ce numéro d'adhérent est déjà attribué.",
                       code="adherent.numero_existant", regle="A1", chemin="numero")


def _contrainte() -> ErreurRstEffectifs:
    return DonneeInvalide(
        "Ces données enfreignent une règle de cohérence : rien n'a été enregistré.",
        code="donnee.contrainte",
    )


_PAR_CONTRAINTE: dict[str, Callable[[], ErreurRstEffectifs]] = {
    "uq_salaries_nir_actif": _salarie_deja_existant,
    "uq_salaries_identite_actif": _salarie_deja_existant,
    "uq_salaries_ntt_actif": _salarie_deja_existant,
    "uq_postes_libelle_actif": _libelle_existant,
    "uq_adherents_numero": _numero_existant,
    # A concurrent request with the same id got there first (E5): retry sees it done.
    "pk_requetes": ConflitDeVersion,
    "pk_journal": ConflitDeVersion,
    "pk_clotures": cloture_deja_faite,
    "uq_adherents_numero_teledeclarant": teledeclarant_existant,
    "pk_acces": ConflitDeVersion,  # granted concurrently: retry sees it
    "uq_factures_document": document_deja_emis,
    # F7: the same person recorded, or the same file declared, by two units at once:
    # the retry reads the first one's record or declaration.
    "pk_multi_employeurs": ConflitDeVersion,
    "pk_parts_multi_employeur": ConflitDeVersion,
    "pk_declarations_multi_employeur": ConflitDeVersion,
}
"""Constraint name -> the error of the rule it backs. Other primary keys: ``id.existant``."""


@functools.cache
def _signatures_sqlite() -> dict[str, str]:
    """SQLite names the columns of a failed unique constraint, not the constraint:
    ``UNIQUE constraint failed: salaries.adherent_id, salaries.nir``. Read when first
    needed, once every module has added its tables to ``metadata``."""
    signatures: dict[str, str] = {}
    for table in metadata.tables.values():
        cles = [(str(table.primary_key.name), list(table.primary_key.columns))]
        cles += [(str(i.name), list(i.columns)) for i in table.indexes if i.unique]
        for nom, colonnes in cles:
            signatures[", ".join(table.name + "." + c.name for c in colonnes)] = nom
    return signatures


_UNIQUE_SQLITE = re.compile(r"UNIQUE constraint failed: (.+)$")


def _nom_contrainte(erreur: DBAPIError) -> str | None:
    diag = getattr(erreur.orig, "diag", None)
    nom = getattr(diag, "constraint_name", None)
    if isinstance(nom, str):
        return nom
    trouve = _UNIQUE_SQLITE.search(str(erreur.orig))
    return _signatures_sqlite().get(trouve.group(1).strip()) if trouve else None


def _sqlstate(erreur: DBAPIError) -> str | None:
    etat = getattr(erreur.orig, "sqlstate", None)
    return etat if isinstance(etat, str) else None


def erreur_de_bibliotheque(erreur: SQLAlchemyError) -> ErreurRstEffectifs:
    """The library error for a driver error (see the module docstring)."""
    details: dict[str, Detail] = {
        "cause": type(getattr(erreur, "orig", None) or erreur).__name__}
    if isinstance(erreur, DBAPIError):
        etat = _sqlstate(erreur)
        if etat is not None:
            details["sqlstate"] = etat
        if isinstance(erreur, IntegrityError):
            nom = _nom_contrainte(erreur)
            if nom in _PAR_CONTRAINTE:
                return _PAR_CONTRAINTE[nom]()
            if nom is not None and nom.startswith("pk_"):
                return id_existant()
            return _contrainte()
        if isinstance(erreur, DataError):
            return DonneeInvalide("Une valeur ne peut pas être enregistrée telle quelle.",
                                  code="donnee.stockage_impossible", details=details)
    technique = erreur_technique(erreur, details)
    if technique is not None:
        return technique
    return ErreurTechnique(
        "La base de données ne répond pas ou a échoué : rien n'a été enregistré. "
        "Réessayez plus tard.",
        details=details,
    )


def appeler(action: Callable[[], T], *, validation: bool = False) -> T:
    """Run ``action`` against the database; the place where driver errors become the
    library's own. The library error is raised outside the ``except`` block, so it
    carries no trace of the driver's (neither ``__cause__`` nor ``__context__``).
    ``validation``: ``action`` commits, so a connection lost then leaves the outcome
    unknown (``technique.issue_incertaine``, not transient)."""
    try:
        return action()
    except SQLAlchemyError as erreur:
        traduite = erreur_de_bibliotheque(erreur)
    if validation and isinstance(traduite, ErreurTechnique):
        traduite = issue_incertaine(traduite)
    raise traduite


__all__ = ["appeler", "erreur_de_bibliotheque"]
