"""Storage of the training loop: hand-logged runs, the race calendar, the season, workout
versions and plan entries swapped to another venue. Every read goes through the owner."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession

from server.files.activity import Activity
from server.store.activities import encode_records
from server.store.ids import new_id, utcnow
from server.store.owned import get_owned, owned_rows
from server.store.tables import ActivityRecords, ActivityRow, PlanEntry, SessionRow, WorkoutRow
from server.store.training_tables import RaceRow, SeasonRow

__all__ = [
    "add_manual_run",
    "add_race",
    "delete_race",
    "delete_season",
    "finished_sessions_of",
    "get_season",
    "list_races",
    "new_workout_row",
    "next_version",
    "put_season",
    "season_entries",
    "swap_plan_entry",
]

MANUAL_START = dt.time(12, 0)
"""A hand-logged run has a day, not a time: it is dated at noon UTC, which falls on that
calendar day in every time zone from UTC-11 to UTC+11."""


def new_workout_row(
    owner: str, name: str, definition: dict[str, Any], season_id: str | None, now: dt.datetime
) -> WorkoutRow:
    """A workout the coach made (for a season, or a substitute), not yet added to the session:
    its name cut to the column's width, no warnings, version 1."""
    return WorkoutRow(
        id=new_id(),
        athlete_id=owner,
        name=name[:200],
        definition=definition,
        warnings=[],
        version=1,
        season_id=season_id,
        created_at=now,
        updated_at=now,
    )


async def add_manual_run(
    db: AsyncSession, owner: str, day: dt.date, activity: Activity, rpe: int | None
) -> ActivityRow:
    """Store a run logged by hand: an activity row with no file (`formats` is empty)."""
    now = utcnow()
    row = ActivityRow(
        id=new_id(),
        athlete_id=owner,
        sport=activity.sport.value,
        start=activity.start,
        distance_m=activity.distance_m,
        timer_s=activity.timer_s,
        elapsed_s=activity.elapsed_s,
        file_id=None,
        formats=[],
        document=activity.model_dump(mode="json", exclude={"records"}),
        source="manual",
        day=day,
        rpe=rpe,
        created_at=now,
        updated_at=now,
    )
    db.add(row)
    await db.flush()
    db.add(ActivityRecords(activity_id=row.id, count=0, data=encode_records([])))
    await db.commit()
    return row


async def add_race(
    db: AsyncSession, owner: str, day: dt.date, distance_m: float, name: str | None
) -> RaceRow:
    """Put a race on the calendar."""
    row = RaceRow(
        id=new_id(),
        athlete_id=owner,
        day=day,
        distance_m=distance_m,
        name=name,
        created_at=utcnow(),
    )
    db.add(row)
    await db.commit()
    return row


async def list_races(
    db: AsyncSession, owner: str, first: dt.date | None = None, last: dt.date | None = None
) -> list[RaceRow]:
    """The owner's races by day, within [first, last] when given."""
    statement = owned_rows(RaceRow, owner)
    if first is not None:
        statement = statement.where(RaceRow.day >= first)
    if last is not None:
        statement = statement.where(RaceRow.day <= last)
    return list((await db.execute(statement.order_by(RaceRow.day, RaceRow.id))).scalars())


async def delete_race(db: AsyncSession, owner: str, race_id: str) -> None:
    """Take a race off the calendar (a season to it keeps its plan)."""
    await db.delete(await get_owned(db, RaceRow, race_id, owner, "race"))
    await db.commit()


async def get_season(db: AsyncSession, owner: str) -> SeasonRow | None:
    """The owner's season, if there is one."""
    return (await db.execute(owned_rows(SeasonRow, owner))).scalar_one_or_none()


async def season_entries(db: AsyncSession, owner: str, season_id: str) -> dict[str, PlanEntry]:
    """The plan entries a season made that are still there, by id, in one query."""
    statement = owned_rows(PlanEntry, owner).where(PlanEntry.season_id == season_id)
    return {row.id: row for row in (await db.execute(statement)).scalars()}


async def delete_season(db: AsyncSession, owner: str) -> bool:
    """Remove the season with its plan entries, workouts and race; False when there was none."""
    season = await get_season(db, owner)
    if season is None:
        return False
    await _drop_season(db, owner, season)
    await db.commit()
    return True


async def _drop_season(db: AsyncSession, owner: str, season: SeasonRow) -> None:
    for model in (PlanEntry, WorkoutRow):
        await db.execute(
            delete(model).where(model.athlete_id == owner, model.season_id == season.id)
        )
    if season.race_id is not None:
        await db.execute(
            delete(RaceRow).where(RaceRow.athlete_id == owner, RaceRow.id == season.race_id)
        )
    await db.delete(season)
    await db.flush()


async def put_season(
    db: AsyncSession,
    owner: str,
    request: dict[str, Any],
    race: tuple[dt.date, float, str],
    entries: list[tuple[dt.date, str, dict[str, Any], str]],
) -> tuple[SeasonRow, list[str | None]]:
    """Replace the season: its race, one workout per distinct text, a plan entry per day.

    `entries` are (day, name, workout definition, note); the answer has the plan entry id of
    each in order. The plan JSON is the caller's to set before it commits."""
    old = await get_season(db, owner)
    if old is not None:
        await _drop_season(db, owner, old)
    now = utcnow()
    race_row = RaceRow(
        id=new_id(), athlete_id=owner, day=race[0], distance_m=race[1], name=race[2], created_at=now
    )
    season = SeasonRow(
        id=new_id(),
        athlete_id=owner,
        request=request,
        plan={},
        race_id=race_row.id,
        created_at=now,
        updated_at=now,
    )
    db.add_all([race_row, season])
    workouts: dict[str, str] = {}
    keys: list[str] = []
    for _, name, definition, _ in entries:
        key = repr(sorted(definition.items()))
        keys.append(key)
        if key not in workouts:
            workout = new_workout_row(owner, name, definition, season.id, now)
            db.add(workout)
            workouts[key] = workout.id
    await db.flush()  # the workouts before the entries that point at them
    ids: list[str | None] = []
    for (day, _, _, note), key in zip(entries, keys, strict=True):
        entry = PlanEntry(
            id=new_id(),
            athlete_id=owner,
            day=day,
            workout_id=workouts[key],
            template=None,
            note=note or None,
            season_id=season.id,
            created_at=now,
        )
        db.add(entry)
        ids.append(entry.id)
    await db.flush()
    return season, ids


async def next_version(
    db: AsyncSession, owner: str, workout_id: str, name: str, definition: dict[str, Any]
) -> WorkoutRow:
    """Save an accepted suggestion as the workout's next version (its sessions keep theirs)."""
    row = await get_owned(db, WorkoutRow, workout_id, owner, "workout")
    row.name = name[:200]
    row.definition = definition
    row.warnings = []
    row.version = (row.version or 1) + 1
    row.updated_at = utcnow()
    await db.commit()
    return row


async def swap_plan_entry(
    db: AsyncSession, owner: str, entry_id: str, workout: WorkoutRow, venue: str
) -> PlanEntry:
    """Point a plan entry at a substituted workout (added in this transaction) on `venue`."""
    entry = await get_owned(db, PlanEntry, entry_id, owner, "plan entry")
    db.add(workout)
    await db.flush()
    entry.workout_id = workout.id
    entry.template = None
    entry.venue = venue
    await db.commit()
    return entry


async def finished_sessions_of(
    db: AsyncSession, owner: str, workout_id: str | None, template: str | None, limit: int = 200
) -> list[SessionRow]:
    """The owner's finished sessions of one workout (or built-in), the latest `limit` by day."""
    statement = owned_rows(SessionRow, owner).where(SessionRow.status == "finished")
    if workout_id is not None:
        statement = statement.where(SessionRow.workout_id == workout_id)
    else:
        statement = statement.where(SessionRow.template == template)
    statement = statement.order_by(SessionRow.day.desc(), SessionRow.created_at.desc())
    rows = list((await db.execute(statement.limit(limit))).scalars())
    rows.reverse()
    return rows
