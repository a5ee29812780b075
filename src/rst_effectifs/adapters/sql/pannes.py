"""Driver failures that are not a rule's refusal -> technical errors that say what to do.

Each kind has its own stable ``code`` and a French message naming the file, or the
server's host, port and database (from :data:`moteur.LIEU`, set by our engines); never
the user nor the password, never the driver's text (it may hold data). ``details`` keep
what a program needs: the driver's class (``cause``), PostgreSQL's ``sqlstate`` or the
SQLite/system ``errno``, and where (``fichier`` or ``hote``/``port``/``base``).

Transient kinds are :class:`EchecTransitoire` (nothing stored, run the use case again):

====================================  ==========================  ==========================
failure                               code                        detail
====================================  ==========================  ==========================
serialization failure, deadlock       ``technique.transitoire``    ``sqlstate`` 40001, 40P01
SQLite snapshot overtaken (WAL)       ``technique.transitoire``    ``errno`` 517
connection lost before commit         ``technique.connexion_perdue``  ``sqlstate`` 08xxx/57P0x
SQLite file locked past the timeout   ``technique.base_verrouillee``  ``errno`` 5, 6
no server of a multi-host URL takes   ``technique.aucun_primaire``  ``hote``: every host
writes (a failover under way)
====================================  ==========================  ==========================

The others are plain :class:`ErreurTechnique`: ``technique.dossier_absent``,
``technique.fichier_inaccessible``, ``technique.lecture_seule`` (SQLite);
``technique.connexion_refusee``, ``technique.hote_inconnu``, ``technique.authentification``,
``technique.base_inconnue``, ``technique.connexion_impossible`` (PostgreSQL, while
connecting: libpq reports them as text only, so the kind is read from the English server
message and the SQLSTATE the server sent is given back, 28P01 or 3D000).
"""

from __future__ import annotations

import errno
import re
from pathlib import Path
from typing import Any

from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from ...domain.erreurs import Detail, EchecTransitoire, ErreurTechnique
from .moteur import LIEU

TRANSITOIRES_SQLSTATE = frozenset({"40001", "40P01"})
"""PostgreSQL serialization_failure and deadlock_detected: someone else won the race."""
_PERTE_SQLSTATE = frozenset({"57P01", "57P02", "57P03"})
"""admin_shutdown, crash_shutdown, cannot_connect_now (with the ``08`` class)."""
_ERRNO = re.compile(r"\[Errno (-?\d+)\]")


def _hote_et_base(lieu: dict[str, Any]) -> str:
    """``host:port/database`` of a PostgreSQL place (``a:p,b:q/database`` for several)."""
    if "port" not in lieu:
        return f"{lieu.get('hote')}/{lieu.get('base')}"
    return f"{lieu.get('hote')}:{lieu.get('port')}/{lieu.get('base')}"


def _sqlite(erreur: DBAPIError, details: dict[str, Detail], lieu: dict[str, Any]
            ) -> ErreurTechnique | None:
    nom = getattr(erreur.orig, "sqlite_errorname", None)
    numero = getattr(erreur.orig, "sqlite_errorcode", None)
    if not isinstance(nom, str):
        return None
    if isinstance(numero, int):
        details["errno"] = numero
    fichier = str(lieu.get("fichier", ":memory:"))
    if nom == "SQLITE_BUSY_SNAPSHOT":
        return EchecTransitoire(
            "Une autre opération a enregistré des données pendant celle-ci : rien n'a été "
            "enregistré. Recommencez l'opération.", details=details)
    if nom.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return EchecTransitoire(
            f"La base de données « {fichier} » est restée occupée par une autre opération "
            "au-delà du délai d'attente : rien n'a été enregistré. Recommencez dans un instant.",
            code="technique.base_verrouillee", details=details)
    if nom.startswith("SQLITE_READONLY"):
        return ErreurTechnique(
            f"La base de données « {fichier} » est en lecture seule : donnez le droit "
            "d'écriture sur ce fichier et sur son dossier (SQLite y écrit ses journaux "
            "-wal et -shm).",
            code="technique.lecture_seule", details=details)
    if nom.startswith("SQLITE_CANTOPEN"):
        dossier = Path(fichier).parent
        if not dossier.is_dir():
            details["dossier"] = str(dossier)
            return ErreurTechnique(
                f"Le dossier « {dossier} » de la base de données « {fichier} » n'existe pas : "
                "créez-le ou corrigez l'adresse de la base.",
                code="technique.dossier_absent", details=details)
        return ErreurTechnique(
            f"La base de données « {fichier} » ne peut pas être ouverte : vérifiez les "
            "droits sur ce fichier et sur son dossier.", code="technique.fichier_inaccessible",
            details=details)
    return None


def _ouverture_postgresql(erreur: DBAPIError, details: dict[str, Detail],
                          lieu: dict[str, Any]) -> ErreurTechnique:
    texte = str(erreur.orig)  # read, never shown
    hote, port, base = lieu.get("hote"), lieu.get("port"), lieu.get("base")
    identifiants = "password authentication failed" in texte or "no password supplied" in texte
    if "," in str(hote) and not identifiants and not (
            "does not exist" in texte and "database" in texte):
        # A primary and its standbys: none accepts writes while the old primary is down
        # and the standby not yet promoted. Transient: the next attempt finds the new one.
        return EchecTransitoire(
            f"Aucun des serveurs PostgreSQL {hote} n'accepte les écritures pour l'instant "
            "(bascule vers le serveur de secours en cours ?) : rien n'a été enregistré. "
            "Recommencez l'opération.", code="technique.aucun_primaire", details=details)
    if identifiants:
        details["sqlstate"] = "28P01"
        return ErreurTechnique(
            f"Le serveur PostgreSQL {hote}:{port} refuse l'identifiant ou le mot de passe "
            f"pour la base « {base} » : corrigez-les dans l'adresse de la base.",
            code="technique.authentification", details=details)
    if "does not exist" in texte and "database" in texte:
        details["sqlstate"] = "3D000"
        return ErreurTechnique(
            f"La base « {base} » n'existe pas sur le serveur PostgreSQL {hote}:{port} : "
            "créez-la (createdb) ou corrigez l'adresse de la base.",
            code="technique.base_inconnue", details=details)
    if "Connection refused" in texte:
        details["errno"] = errno.ECONNREFUSED
        return ErreurTechnique(
            f"Le serveur PostgreSQL {hote}:{port} refuse la connexion : vérifiez qu'il est "
            "démarré et qu'il écoute à cette adresse (hôte, port).",
            code="technique.connexion_refusee", details=details)
    if "resolve host" in texte or "translate host name" in texte:
        trouve = _ERRNO.search(texte)
        if trouve:
            details["errno"] = int(trouve.group(1))
        return ErreurTechnique(
            f"L'hôte « {hote} » du serveur PostgreSQL est inconnu : corrigez l'adresse "
            "de la base.", code="technique.hote_inconnu", details=details)
    return ErreurTechnique(
        f"Impossible de joindre le serveur PostgreSQL {_hote_et_base(lieu)} : vérifiez "
        "l'adresse de la base, le réseau et que le serveur accepte cette connexion.",
        code="technique.connexion_impossible", details=details)


def erreur_technique(erreur: SQLAlchemyError, details: dict[str, Detail]
                     ) -> ErreurTechnique | None:
    """The technical error for ``erreur`` if it is one of the kinds above (``details``
    already hold ``cause`` and ``sqlstate``); ``None`` for the generic answer."""
    lieu: dict[str, Any] = dict(getattr(erreur, LIEU, None) or {})
    a_l_ouverture = bool(lieu.pop("ouverture", False))
    details.update(lieu)
    if not isinstance(erreur, DBAPIError):
        return None
    etat = details.get("sqlstate")
    if etat in TRANSITOIRES_SQLSTATE:
        return EchecTransitoire(
            "Une autre opération a modifié les mêmes données au même moment : rien n'a été "
            "enregistré. Recommencez l'opération.", details=details)
    traduite = _sqlite(erreur, details, lieu)
    if traduite is not None:
        return traduite
    if "hote" not in lieu:
        return None
    if a_l_ouverture:
        return _ouverture_postgresql(erreur, details, lieu)
    if erreur.connection_invalidated or (isinstance(etat, str) and (
            etat.startswith("08") or etat in _PERTE_SQLSTATE)):
        return EchecTransitoire(
            f"La connexion au serveur PostgreSQL {_hote_et_base(lieu)} a été perdue : rien n'a été "
            "enregistré. Recommencez l'opération.",
            code="technique.connexion_perdue", details=details)
    return None


def issue_incertaine(erreur: ErreurTechnique) -> ErreurTechnique:
    """A connection lost DURING commit: the server may have committed or not, so this is
    not transient (running the use case again could apply it twice)."""
    if erreur.code != "technique.connexion_perdue":
        return erreur
    return ErreurTechnique(
        "La connexion au serveur a été perdue pendant l'enregistrement : il a pu être fait "
        "ou non. Vérifiez l'état des données avant de recommencer.",
        code="technique.issue_incertaine", details=erreur.details)


__all__ = ["TRANSITOIRES_SQLSTATE", "erreur_technique", "issue_incertaine"]
