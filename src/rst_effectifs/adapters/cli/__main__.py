"""``python -m rst_effectifs.adapters.cli``: the same as the ``rst-effectifs`` script."""

from . import main

main()
