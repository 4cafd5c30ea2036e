"""Alembic's entry point: migrations run on the connection `Database.upgrade` passes in."""

from __future__ import annotations

from alembic import context

from server.store.tables import Base

config = context.config
target_metadata = Base.metadata


def run() -> None:
    if context.is_offline_mode():
        context.configure(
            url=config.get_main_option("sqlalchemy.url"),
            target_metadata=target_metadata,
            literal_binds=True,
            render_as_batch=True,
        )
        with context.begin_transaction():
            context.run_migrations()
        return
    connection = config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("run migrations through server.store.Database.upgrade()")
    context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


run()
