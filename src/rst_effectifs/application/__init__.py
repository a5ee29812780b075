"""Use cases, one module per menu of the portal. Importing this package registers them
and checks the registry: every command class has exactly one use case."""

from . import (
    acces,
    adherents,
    compte,
    connexion,
    effectif,
    facturation,
    factures,
    fusion,
    imports,
    journal,
    multi_employeurs,
    postes,
    salaries,
)
from .contexte import REGISTRE, Besoin, CasDUsage, Contexte, executer, verifier_commandes

verifier_commandes()

__all__ = ["REGISTRE", "Besoin", "CasDUsage", "Contexte", "acces", "adherents", "compte",
           "connexion", "effectif", "executer", "facturation", "factures", "fusion", "imports",
           "journal", "multi_employeurs", "postes", "salaries"]
