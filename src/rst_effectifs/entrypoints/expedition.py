"""The outbox's sender in a background thread (A2).

A recovery request only writes to the outbox; :class:`ExpediteurEnArrierePlan` runs
``envoyer_en_attente`` every ``intervalle`` seconds, on its own schedule rather than on
each request's signal, so that neither the request nor the moment its work happens
depends on whether the address was known. Several processes may each run one: an entry
is taken by one sender only (a sender that loses the race retries on its next turn).
"""

from __future__ import annotations

import logging
import threading
from types import TracebackType
from typing import Self

from ..application.compte import LIMITE_ENVOIS, envoyer_en_attente
from ..application.contexte import Contexte
from ..application.transactions import annoncer_ecriture
from ..domain.erreurs import ErreurRstEffectifs

__all__ = ["ExpediteurEnArrierePlan"]

_logger = logging.getLogger(__name__)


class ExpediteurEnArrierePlan:
    """Sends the outbox every ``intervalle`` seconds until :meth:`arreter` (which sends
    what is left once more). A context manager; the thread is a daemon. Failures are
    logged by type only (never an address) and retried on the next turn."""

    def __init__(self, ctx: Contexte, intervalle: float = 1.0,
                 limite: int = LIMITE_ENVOIS) -> None:
        if not intervalle > 0:
            raise ValueError("intervalle: a positive number of seconds")
        self.ctx = ctx
        self.intervalle = intervalle
        self.limite = limite
        self._arret = threading.Event()
        self._fil = threading.Thread(target=self._tourner, name="rst-effectifs-envois",
                                     daemon=True)

    def demarrer(self) -> Self:
        self._fil.start()
        return self

    def arreter(self, delai: float | None = 30.0) -> None:
        """Stop after one last round; wait at most ``delai`` seconds for it."""
        self._arret.set()
        if self._fil.is_alive():
            self._fil.join(delai)

    def vider(self) -> int:
        """Send everything waiting now, batch after batch; how many entries were taken."""
        total = 0
        while True:
            try:
                with annoncer_ecriture():  # it writes: on SQLite, wait for the lock
                    pris = envoyer_en_attente(self.ctx, self.limite)
            except ErreurRstEffectifs as erreur:
                _logger.warning("outbox not sent this round (%s)", erreur.code)
                return total
            total += pris
            if pris < self.limite:
                return total

    def _tourner(self) -> None:
        while not self._arret.wait(self.intervalle):
            self._tour()
        self._tour()

    def _tour(self) -> None:
        try:
            self.vider()
        except Exception as erreur:  # the thread must survive; never the input in a log
            _logger.error("outbox sender failed (%s)", type(erreur).__name__)

    def __enter__(self) -> Self:
        return self.demarrer()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.arreter()
