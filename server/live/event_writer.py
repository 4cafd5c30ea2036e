"""The event log's writer: the inputs of every live session of the process, one commit a turn.

Each live session appends one batch at a time (under its own lock) and acknowledges it only once
the commit is done, so what a client was told is stored is stored. A batch may carry no events,
only a change of the session's row (a status reached by the clock alone). Batches that arrive
while a commit is under way wait and go together in the next one, in one insert: with hundreds
of sessions streaming samples, a commit carries many of them instead of one each. If a
shared commit fails, its batches are retried one by one, so one session's conflict (two
writers at the same position) is that session's error alone.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from server.store import Database, SimulatedCrash
from server.store.event_log import (
    LoggedEvent,
    event_rows,
    stage_events,
    stage_rows,
    stage_status,
)

__all__ = ["EventWriter", "LogGapError", "boundary_of"]


class LogGapError(Exception):
    """A batch not written because an earlier one of its session failed."""


def boundary_of(events: Sequence[LoggedEvent], status: dict[str, Any] | None) -> str:
    """The name of a commit for fault injection: `events:<kind>[:<action>]` or `status:<s>`."""
    if events:
        first = events[0]
        action = f":{first.data.get('action')}" if first.kind == "command" else ""
        return f"events:{first.kind}{action}"
    return f"status:{(status or {}).get('status')}"


@dataclass(slots=True)
class _Batch:
    session_id: str
    events: Sequence[LoggedEvent]
    first_position: int
    done: asyncio.Future[None]
    status: dict[str, Any] | None = None  # a change of the session's row, in the same commit


class EventWriter:
    """Group commit for the event log."""

    def __init__(self, database: Database) -> None:
        self.database = database
        self.commits = 0  # for tests and the benchmark: how many commits carried the batches
        self._waiting: list[_Batch] = []
        self._task: asyncio.Task[None] | None = None
        self._failed: set[str] = set()  # sessions with a failed batch, until they recover

    def submit(
        self,
        session_id: str,
        events: Sequence[LoggedEvent],
        first_position: int,
        status: dict[str, Any] | None = None,
    ) -> asyncio.Future[None]:
        """Queue events (and `status`, the session row's new values) for the next commit; the
        future is done once they are committed together, or holds why they could not be.

        Once a batch of a session fails, its later batches fail too, unwritten, until the
        session says it has `recovered`: the log never holds an input without those before it.
        """
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiting.append(_Batch(session_id, events, first_position, done, status))
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._write(), name="trackcue-event-writer")
        return done

    async def append(
        self,
        session_id: str,
        events: Sequence[LoggedEvent],
        first_position: int,
        status: dict[str, Any] | None = None,
    ) -> None:
        """`submit`, and wait for the commit."""
        await self.submit(session_id, events, first_position, status)

    def recovered(self, session_id: str) -> None:
        """The session has made its engine the log's replay again: take its batches again."""
        self._failed.discard(session_id)

    async def _write(self) -> None:
        while self._waiting:
            batches, self._waiting = self._waiting, []
            batches = [batch for batch in batches if not self._refused(batch)]
            if not batches:
                continue
            try:
                rows = [
                    row
                    for batch in batches
                    for row in event_rows(batch.session_id, batch.events, batch.first_position)
                ]
                async with self.database.session() as db:
                    await stage_rows(db, rows)  # one statement for every waiting batch
                    for batch in batches:
                        if batch.status is not None:
                            await stage_status(db, batch.session_id, batch.status)
                    await db.commit()
                self.commits += 1
            except Exception:
                await self._one_by_one(batches)
                continue
            for batch in batches:
                self._settle(batch)

    def _refused(self, batch: _Batch) -> bool:
        """Fail a batch whose session has an earlier batch that failed."""
        if batch.session_id not in self._failed:
            return False
        if not batch.done.done():
            batch.done.set_exception(
                LogGapError(f"an earlier input of session {batch.session_id} was not stored")
            )
        return True

    async def _one_by_one(self, batches: list[_Batch]) -> None:
        for batch in batches:
            if self._refused(batch):
                continue
            try:
                async with self.database.session() as db:
                    if batch.events:
                        await stage_events(db, batch.session_id, batch.events, batch.first_position)
                    if batch.status is not None:
                        await stage_status(db, batch.session_id, batch.status)
                    await db.commit()
                self.commits += 1
            except Exception as error:
                self._failed.add(batch.session_id)
                if not batch.done.done():
                    batch.done.set_exception(error)
                continue
            self._settle(batch)

    def _settle(self, batch: _Batch) -> None:
        """The batch is committed: its session may go on (or, in a crash test, die here)."""
        if batch.done.done():
            return
        try:
            self.database.committed(boundary_of(batch.events, batch.status))
        except SimulatedCrash as crash:
            batch.done.set_exception(crash)
            return
        batch.done.set_result(None)
