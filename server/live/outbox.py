"""What one client has yet to receive, kept so that a slow client never slows the others.

Cues keep their order; for the athlete's own phone, watch and bridge none is ever dropped, nor
held back. State is coalesced to the latest and sent at most every `state_interval` seconds
(a quarter of a second for the athlete's clients, one for spectators: a display needs no more,
and a thousand sessions' fan-out costs a quarter of what it would); acks go as the highest per
source. A client whose backlog of
cues passes the limit is stuck: the server closes it with 1013 and it reconnects for a snapshot.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Callable

from server.protocol import Ack, CueMessage, CuesMessage, StateMessage, encode

__all__ = ["Outbox"]


class Outbox:
    """Pending messages of one client, drained by its sender task."""

    def __init__(
        self, *, keep_every_cue: bool, limit: int = 500, state_interval: float = 0.0
    ) -> None:
        self.keep_every_cue = keep_every_cue
        self.limit = limit
        self.state_interval = state_interval
        self._state_next = float("-inf")  # when the next state may go (the loop's clock)
        self._cues: deque[CueMessage] = deque()
        self._state: str | Callable[[], str] | None = None  # the latest state, or its maker
        self._acks: dict[str, int] = {}
        self._other: deque[str] = deque(maxlen=64)
        self.dropped_cues = 0
        self.ready = asyncio.Event()

    @property
    def stuck(self) -> bool:
        """The client has fallen too far behind to catch up by itself."""
        return self.keep_every_cue and len(self._cues) > self.limit

    def put_cues(self, cues: list[CueMessage]) -> None:
        """Queue cues; a spectator that lags loses its oldest ones rather than blocking."""
        self._cues.extend(cues)
        while not self.keep_every_cue and len(self._cues) > self.limit:
            self._cues.popleft()
            self.dropped_cues += 1
        self.ready.set()

    def put_state(self, state: StateMessage) -> None:
        """Only the latest state matters."""
        self.put_state_frame(encode(state))

    def put_state_frame(self, frame: str | Callable[[], str]) -> None:
        """The latest state as a frame, or what gives it: shared by every client of a broadcast
        and called only if the state goes before a newer one replaces it."""
        self._state = frame
        self.ready.set()

    def put_ack(self, source: str, seq: int) -> None:
        """Only the highest ack per source matters."""
        self._acks[source] = max(seq, self._acks.get(source, 0))
        self.ready.set()

    def put_frame(self, frame: str) -> None:
        """Any other reply (pong, error)."""
        self._other.append(frame)
        self.ready.set()

    @property
    def state_held_until(self) -> float | None:
        """When a state held back by the interval may go (None if none is held)."""
        return self._state_next if self._state is not None else None

    def drain(self, now: float = float("inf")) -> list[str]:
        """Everything that may go at `now` as frames, in the order that keeps meaning: cues,
        state, acks. A state within `state_interval` of the last one waits."""
        frames: list[str] = []
        if self._cues:
            frames.append(encode(CuesMessage(cues=list(self._cues))))
            self._cues.clear()
        if self._state is not None and now >= self._state_next:
            frames.append(self._state if isinstance(self._state, str) else self._state())
            self._state = None
            self._state_next = now + self.state_interval
        frames.extend(encode(Ack(source=s, seq=q)) for s, q in sorted(self._acks.items()))
        self._acks.clear()
        frames.extend(self._other)
        self._other.clear()
        self.ready.clear()
        return frames
