"""Activities from watch files: the summary in columns, the model in JSON, the records apart.

Records are kept column by column (one list of times, one of distances, one of heart rates...)
as zlib-compressed JSON: a 25,000-record run is a few hundred kilobytes instead of megabytes of
per-record objects, and it is read only when someone asks for the records.
"""

from __future__ import annotations

import datetime as dt
import json
import zlib
from collections.abc import Sequence
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from server.files.activity import Activity, Record
from server.store.ids import new_id, utcnow
from server.store.owned import get_owned, owned_rows
from server.store.tables import ActivityRecords, ActivityRow

__all__ = [
    "MATCH_WINDOW",
    "activity_of",
    "add_activity",
    "decode_records",
    "delete_activity",
    "encode_records",
    "get_activity",
    "list_activities",
    "load_records",
    "nearby_activities",
    "record_count",
    "replace_activity",
]

MATCH_WINDOW = dt.timedelta(seconds=60)
"""Two recordings of one run start within this of each other (watch and phone, FIT and GPX)."""

_CHANNELS = ("distance_m", "speed_mps", "heart_rate", "cadence_spm", "lat", "lon", "altitude_m")
_FORMAT = 1


def encode_records(records: Sequence[Record]) -> bytes:
    """The records as compressed columns; a channel no record has is left out."""
    if not records:
        return zlib.compress(json.dumps({"v": _FORMAT, "start": None, "t": []}).encode())
    start = records[0].time
    columns: dict[str, Any] = {
        "v": _FORMAT,
        "start": start.isoformat(),
        "t": [round((record.time - start).total_seconds(), 3) for record in records],
    }
    for channel in _CHANNELS:
        values = [getattr(record, channel) for record in records]
        if any(value is not None for value in values):
            columns[channel] = values
    return zlib.compress(json.dumps(columns, separators=(",", ":")).encode(), 6)


def decode_records(data: bytes) -> list[Record]:
    """The records `encode_records` kept, in order."""
    columns = json.loads(zlib.decompress(data))
    if not columns["t"]:
        return []
    start = dt.datetime.fromisoformat(columns["start"])
    present = [channel for channel in _CHANNELS if channel in columns]
    return [
        Record(
            time=start + dt.timedelta(seconds=offset),
            **{channel: columns[channel][index] for channel in present},
        )
        for index, offset in enumerate(columns["t"])
    ]


def _document(activity: Activity) -> dict[str, Any]:
    return activity.model_dump(mode="json", exclude={"records"})


def activity_of(row: ActivityRow, records: Sequence[Record] = ()) -> Activity:
    """The activity model a row keeps, with the records when they are given."""
    return Activity.model_validate({**row.document, "records": list(records)})


def _summarize(row: ActivityRow, activity: Activity, formats: list[str]) -> None:
    row.sport = activity.sport.value
    row.start = activity.start
    row.distance_m = activity.distance_m
    row.timer_s = activity.timer_s
    row.elapsed_s = activity.elapsed_s
    row.file_id = activity.file_id
    row.formats = formats
    row.document = _document(activity)
    row.updated_at = utcnow()


async def add_activity(db: AsyncSession, owner: str, activity: Activity) -> ActivityRow:
    """Add an activity and its records to the transaction (the caller commits)."""
    now = utcnow()
    row = ActivityRow(id=new_id(), athlete_id=owner, created_at=now)
    _summarize(row, activity, [activity.format])
    db.add(row)
    await db.flush()
    db.add(
        ActivityRecords(
            activity_id=row.id, count=len(activity.records), data=encode_records(activity.records)
        )
    )
    return row


async def replace_activity(
    db: AsyncSession, row: ActivityRow, activity: Activity, formats: list[str], *, records: bool
) -> None:
    """Put an enriched activity in place of what the row kept, its records too when `records`
    (the caller commits)."""
    _summarize(row, activity, formats)
    if not records:
        return
    await db.execute(delete(ActivityRecords).where(ActivityRecords.activity_id == row.id))
    db.add(
        ActivityRecords(
            activity_id=row.id, count=len(activity.records), data=encode_records(activity.records)
        )
    )


async def get_activity(db: AsyncSession, owner: str, activity_id: str) -> ActivityRow:
    """One of the owner's activities, or NotFound."""
    return await get_owned(db, ActivityRow, activity_id, owner, "activity")


async def load_records(db: AsyncSession, activity_id: str) -> list[Record]:
    """An activity's records (call only with the id of an activity already read as its owner)."""
    found = await db.get(ActivityRecords, activity_id)
    return decode_records(found.data) if found is not None else []


async def record_count(db: AsyncSession, activity_id: str) -> int:
    """How many records an activity has, without reading them."""
    statement = select(ActivityRecords.count).where(ActivityRecords.activity_id == activity_id)
    return int((await db.execute(statement)).scalar_one_or_none() or 0)


async def list_activities(
    db: AsyncSession, owner: str, first: dt.datetime | None, last: dt.datetime | None
) -> list[ActivityRow]:
    """The owner's activities starting in [first, last), newest first."""
    statement = owned_rows(ActivityRow, owner)
    if first is not None:
        statement = statement.where(ActivityRow.start >= first)
    if last is not None:
        statement = statement.where(ActivityRow.start < last)
    statement = statement.order_by(ActivityRow.start.desc(), ActivityRow.id)
    return list((await db.execute(statement)).scalars())


async def nearby_activities(
    db: AsyncSession, owner: str, start: dt.datetime, file_id: str | None
) -> list[ActivityRow]:
    """The owner's activities that could be this one: the same FIT file id, or a start within
    `MATCH_WINDOW`; whether they are is for the caller to judge."""
    near = (ActivityRow.start >= start - MATCH_WINDOW) & (ActivityRow.start <= start + MATCH_WINDOW)
    condition = near if file_id is None else near | (ActivityRow.file_id == file_id)
    statement = owned_rows(ActivityRow, owner).where(condition).order_by(ActivityRow.start)
    return list((await db.execute(statement)).scalars())


async def delete_activity(db: AsyncSession, owner: str, activity_id: str) -> None:
    """Delete an activity and its records; uploads of it stay, pointing nowhere."""
    row = await get_activity(db, owner, activity_id)
    await db.delete(row)
    await db.commit()
