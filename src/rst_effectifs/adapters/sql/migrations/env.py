"""Alembic environment: runs on the connection :func:`upgrade` passes, else on the URL
of the configuration (``sqlalchemy.url``) or the library's default database."""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from rst_effectifs.adapters.sql.moteur import creer_moteur, url_par_defaut
from rst_effectifs.adapters.sql.tables import metadata

config = context.config


def _migrer(connection: Connection) -> None:
    # render_as_batch: SQLite cannot ALTER most things; batch mode copies the table.
    context.configure(connection=connection, target_metadata=metadata, render_as_batch=True,
                      compare_type=True)
    with context.begin_transaction():
        context.run_migrations()


def _url() -> str:
    return config.get_main_option("sqlalchemy.url") or url_par_defaut()


if context.is_offline_mode():
    context.configure(url=_url(), literal_binds=True, target_metadata=metadata,
                      render_as_batch=True, compare_type=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    connection = config.attributes.get("connection")
    if isinstance(connection, Connection):
        _migrer(connection)
    else:
        moteur = creer_moteur(_url())
        try:
            with moteur.begin() as nouvelle:
                _migrer(nouvelle)
        finally:
            moteur.dispose()
