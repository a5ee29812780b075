"""The SQL adapter: SQLAlchemy Core tables, repositories, read-side queries, unit of work
and Alembic migrations, on SQLite (the embedded default) or PostgreSQL (psycopg 3). One
module per storage area, named as in ``ports/`` (docs/architecture.md).

Most callers need only ``rst_effectifs.depuis_url(url)``; the pieces are here for those
who wire things themselves::

    moteur = creer_moteur("postgresql+psycopg://user:pw@host/db")
    upgrade(moteur)
    ctx = Contexte(FabriqueSql(moteur), HorlogeSysteme())
"""

from .migrations import revision_courante, upgrade
from .moteur import VARIABLE_URL, creer_moteur, dossier_donnees, url_par_defaut
from .tables import metadata
from .traduction import appeler
from .unit_of_work import FabriqueSql, UniteDeTravailSql

__all__ = [
    "VARIABLE_URL",
    "FabriqueSql",
    "UniteDeTravailSql",
    "appeler",
    "creer_moteur",
    "dossier_donnees",
    "metadata",
    "revision_courante",
    "upgrade",
    "url_par_defaut",
]
