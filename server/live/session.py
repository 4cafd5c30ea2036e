"""One live session: its engine, its event log, its clock and the clients watching it.

Every input (a command, a lap, samples) is checked by the engine, appended to the log and
committed, and only then handed to the engine: state is always the replay of the log. Ticks are
not logged and this layer has no timing rule of its own: the engine processes every deadline
that passed before an input itself, each at its own instant, so the scheduler's wake-ups (late
or not) and a replay of the inputs alone give the same cues with the same ids.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict
from typing import Any

from server.engine import (
    Command,
    CommandAction,
    Cue,
    EngineError,
    EngineSettings,
    Event,
    Lap,
    Sample,
    SessionEngine,
    SessionStatus,
    Start,
    Tick,
)
from server.engine.limits import MAX_SESSION_S
from server.live.event_writer import EventWriter
from server.live.outbox import Outbox
from server.protocol import (
    CommandMessage,
    CueMessage,
    LiveState,
    ProtocolError,
    Role,
    SamplesMessage,
    StateMessage,
    Welcome,
    encode,
)
from server.store import Database
from server.store.event_log import LoggedEvent, load_events, mark_session, start_wall_time
from server.store.tables import SessionRow
from server.workouts import ResolvedWorkout

__all__ = ["Client", "LiveSession", "cue_message", "to_engine_event"]


def cue_message(cue: Cue) -> CueMessage:
    """A cue as the protocol sends it."""
    return CueMessage(
        id=cue.id,
        kind=cue.kind,
        due=cue.due,
        priority=cue.priority,
        text=cue.text,
        vibration=list(cue.vibration),
        beep=asdict(cue.beep) if cue.beep is not None else None,
        step_index=cue.step_index,
        rep=cue.rep,
        cancels=list(cue.cancels),
        emitted=cue.emitted,
    )


def to_engine_event(logged: LoggedEvent) -> Event:
    """The engine event a logged input stands for."""
    if logged.kind == "start":
        return Start(t=logged.t)
    if logged.kind == "lap":
        return Lap(t=logged.t)
    if logged.kind == "command":
        return Command(
            t=logged.t,
            action=CommandAction(logged.data["action"]),
            seconds=float(logged.data.get("seconds") or 0.0),
        )
    assert logged.source is not None
    return Sample(t=logged.t, source=logged.source, **logged.data)


class Client:
    """A connected client: its role and what it has yet to receive."""

    def __init__(self, role: Role) -> None:
        self.role = role
        self.outbox = Outbox(keep_every_cue=role is not Role.SPECTATOR)


class LiveSession:
    """A session being run: the engine, the log, the clock and the clients."""

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
        self.acks: dict[str, int] = {}
        self.lock = asyncio.Lock()
        self._monotonic = monotonic
        self._wall = wall
        # Session seconds per real second: 1 for runners; demos and browser tests run faster.
        self.clock_rate = clock_rate
        self._origin: float | None = None  # monotonic time of session clock zero
        self.readings: dict[str, float] = {}  # the latest hr, speed, cadence for displays
        self._logged = 0  # events in the log, so the next position needs no query
        self.stored_status = "ready"  # what the sessions table says, so unchanged is not rewritten
        self.on_deadline: Callable[[LiveSession], None] = lambda _: None

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

    # --- loading ---------------------------------------------------------------------------

    async def restore(self, started_at: dt.datetime | None) -> None:
        """Rebuild the engine from the log (after a restart), re-anchor the clock, and store
        whatever happened while the process was down, as if it had stayed up.

        A session whose last step ended while the server was down is finished with its
        results; one whose start was logged but never marked is running, its clock anchored
        on the wall time its logged start carries.
        """
        async with self.database.session() as db:
            events = await load_events(db, self.session_id)
            row = await db.get(SessionRow, self.session_id)
        self._logged = len(events)
        self.stored_status = row.status if row is not None else "ready"
        for logged in events:
            self.engine.handle(to_engine_event(logged))  # the inputs alone: the engine's replay
            if logged.kind == "sample" and logged.source is not None and logged.seq is not None:
                self.acks[logged.source] = max(logged.seq, self.acks.get(logged.source, 0))
                self._note_readings(logged.data)
        unmarked_start = None
        if started_at is None and self.engine.status is not SessionStatus.READY:
            started_at = unmarked_start = start_wall_time(events)
        if started_at is not None:
            elapsed = self._wall() - started_at.timestamp()  # real seconds since the start
            self._origin = self._monotonic() - elapsed
            self._wake(self.session_time())
        elif self.engine.status is not SessionStatus.READY:
            self._origin = self._monotonic() - self.engine.now / self.clock_rate
        await self._store_status(started_at=unmarked_start)

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
        state = encode(StateMessage(state=self.state()))  # once, whatever the number of clients
        for client in self.clients:
            if messages:
                client.outbox.put_cues(messages)
            client.outbox.put_state_frame(state)

    # --- time ------------------------------------------------------------------------------

    def _wake(self, t: float) -> list[Cue]:
        """Wake the engine at `t`: it acts on every deadline up to then, each at its instant."""
        return self.engine.handle(Tick(t=max(t, self.engine.now)))

    async def tick(self) -> None:
        """The scheduler's call: act on what is due by now."""
        async with self.lock:
            cues = self._wake(self.session_time())
            await self._after(cues)

    async def _after(self, cues: list[Cue]) -> None:
        self._broadcast(cues)  # the state changed too: displays follow every input
        self.on_deadline(self)  # before any write: a failed write must not stop the clock
        await self._store_status()

    async def _store_status(self, started_at: dt.datetime | None = None) -> None:
        """Bring the sessions table in line with the engine (status, start, results)."""
        status = self.engine.status.value
        if status == self.stored_status and started_at is None:
            return
        results = None
        if self.engine.status is SessionStatus.FINISHED:
            results = self.engine.summary().model_dump(mode="json")
        async with self.database.session() as db:
            await mark_session(
                db, self.session_id, status=status, started_at=started_at, results=results
            )
        self.stored_status = status
        self.database.committed(f"status:{status}")

    # --- inputs ----------------------------------------------------------------------------

    async def _submit(
        self, logged: list[LoggedEvent], status: dict[str, Any] | None = None
    ) -> list[Cue]:
        """Check, log (committed), then act: the order that makes the log the truth."""
        cues = self._wake(logged[0].t)  # what fell due before the input, said even if refused
        events = [to_engine_event(item) for item in logged]
        try:
            # One input at a time, or a batch of samples and laps, which no state refuses:
            # the first event's check speaks for the batch.
            self.engine.check(events[0])
        except EngineError:
            await self._after(cues)  # the ticks that ran still count
            raise
        try:
            await self.writer.append(self.session_id, logged, self._logged, status)
        except Exception:
            self._broadcast(cues)  # what fell due before the input was still said
            self.on_deadline(self)
            raise
        self._logged += len(logged)
        for event in events:
            cues.extend(self.engine.handle(event))  # deadlines before each input: the engine's
        return cues

    async def command(self, message: CommandMessage) -> None:
        """A phone's command; the start also sets the session clock going."""
        async with self.lock:
            if message.action == "start":
                if self.engine.status is not SessionStatus.READY:
                    raise ProtocolError("not_allowed", "the session has already started")
                self._origin = self._monotonic()
                wall = self._wall()
                # The wall clock rides in the log too: a restart can anchor the clock on it
                # even if the process dies before the session is marked running.
                logged = [LoggedEvent(0.0, "start", {"wall": wall})]
                started_at = dt.datetime.fromtimestamp(wall, dt.UTC)
                running = {"status": "running", "started_at": started_at}
                try:
                    # The start and the session's "running" go in one commit: no separate
                    # status write before the first cues, no window between the two.
                    cues = await self._submit(logged, running)
                except BaseException:
                    self._origin = None
                    raise
                self.stored_status = "running"
            else:
                if self._origin is None:
                    raise ProtocolError("not_allowed", "start the session first")
                data: dict[str, Any] = {"action": message.action}
                if message.action == "extend":
                    data["seconds"] = message.seconds or 30.0
                try:
                    cues = await self._submit([LoggedEvent(self.session_time(), "command", data)])
                except EngineError as error:
                    raise ProtocolError("not_allowed", str(error)) from None
            await self._after(cues)

    async def lap(self) -> None:
        """A lap press from the phone or the watch."""
        async with self.lock:
            if self._origin is None:
                raise ProtocolError("not_allowed", "start the session first")
            cues = await self._submit([LoggedEvent(self.session_time(), "lap", {})])
            await self._after(cues)

    async def samples(self, message: SamplesMessage) -> int:
        """Store and apply new samples; return the highest contiguous seq now stored.

        Samples at or below what is stored are duplicates (a resend after a reconnect): they
        are acknowledged and ignored. A gap is refused, so the bridge resends from the gap.
        """
        async with self.lock:
            stored = self.acks.get(message.source, 0)
            fresh = [sample for sample in message.samples if sample.seq > stored]
            if not fresh:
                return stored
            if fresh[0].seq != stored + 1:
                raise ProtocolError(
                    "seq_gap",
                    f"expected seq {stored + 1} from {message.source}, got {fresh[0].seq}",
                    where="samples",
                )
            # Stored even when the session is not running (they then change nothing), so the
            # bridge can empty its spool. Each keeps the time the bridge read it, held between
            # the last input (the log stays in time order) and now; without one, its arrival.
            now = self.session_time()
            t = self.engine.now
            logged = []
            for sample in fresh:
                t = min(max(sample.t if sample.t is not None else now, t), now)
                logged.append(
                    LoggedEvent(
                        t,
                        "sample",
                        sample.model_dump(exclude={"seq", "t"}, exclude_none=True),
                        source=message.source,
                        seq=sample.seq,
                    )
                )
            cues = await self._submit(logged)
            self.acks[message.source] = fresh[-1].seq
            self._note_readings(fresh[-1].model_dump(exclude_none=True))
            await self._after(cues)
            return fresh[-1].seq
