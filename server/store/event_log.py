"""The event log of live sessions: inputs appended before they act, read back to replay."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from server.store.tables import EventRow, SessionRow

__all__ = [
    "LoggedEvent",
    "append_events",
    "event_rows",
    "load_events",
    "mark_session",
    "sample_high_water",
    "stage_events",
    "stage_rows",
    "stage_status",
    "start_wall_time",
]


@dataclass(frozen=True, slots=True)
class LoggedEvent:
    """An input as the log keeps it."""

    t: float
    kind: str
    data: dict[str, Any]
    source: str | None = None
    seq: int | None = None


async def stage_events(
    db: AsyncSession,
    session_id: str,
    events: Sequence[LoggedEvent],
    first_position: int | None = None,
) -> None:
    """Add the events to the transaction, in order, without committing it.

    A live session knows how many events it logged and passes `first_position`, saving a
    query per input; the unique position constraint still guards against two writers.
    """
    if not events:
        return
    if first_position is None:
        last = await db.scalar(
            select(func.max(EventRow.position)).where(EventRow.session_id == session_id)
        )
        first_position = 0 if last is None else last + 1
    await db.execute(insert(EventRow), event_rows(session_id, events, first_position))


def event_rows(
    session_id: str, events: Sequence[LoggedEvent], first_position: int
) -> list[dict[str, Any]]:
    """The rows of a batch, numbered from `first_position`: several sessions' batches can go
    into one insert statement together."""
    return [
        {
            "session_id": session_id,
            "position": first_position + offset,
            "t": event.t,
            "kind": event.kind,
            "source": event.source,
            "seq": event.seq,
            "data": event.data,
        }
        for offset, event in enumerate(events)
    ]


async def stage_rows(db: AsyncSession, rows: list[dict[str, Any]]) -> None:
    """Add prepared rows (from `event_rows`, any number of sessions) in one statement."""
    if rows:
        await db.execute(insert(EventRow), rows)


async def append_events(
    db: AsyncSession,
    session_id: str,
    events: Sequence[LoggedEvent],
    first_position: int | None = None,
) -> None:
    """Append in order and commit; once this returns, the events survive a crash."""
    if not events:
        return
    await stage_events(db, session_id, events, first_position)
    await db.commit()


async def load_events(db: AsyncSession, session_id: str) -> list[LoggedEvent]:
    """Every logged input of the session, in the order it acted."""
    rows = await db.execute(
        select(EventRow).where(EventRow.session_id == session_id).order_by(EventRow.position)
    )
    return [LoggedEvent(row.t, row.kind, row.data, row.source, row.seq) for row in rows.scalars()]


async def sample_high_water(db: AsyncSession, session_id: str) -> dict[str, int]:
    """The highest stored sample seq of each source."""
    rows = await db.execute(
        select(EventRow.source, func.max(EventRow.seq))
        .where(EventRow.session_id == session_id, EventRow.kind == "sample")
        .group_by(EventRow.source)
    )
    return {
        source: int(seq) for source, seq in rows.all() if source is not None and seq is not None
    }


async def mark_session(
    db: AsyncSession,
    session_id: str,
    *,
    status: str,
    started_at: dt.datetime | None = None,
    results: dict[str, Any] | None = None,
) -> None:
    """Record the session's status (and when its clock started, and its results)."""
    values: dict[str, Any] = {"status": status}
    if started_at is not None:
        values["started_at"] = started_at
    if results is not None:
        values["results"] = results
    await db.execute(update(SessionRow).where(SessionRow.id == session_id).values(**values))
    await db.commit()


async def stage_status(db: AsyncSession, session_id: str, values: dict[str, Any]) -> None:
    """Add a change of the session's row to the transaction (a start rides with its event)."""
    await db.execute(update(SessionRow).where(SessionRow.id == session_id).values(**values))


def start_wall_time(events: Sequence[LoggedEvent]) -> dt.datetime | None:
    """When the session's clock started, as its logged start says (None for older logs).

    The start is logged with the wall clock so that a process that dies between logging the
    start and marking the session running can still anchor the clock after a restart.
    """
    for event in events:
        if event.kind == "start" and isinstance(event.data.get("wall"), int | float):
            return dt.datetime.fromtimestamp(float(event.data["wall"]), dt.UTC)
    return None
