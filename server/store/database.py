"""Opening the database: the engine, SQLite's pragmas, and migrations applied at start."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import event
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

__all__ = ["Database", "SimulatedCrash", "migration_config", "open_database"]

MIGRATIONS = Path(__file__).parent / "migrations"


def migration_config(url: str) -> Config:
    """An Alembic configuration for our migrations, without an alembic.ini on disk."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # WAL lets readers go on while a session writes; foreign keys make cascades real.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    # In WAL mode NORMAL keeps every commit through a crash of the process (what the event
    # log promises); only a power cut can lose the last commits, at a fraction of the cost.
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


class SimulatedCrash(BaseException):  # noqa: N818 - it is not an error: the process "dies"
    """The process stops at a commit boundary (tests only): nothing after it runs.

    A `BaseException`, like the KeyboardInterrupt a kill would be, so that no `except
    Exception` on the way swallows it.
    """


class Database:
    """An engine and its session factory; `close()` when done."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self.sessions = async_sessionmaker(engine, expire_on_commit=False)
        # Fault injection for tests: the name of a commit boundary at which the process
        # "dies" (`SimulatedCrash`) right after the commit, so that recovery can be tested at
        # every boundary without timing luck. None in production.
        self.crash_after: str | None = None

    def committed(self, boundary: str) -> None:
        """A commit boundary was passed (`events:start`, `status:finished`, ...)."""
        self.reached(boundary)

    def reached(self, boundary: str) -> None:
        """A point the process may die at (a commit, or `sent:<kind>`: cues out, not committed)."""
        if self.crash_after is not None and self.crash_after == boundary:
            self.crash_after = None
            raise SimulatedCrash(boundary)

    def session(self) -> AsyncSession:
        """A new unit of work."""
        return self.sessions()

    async def upgrade(self, revision: str = "head") -> None:
        """Apply migrations up to `revision` (all of them by default)."""
        await self._migrate(command.upgrade, revision)

    async def downgrade(self, revision: str) -> None:
        """Undo migrations down to `revision` (for tests of the migrations themselves)."""
        await self._migrate(command.downgrade, revision)

    async def _migrate(self, step: Callable[[Config, str], None], revision: str) -> None:
        """Run an Alembic command on one of our connections, inside one transaction."""
        config = migration_config(self.engine.url.render_as_string(hide_password=False))

        def run(connection: Connection) -> None:
            config.attributes["connection"] = connection
            step(config, revision)

        async with self.engine.begin() as connection:
            await connection.run_sync(run)

    async def close(self) -> None:
        """Release every pooled connection."""
        await self.engine.dispose()


async def open_database(url: str, *, migrate: bool = True) -> Database:
    """Connect, creating the SQLite file's folder if needed, and bring the schema up to date."""
    if url.startswith("sqlite"):
        path = url.split("///", 1)[1] if "///" in url else ""
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
    engine = create_async_engine(url, pool_pre_ping=True)
    if engine.dialect.name == "sqlite":
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
    database = Database(engine)
    if migrate:
        await database.upgrade()
    return database
