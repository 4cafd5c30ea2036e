"""What every live session holds: its engine, its clock, its clients and what they are shown.

The live session (`server.live.session`) adds the inputs and the log on top; this part never
writes, so what clients see is one place and how inputs reach the log another.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable, Iterable
from typing import Any

from server.engine import Cue, EngineSettings, SessionEngine, Tick
from server.engine.limits import MAX_SESSION_S
from server.live.event_writer import EventWriter
from server.live.wire import Client, cue_message, to_engine_event
from server.protocol import LiveState, Role, StateMessage, Welcome, encode
from server.store import Database
from server.store.event_log import LoggedEvent
from server.workouts import ResolvedWorkout

__all__ = ["SessionCore"]


class SessionCore:
    """A session's engine, clock and clients (the live session's reading half)."""

    def __init__(
        self,
        session_id: str,
        athlete_id: str,
        plan: ResolvedWorkout,
        database: Database,
        *,
        settings: EngineSettings | None = None,
        monotonic: Callable[[], float] = time.monotonic,
        wall: Callable[[], float] = time.time,
        clock_rate: float = 1.0,
        writer: EventWriter | None = None,
    ) -> None:
        if not clock_rate > 0:
            raise ValueError(f"the clock rate must be positive, not {clock_rate}")
        self.session_id = session_id
        self.athlete_id = athlete_id
        self.settings = settings or EngineSettings()  # what the session was created with
        self.engine = SessionEngine(plan, self.settings)
        self.database = database
        self.writer = writer or EventWriter(database)  # the hub shares one among its sessions
        self.clients: set[Client] = set()
        self.acks: dict[str, int] = {}  # the highest seq stored per source (committed)
        self.accepted: dict[str, int] = {}  # the highest seq acted on per source
        self._monotonic = monotonic
        self._wall = wall
        # Session seconds per real second: 1 for runners; demos and browser tests run faster.
        self.clock_rate = clock_rate
        self._origin: float | None = None  # monotonic time of session clock zero
        self.readings: dict[str, float] = {}  # the latest hr, speed, cadence for displays
        self._logged = 0  # events in the log, so the next position needs no query
        self.on_deadline: Callable[[SessionCore], None] = lambda _: None

    # --- the clock -----------------------------------------------------------------------

    def session_time(self) -> float:
        """Seconds since the session started (0 before it starts)."""
        if self._origin is None:
            return 0.0
        elapsed = (self._monotonic() - self._origin) * self.clock_rate
        # The session clock stops at a week (the engine's limit): a session left running or
        # paused that long must not refuse every input, nor stop the server loading it.
        return min(max(elapsed, self.engine.now), MAX_SESSION_S)

    def monotonic_at(self, session_time: float) -> float | None:
        """The process's monotonic time at a session time (None before the start)."""
        return None if self._origin is None else self._origin + session_time / self.clock_rate

    def _replay(self, events: list[LoggedEvent]) -> None:
        """Feed the logged inputs to the engine: the inputs alone are the engine's replay."""
        for logged in events:
            self.engine.handle(to_engine_event(logged))
            if logged.kind == "sample" and logged.source is not None and logged.seq is not None:
                self.acks[logged.source] = max(logged.seq, self.acks.get(logged.source, 0))
                self._note_readings(logged.data)
        self._logged = len(events)
        self.accepted = dict(self.acks)

    def _note_readings(self, sample: dict[str, Any]) -> None:
        for name in ("hr", "speed", "cadence"):
            if sample.get(name) is not None:
                self.readings[name] = float(sample[name])

    # --- what clients see -----------------------------------------------------------------

    def state(self) -> LiveState:
        """The engine's state as the wire carries it."""
        state = self.engine.state()
        return LiveState(
            status=state.status.value,
            now=state.now,
            step_index=state.step_index,
            step_count=state.step_count,
            phase=state.phase.value if state.phase is not None else None,
            kind=state.kind.value if state.kind is not None else None,
            rep=state.rep,
            reps=state.reps,
            step_started_at=state.step_started_at,
            active_s=state.active_s,
            remaining_s=state.remaining_s,
            metres=state.metres,
            target_metres=state.target_metres,
            extension_s=state.extension_s,
            laps_in_step=state.laps_in_step,
            calibration_factor=state.calibration_factor,
            next_deadline=state.next_deadline,
            readings=dict(self.readings),
        )

    def welcome(self, client: Client) -> Welcome:
        """What a client gets on join: the clock, the state, the cues still ahead, its acks."""
        return Welcome(
            session_id=self.session_id,
            role=client.role,
            session_time=self.session_time(),
            server_time=self._wall(),
            clock_rate=self.clock_rate,
            state=self.state(),
            cues=[cue_message(cue) for cue in self.engine.pending_cues()],
            acks=dict(self.acks) if client.role is Role.BRIDGE else {},
        )

    def _broadcast(self, cues: Iterable[Cue] = ()) -> None:
        if not self.clients:
            return
        messages = [cue_message(cue) for cue in cues]

        @functools.cache
        def state() -> str:
            # Built and encoded once, whatever the number of clients, and only if an outbox
            # lets it go before a newer state replaces it (most are held back by the pace).
            return encode(StateMessage(state=self.state()))

        for client in self.clients:
            if messages:
                client.outbox.put_cues(messages)
            client.outbox.put_state_frame(state)

    def _wake(self, t: float) -> list[Cue]:
        """Wake the engine at `t`: it acts on every deadline up to then, each at its instant."""
        return self.engine.handle(Tick(t=max(t, self.engine.now)))

    def _act(self, cues: list[Cue]) -> None:
        self._broadcast(cues)  # the state changed too: displays follow every input
        self.on_deadline(self)  # before any write: a failed write must not stop the clock
