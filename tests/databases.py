"""Real databases for tests: a fresh SQLite file, and a fresh PostgreSQL database per test.

PostgreSQL comes from `TRACKCUE_TEST_POSTGRES_URL` (default: the server on 127.0.0.1:5432 as
`postgres`). Where it cannot be reached the PostgreSQL runs skip with the reason; under
`CI=true` they fail instead, because CI must run them.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
import pytest_asyncio
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from server.store import Database, open_database

POSTGRES_URL = os.environ.get(
    "TRACKCUE_TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
)
BACKENDS = ["sqlite", "postgresql"]


def _unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"PostgreSQL is required under CI=true: {reason}")
    pytest.skip(f"PostgreSQL not reachable ({reason}); set TRACKCUE_TEST_POSTGRES_URL")


@asynccontextmanager
async def database_url(backend: str, tmp_path: Path) -> AsyncIterator[str]:
    """A URL to an empty database of `backend`, dropped afterwards."""
    if backend == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'trackcue.db'}"
        return
    admin = create_async_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    name = f"trackcue_test_{uuid.uuid4().hex[:12]}"
    try:
        async with admin.connect() as connection:
            await connection.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as error:  # whatever stops us reaching the server: say it, then skip
        await admin.dispose()
        _unavailable(str(error).splitlines()[0])
    base = POSTGRES_URL.rsplit("/", 1)[0]
    try:
        yield f"{base}/{name}"
    finally:
        async with admin.connect() as connection:
            await connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await admin.dispose()


@pytest_asyncio.fixture(params=BACKENDS)
async def database(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Database]:
    """A store migrated to the head, on each backend in turn (a conftest names it to use it)."""
    async with database_url(request.param, tmp_path) as url:
        db = await open_database(url)
        try:
            yield db
        finally:
            await db.close()
