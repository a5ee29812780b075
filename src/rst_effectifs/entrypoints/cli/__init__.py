"""The ``rst-effectifs`` command line: a complete front end on the library, and an example
of embedding it (see ``docs/cli.md``).

``main`` is the console script; ``cli`` the click group (for ``click.testing.CliRunner``).
Modules: :mod:`.racine` (the root group, global options, refusals caught at one
place), :mod:`.commandes` (every menu gathered), one module per menu mirroring
``application/`` (:mod:`.adherents`, :mod:`.compte`, :mod:`.acces`, :mod:`.postes`,
:mod:`.salaries`, :mod:`.fusion`, :mod:`.effectif`, :mod:`.facturation`,
:mod:`.journal`, :mod:`.imports`), :mod:`.options` (options several commands share),
:mod:`.tables` and :mod:`.fiches` (what is printed), :mod:`.fichiers` (files in and
out), :mod:`.session` (database, who acts, which adherent), :mod:`.affichage` (tables,
JSON, refusals, progress), :mod:`.parametres` (click in French), :mod:`.demo` (the
newcomer's first run, the sample files), :mod:`.base` (the database itself),
:mod:`.portail` (the HTTP API server), :mod:`.aide` (every command's examples).
"""

from . import base as _base  # registers ``rst-effectifs base``
from . import demo as _demo  # registers ``rst-effectifs demo`` and ``exemples``
from . import portail as _portail  # registers ``rst-effectifs portail``
from .aide import ajouter_exemples
from .commandes import CODE_REFUS, CODE_TECHNIQUE, cli, main
from .parametres import CODE_USAGE

ajouter_exemples(cli)

__all__ = ["CODE_REFUS", "CODE_TECHNIQUE", "CODE_USAGE", "cli", "main"]

del _base, _demo, _portail
