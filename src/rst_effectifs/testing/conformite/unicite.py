"""Letting a SQL database hold what S2 refuses, for the duplicate suites."""

from __future__ import annotations

from sqlalchemy import create_engine, inspect, text


def retirer_unicite_des_salaries(url: str) -> None:
    """For SQL subclasses of :class:`ConformiteDoublons`: drop the unique indexes of the
    ``salaries`` table, so that the database holds files as one written before S2 was
    enforced does."""
    moteur = create_engine(url)
    try:
        with moteur.begin() as connection:
            for index in inspect(connection).get_indexes("salaries"):
                if index["unique"] and index["name"]:
                    connection.execute(text(f'DROP INDEX "{index["name"]}"'))
    finally:
        moteur.dispose()
