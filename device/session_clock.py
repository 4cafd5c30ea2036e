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
        if rate != self.rate:
            self._best_round_trip = None  # a new server clock: start over
        if self._best_round_trip is None or round_trip <= self._best_round_trip:
            self._best_round_trip = round_trip
            self._anchor = ((sent + received) / 2, session_time)
        self.rate = rate

    def anchor_on_welcome(self, session_time: float, rate: float) -> None:
        """The welcome's clock, good to a one-way trip, until the first pong."""
        if self._anchor is None or rate != self.rate:
            self._anchor = (self._monotonic(), session_time)
            self._best_round_trip = None
            self.rate = rate

    def now(self) -> float | None:
        """The session time now, or None before the server has said anything."""
        if self._anchor is None:
            return None
        local, session = self._anchor
        return session + self.rate * (self._monotonic() - local)
