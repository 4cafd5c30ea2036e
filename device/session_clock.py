"""The session clock as the bridge sees it, from ping/pong with the server.

Readings are stamped with the session time at which they were read, so a batch sent late (a
slow link, a resend after a drop) still counts when it happened. The estimate keeps the ping
with the shortest round trip, whose midpoint is the closest to the instant the server read its
clock. The estimate outlives a dropped link: the session clock runs on through server restarts
(it is anchored to the session's start), so readings taken offline are stamped all the same.
"""

from __future__ import annotations

import time
from collections.abc import Callable

__all__ = ["SessionClock"]

TOLERANCE_S = 0.05  # real seconds of disagreement put down to scheduling noise
WELCOME_SLACK_S = 1.0  # a welcome's one-way trip is unknown: it only corrects a clear error


class SessionClock:
    """Maps this process's monotonic clock to the server's session clock."""

    def __init__(self, monotonic: Callable[[], float] = time.monotonic) -> None:
        self._monotonic = monotonic
        self._best_round_trip: float | None = None
        self._anchor: tuple[float, float] | None = None  # (local midpoint, session time)
        self.rate = 1.0

    def local_time(self) -> float:
        """This process's clock, in seconds: what goes in a ping's `client_time`."""
        return self._monotonic()

    def observe(
        self, sent: float, session_time: float, rate: float, received: float | None = None
    ) -> None:
        """A pong for a ping sent at local `sent`, answered with the session time."""
        received = self._monotonic() if received is None else received
        round_trip = max(0.0, received - sent)
        middle = (sent + received) / 2
        if not self._agrees(middle, session_time, rate, round_trip):
            self._best_round_trip = None  # the session started, a new server: start over
        if self._best_round_trip is None or round_trip <= self._best_round_trip:
            self._best_round_trip = round_trip
            self._anchor = (middle, session_time)
        self.rate = rate

    def anchor_on_welcome(self, session_time: float, rate: float) -> None:
        """The welcome's clock, good to a one-way trip, until a pong says better."""
        now = self._monotonic()
        if not self._agrees(now, session_time, rate, WELCOME_SLACK_S):
            self._anchor = (now, session_time)
            self._best_round_trip = None
            self.rate = rate

    def _agrees(self, local: float, session_time: float, rate: float, round_trip: float) -> bool:
        """Whether a reading fits the current estimate within what its trip allows.

        Before the start the server's session clock stands at 0; once it starts, readings
        move away from any anchor taken before, however short that ping's trip was.
        """
        if self._anchor is None or rate != self.rate:
            return False
        anchor_local, anchor_session = self._anchor
        predicted = anchor_session + rate * (local - anchor_local)
        allowed = rate * (round_trip + (self._best_round_trip or 0.0)) / 2 + TOLERANCE_S * rate
        return abs(predicted - session_time) <= allowed

    def now(self) -> float | None:
        """The session time now, or None before the server has said anything."""
        if self._anchor is None:
            return None
        local, session = self._anchor
        return session + self.rate * (self._monotonic() - local)
