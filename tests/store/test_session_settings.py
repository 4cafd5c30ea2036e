"""Sessions keep the settings they were created with, on SQLite and PostgreSQL, and sessions
stored before migration 0003 read as run with the engine's defaults."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import inspect, text, update

from server.engine import CuePreferences, EngineSettings, Units, Venue
from server.store import Database
from server.store.athletes import create_athlete
from server.store.sessions import KEPT_SETTINGS, create_session, get_session, session_settings
from server.store.tables import SessionRow
from server.store.workouts import create_workout, get_workout

pytestmark = pytest.mark.asyncio

DAY = dt.date(2026, 12, 8)
ROAD_IN_MILES = EngineSettings(
    units=Units.MILE, venue=Venue.ROAD, cues=CuePreferences(voice=False, countdown_buzz=False)
)


async def session_columns(database: Database) -> set[str]:
    async with database.engine.connect() as connection:
        columns = await connection.run_sync(lambda sync: inspect(sync).get_columns("sessions"))
    return {column["name"] for column in columns}


async def test_a_session_reads_back_the_settings_it_was_created_with(database: Database) -> None:
    async with database.session() as db:
        ana, _ = await create_athlete(db, "ana")
        made = await create_session(
            db, ana.id, DAY, {}, workout_id=None, template="6x400", settings=ROAD_IN_MILES
        )
    async with database.session() as db:
        row = await get_session(db, ana.id, made.id)
        assert session_settings(row) == ROAD_IN_MILES


async def test_only_what_the_athlete_chose_is_stored_not_the_engines_tunings(
    database: Database,
) -> None:
    tuned = ROAD_IN_MILES.model_copy(update={"lead_in_s": 7})
    async with database.session() as db:
        ana, _ = await create_athlete(db, "ana")
        made = await create_session(
            db, ana.id, DAY, {}, workout_id=None, template="6x400", settings=tuned
        )
    async with database.session() as db:
        row = await get_session(db, ana.id, made.id)
        assert row.settings is not None and set(row.settings) == KEPT_SETTINGS
        assert session_settings(row).lead_in_s == EngineSettings().lead_in_s


async def test_a_session_made_without_settings_keeps_the_defaults_written_out(
    database: Database,
) -> None:
    async with database.session() as db:
        ana, _ = await create_athlete(db, "ana")
        made = await create_session(db, ana.id, DAY, {}, workout_id=None, template="6x400")
    async with database.session() as db:
        row = await get_session(db, ana.id, made.id)
        defaults = {"units": "km", "venue": "track", "cues": CuePreferences().model_dump()}
        assert row.settings == defaults
        assert session_settings(row) == EngineSettings()


async def test_a_row_without_settings_gives_the_engine_defaults(database: Database) -> None:
    async with database.session() as db:
        ana, _ = await create_athlete(db, "ana")
        made = await create_session(
            db, ana.id, DAY, {}, workout_id=None, template="6x400", settings=ROAD_IN_MILES
        )
        await db.execute(update(SessionRow).where(SessionRow.id == made.id).values(settings=None))
        await db.commit()
    async with database.session() as db:
        row = await get_session(db, ana.id, made.id)
        assert row.settings is None and session_settings(row) == EngineSettings()


async def test_migration_0003_adds_settings_and_its_downgrade_takes_only_them_away(
    database: Database,
) -> None:
    await database.downgrade("0002")
    assert "settings" not in await session_columns(database)
    async with database.engine.begin() as connection:  # a session as 0002 stored it
        await connection.execute(
            text(
                "INSERT INTO athletes (id, name, profile, created_at)"
                " VALUES ('a1', 'ana', '{}', '2026-11-25 08:00:00+00')"
            )
        )
        await connection.execute(
            text(
                "INSERT INTO sessions (id, athlete_id, day, template, status, snapshot,"
                " created_at) VALUES ('old', 'a1', '2026-11-25', '6x400', 'ready', '{}',"
                " '2026-11-25 08:00:00+00')"
            )
        )
    await database.upgrade()
    assert "settings" in await session_columns(database)
    async with database.session() as db:
        old = await get_session(db, "a1", "old")
        assert old.settings is None and session_settings(old) == EngineSettings()
        await create_session(
            db, "a1", DAY, {}, workout_id=None, template="6x400", settings=ROAD_IN_MILES
        )
    await database.downgrade("0002")
    assert "settings" not in await session_columns(database)
    async with database.engine.connect() as connection:
        kept = (await connection.execute(text("SELECT count(*) FROM sessions"))).scalar_one()
    assert kept == 2  # the sessions stay; only what 0003 added goes
    await database.upgrade()
    async with database.session() as db:
        old = await get_session(db, "a1", "old")
        assert session_settings(old) == EngineSettings()


async def test_migration_0004_keeps_a_workouts_warnings_and_older_workouts_read_without(
    database: Database,
) -> None:
    await database.downgrade("0003")
    async with database.engine.begin() as connection:  # a workout as 0003 stored it
        await connection.execute(
            text(
                "INSERT INTO athletes (id, name, profile, created_at)"
                " VALUES ('a1', 'ana', '{}', '2026-11-25 08:00:00+00')"
            )
        )
        await connection.execute(
            text(
                "INSERT INTO workouts (id, athlete_id, name, definition, created_at, updated_at)"
                " VALUES ('w1', 'a1', 'Old', '{}', '2026-11-25 08:00:00+00',"
                " '2026-11-25 08:00:00+00')"
            )
        )
    await database.upgrade()
    async with database.session() as db:
        old = await get_workout(db, "a1", "w1")
        assert old.warnings is None
        new = await create_workout(db, "a1", "New", {}, ["line 2: 400m is 400 minutes"])
        assert (await get_workout(db, "a1", new.id)).warnings == ["line 2: 400m is 400 minutes"]
    await database.downgrade("0003")
    await database.upgrade()
