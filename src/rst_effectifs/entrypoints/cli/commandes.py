"""Every menu of the ``rst-effectifs`` command line, gathered: importing this module
registers each menu's commands on :data:`~.racine.cli`. One module per menu, mirroring
``application/`` (adherents, compte, acces, postes, salaries, fusion, effectif,
facturation, journal, imports, multi_employeurs); the root group and its global options are in
:mod:`.racine`, shared options in :mod:`.options`, what is printed in :mod:`.tables`
and :mod:`.fiches`, files in :mod:`.fichiers`.

Also the names older code imports from here (``cli``, ``main``, the exit codes,
``_session`` and ``option_json``), re-exported from :mod:`.racine`.
"""

from __future__ import annotations

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
from .racine import CODE_REFUS, CODE_TECHNIQUE, _session, cli, main, option_json

__all__ = ["CODE_REFUS", "CODE_TECHNIQUE", "MENUS", "_session", "cli", "main", "option_json"]

MENUS = (acces, adherents, compte, connexion, effectif, facturation, factures, fusion, imports,
         journal, multi_employeurs, postes, salaries)
"""The modules holding the commands, one per menu of ``application/``."""
