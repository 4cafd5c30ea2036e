"""`trackcue scan`, `trackcue pair` and `trackcue bridge` as someone at the track runs them."""

from __future__ import annotations

import json
import os
import stat
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.servers import TRACKCUE, ServerProcess


def trackcue(*args: str, data_dir: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "TRACKCUE_DATA_DIR": str(data_dir), **env}
    environment.pop("TRACKCUE_DEVICE_TOKEN", None)
    environment.pop("TRACKCUE_SERVER_URL", None)
    environment.update(env)
    return subprocess.run(
        [str(TRACKCUE), *args], env=environment, capture_output=True, text=True, timeout=60
    )


@pytest.fixture
def server(tmp_path: Path) -> Iterator[ServerProcess]:
    process = ServerProcess(tmp_path / "server").start()
    try:
        yield process
    finally:
        process.stop()


def pairing_code(server: ServerProcess) -> str:
    signup = httpx.post(
        f"{server.url}/v1/auth/signup", json={"name": "ana", "password": "correct horse battery"}
    )
    headers = {"Authorization": f"Bearer {signup.json()['token']}"}
    reply = httpx.post(
        f"{server.url}/v1/devices/pairing-codes", json={"device_name": "pi"}, headers=headers
    )
    return str(reply.json()["code"])


def test_scan_lists_the_simulated_devices_with_kind_and_rssi_as_json(tmp_path: Path) -> None:
    result = trackcue("scan", "--simulate", "--timeout", "0.5", "--json", data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert {kind for device in found for kind in device["kinds"]} == {"hrm", "footpod", "watch"}
    assert all(device["rssi"] < 0 and device["services"] for device in found)


def test_pair_keeps_the_token_readable_by_its_owner_only(
    server: ServerProcess, tmp_path: Path
) -> None:
    bridge_dir = tmp_path / "bridge"
    code = pairing_code(server)
    result = trackcue("pair", code, "--server", server.url, "--json", data_dir=bridge_dir)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["device_id"]
    saved = bridge_dir / "bridge.json"
    assert stat.S_IMODE(saved.stat().st_mode) == 0o600
    token = json.loads(saved.read_text())["token"]
    session = httpx.get(
        f"{server.url}/v1/live/session", headers={"Authorization": f"Bearer {token}"}
    )
    assert session.status_code == 404  # the token works; there is just no session yet
    again = trackcue("pair", code, "--server", server.url, data_dir=bridge_dir)
    assert again.returncode == 1 and "used or expired" in again.stderr


def test_an_unpaired_bridge_says_how_to_pair_and_fails(tmp_path: Path) -> None:
    result = trackcue("bridge", "--server", "http://127.0.0.1:9", data_dir=tmp_path)
    assert result.returncode == 1
    assert "trackcue pair" in result.stderr


def test_a_bridge_with_no_session_to_feed_says_so(server: ServerProcess, tmp_path: Path) -> None:
    bridge_dir = tmp_path / "bridge"
    code = pairing_code(server)
    assert trackcue("pair", code, "--server", server.url, data_dir=bridge_dir).returncode == 0
    result = trackcue("bridge", "--simulate", data_dir=bridge_dir)
    assert result.returncode == 1
    assert "create one on the phone" in result.stderr
