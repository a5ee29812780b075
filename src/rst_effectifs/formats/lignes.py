"""Reading a text file line by line in bounded memory, whatever its lines' length.

Iterating a text stream yields whole lines: a 50 MB line without a newline becomes a
50 MB string, then copies of it. The readers go through :func:`lignes_bornees`
instead, which never holds more than ``limite`` characters of a line: a longer one
comes out as its first ``limite + 1`` characters (newline dropped) and the rest of it
is read and discarded in blocks. A reader tells such a line by its length alone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

__all__ = ["BLOC", "compter_lignes", "lignes_bornees"]

BLOC = 1 << 16
"""Characters read at a time while skipping the end of a too-long line."""

_FINS = ("\n", "\r")


def lignes_bornees(lire_ligne: Callable[[int], str], limite: int) -> Iterator[str]:
    """The lines ``lire_ligne`` (a text stream's ``readline``) gives, each of at most
    ``limite`` characters plus its line end; a longer line is cut to ``limite + 1``
    characters without line end, its rest skipped."""
    taille = limite + 2  # the line, and "\\r\\n"
    while True:
        ligne = lire_ligne(taille)
        if not ligne:
            return
        if len(ligne) < taille or ligne.endswith(_FINS):
            yield ligne
            continue
        reste = ligne
        while reste and not reste.endswith(_FINS):
            reste = lire_ligne(BLOC)
        yield ligne[:limite + 1]


def compter_lignes(lignes: Iterator[str]) -> int:
    """How many lines are left, without keeping any."""
    return sum(1 for _ligne in lignes)
