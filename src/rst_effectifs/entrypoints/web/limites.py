"""Per-client-address rate limits for the sign-in routes: in memory, bounded, per
process (the per-address limit of the library, A6, holds across processes)."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable

CLIENTS_MAX = 10_000
"""Client addresses remembered at most: the oldest seen is forgotten first."""


class LimiteParClient:
    """At most ``nombre`` hits per client within ``fenetre`` seconds (sliding window)."""

    def __init__(self, nombre: int, fenetre: float, *, clients_max: int = CLIENTS_MAX,
                 horloge: Callable[[], float] = time.monotonic) -> None:
        self.nombre, self.fenetre, self.clients_max = nombre, fenetre, clients_max
        self._horloge = horloge
        self._coups: OrderedDict[str, deque[float]] = OrderedDict()
        self._verrou = threading.Lock()

    def accepter(self, client: str) -> bool:
        """Count one hit of ``client``; ``False`` past the limit (not counted then)."""
        maintenant = self._horloge()
        with self._verrou:
            coups = self._coups.pop(client, None) or deque()
            while coups and coups[0] <= maintenant - self.fenetre:
                coups.popleft()
            accepte = len(coups) < self.nombre
            if accepte:
                coups.append(maintenant)
            self._coups[client] = coups
            while len(self._coups) > self.clients_max:
                self._coups.popitem(last=False)
            return accepte

    def __len__(self) -> int:
        return len(self._coups)


__all__ = ["CLIENTS_MAX", "LimiteParClient"]
