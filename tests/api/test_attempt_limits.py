"""Attempt limits count what the client cannot choose: the socket's address (a forwarded
address only from a configured proxy), the account name, and the pairing code."""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import pytest_asyncio

from server.api import create_app
from server.api.guard_settings import GuardSettings
from server.api.limits import FailureBackoff
from server.settings import Settings
from tests.servers import ServerProcess

WRONG = {"password": "not the password"}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    process = ServerProcess(tmp_path_factory.mktemp("limits") / "data").start()
    try:
        yield process
    finally:
        process.stop()


def test_a_forged_forwarded_address_from_loopback_does_not_reset_the_count(
    server: ServerProcess,
) -> None:
    statuses = []
    for attempt in range(30):  # every attempt a new name and a new "address": only the socket
        forged = {"X-Forwarded-For": f"198.51.100.{attempt}"}
        body = {"name": f"nobody {attempt}", **WRONG}
        reply = httpx.post(f"{server.url}/v1/auth/signin", json=body, headers=forged)
        statuses.append(reply.status_code)
    assert statuses[:10] == [401] * 10
    assert set(statuses[10:]) == {429}


def test_pairing_codes_from_forged_addresses_are_limited_too(server: ServerProcess) -> None:
    statuses = []
    for attempt in range(15):
        forged = {"X-Forwarded-For": f"198.51.100.{attempt}"}
        body = {"code": f"BCDF-GH{'JKLMNPQRSTVWXZ'[attempt % 14]}{'BCD'[attempt % 3]}"}
        reply = httpx.post(f"{server.url}/v1/devices/pair", json=body, headers=forged)
        statuses.append(reply.status_code)
    assert statuses[:10] == [401] * 10
    assert set(statuses[10:]) == {429}


@pytest_asyncio.fixture
async def app_with_proxy(tmp_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    """The app behind a proxy at 10.0.0.7, reached here from that proxy's address."""
    app = create_app(
        Settings(data_dir=tmp_path, signin_attempts_per_minute=3),
        GuardSettings(trusted_proxies=["10.0.0.7"]),
    )
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app, client=("10.0.0.7", 50_000))
        async with httpx.AsyncClient(transport=transport, base_url="http://trackcue") as client:
            yield client


@pytest.mark.asyncio
async def test_a_trusted_proxy_names_the_client_and_each_client_has_its_own_count(
    app_with_proxy: httpx.AsyncClient,
) -> None:
    async def sign_in(address: str, attempt: int) -> int:
        body = {"name": f"nobody {address} {attempt}", **WRONG}
        headers = {"X-Forwarded-For": address}
        reply = await app_with_proxy.post("/v1/auth/signin", json=body, headers=headers)
        return reply.status_code

    assert [await sign_in("192.0.2.1", n) for n in range(4)] == [401, 401, 401, 429]
    assert await sign_in("192.0.2.2", 0) == 401  # another client behind the same proxy


@pytest.mark.asyncio
async def test_forwarded_headers_from_a_peer_that_is_not_a_proxy_are_ignored(
    tmp_path: Path,
) -> None:
    app = create_app(
        Settings(data_dir=tmp_path, signin_attempts_per_minute=3),
        GuardSettings(trusted_proxies=["10.0.0.7"]),
    )
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app, client=("203.0.113.5", 50_000))
        async with httpx.AsyncClient(transport=transport, base_url="http://trackcue") as client:
            statuses = []
            for attempt in range(4):
                headers = {"X-Forwarded-For": f"192.0.2.{attempt}"}
                body = {"name": f"nobody {attempt}", **WRONG}
                reply = await client.post("/v1/auth/signin", json=body, headers=headers)
                statuses.append(reply.status_code)
    assert statuses == [401, 401, 401, 429]


@pytest_asyncio.fixture
async def client(tmp_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    """The app with generous limits per address, so only the name's and the code's count."""
    guard = GuardSettings(signin_free_failures=3, pairing_attempts_per_code=4)
    app = create_app(
        Settings(
            data_dir=tmp_path, signin_attempts_per_minute=1000, pairing_attempts_per_minute=1000
        ),
        guard,
    )
    # The hold's clock stands still: a loaded machine's slow password checks must not outlast
    # a one-second hold and turn a 429 into a 401.
    app.state.signin_backoff = FailureBackoff(
        guard.signin_free_failures, guard.signin_max_delay_s, clock=lambda: 1_000.0
    )
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://trackcue") as client:
            yield client


async def answers(client: httpx.AsyncClient, name: str, attempts: int) -> list[tuple[int, str]]:
    replies = [
        await client.post("/v1/auth/signin", json={"name": name, **WRONG}) for _ in range(attempts)
    ]
    return [(r.status_code, r.headers.get("retry-after", "")) for r in replies]


@pytest.mark.asyncio
async def test_sign_in_is_held_back_per_name_alike_for_names_that_exist_or_not(
    client: httpx.AsyncClient,
) -> None:
    signup = {"name": "ana", "password": "correct horse battery"}
    assert (await client.post("/v1/auth/signup", json=signup)).status_code == 201
    known = await answers(client, "ana", 5)
    unknown = await answers(client, "nobody", 5)
    assert known == unknown == [(401, ""), (401, ""), (401, ""), (429, "1"), (429, "1")]
    # While held back, even the right password waits: the guesser learns nothing.
    right = await client.post("/v1/auth/signin", json=signup)
    assert right.status_code == 429
    assert (await client.post("/v1/auth/signin", json={"name": "ben", **WRONG})).status_code == 401


@pytest.mark.asyncio
async def test_an_unknown_name_costs_the_same_password_work_as_a_wrong_password(
    client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    signup = {"name": "ana", "password": "correct horse battery"}
    await client.post("/v1/auth/signup", json=signup)
    await client.post("/v1/auth/signin", json={"name": "warm-up", **WRONG})
    calls: list[int] = []
    real = hashlib.scrypt

    def counted(*args: Any, **kwargs: Any) -> bytes:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(hashlib, "scrypt", counted)  # what checking a password costs
    await client.post("/v1/auth/signin", json={"name": "ana", **WRONG})
    known = len(calls)
    await client.post("/v1/auth/signin", json={"name": "nobody", **WRONG})
    assert known == len(calls) - known == 1


@pytest.mark.asyncio
async def test_one_pairing_code_takes_only_so_many_attempts(client: httpx.AsyncClient) -> None:
    statuses = [
        (await client.post("/v1/devices/pair", json={"code": code})).status_code
        for code in ("BCDF-GHJK", "bcdfghjk", "BCDF GHJK", "BCDF-GHJK", "bcdf-ghjk")
    ]
    assert statuses == [401, 401, 401, 401, 429]  # one code however it is written
    other = await client.post("/v1/devices/pair", json={"code": "BCDF-GHJL"})
    assert other.status_code == 401
