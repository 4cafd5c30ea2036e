"""The OpenAPI document tells the truth: generated requests against a real server on loopback
find no server error, no undocumented status and no response off its schema."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import schemathesis
import uvicorn
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from server.api import create_app
from server.settings import Settings
from tests.servers import free_port

schema = schemathesis.openapi.from_dict(create_app(Settings(data_dir="unused")).openapi())


@dataclass(frozen=True)
class LiveServer:
    url: str
    headers: dict[str, str]


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    data = Path(tmp_path_factory.mktemp("schemathesis"))
    app = create_app(Settings(data_dir=data, signin_attempts_per_minute=100_000))
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    )
    thread = threading.Thread(target=lambda: asyncio.run(server.serve()), daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the server did not start")
        time.sleep(0.05)
    url = f"http://127.0.0.1:{port}"
    try:
        reply = httpx.post(
            f"{url}/v1/auth/signup", json={"name": "ana", "password": "correct horse battery"}
        )
        headers = {"Authorization": f"Bearer {reply.json()['token']}"}
        profile = {"race_results": [{"race": "5k", "time": "19:57"}], "max_hr": 190}
        httpx.put(f"{url}/v1/me/profile", json=profile, headers=headers).raise_for_status()
        yield LiveServer(url, headers)
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@schema.parametrize()
@settings(
    max_examples=30,
    derandomize=True,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_no_server_error_and_no_undocumented_status(
    case: schemathesis.Case,  # type: ignore[type-arg]
    live_server: LiveServer,
) -> None:
    case.call_and_validate(
        base_url=live_server.url,
        headers=live_server.headers,
        checks=[
            not_a_server_error,
            status_code_conformance,
            content_type_conformance,
            response_schema_conformance,
        ],
    )
