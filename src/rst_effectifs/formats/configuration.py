"""Billing configuration from files: a custom barème, the national average costs (F3),
the RST as seller of its invoices (F8).

TOML (``.toml``) or JSON (any other name), read strictly through the project's converter:
amounts are decimal text (``"110.00"``) or whole numbers, never floats; unknown keys are
refused. Every fault is one ``DonneeInvalide`` naming the file, never a parser's exception.
"""

from __future__ import annotations

import errno
import json
import os
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..domain.bande_legale import couts_moyens
from ..domain.emetteur import Emetteur
from ..domain.erreurs import DonneeInvalide
from ..domain.facturation import Bareme, CoutMoyenNational
from .json import lire, structurer

__all__ = ["lire_bareme", "lire_couts_moyens", "lire_emetteur"]

_RAISONS = {errno.ENOENT: "ce fichier n'existe pas", errno.EACCES: "accès refusé",
            errno.EISDIR: "c'est un dossier"}
TAILLE_MAX = 1_000_000
"""A configuration file is small; anything bigger is not one."""


def _texte(chemin: str | os.PathLike[str]) -> tuple[str, bytes]:
    nom = Path(chemin).name
    try:
        with open(chemin, "rb") as flux:
            contenu = flux.read(TAILLE_MAX + 1)
    except OSError as erreur:
        raison = _RAISONS.get(erreur.errno or 0, "lecture impossible")
        raise DonneeInvalide(f"Fichier « {nom} » : {raison}.", code="fichier.inaccessible",
                             chemin="fichier") from None
    if len(contenu) > TAILLE_MAX:
        raise DonneeInvalide(f"Fichier « {nom} » : trop gros pour un fichier de "
                             "configuration.", code="configuration.invalide",
                             chemin="fichier")
    return nom, contenu


_POSITION_TOML = re.compile(r"\(at line (\d+), column (\d+)\)")


def _toml(nom: str, contenu: bytes) -> dict[str, Any]:
    """TOML in UTF-8; a syntax error names its line and column (in the message, and in
    ``details`` as numbers, as JSON's ``json.invalide`` does)."""
    try:
        texte = contenu.decode("utf-8")
    except UnicodeDecodeError:
        raise DonneeInvalide(f"Fichier « {nom} » : ce n'est pas du texte UTF-8.",
                             code="configuration.invalide", chemin="fichier") from None
    try:
        return tomllib.loads(texte)
    except tomllib.TOMLDecodeError as erreur:
        position = _POSITION_TOML.search(str(erreur))
    ligne, colonne = (int(position[1]), int(position[2])) if position else (None, None)
    ou = f" (ligne {ligne}, colonne {colonne})" if position else ""
    raise DonneeInvalide(f"Fichier « {nom} » : ce n'est pas du TOML valide{ou}.",
                         code="configuration.invalide", chemin="fichier",
                         details={"ligne": ligne, "colonne": colonne} if position else None)


def _dans(nom: str, erreur: DonneeInvalide) -> DonneeInvalide:
    """The same refusal, saying which file held the bad value."""
    return DonneeInvalide(f"Fichier « {nom} » : {erreur.message}", code=erreur.code,
                          regle=erreur.regle, chemin=erreur.chemin, details=erreur.details)


def lire_bareme(chemin: str | os.PathLike[str]) -> Bareme:
    """F2: a custom barème, e.g. (TOML)::

        nom = "bareme_2027"
        prix_sig = "110.00"
        prix_sia = "120.00"
        prix_sir = "130.00"
        droit_entree = "66.00"
        forfait_etablissement = "35.00"
        taux_tva = "0.20"
        annees = [2027]
    """
    nom, contenu = _texte(chemin)
    donnees = _toml(nom, contenu) if str(chemin).endswith(".toml") else None
    try:
        return lire(contenu, Bareme) if donnees is None else structurer(donnees, Bareme)
    except DonneeInvalide as erreur:
        raise _dans(nom, erreur) from None


def lire_couts_moyens(chemin: str | os.PathLike[str]) -> Mapping[int, CoutMoyenNational]:
    """F3: national average costs by year, e.g. (TOML) ``2026 = "118.00"`` one per line,
    or (JSON) ``{"2026": "118.00"}``; returned with the bundled ones (file wins)."""
    nom, contenu = _texte(chemin)
    try:
        if str(chemin).endswith(".toml"):
            donnees: Any = _toml(nom, contenu)
        else:
            donnees = json.loads(contenu)
    except (ValueError, RecursionError):
        raise DonneeInvalide(f"Fichier « {nom} » : ce n'est pas du JSON valide.",
                             code="configuration.invalide", chemin="fichier") from None
    if not isinstance(donnees, dict) or any(isinstance(v, float | bool) for v in
                                            donnees.values()):
        raise DonneeInvalide(f"Fichier « {nom} » : les coûts s'écrivent année = \"montant\" "
                             "(par ex. 2026 = \"118.00\").", code="cout_moyen.invalide",
                             regle="F3", chemin="fichier")
    try:
        return couts_moyens(donnees)
    except DonneeInvalide as erreur:
        raise _dans(nom, erreur) from None


def lire_emetteur(chemin: str | os.PathLike[str]) -> Emetteur:
    """F8: the RST as seller (TOML or JSON): ``raison_sociale``, ``siret``, ``numero_tva``,
    an ``adresse`` table (``lignes``, ``code_postal``, ``ville``, ``pays``), and optionally
    ``delai_paiement_jours``, ``moyens_de_paiement``, ``iban``, ``taux_penalites``,
    ``categorie``, ``prefixe``, ``format_numero`` (the shipped ``emetteur.toml``)."""
    nom, contenu = _texte(chemin)
    try:
        if str(chemin).endswith(".toml"):
            return structurer(_toml(nom, contenu), Emetteur)
        return lire(contenu, Emetteur)
    except DonneeInvalide as erreur:
        raise _dans(nom, erreur) from None
