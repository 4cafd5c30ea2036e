"""One live session: its engine, its event log, its clock and the clients watching it.

Every input (a command, a lap, samples) is checked by the engine, handed to it, its cues sent,
and then appended to the log; it is acknowledged only once committed, so state is the replay of
what was acknowledged. Ticks are not logged and this layer has no timing rule of its own: the
engine processes every deadline that passed before an input itself, each at its own instant,
so the scheduler's wake-ups (late or not) and a replay of the inputs alone give the same cues
with the same ids. A write that fails makes the engine the replay of the log again.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from server.engine import Cue, EngineError, SessionEngine, SessionStatus
from server.live.session_core import SessionCore
from server.live.wire import Client, cue_message, to_engine_event
from server.protocol import CommandMessage, ProtocolError, SamplesMessage
from server.store.event_log import LoggedEvent, load_events, mark_session, start_wall_time
from server.store.tables import SessionRow

__all__ = ["Client", "LiveSession", "cue_message", "to_engine_event"]  # the last two: wire

_log = logging.getLogger("trackcue.live")


class LiveSession(SessionCore):
    """A session being run: inputs to the engine, cues out, and the log behind them."""

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
        self.stored_status = row.status if row is not None else "ready"
        self._replay(events)
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

    # --- time ------------------------------------------------------------------------------

    async def tick(self) -> None:
        """The scheduler's call: act on what is due by now.

        No lock and no commit stands in its way: the engine changes only between awaits, so a
        tick may run while an input's commit is under way (that input has already acted).
        """
        cues = self._wake(self.session_time())
        await self._settle(cues)

    async def _settle(self, cues: list[Cue]) -> None:
        """Give cues that came of time alone, and log a status the clock reached."""
        self._act(cues)
        previous = self.stored_status
        change = self._status_change()
        if change is not None:
            await self._commit([], change, previous)

    def _status_change(self, extra: dict[str, Any] | None = None) -> dict[str, Any] | None:
        """The session row's new values if the engine's status moved (its results once it has
        finished), taken as stored: a failed commit sets it back."""
        status = self.engine.status.value
        if status == self.stored_status and not extra:
            return None
        values = dict(extra or {})
        values["status"] = status
        if self.engine.status is SessionStatus.FINISHED:
            values["results"] = self.engine.summary().model_dump(mode="json")
        self.stored_status = status
        return values

    async def _commit(
        self, logged: list[LoggedEvent], change: dict[str, Any] | None, previous: str
    ) -> None:
        """Log inputs and the row's change in one commit (shared with other sessions')."""
        try:
            await self.writer.append(self.session_id, logged, self._logged, change)
        except Exception:
            self.stored_status = previous
            if logged:
                self._stale = True  # the engine counted inputs the log lost
                await self._reload()
            raise
        self._logged += len(logged)

    async def _store_status(self, started_at: dt.datetime | None = None) -> None:
        """Bring the sessions table in line with the engine at once (after a restart)."""
        previous = self.stored_status
        change = self._status_change({"started_at": started_at} if started_at else None)
        if change is None:
            return
        try:
            async with self.database.session() as db:
                await mark_session(db, self.session_id, **change)
        except BaseException:
            self.stored_status = previous
            raise
        self.database.committed(f"status:{change['status']}")

    async def _reload(self) -> None:
        """Make the engine the replay of the log again, after a write that failed.

        The input's sender was not acknowledged and sends it again; the cues it caused come
        again with the same ids, which clients drop. If the log cannot be read either, the next
        input tries again first and is refused until it can.
        """
        try:
            async with self.database.session() as db:
                events = await load_events(db, self.session_id)
        except Exception:
            _log.exception("session %s could not be reloaded from its log", self.session_id)
            return
        self.engine = SessionEngine(self.engine.plan, self.settings)
        self.acks = {}
        self._replay(events)
        self._stale = False
        if self.engine.status is SessionStatus.READY:
            self._origin = None  # the start itself was not logged
            self._act([])
            return
        self._act(self._wake(self.session_time()))

    # --- inputs ----------------------------------------------------------------------------

    async def _submit(
        self, logged: list[LoggedEvent], extra: dict[str, Any] | None = None
    ) -> list[Cue]:
        """Check, act, send, then log; the caller acknowledges once this returns.

        The runner hears a cue when the engine decides it, not when the database is done:
        replaying the same inputs gives the same cue ids, so a crash before the commit costs
        nothing but a resend (docs/architecture.md, "Act first, acknowledge after the commit").
        `extra` is a change of the session's row that rides in the same commit (the start).
        """
        if self._stale:
            await self._reload()
            if self._stale:
                raise ProtocolError("unavailable", "the session's log cannot be read: try again")
        cues = self._wake(logged[0].t)  # what fell due before the input, said even if refused
        events = [to_engine_event(item) for item in logged]
        try:
            # One input at a time, or a batch of samples and laps, which no state refuses:
            # the first event's check speaks for the batch.
            self.engine.check(events[0])
        except EngineError:
            await self._settle(cues)  # the ticks that ran still count
            raise
        for event in events:
            cues.extend(self.engine.handle(event))  # deadlines before each input: the engine's
        previous = self.stored_status
        change = self._status_change(extra)
        self._act(cues)
        self.database.reached(f"sent:{logged[0].kind}")  # tests: die with cues out, unlogged
        await self._commit(logged, change, previous)
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
                try:
                    # The start and the session's "running" go in one commit: no separate
                    # status write before the first cues, no window between the two.
                    await self._submit(logged, {"started_at": started_at})
                except BaseException:
                    self._origin = None
                    raise
            else:
                if self._origin is None:
                    raise ProtocolError("not_allowed", "start the session first")
                data: dict[str, Any] = {"action": message.action}
                if message.action == "extend":
                    data["seconds"] = message.seconds or 30.0
                try:
                    await self._submit([LoggedEvent(self.session_time(), "command", data)])
                except EngineError as error:
                    raise ProtocolError("not_allowed", str(error)) from None

    async def lap(self) -> None:
        """A lap press from the phone or the watch."""
        async with self.lock:
            if self._origin is None:
                raise ProtocolError("not_allowed", "start the session first")
            await self._submit([LoggedEvent(self.session_time(), "lap", {})])

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
            self._note_readings(fresh[-1].model_dump(exclude_none=True))  # before it is shown
            await self._submit(logged)
            self.acks[message.source] = fresh[-1].seq
            return fresh[-1].seq
