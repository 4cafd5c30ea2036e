"""A live session's store under test: a real SQLite file or PostgreSQL database, migrated."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio

from server.store import Database, open_database
from tests.databases import BACKENDS, database_url


@pytest_asyncio.fixture(params=BACKENDS)
async def database(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Database]:
    async with database_url(request.param, tmp_path) as url:
        db = await open_database(url)
        try:
            yield db
        finally:
            await db.close()
