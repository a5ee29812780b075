"""No NIR in the PostgreSQL server's log.

A unique violation on the NIR index writes ``DETAIL: Key (adherent_id, nir)=(…)`` to the
server's log unless the server runs with ``log_error_verbosity = terse``
(docs/security.md). The library settles its own races before the index is reached (the
locks of S2), so its concurrent hires leave nothing there whatever the setting: that is
tested with the concurrency kit in ``test_concurrence.py``; here, the probe itself: a
violation forced with a raw insert shows up in the log exactly as the setting says.
"""

from __future__ import annotations

import datetime as dt

import pytest
from log_postgresql import LogPostgresql
from sqlalchemy import create_engine, insert, text
from sqlalchemy.exc import IntegrityError

from rst_effectifs.adapters.sql import tables as t
from rst_effectifs.adapters.sql import upgrade
from rst_effectifs.adapters.sql.adherents import rangee_adherent, rangee_poste
from rst_effectifs.adapters.sql.salaries_rangees import rangees_par_table
from rst_effectifs.testing.conformite import adherent_exemple, nir_pour, salarie_simple

pytestmark = pytest.mark.postgresql


def test_a_raw_duplicate_nir_reaches_the_log_only_without_terse_verbosity(
    url_postgresql: str,
) -> None:
    upgrade(url_postgresql)
    moteur = create_engine(url_postgresql)
    try:
        log_serveur = LogPostgresql(moteur)
        adherent = adherent_exemple("a1")
        naissance = dt.date(1977, 7, 3)
        nir = nir_pour(naissance, sexe="2", departement="33", ordre=771)
        with moteur.begin() as connection:
            connection.execute(insert(t.adherents), rangee_adherent(adherent, 1))
            connection.execute(insert(t.postes), [rangee_poste("a1", i, p)
                                                  for i, p in enumerate(adherent.postes)])
            for table, rangees in rangees_par_table(
                    [salarie_simple("s1", "a1", "a1-vente", nir=nir, naissance=naissance)]
            ).items():
                if rangees:
                    connection.execute(insert(table), rangees)
        doublon = salarie_simple("s2", "a1", "a1-vente", nom="Autre", nir=nir,
                                 naissance=naissance)
        with pytest.raises(IntegrityError), moteur.begin() as connection:
            connection.execute(insert(t.salaries), rangees_par_table([doublon])[t.salaries])
        lignes = log_serveur.marquer(moteur)
        with moteur.connect() as connection:
            verbosite = connection.execute(text("SHOW log_error_verbosity")).scalar()
        erreur = [ligne for ligne in lignes if "uq_salaries_nir_actif" in ligne]
        avec_nir = [ligne for ligne in lignes if nir.valeur in ligne]
        if verbosite == "terse" or not erreur:
            assert avec_nir == []
        else:
            # The probe reads the log: the default verbosity writes the NIR in clear,
            # which is why docs/security.md asks for terse and the library locks first.
            assert avec_nir != []
            assert all("DETAIL" in ligne for ligne in avec_nir)
    finally:
        moteur.dispose()
