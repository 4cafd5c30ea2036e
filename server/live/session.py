"""One live session: its engine, its event log, its clock and the clients watching it.

Every input (a command, a lap, samples) is checked by the engine, handed to it, its cues sent,
and then appended to the log; it is acknowledged only once committed, so state is the replay of
what was acknowledged. Ticks are not logged and this layer has no timing rule of its own: the
engine processes every deadline that passed before an input itself, each at its own instant,
so the scheduler's wake-ups (late or not) and a replay of the inputs alone give the same cues
with the same ids. A write that fails makes the engine the replay of the log again.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from functools import partial
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

    # The log's side, set on the instance as it changes.
    stored_status = "ready"  # what the sessions table says, so unchanged is not rewritten
    _stale = False  # a write failed and the engine is ahead of the log
    _last_write: asyncio.Future[None] | None = None  # the latest commit handed to the writer
    _reloading: asyncio.Future[None] | None = None  # a reload from the log under way

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
        """The scheduler's call: act on what is due by now (and wait for a status it logs).

        No lock and no commit stands in its way: the engine changes only between awaits, so a
        tick may run while an input's commit is under way (that input has already acted).
        """
        written = self._settle(self._wake(self.session_time()))
        if written is not None:
            await written

    def _settle(self, cues: list[Cue]) -> asyncio.Future[None] | None:
        """Give cues that came of time alone, and log a status the clock reached."""
        self._act(cues)
        if self._stale:
            return None  # the reload brings the row in line
        change = self._status_change()
        return self._write([], change) if change is not None else None

    def _status_change(self, extra: dict[str, Any] | None = None) -> dict[str, Any] | None:
        """The session row's new values if the engine's status moved (its results once it has
        finished), taken as stored: a failed write reloads the row's own."""
        status = self.engine.status.value
        if status == self.stored_status and not extra:
            return None
        values = dict(extra or {})
        values["status"] = status
        if self.engine.status is SessionStatus.FINISHED:
            values["results"] = self.engine.summary().model_dump(mode="json")
        self.stored_status = status
        return values

    def _write(
        self, logged: list[LoggedEvent], change: dict[str, Any] | None
    ) -> asyncio.Future[None]:
        """Hand inputs and the row's change to the log's writer (one commit, shared with other
        sessions'); the future is that commit."""
        position = self._logged
        self._logged += len(logged)
        written = self.writer.submit(self.session_id, logged, position, change)
        written.add_done_callback(partial(self._written, logged))
        self._last_write = written
        return written

    def _written(self, logged: list[LoggedEvent], written: asyncio.Future[None]) -> None:
        if written.cancelled():
            return
        error = written.exception()
        if error is None:
            for event in logged:  # committed: now they may be acknowledged
                if event.source is not None and event.seq is not None:
                    self.acks[event.source] = max(event.seq, self.acks.get(event.source, 0))
        elif isinstance(error, Exception) and not self._stale:
            # The engine counted inputs the log lost: make it the log's replay again.
            _log.warning("session %s: a write failed (%s); reloading", self.session_id, error)
            self._stale = True
            self._reloading = asyncio.ensure_future(self._reload())

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

        The inputs' senders were not acknowledged and send them again; the cues they caused
        come again with the same ids, which clients drop. Inputs are refused until this is done;
        if the log cannot be read, the next input tries again.
        """
        if self._last_write is not None:
            await asyncio.wait({self._last_write})  # the writer refuses the rest in turn
        try:
            async with self.database.session() as db:
                events = await load_events(db, self.session_id)
                row = await db.get(SessionRow, self.session_id)
        except Exception:
            _log.exception("session %s could not be reloaded from its log", self.session_id)
            return
        self.writer.recovered(self.session_id)
        self.engine = SessionEngine(self.engine.plan, self.settings)
        self.acks = {}
        self._replay(events)
        self.stored_status = row.status if row is not None else "ready"
        self._stale = False
        if self.engine.status is SessionStatus.READY:
            self._origin = None  # the start itself was not logged
            self._act([])
            return
        self._settle(self._wake(self.session_time()))

    async def reloaded(self) -> None:
        """Wait for a reload under way (tests, and callers that report a failed write)."""
        if self._reloading is not None:
            await asyncio.shield(self._reloading)

    # --- inputs ----------------------------------------------------------------------------

    def _submit(
        self, logged: list[LoggedEvent], extra: dict[str, Any] | None = None
    ) -> asyncio.Future[None]:
        """Check, act and send now, then log; the future is the commit, after which the input
        may be acknowledged.

        The runner hears a cue when the engine decides it, not when the database is done:
        replaying the same inputs gives the same cue ids, so a crash before the commit costs
        nothing but a resend (docs/architecture.md, "Act first, acknowledge after the commit").
        `extra` is a change of the session's row that rides in the same commit (the start).
        """
        if self._stale:
            if self._reloading is None or self._reloading.done():
                self._reloading = asyncio.ensure_future(self._reload())
            raise ProtocolError("unavailable", "the session is reloading its log: send it again")
        cues = self._wake(logged[0].t)  # what fell due before the input, said even if refused
        events = [to_engine_event(item) for item in logged]
        try:
            # One input at a time, or a batch of samples and laps, which no state refuses:
            # the first event's check speaks for the batch.
            self.engine.check(events[0])
        except EngineError:
            self._settle(cues)  # the ticks that ran still count
            raise
        for event in events:
            cues.extend(self.engine.handle(event))  # deadlines before each input: the engine's
        change = self._status_change(extra)
        self._act(cues)
        self.database.reached(f"sent:{logged[0].kind}")  # tests: die with cues out, unlogged
        return self._write(logged, change)

    async def _stored(self, written: asyncio.Future[Any]) -> Any:
        """Wait for a commit; a failed one is the sender's to resend, said as such."""
        try:
            return await written
        except Exception as error:
            await self.reloaded()
            if isinstance(error, ProtocolError):
                raise
            raise ProtocolError("not_stored", "it was not stored: send it again") from error

    async def command(self, message: CommandMessage) -> None:
        """A phone's command; the start also sets the session clock going."""
        if message.action == "start":
            if self.engine.status is not SessionStatus.READY:
                raise ProtocolError("not_allowed", "the session has already started")
            self._origin = self._monotonic()
            wall = self._wall()
            # The wall clock rides in the log too: a restart can anchor the clock on it even
            # if the process dies before the session is marked running.
            logged = [LoggedEvent(0.0, "start", {"wall": wall})]
            started_at = dt.datetime.fromtimestamp(wall, dt.UTC)
            try:
                # The start and the session's "running" go in one commit: no separate status
                # write before the first cues, no window between the two.
                written = self._submit(logged, {"started_at": started_at})
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
                written = self._submit([LoggedEvent(self.session_time(), "command", data)])
            except EngineError as error:
                raise ProtocolError("not_allowed", str(error)) from None
        await self._stored(written)

    async def lap(self) -> None:
        """A lap press from the phone or the watch."""
        if self._origin is None:
            raise ProtocolError("not_allowed", "start the session first")
        await self._stored(self._submit([LoggedEvent(self.session_time(), "lap", {})]))

    async def samples(self, message: SamplesMessage) -> int:
        """`take_samples`, and wait until they are stored."""
        seq: int = await self._stored(self.take_samples(message))
        return seq

    def take_samples(self, message: SamplesMessage) -> asyncio.Future[int]:
        """Act on new samples now; the future gives the highest contiguous seq stored once
        they are committed (the bridge's ack). The socket reads on meanwhile, so a sample that
        ends a rep is acted on without waiting for the commits of those before it.

        Samples at or below what was taken are duplicates (a resend after a reconnect): they
        are acknowledged once what was taken is stored, and ignored. A gap is refused, so the
        bridge resends from the gap.
        """
        source = message.source
        taken = self.accepted.get(source, 0)
        fresh = [sample for sample in message.samples if sample.seq > taken]
        if not fresh:
            return self._ack_after(self._last_write, source)
        if fresh[0].seq != taken + 1:
            raise ProtocolError(
                "seq_gap",
                f"expected seq {taken + 1} from {source}, got {fresh[0].seq}",
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
                    source=source,
                    seq=sample.seq,
                )
            )
        self._note_readings(logged[-1].data)  # before it is shown
        try:
            written = self._submit(logged)
        except EngineError as error:
            raise ProtocolError("not_allowed", str(error), where="samples") from None
        self.accepted[source] = fresh[-1].seq
        return self._ack_after(written, source)

    def _ack_after(self, written: asyncio.Future[None] | None, source: str) -> asyncio.Future[int]:
        """The source's stored seq once `written` is settled (its failure passed on)."""
        ack: asyncio.Future[int] = asyncio.get_running_loop().create_future()

        def settle(done: asyncio.Future[None] | None = None) -> None:
            if ack.done():
                return
            error = done.exception() if done is not None and not done.cancelled() else None
            if error is not None:
                ack.set_exception(error)
            else:
                ack.set_result(self.acks.get(source, 0))

        if written is None:
            settle()
        else:
            written.add_done_callback(settle)  # after the commit's own callback, even if done
        return ack
