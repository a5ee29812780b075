"""Reading the PostgreSQL server's log from a test (no NIR may be there).

The log is found with ``pg_current_logfile()`` when the role may call it, else at the
Debian default ``/var/log/postgresql/postgresql-<major>-main.log``. CI runs as root on
a Debian cluster on this machine, so there it must be readable: with
``RST_EFFECTIFS_REQUIRE_POSTGRESQL=1`` a log that cannot be read fails the test instead
of skipping it.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

DOSSIER_DEBIAN = Path("/var/log/postgresql")


def _chemin(moteur: Engine) -> Path | None:
    with moteur.connect() as connection:
        try:
            courant = connection.execute(text("SELECT pg_current_logfile()")).scalar()
        except DBAPIError:  # not allowed for an ordinary role
            courant = None
            connection.rollback()
        if courant:
            dossier = connection.execute(text("SHOW data_directory")).scalar()
            chemin = Path(str(courant))
            return chemin if chemin.is_absolute() else Path(str(dossier)) / chemin
        version = int(str(connection.execute(text("SHOW server_version_num")).scalar()))
    return DOSSIER_DEBIAN / f"postgresql-{version // 10000}-main.log"


class LogPostgresql:
    """The server log from the moment of creation on, restricted to one database's lines
    (``log_line_prefix`` of the Debian cluster: ``… user@database …``)."""

    def __init__(self, moteur: Engine) -> None:
        url = make_url(str(moteur.url.render_as_string(hide_password=False)))
        if url.host not in (None, "", "127.0.0.1", "localhost", "::1"):
            self._indisponible("the PostgreSQL server is not on this machine")
        chemin = _chemin(moteur)
        if chemin is None or not os.access(chemin, os.R_OK):
            self._indisponible(f"the server log {chemin} cannot be read (run as root)")
        assert chemin is not None
        self.chemin = chemin
        self.base = f"@{url.database} "
        self.debut = chemin.stat().st_size

    @staticmethod
    def _indisponible(raison: str) -> None:
        if os.environ.get("RST_EFFECTIFS_REQUIRE_POSTGRESQL") == "1":
            pytest.fail(raison)
        pytest.skip(raison)

    def lignes(self) -> list[str]:
        with self.chemin.open("rb") as flux:
            flux.seek(self.debut)
            texte = flux.read().decode("utf-8", "replace")
        return [ligne for ligne in texte.splitlines() if self.base in ligne]

    def marquer(self, moteur: Engine) -> list[str]:
        """Write a marker through ``moteur`` and return the lines once it is in the log:
        everything the server logged for this database before it is there too."""
        marque = f"rst-marque-{time.monotonic_ns()}"
        with moteur.begin() as connection:
            # Literal SQL, no value interpolated: the marker goes as a parameter.
            connection.execute(text("SELECT set_config('rst.marque', :m, true)"), {"m": marque})
            connection.execute(text(
                "DO $$ BEGIN RAISE WARNING '%', current_setting('rst.marque'); END $$"))
        return self.attendre(marque)

    def attendre(self, marque: str, secondes: float = 10.0) -> list[str]:
        """The lines once ``marque`` shows up in them (the server writes asynchronously)."""
        fin = time.monotonic() + secondes
        while True:
            lignes = self.lignes()
            if any(marque in ligne for ligne in lignes) or time.monotonic() > fin:
                return lignes
            time.sleep(0.1)
