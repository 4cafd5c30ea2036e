"""The training log: how a day or a session felt."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from server.store.ids import new_id, utcnow
from server.store.owned import get_owned, owned_rows
from server.store.tables import LogEntry

__all__ = ["add_log_entry", "delete_log_entry", "get_log_entry", "list_log"]


async def add_log_entry(
    db: AsyncSession,
    owner: str,
    day: dt.date,
    *,
    session_id: str | None,
    rpe: int | None,
    soreness: list[dict[str, Any]],
    feelings: str | None,
    notes: str | None,
) -> LogEntry:
    """Record an entry (the caller has checked the session is the owner's)."""
    entry = LogEntry(
        id=new_id(),
        athlete_id=owner,
        day=day,
        session_id=session_id,
        rpe=rpe,
        soreness=soreness,
        feelings=feelings,
        notes=notes,
        created_at=utcnow(),
    )
    db.add(entry)
    await db.commit()
    return entry


async def get_log_entry(db: AsyncSession, owner: str, entry_id: str) -> LogEntry:
    """One entry, or NotFound."""
    return await get_owned(db, LogEntry, entry_id, owner, "log entry")


async def list_log(db: AsyncSession, owner: str, first: dt.date, last: dt.date) -> list[LogEntry]:
    """Entries between two dates, by date."""
    statement = (
        owned_rows(LogEntry, owner)
        .where(LogEntry.day >= first, LogEntry.day <= last)
        .order_by(LogEntry.day, LogEntry.created_at, LogEntry.id)
    )
    return list((await db.execute(statement)).scalars())


async def delete_log_entry(db: AsyncSession, owner: str, entry_id: str) -> None:
    """Remove an entry."""
    await db.delete(await get_log_entry(db, owner, entry_id))
    await db.commit()
