"""The API under test: a real app on a real SQLite file or PostgreSQL database, in process."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import pytest_asyncio
from fastapi import FastAPI

from server.api import create_app
from server.settings import Settings
from tests.databases import BACKENDS, database_url


@dataclass
class Api:
    """A client for the app and helpers to make athletes."""

    client: httpx.AsyncClient
    app: FastAPI

    async def athlete(self, name: str, *, profile: bool = True) -> dict[str, str]:
        """Sign up `name` (with a 19:57 5 km and heart rates) and return auth headers."""
        reply = await self.client.post(
            "/v1/auth/signup", json={"name": name, "password": "correct horse battery"}
        )
        assert reply.status_code == 201, reply.text
        headers = {"Authorization": f"Bearer {reply.json()['token']}"}
        if profile:
            body = {
                "race_results": [{"race": "5k", "time": "19:57"}],
                "max_hr": 190,
                "resting_hr": 50,
            }
            assert (await self.client.put("/v1/me/profile", json=body, headers=headers)).is_success
        return headers

    async def device(self, headers: dict[str, str]) -> dict[str, str]:
        """Pair a device for the athlete and return its auth headers."""
        code = await self.client.post(
            "/v1/devices/pairing-codes", json={"device_name": "bridge"}, headers=headers
        )
        paired = await self.client.post("/v1/devices/pair", json={"code": code.json()["code"]})
        assert paired.status_code == 201, paired.text
        return {"Authorization": f"Bearer {paired.json()['token']}"}


@pytest_asyncio.fixture(params=BACKENDS)
async def api(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Api]:
    async with database_url(request.param, tmp_path) as url:
        settings = Settings(
            data_dir=tmp_path / "data",
            database_url=url,
            signin_attempts_per_minute=1000,
            pairing_attempts_per_minute=1000,
        )
        app = create_app(settings)
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://trackcue") as client:
                yield Api(client, app)
