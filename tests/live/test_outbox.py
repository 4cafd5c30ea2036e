"""Slow clients: coalesced state and acks, the athlete's cues kept, a stuck client closed 1013."""

from __future__ import annotations

import asyncio
import functools
import json

import pytest

from server.api.routes import live as live_routes
from server.live import Client, Outbox
from server.protocol import CueMessage, LiveState, Role, StateMessage, encode


def cue(n: int) -> CueMessage:
    return CueMessage(id=f"c{n}", kind="countdown", due=float(n), priority=3, text=str(n))


def test_state_and_acks_are_coalesced_and_cues_kept_in_order() -> None:
    outbox = Outbox(keep_every_cue=True)
    outbox.put_cues([cue(1), cue(2)])
    for n in range(5):
        outbox.put_state(StateMessage(state=LiveState(status="running", now=n)))
        outbox.put_ack("hrm", n)
    outbox.put_cues([cue(3)])
    frames = [json.loads(frame) for frame in outbox.drain()]
    assert [frame["type"] for frame in frames] == ["cues", "state", "ack"]
    assert [c["id"] for c in frames[0]["cues"]] == ["c1", "c2", "c3"]
    assert frames[1]["state"]["now"] == 4 and frames[2]["seq"] == 4
    assert outbox.drain() == []


def test_a_lagging_spectator_loses_old_cues_but_the_phone_never_does() -> None:
    spectator = Outbox(keep_every_cue=False, limit=10)
    phone = Outbox(keep_every_cue=True, limit=10)
    for box in (spectator, phone):
        box.put_cues([cue(n) for n in range(25)])
    assert spectator.dropped_cues == 15 and not spectator.stuck
    assert phone.dropped_cues == 0 and phone.stuck
    kept = json.loads(spectator.drain()[0])["cues"]
    assert [c["id"] for c in kept] == [f"c{n}" for n in range(15, 25)]


class NeverReads:
    """A websocket whose peer stopped reading: every send hangs."""

    def __init__(self) -> None:
        self.closed_with: int | None = None

    async def send_text(self, frame: str) -> None:
        await asyncio.Event().wait()

    async def close(self, code: int = 1000, reason: str = "") -> None:
        self.closed_with = code


@pytest.mark.asyncio
async def test_a_client_that_stops_reading_is_closed_with_1013(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(live_routes, "SEND_TIMEOUT_S", 0.05)
    socket = NeverReads()
    client = Client(Role.PHONE)
    client.outbox.put_cues([cue(1)])
    await asyncio.wait_for(live_routes._send_loop(socket, client), timeout=5)  # type: ignore[arg-type]
    assert socket.closed_with == 1013


@pytest.mark.asyncio
async def test_a_phone_too_far_behind_is_closed_with_1013() -> None:
    socket = NeverReads()
    client = Client(Role.PHONE)
    client.outbox.put_cues([cue(n) for n in range(client.outbox.limit + 1)])
    await asyncio.wait_for(live_routes._send_loop(socket, client), timeout=5)  # type: ignore[arg-type]
    assert socket.closed_with == 1013


def states(n: int) -> list[StateMessage]:
    return [StateMessage(state=LiveState(status="running", now=float(k))) for k in range(n)]


def test_the_athletes_state_goes_four_times_a_session_second_and_cues_at_once() -> None:
    phone = Client(Role.PHONE)
    assert phone.outbox.state_interval == pytest.approx(0.25)
    sent: list[str] = []
    for k, state in enumerate(states(20)):  # a state every 50 ms for a second
        phone.outbox.put_state(state)
        if k % 5 == 2:
            phone.outbox.put_cues([cue(k)])
        sent += [json.loads(f)["type"] for f in phone.outbox.drain(now=k * 0.05)]
    assert sent.count("state") == 4
    assert sent.count("cues") == 4  # none held back, none dropped
    assert phone.outbox.state_held_until == pytest.approx(1.0)
    [held] = phone.outbox.drain(now=1.0)
    assert json.loads(held)["state"]["now"] == 19.0  # the latest, not lost


def test_a_state_replaced_while_held_back_is_never_built() -> None:
    phone = Client(Role.PHONE)
    built: list[int] = []

    def state(n: int) -> str:
        built.append(n)
        return encode(StateMessage(state=LiveState(status="running", now=float(n))))

    for n in range(5):  # within one interval: the first goes, the rest wait for it to end
        phone.outbox.put_state_frame(functools.partial(state, n))
        phone.outbox.drain(now=n * 0.01)
    phone.outbox.drain(now=0.25)
    assert built == [0, 4]


def test_a_spectator_gets_a_state_a_second_and_a_fast_clock_scales_it() -> None:
    assert Client(Role.SPECTATOR).outbox.state_interval == pytest.approx(1.0)
    assert Client(Role.PHONE, clock_rate=10).outbox.state_interval == pytest.approx(0.025)


class Records:
    """A websocket that reads everything at once."""

    def __init__(self) -> None:
        self.frames: list[dict[str, object]] = []

    async def send_text(self, frame: str) -> None:
        self.frames.append(json.loads(frame))

    async def close(self, code: int = 1000, reason: str = "") -> None:
        raise AssertionError("closed")


@pytest.mark.asyncio
async def test_a_state_held_by_the_interval_is_sent_when_it_ends_with_nothing_new() -> None:
    client = Client(Role.PHONE, clock_rate=100)  # a 2.5 ms interval
    socket = Records()
    sender = asyncio.create_task(live_routes._send_loop(socket, client))  # type: ignore[arg-type]

    def last_now() -> object:
        return socket.frames[-1]["state"]["now"] if socket.frames else None  # type: ignore[index]

    try:
        for state in states(3):
            client.outbox.put_state(state)
            await asyncio.sleep(0)
        for _ in range(10_000):  # a condition, not a time: the held state must arrive
            if last_now() == 2.0:
                break
            await asyncio.sleep(0.001)
        assert last_now() == 2.0 and len(socket.frames) <= 2
    finally:
        sender.cancel()
