"""`trackcue serve` and `trackcue user create` as an operator runs them."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path

import httpx

from tests.servers import TRACKCUE, free_port


def test_serve_creates_its_data_directory_and_answers_on_loopback(tmp_path: Path) -> None:
    data = tmp_path / "fresh" / "data"
    port = free_port()
    env = {**os.environ, "TRACKCUE_DATA_DIR": str(data)}
    server = subprocess.Popen(
        [str(TRACKCUE), "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                reply = httpx.get(f"http://127.0.0.1:{port}/v1/health", timeout=1)
                break
            except httpx.TransportError:
                assert server.poll() is None, server.stderr.read() if server.stderr else ""
                assert time.monotonic() < deadline, "the server did not answer"
                time.sleep(0.1)
        assert reply.json() == {"status": "ok"}
        assert (data / "trackcue.db").exists()
    finally:
        server.send_signal(signal.SIGTERM)
        _, errors = server.communicate(timeout=15)
    # uvicorn shuts down gracefully, then re-raises the signal it caught.
    assert server.returncode in (0, -signal.SIGTERM)
    assert "Finished server process" in errors


def test_user_create_prints_a_token_that_signs_in(tmp_path: Path) -> None:
    env = {**os.environ, "TRACKCUE_DATA_DIR": str(tmp_path)}
    created = subprocess.run(
        [str(TRACKCUE), "user", "create", "ana", "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert created.returncode == 0, created.stderr
    token = json.loads(created.stdout)["token"]
    assert token.startswith("tc_")
    again = subprocess.run(
        [str(TRACKCUE), "user", "create", "ana"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert again.returncode == 1 and "taken" in again.stderr


def test_user_create_refuses_a_short_password(tmp_path: Path) -> None:
    env = {**os.environ, "TRACKCUE_DATA_DIR": str(tmp_path)}
    result = subprocess.run(
        [str(TRACKCUE), "user", "create", "ana", "--password", "short"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2 and "at least 8" in result.stderr
