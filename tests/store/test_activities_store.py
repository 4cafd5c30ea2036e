"""Activities and uploads in the store: records kept compactly and read back exactly, the
migration that adds them undone and redone, and every query scoped to its owner."""

from __future__ import annotations

import datetime as dt
import math

import pytest
from sqlalchemy import inspect

from server.files.activity import Activity, Record, Sport
from server.files.read import read_activity
from server.store import Database, NotFound
from server.store.activities import (
    activity_of,
    add_activity,
    decode_records,
    encode_records,
    get_activity,
    list_activities,
    load_records,
    nearby_activities,
)
from server.store.athletes import create_athlete
from server.store.uploads import finish_upload, imported_copy, new_upload
from tests.api.uploading import FR110_RUN, real_file

START = dt.datetime(2026, 11, 24, 7, 0, tzinfo=dt.UTC)


def long_run(count: int) -> list[Record]:
    """A record a second for `count` seconds, every channel a watch with GPS writes."""
    return [
        Record(
            time=START + dt.timedelta(seconds=t),
            distance_m=round(3.1 * t, 2),
            speed_mps=round(3.1 + 0.2 * math.sin(t / 30), 3),
            heart_rate=130 + t % 40,
            cadence_spm=float(88 + t % 4),
            lat=round(46.05 + 0.00001 * math.sin(t / 100), 7),
            lon=round(14.5 + 0.00001 * math.cos(t / 100), 7),
            altitude_m=round(300 + 5 * math.sin(t / 500), 1),
        )
        for t in range(count)
    ]


def test_a_watchs_records_are_read_back_exactly() -> None:
    records = read_activity(real_file(FR110_RUN)).records
    assert decode_records(encode_records(records)) == records
    assert decode_records(encode_records([])) == []


def test_a_25000_record_run_is_kept_in_well_under_a_megabyte() -> None:
    records = long_run(25_000)
    kept = encode_records(records)
    assert len(kept) < 1_000_000, len(kept)
    assert decode_records(kept) == records


@pytest.mark.asyncio
async def test_migration_0005_adds_activities_and_uploads_and_its_downgrade_removes_them(
    database: Database,
) -> None:
    async def tables() -> set[str]:
        async with database.engine.connect() as connection:
            return await connection.run_sync(lambda sync: set(inspect(sync).get_table_names()))

    added = {"activities", "activity_records", "uploads"}
    assert added <= await tables()
    await database.downgrade("0004")
    assert not added & await tables()
    await database.upgrade()
    assert added <= await tables()


@pytest.mark.asyncio
async def test_activities_are_their_owners_only(database: Database) -> None:
    run = read_activity(real_file(FR110_RUN))
    async with database.session() as db:
        ana, _ = await create_athlete(db, "ana")
        ben, _ = await create_athlete(db, "ben")
        row = await add_activity(db, ana.id, run)
        upload = new_upload(
            ana.id, sha256="a" * 64, size=1, filename=None, idempotency_key=None, answer_status=201
        )
        finish_upload(upload, "imported", activity_id=row.id)
        db.add(upload)
        await db.commit()
        assert activity_of(await get_activity(db, ana.id, row.id)) == run.model_copy(
            update={"records": []}
        )
        assert await load_records(db, row.id) == run.records
        with pytest.raises(NotFound):
            await get_activity(db, ben.id, row.id)
        assert await list_activities(db, ben.id, None, None) == []
        assert await nearby_activities(db, ben.id, run.start, run.file_id) == []
        assert [r.id for r in await nearby_activities(db, ana.id, run.start, None)] == [row.id]
        assert await imported_copy(db, ben.id, "a" * 64) is None
        assert (await imported_copy(db, ana.id, "a" * 64)) is not None


@pytest.mark.asyncio
async def test_a_run_is_near_another_by_its_file_id_whatever_its_start(database: Database) -> None:
    run = Activity(format="fit", sport=Sport.RUNNING, start=START, file_id="garmin:1:2")
    async with database.session() as db:
        ana, _ = await create_athlete(db, "ana")
        row = await add_activity(db, ana.id, run)
        await db.commit()
        later = START + dt.timedelta(hours=3)
        assert [r.id for r in await nearby_activities(db, ana.id, later, "garmin:1:2")] == [row.id]
        assert await nearby_activities(db, ana.id, later, None) == []
