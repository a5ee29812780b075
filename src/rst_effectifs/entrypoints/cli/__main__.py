"""``python -m rst_effectifs.entrypoints.cli``: the same as the ``rst-effectifs`` script."""

from . import main

main()
