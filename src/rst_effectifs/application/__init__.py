"""Use cases, one module per menu of the portal. Importing this package registers them."""

from . import acces, adherents, compte, effectif, facturation, imports, journal, postes, salaries
from .contexte import REGISTRE, Besoin, CasDUsage, Contexte

__all__ = ["REGISTRE", "Besoin", "CasDUsage", "Contexte", "acces", "adherents", "compte",
           "effectif", "facturation", "imports", "journal", "postes", "salaries"]
