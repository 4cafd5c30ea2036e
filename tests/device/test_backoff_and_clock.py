"""Reconnect delays and the bridge's estimate of the session clock."""

from __future__ import annotations

import pytest

from device.backoff import Backoff
from device.session_clock import SessionClock


def test_backoff_doubles_within_jitter_up_to_its_cap_and_starts_over_after_a_success() -> None:
    backoff = Backoff(base=1.0, cap=8.0, seed=3)
    delays = [backoff.next_delay() for _ in range(6)]
    ceilings = [1, 2, 4, 8, 8, 8]
    for delay, ceiling in zip(delays, ceilings, strict=True):
        assert ceiling / 2 <= delay <= ceiling
    backoff.reset()
    assert backoff.next_delay() <= 1.0


def test_bridges_retrying_after_the_same_outage_spread_over_the_window() -> None:
    # A hundred bridges, each unseeded as in the field, waiting before their third attempt.
    delays = []
    for _ in range(100):
        backoff = Backoff(base=1.0, cap=30.0)
        backoff.next_delay()
        backoff.next_delay()
        delays.append(backoff.next_delay())
    assert all(2.0 <= delay <= 4.0 for delay in delays)
    assert max(delays) - min(delays) > 1.0, "retries bunch up instead of spreading"
    assert len({round(delay, 3) for delay in delays}) > 50


def test_a_backoff_needs_a_positive_base_below_its_cap() -> None:
    with pytest.raises(ValueError):
        Backoff(base=0, cap=1)


class Hand:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_the_session_clock_is_unknown_until_the_server_speaks() -> None:
    assert SessionClock(Hand()).now() is None


def test_the_ping_with_the_shortest_round_trip_sets_the_clock() -> None:
    hand = Hand()
    clock = SessionClock(hand)
    # Slow ping: sent at 100, answered 2 s later; the server said 50 (true midpoint unknown).
    clock.observe(100.0, 50.9, 1.0, received=102.0)
    # Fast ping: sent at 103, back at 103.2; the server read 53.1 at the midpoint 103.1.
    clock.observe(103.0, 53.1, 1.0, received=103.2)
    # Slower again, and off by half a second as a slow trip can be: the fast one stays.
    clock.observe(104.0, 55.5, 1.0, received=106.0)
    hand.now = 110.1
    assert clock.now() == pytest.approx(60.1)


def test_a_fast_session_clock_runs_at_its_rate() -> None:
    hand = Hand()
    clock = SessionClock(hand)
    clock.anchor_on_welcome(10.0, 20.0)
    hand.now = 101.5
    assert clock.now() == pytest.approx(40.0)
