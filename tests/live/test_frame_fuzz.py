"""A real server fed random and mutated websocket frames: every frame is answered with the
documented error or close code, and the server's log shows no traceback.

The frames come from hypothesis (derandomized, a bounded number of examples, so CI runs the
same ones every time); the server is a real `trackcue serve` on loopback.
"""

from __future__ import annotations

import asyncio
import json
import signal
from collections.abc import Iterator

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from websockets.exceptions import ConnectionClosed

from tests.live.test_live_socket import athlete, device, join, session
from tests.servers import ServerProcess

DOCUMENTED_CLOSES = {1003, 1008, 1009, 1013}
DOCUMENTED_ERRORS = {
    "invalid_json",
    "invalid_message",
    "unknown_type",
    "not_allowed",
    "seq_gap",
    "rate_limited",
}
VALID = [
    {"type": "samples", "source": "hrm", "samples": [{"seq": 1, "hr": 150}]},
    {"type": "samples", "source": "footpod", "samples": [{"seq": 1, "speed": 4.2, "distance": 3}]},
    {"type": "lap"},
    {"type": "ping", "client_time": 12.5},
    {"type": "command", "action": "pause"},
]


def mutate(frame: str, spot: int, piece: str, cut: int) -> str:
    spot %= len(frame) + 1
    return (frame[:spot] + piece + frame[spot + 1 :])[: max(cut, 1)]


FRAMES = st.one_of(
    st.sampled_from(VALID).map(json.dumps),
    st.text(max_size=200),
    st.builds(
        mutate,
        st.sampled_from(VALID).map(json.dumps),
        st.integers(0, 120),
        st.sampled_from(["{", "}", "[", "]", '"', "\\", "\u0000", "9e999", "-", "null", "é"]),
        st.integers(1, 160),
    ),
    st.integers(1, 3000).map(lambda depth: "[" * depth + "]" * depth),
    st.just('{"type": "samples", "source": "hrm", "samples": [{"seq": 1, "hr": 1e999}]}'),
)


@pytest.fixture(scope="module")
def target(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[ServerProcess, str, dict[str, str]]]:
    server = ServerProcess(tmp_path_factory.mktemp("fuzz") / "data").start()
    try:
        headers = athlete(server, "ana")
        yield server, session(server, headers), device(server, headers)
    finally:
        server.stop()


async def send_all(
    server: ServerProcess, session_id: str, headers: dict[str, str], frames: list[str]
) -> None:
    socket = await join(server, session_id, "bridge", headers)
    try:
        for frame in frames:
            await socket.send(frame)
            try:
                async with asyncio.timeout(1):
                    answer = json.loads(await socket.recv())
            except TimeoutError:
                continue  # a valid input that needed no answer
            except ConnectionClosed as closed:
                assert closed.rcvd is not None and closed.rcvd.code in DOCUMENTED_CLOSES
                return
            if answer["type"] == "error":
                assert answer["code"] in DOCUMENTED_ERRORS, answer
    finally:
        await socket.close()


@settings(
    max_examples=40,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(frames=st.lists(FRAMES, min_size=1, max_size=6))
def test_every_frame_is_answered_as_documented(target, frames: list[str]) -> None:
    server, session_id, headers = target
    asyncio.run(send_all(server, session_id, headers, frames))


def test_the_fuzzed_server_is_alive_and_logged_no_traceback(target) -> None:
    server, _, _ = target
    assert httpx.get(f"{server.url}/v1/health", timeout=5).status_code == 200
    process = server.process
    assert process is not None and process.stderr is not None
    process.send_signal(signal.SIGTERM)  # a graceful stop, then read all it logged
    process.wait(timeout=15)
    errors = process.stderr.read()
    assert "Traceback" not in errors, errors[-3000:]
