"""The baseline of `bench.live`: a bare `websockets` fan-out server with trackcue's message pattern.

No engine, no log, no database: what any live server must do at the least for the same load,
so `throughput_ratio` says what trackcue's own work costs. The load generator drives it exactly
as it drives trackcue (same clients, same samples, same pings), and it answers in kind:

- a welcome on join; a pong (with the session time) to each ping;
- per samples message, an ack to the bridge and the new state (the same fields as trackcue's
  `LiveState`, encoded once) to the session's three clients, **coalesced to at most 4 a second
  per client** (the latest one waits out the rest of the 250 ms), which is what trackcue does
  for an athlete's clients; without it the baseline would send more state messages than
  trackcue may, and the ratio would compare unlike patterns (at 4 samples a second the two
  differ only when samples bunch up);
- cue messages at the rate trackcue sent them to the phones in the same round, with as many
  cues per message (measured there and passed in), so that cues weigh the same on both sides.

Sending is direct (`await send`), one client after another, as a simple server would.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from dataclasses import dataclass, field
from typing import Any

from websockets.asyncio.server import ServerConnection, serve
from websockets.exceptions import ConnectionClosed

__all__ = ["run_baseline"]

_STATE_EVERY_S = 0.25


def _dumps(message: dict[str, Any]) -> str:
    return json.dumps(message, separators=(",", ":"))


@dataclass(slots=True, eq=False)
class _Peer:
    """One client, and its state coalescing (hashed by identity, for a room's set)."""

    connection: ServerConnection
    last_state: float = float("-inf")
    pending: str | None = None
    flusher: asyncio.Task[None] | None = None

    async def send(self, frame: str) -> None:
        with contextlib.suppress(ConnectionClosed):
            await self.connection.send(frame)

    async def state(self, frame: str) -> None:
        now = time.monotonic()
        if self.flusher is None and now - self.last_state >= _STATE_EVERY_S:
            self.last_state = now
            await self.send(frame)
            return
        self.pending = frame
        if self.flusher is None:
            self.flusher = asyncio.create_task(self._flush())

    async def _flush(self) -> None:
        await asyncio.sleep(max(0.0, self.last_state + _STATE_EVERY_S - time.monotonic()))
        frame, self.pending, self.flusher = self.pending, None, None
        if frame is not None:
            self.last_state = time.monotonic()
            await self.send(frame)


@dataclass(slots=True)
class _Room:
    """One session: its clients, its clock and its cue schedule."""

    peers: set[_Peer] = field(default_factory=set)
    origin: float | None = None
    next_cue: float = 0.0
    cues_sent: int = 0

    def session_time(self) -> float:
        return 0.0 if self.origin is None else time.monotonic() - self.origin


def _state(room: _Room, sample: dict[str, Any]) -> str:
    now = room.session_time()
    return _dumps(
        {
            "type": "state",
            "state": {
                "status": "running",
                "now": now,
                "step_index": 0,
                "step_count": 80,
                "phase": "step",
                "kind": "work",
                "rep": 1,
                "reps": 40,
                "step_started_at": 7.0,
                "active_s": max(now - 7.0, 0.0),
                "remaining_s": 20.0,
                "metres": float(sample.get("distance", 0.0)),
                "extension_s": 0.0,
                "laps_in_step": 0,
                "calibration_factor": 1.0,
                "next_deadline": now + 20.0,
                "readings": {
                    name: float(sample[name])
                    for name in ("hr", "speed", "cadence")
                    if name in sample
                },
            },
        }
    )


def _cues(room: _Room, count: int) -> str:
    now = room.session_time()
    cues = []
    for _ in range(count):
        room.cues_sent += 1
        cues.append(
            {
                "id": f"c{room.cues_sent}",
                "kind": "countdown",
                "due": now + 5.0,
                "priority": 3,
                "text": "5",
                "beep": {"frequency_hz": 660, "duration_ms": 120, "count": 1},
                "step_index": 1,
                "emitted": now,
            }
        )
    return _dumps({"type": "cues", "cues": cues})


async def run_baseline(port: int, cue_every_s: float, cues_per_frame: int) -> None:
    """Serve on 127.0.0.1:`port` until killed."""
    rooms: dict[str, _Room] = {}

    async def handler(connection: ServerConnection) -> None:
        path = connection.request.path if connection.request else "/x/phone"
        room_id, role = path.strip("/").split("/")[-2:]
        room = rooms.setdefault(room_id, _Room())
        peer = _Peer(connection)
        room.peers.add(peer)
        await peer.send(
            _dumps({"type": "welcome", "session_time": room.session_time(), "cues": []})
        )
        try:
            async for frame in connection:
                message = json.loads(frame)
                kind = message.get("type")
                if kind == "ping":
                    await peer.send(
                        _dumps(
                            {
                                "type": "pong",
                                "client_time": message["client_time"],
                                "session_time": room.session_time(),
                                "server_time": time.time(),
                            }
                        )
                    )
                elif kind == "command" and role == "phone" and room.origin is None:
                    room.origin = room.next_cue = time.monotonic()
                elif kind == "samples":
                    sample = message["samples"][-1]
                    await peer.send(
                        _dumps({"type": "ack", "source": message["source"], "seq": sample["seq"]})
                    )
                    state = _state(room, sample)
                    for other in list(room.peers):
                        await other.state(state)
                    if room.origin is not None and time.monotonic() >= room.next_cue:
                        room.next_cue += cue_every_s
                        cues = _cues(room, cues_per_frame)
                        for other in list(room.peers):
                            await other.send(cues)
        except ConnectionClosed:
            pass
        finally:
            room.peers.discard(peer)
            if peer.flusher is not None:
                peer.flusher.cancel()

    async with serve(
        handler, "127.0.0.1", port, max_size=64 * 1024, compression=None, ping_interval=10
    ):
        await asyncio.Future()
