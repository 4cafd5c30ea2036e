"""The bridge's own logic, without a server: readings checked, cues withdrawn, the clock."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from device.bridge import Bridge, checked_reading
from device.pairing import Credentials
from device.sample_spool import SampleSpool
from device.sensor_readers import Odometer
from device.session_clock import SessionClock
from server.protocol import CueMessage, ProtocolError, Welcome, decode_server


def test_a_reading_out_of_range_loses_the_bad_field_not_the_good_ones() -> None:
    assert checked_reading({"hr": 151, "t": 12.0}) == {"hr": 151, "t": 12.0}
    assert checked_reading({"speed": 40.0, "cadence": 180, "t": 1.0}) == {"cadence": 180, "t": 1.0}
    assert checked_reading({"distance": 2e6, "speed": 4.0}) == {"speed": 4.0}
    assert checked_reading({"hr": 400, "t": 3.0}) is None  # nothing measured is left
    assert checked_reading({"hr": 150, "t": -5.0}) == {"hr": 150}


def test_a_corrupt_distance_spike_adds_nothing_and_counting_goes_on() -> None:
    clock = iter(float(n) for n in range(10))
    odometer = Odometer(monotonic=lambda: next(clock))
    readings = [1000.0, 1004.0, 16_777_215.0, 1012.0, 1016.0]
    totals = [odometer.reading(value) for value in readings]
    assert totals[-1] <= 16.0 and totals[1] == 4.0 and totals[-1] == totals[-2] + 4.0


def test_metres_run_while_a_footpod_was_out_of_reach_still_count() -> None:
    times = iter([0.0, 1.0, 11.0])
    odometer = Odometer(monotonic=lambda: next(times))
    odometer.reading(150.0)
    odometer.reading(154.0)
    assert odometer.reading(194.0) == 44.0  # ten seconds away, 40 m further: plausible


class Hand:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_the_bridge_clock_follows_the_session_once_it_starts_after_a_long_wait() -> None:
    hand = Hand()
    clock = SessionClock(hand)
    for second in range(0, 60, 2):  # a minute of waiting: the server's clock stands at 0
        hand.now = float(second)
        clock.observe(hand.now - 0.002, 0.0, 1.0, received=hand.now)
    # Started at local 61; a pong at 121 says 60 s in, over a slower trip than before.
    hand.now = 121.0
    clock.observe(120.99, 59.995, 1.0, received=121.0)
    hand.now = 130.0
    assert clock.now() == pytest.approx(69.0, abs=0.05)


def test_a_server_message_with_a_field_this_bridge_does_not_know_is_still_read() -> None:
    message = decode_server('{"type": "ack", "source": "hrm", "seq": 7, "batch": 3}')
    assert message.type == "ack" and message.seq == 7
    with pytest.raises(ProtocolError):
        decode_server('{"type": "notice", "text": "from a newer server"}')
    with pytest.raises(ProtocolError):
        decode_server(b"\xff\xfe not json")


def cue(cue_id: str, due: float) -> CueMessage:
    return CueMessage(id=cue_id, kind="step_start", due=due, priority=3, text="Go")


@pytest.mark.asyncio
async def test_a_cue_withdrawn_while_the_link_was_down_is_not_played(tmp_path: Path) -> None:
    with SampleSpool(tmp_path / "spool.db") as spool:
        bridge = Bridge(Credentials("http://127.0.0.1:9", "tc_x"), spool)
        played: list[str] = []
        bridge.on_event = lambda kind, data: played.append(data["id"]) if kind == "cue" else None
        bridge.clock.anchor_on_welcome(100.0, 1.0)
        bridge._cues([cue("c12", 100.2), cue("c13", 100.3)])
        # The runner paused while the bridge was offline: the welcome no longer lists c12.
        state = {"status": "paused"}
        welcome = Welcome(
            session_id="s",
            role="bridge",
            session_time=100.1,
            server_time=0.0,
            state=state,
            cues=[cue("c13", 100.3)],
        )
        bridge._welcome(welcome)
        await asyncio.sleep(0.4)
        assert played == ["c13"]
        bridge._welcome(welcome)  # the same cue offered again after another reconnect
        await asyncio.sleep(0.1)
        assert played == ["c13"]
