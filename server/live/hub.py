"""The hub: every live session of this process, one scheduler for all of them, and recovery.

Sessions load on first use, or at start-up for those the database says were running or paused
when the process stopped (after a crash too): the log is replayed and the clock re-anchored,
so the session continues in the same step with the right elapsed time.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import logging
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from sqlalchemy import exists, select

from server.live.event_writer import EventWriter
from server.live.scheduler import Scheduler
from server.live.session import LiveSession
from server.live.session_core import SessionCore
from server.store import Database, NotFound
from server.store.sessions import session_settings
from server.store.tables import EventRow, SessionRow
from server.workouts import ResolvedWorkout

__all__ = ["Hub"]

_log = logging.getLogger("trackcue.live")

_PLANS_KEPT = 1024  # distinct plans remembered; sessions keep theirs however many there are


class Hub:
    """Live sessions by id, and the scheduler that ticks them."""

    def __init__(
        self,
        database: Database,
        *,
        monotonic: Callable[[], float] = time.monotonic,
        wall: Callable[[], float] = time.time,
        clock_rate: float = 1.0,
    ) -> None:
        self.database = database
        self.clock_rate = clock_rate
        self.monotonic = monotonic
        self.wall = wall
        self.scheduler = Scheduler(monotonic)
        self.writer = EventWriter(database)  # one group commit for every session's inputs
        self.sessions: dict[str, LiveSession] = {}
        self._loading: dict[str, asyncio.Lock] = {}
        self._plans: OrderedDict[str, ResolvedWorkout] = OrderedDict()
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        """Recover sessions that were running or paused, then start the scheduler."""
        async with self.database.session() as db:
            # Running or paused ones, and any whose start was logged but never marked (the
            # process died between the two commits).
            started = exists().where(EventRow.session_id == SessionRow.id, EventRow.kind == "start")
            rows = await db.execute(
                select(SessionRow).where(
                    SessionRow.status.in_(("running", "paused"))
                    | ((SessionRow.status == "ready") & started)
                )
            )
            for row in list(rows.scalars()):
                try:
                    await self._load(row)
                except Exception:  # one broken session must not keep the server from starting
                    _log.exception("session %s could not be recovered", row.id)
        self._task = asyncio.create_task(self.scheduler.run(self._fire), name="trackcue-scheduler")

    async def stop(self) -> None:
        """Stop the scheduler (sockets are closed by the server)."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        await self.scheduler.stop()

    async def get(self, session_id: str, athlete_id: str) -> LiveSession:
        """The athlete's live session, loaded if needed; NotFound for anyone else's."""
        live = self.sessions.get(session_id)
        if live is None:
            lock = self._loading.setdefault(session_id, asyncio.Lock())
            async with lock:
                live = self.sessions.get(session_id)
                if live is None:
                    async with self.database.session() as db:
                        row = await db.get(SessionRow, session_id)
                    if row is None or row.athlete_id != athlete_id:
                        raise NotFound("session", session_id)
                    live = await self._load(row)
        if live.athlete_id != athlete_id:
            raise NotFound("session", session_id)
        return live

    def _plan(self, snapshot: dict[str, Any]) -> ResolvedWorkout:
        """One plan object for every session of the same snapshot (a club's 6 x 400 m is one).

        A resolved plan is most of a live session's memory; the engine never changes it.
        """
        key = hashlib.sha256(
            json.dumps(snapshot, sort_keys=True, separators=(",", ":")).encode()
        ).hexdigest()
        plan = self._plans.get(key)
        if plan is None:
            plan = ResolvedWorkout.model_validate(snapshot)
            self._plans[key] = plan
            while len(self._plans) > _PLANS_KEPT:
                self._plans.popitem(last=False)
        else:
            self._plans.move_to_end(key)
        return plan

    async def _load(self, row: SessionRow) -> LiveSession:
        plan = self._plan(row.snapshot)
        live = LiveSession(
            row.id,
            row.athlete_id,
            plan,
            self.database,
            settings=session_settings(row),
            monotonic=self.monotonic,
            wall=self.wall,
            clock_rate=self.clock_rate,
            writer=self.writer,
        )
        live.on_deadline = self._reschedule
        await live.restore(row.started_at)
        self.sessions[row.id] = live
        self._reschedule(live)
        return live

    def _reschedule(self, live: SessionCore) -> None:
        deadline = live.engine.next_deadline()
        self.scheduler.schedule(
            live.session_id, live.monotonic_at(deadline) if deadline is not None else None
        )

    async def _fire(self, session_id: str) -> None:
        live = self.sessions.get(session_id)
        if live is not None:
            await live.tick()
