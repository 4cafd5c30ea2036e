"""The plan: workouts scheduled on dates."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.ext.asyncio import AsyncSession

from server.store.ids import new_id, utcnow
from server.store.owned import get_owned, owned_rows
from server.store.tables import PlanEntry

__all__ = ["add_plan_entry", "delete_plan_entry", "get_plan_entry", "list_plan"]


async def add_plan_entry(
    db: AsyncSession,
    owner: str,
    day: dt.date,
    *,
    workout_id: str | None,
    template: str | None,
    note: str | None,
) -> PlanEntry:
    """Schedule a workout (the caller has checked the workout is the owner's)."""
    entry = PlanEntry(
        id=new_id(),
        athlete_id=owner,
        day=day,
        workout_id=workout_id,
        template=template,
        note=note,
        created_at=utcnow(),
    )
    db.add(entry)
    await db.commit()
    return entry


async def get_plan_entry(db: AsyncSession, owner: str, entry_id: str) -> PlanEntry:
    """One plan entry, or NotFound."""
    return await get_owned(db, PlanEntry, entry_id, owner, "plan entry")


async def list_plan(db: AsyncSession, owner: str, first: dt.date, last: dt.date) -> list[PlanEntry]:
    """Entries from `first` to `last` inclusive, by date."""
    statement = (
        owned_rows(PlanEntry, owner)
        .where(PlanEntry.day >= first, PlanEntry.day <= last)
        .order_by(PlanEntry.day, PlanEntry.created_at, PlanEntry.id)
    )
    return list((await db.execute(statement)).scalars())


async def delete_plan_entry(db: AsyncSession, owner: str, entry_id: str) -> None:
    """Unschedule."""
    await db.delete(await get_plan_entry(db, owner, entry_id))
    await db.commit()
