"""Sessions out as activity files: the logged inputs replayed into an activity and written off
the event loop, and a finished session's file kept, since writing a long one takes seconds.

A finished session always gives the same bytes (the export is a replay of an unchanging log),
so its files are kept in memory, the most recently used first, up to `max_bytes`; a session
still under way is written afresh each time, woken to now as the live clock would be.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections import OrderedDict

from sqlalchemy.ext.asyncio import AsyncSession

from server.files.activity import FileFormat
from server.files.session_activity import activity_of_session
from server.files.write import write_activity
from server.live.session import to_engine_event
from server.store.event_log import load_events, start_wall_time
from server.store.ids import utcnow
from server.store.sessions import get_session, session_settings
from server.store.tables import SessionRow
from server.workouts import ResolvedWorkout

__all__ = ["ExportCache", "NotStarted", "session_file"]


class NotStarted(Exception):
    """The session has no start: there is nothing to export yet."""


class ExportCache:
    """Finished sessions' files by (session, format, inputs logged), least recently used out."""

    def __init__(self, max_bytes: int = 64 * 1024 * 1024) -> None:
        self.max_bytes = max_bytes
        self._files: OrderedDict[tuple[str, str, int], bytes] = OrderedDict()
        self._size = 0

    def get(self, key: tuple[str, str, int]) -> bytes | None:
        found = self._files.get(key)
        if found is not None:
            self._files.move_to_end(key)
        return found

    def put(self, key: tuple[str, str, int], data: bytes) -> None:
        if len(data) > self.max_bytes or key in self._files:
            return
        self._files[key] = data
        self._size += len(data)
        while self._size > self.max_bytes:
            _, dropped = self._files.popitem(last=False)
            self._size -= len(dropped)


async def session_file(
    db: AsyncSession,
    owner: str,
    session_id: str,
    fmt: FileFormat,
    *,
    clock_rate: float,
    cache: ExportCache,
) -> tuple[SessionRow, bytes]:
    """The owner's session as a file of `fmt`. Raises NotFound, NotStarted, or the writer's
    NotExportable (a GPX of a session without positions)."""
    row = await get_session(db, owner, session_id)
    events = await load_events(db, row.id)
    started = row.started_at or start_wall_time(events)
    if started is None or not events:
        raise NotStarted("the session has not started: there is nothing to export yet")
    key = (row.id, fmt, len(events))
    finished = row.status == "finished"
    if finished and (kept := cache.get(key)) is not None:
        return row, kept
    plan = ResolvedWorkout.model_validate(row.snapshot)
    settings = session_settings(row)
    engine_events = [to_engine_event(event) for event in events]
    # The log has no ticks: wake the engine to now on the session clock, as the live scheduler
    # would have, so a last step that ended by time is over in the file too.
    until = (utcnow() - started) / dt.timedelta(seconds=1) * clock_rate

    def write() -> bytes:
        activity = activity_of_session(plan, settings, started, engine_events, until=until)
        return write_activity(activity, fmt)

    data = await asyncio.to_thread(write)
    if finished:
        cache.put(key, data)
    return row, data
