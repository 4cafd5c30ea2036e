"""The live socket end to end: a real `trackcue serve` on loopback and real websocket clients."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidStatus

from tests.servers import ServerProcess

pytestmark = pytest.mark.asyncio

WORKOUT = "# Live\nMain set 2x\n- 30s I Pace\n- Rest 10s\n"


@pytest.fixture
def server(tmp_path: Path) -> Iterator[ServerProcess]:
    process = ServerProcess(tmp_path / "data").start()
    try:
        yield process
    finally:
        process.stop()


def athlete(server: ServerProcess, name: str) -> dict[str, str]:
    reply = httpx.post(
        f"{server.url}/v1/auth/signup", json={"name": name, "password": "correct horse battery"}
    )
    headers = {"Authorization": f"Bearer {reply.json()['token']}"}
    profile = {"race_results": [{"race": "5k", "time": "19:57"}], "max_hr": 190}
    httpx.put(f"{server.url}/v1/me/profile", json=profile, headers=headers).raise_for_status()
    return headers


def session(server: ServerProcess, headers: dict[str, str]) -> str:
    workout = httpx.post(f"{server.url}/v1/workouts", json={"text": WORKOUT}, headers=headers)
    created = httpx.post(
        f"{server.url}/v1/sessions",
        json={"day": "2026-11-25", "workout_id": workout.json()["id"]},
        headers=headers,
    )
    return str(created.json()["id"])


def device(server: ServerProcess, headers: dict[str, str]) -> dict[str, str]:
    code = httpx.post(
        f"{server.url}/v1/devices/pairing-codes", json={"device_name": "bridge"}, headers=headers
    ).json()["code"]
    token = httpx.post(f"{server.url}/v1/devices/pair", json={"code": code}).json()["token"]
    return {"Authorization": f"Bearer {token}"}


async def join(
    server: ServerProcess,
    session_id: str,
    role: str,
    headers: dict[str, str] | None = None,
    ticket: str | None = None,
) -> ClientConnection:
    query = f"role={role}" + (f"&ticket={ticket}" if ticket else "")
    return await connect(
        f"{server.ws_url}/v1/sessions/{session_id}/live?{query}",
        additional_headers=headers or {},
        open_timeout=10,
    )


async def receive(socket: ClientConnection, kind: str, timeout: float = 10) -> dict[str, Any]:
    """The next message of `kind`, skipping others."""
    async with asyncio.timeout(timeout):
        while True:
            message: dict[str, Any] = json.loads(await socket.recv())
            if message["type"] == kind:
                return message


async def test_phone_and_bridge_run_a_session_and_samples_are_acknowledged(
    server: ServerProcess,
) -> None:
    headers = athlete(server, "ana")
    session_id = session(server, headers)
    phone = await join(server, session_id, "phone", headers)
    bridge = await join(server, session_id, "bridge", device(server, headers))
    try:
        welcome = await receive(phone, "welcome")
        assert welcome["role"] == "phone" and welcome["state"]["status"] == "ready"
        await phone.send(json.dumps({"type": "command", "action": "start"}))
        cues = await receive(phone, "cues")
        counts = [cue["text"] for cue in cues["cues"] if cue["kind"] == "countdown"]
        assert counts == ["3", "2", "1"]
        bridge_cues = await receive(bridge, "cues")
        assert [c["id"] for c in bridge_cues["cues"]] == [c["id"] for c in cues["cues"]]
        samples = {
            "type": "samples",
            "source": "hrm",
            "samples": [{"seq": 1, "hr": 120}, {"seq": 2, "hr": 121}],
        }
        await bridge.send(json.dumps(samples))
        assert (await receive(bridge, "ack")) == {"type": "ack", "source": "hrm", "seq": 2}
        await bridge.send(json.dumps(samples))  # resent after a lost ack: acknowledged again
        assert (await receive(bridge, "ack"))["seq"] == 2
        await phone.send(json.dumps({"type": "ping", "client_time": 123.0}))
        pong = await receive(phone, "pong")
        assert pong["client_time"] == 123.0 and pong["session_time"] >= 0
    finally:
        await phone.close()
        await bridge.close()


async def test_another_athletes_session_is_refused_before_any_data(server: ServerProcess) -> None:
    ana = athlete(server, "ana")
    ben = athlete(server, "ben")
    session_id = session(server, ana)
    with pytest.raises(InvalidStatus) as refused:
        await join(server, session_id, "phone", ben)
    assert refused.value.response.status_code == 403
    with pytest.raises(InvalidStatus):
        await join(server, session_id, "phone")  # no token at all
    with pytest.raises(InvalidStatus):
        await join(server, session_id, "bridge", ana)  # an athlete token is not a bridge


async def test_a_browser_joins_with_a_single_use_ticket(server: ServerProcess) -> None:
    headers = athlete(server, "ana")
    session_id = session(server, headers)
    ticket = httpx.post(f"{server.url}/v1/sessions/{session_id}/tickets", headers=headers).json()[
        "ticket"
    ]
    phone = await join(server, session_id, "phone", ticket=ticket)
    try:
        assert (await receive(phone, "welcome"))["session_id"] == session_id
    finally:
        await phone.close()
    with pytest.raises(InvalidStatus):
        await join(server, session_id, "phone", ticket=ticket)  # used


async def test_bad_frames_get_an_error_or_the_close_code_they_deserve(
    server: ServerProcess,
) -> None:
    headers = athlete(server, "ana")
    session_id = session(server, headers)
    watch = await join(server, session_id, "watch", headers)
    try:
        await receive(watch, "welcome")
        for frame, code in (
            ("{not json", "invalid_json"),
            ("[" * 1000 + "]" * 1000, "invalid_json"),  # 2 KB that would exhaust the parser
            ('{"type": "samples", "samples": ' + "[" * 50 + "]" * 50 + "}", "invalid_json"),
            ('{"type": "teleport"}', "unknown_type"),
            ('{"type": "lap", "id": 5}', "invalid_message"),
            ('{"type": "command", "action": "end"}', "not_allowed"),
        ):
            await watch.send(frame)
            error = await receive(watch, "error")
            assert error["code"] == code, error
        await watch.send(b"\x00\x01")
        with pytest.raises(ConnectionClosed) as closed:
            await receive(watch, "error")
        assert closed.value.rcvd is not None and closed.value.rcvd.code == 1003
    finally:
        await watch.close()
    bridge = await join(server, session_id, "bridge", device(server, headers))
    try:
        await receive(bridge, "welcome")
        await bridge.send(
            json.dumps({"type": "samples", "source": "hrm", "samples": [{"seq": 3, "hr": 100}]})
        )
        assert (await receive(bridge, "error"))["code"] == "seq_gap"
        await bridge.send("x" * (70 * 1024))
        with pytest.raises(ConnectionClosed) as closed:
            await receive(bridge, "error")
        assert closed.value.rcvd is not None and closed.value.rcvd.code == 1009
    finally:
        await bridge.close()


async def test_after_a_crash_the_session_continues_in_the_same_rep(tmp_path: Path) -> None:
    server = ServerProcess(tmp_path / "data").start()
    try:
        headers = athlete(server, "ana")
        session_id = session(server, headers)
        bridge_headers = device(server, headers)
        phone = await join(server, session_id, "phone", headers)
        bridge = await join(server, session_id, "bridge", bridge_headers)
        await receive(phone, "welcome")
        await receive(bridge, "welcome")
        await phone.send(json.dumps({"type": "command", "action": "start"}))
        seen: set[str] = set()
        seen.update(c["id"] for c in (await receive(phone, "cues"))["cues"])
        for seq in range(1, 9):
            await bridge.send(
                json.dumps(
                    {"type": "samples", "source": "hrm", "samples": [{"seq": seq, "hr": 150}]}
                )
            )
            await receive(bridge, "ack")
            await asyncio.sleep(0.5)
        before = await receive(phone, "state", timeout=15)
        while before["state"]["phase"] != "step":  # the count-in is over after 3 s
            before = await receive(phone, "state", timeout=15)
        assert before["state"]["rep"] == 1
        server.kill()
        await asyncio.sleep(1.0)
        server.start()
        phone = await join(server, session_id, "phone", headers)
        welcome = await receive(phone, "welcome")
        state = welcome["state"]
        assert state["step_index"] == before["state"]["step_index"] and state["rep"] == 1
        assert welcome["session_time"] > before["state"]["now"]
        assert all(
            cue["id"] in seen or cue["due"] > before["state"]["now"] for cue in welcome["cues"]
        )
        bridge = await join(server, session_id, "bridge", bridge_headers)
        assert (await receive(bridge, "welcome"))["acks"] == {"hrm": 8}
        await phone.close()
        await bridge.close()
    finally:
        server.stop()


async def test_a_graceful_stop_closes_sockets_with_1012(tmp_path: Path) -> None:
    server = ServerProcess(tmp_path / "data").start()
    try:
        headers = athlete(server, "ana")
        phone = await join(server, session(server, headers), "phone", headers)
        await receive(phone, "welcome")
        server.stop()
        with pytest.raises(ConnectionClosed) as closed:
            await receive(phone, "welcome", timeout=15)
        assert closed.value.rcvd is not None and closed.value.rcvd.code == 1012
    finally:
        server.stop()
