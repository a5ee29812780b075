"""Use cases, one module per menu of the portal. Importing this package registers them."""

from . import adherents, effectif, facturation, imports, postes, salaries
from .contexte import REGISTRE, Besoin, CasDUsage, Contexte

__all__ = ["REGISTRE", "Besoin", "CasDUsage", "Contexte", "adherents", "effectif",
           "facturation", "imports", "postes", "salaries"]
