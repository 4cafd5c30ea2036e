"""Storage on real SQLite and PostgreSQL: migrations, ownership, credentials."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import inspect, select, text

from server.store import Conflict, Database, NotFound, open_database
from server.store.athletes import (
    authenticate,
    create_athlete,
    principal_for_token,
    revoke_token,
)
from server.store.credentials import normalize_pairing_code
from server.store.devices import (
    create_pairing_code,
    list_devices,
    redeem_pairing_code,
    revoke_device,
)
from server.store.plans import add_plan_entry, list_plan
from server.store.tables import Token
from server.store.workouts import create_workout, get_workout, list_workouts
from tests.databases import database_url

pytestmark = pytest.mark.asyncio


async def test_migrations_create_every_table(database: Database) -> None:
    async with database.engine.connect() as connection:
        names = await connection.run_sync(lambda sync: set(inspect(sync).get_table_names()))
    assert {
        "athletes",
        "tokens",
        "workouts",
        "plan_entries",
        "sessions",
        "log_entries",
        "devices",
        "pairing_codes",
        "alembic_version",
    } <= names


async def test_migrations_rerun_on_a_database_holding_data_keep_it(database: Database) -> None:
    async with database.session() as db:
        athlete, _ = await create_athlete(db, "ana", "correct horse")
        await create_workout(db, athlete.id, "easy", {"items": []})
    await database.upgrade()
    await database.downgrade("base")
    await database.upgrade()
    async with database.session() as db:
        assert await list_workouts(db, athlete.id) == []  # the downgrade dropped the tables
        athlete, _ = await create_athlete(db, "ana", "correct horse")
    await database.upgrade()  # at head already: nothing changes, nothing is lost
    async with database.session() as db:
        assert await authenticate(db, "ana", "correct horse") is not None


async def test_another_athletes_workout_is_not_found(database: Database) -> None:
    async with database.session() as db:
        ana, _ = await create_athlete(db, "ana")
        ben, _ = await create_athlete(db, "ben")
        row = await create_workout(db, ana.id, "6x400", {"items": []})
        assert (await get_workout(db, ana.id, row.id)).name == "6x400"
        with pytest.raises(NotFound):
            await get_workout(db, ben.id, row.id)
        assert await list_workouts(db, ben.id) == []


async def test_names_are_unique(database: Database) -> None:
    async with database.session() as db:
        await create_athlete(db, "ana")
        with pytest.raises(Conflict, match="taken"):
            await create_athlete(db, "ana")


async def test_tokens_are_stored_hashed_and_stop_working_when_revoked(database: Database) -> None:
    async with database.session() as db:
        ana, token = await create_athlete(db, "ana", "pw")
        stored = (await db.execute(select(Token.token_hash))).scalars().all()
        assert token not in stored and all(len(value) == 64 for value in stored)
        principal = await principal_for_token(db, token)
        assert principal is not None and principal.athlete_id == ana.id
        await revoke_token(db, principal)
        assert await principal_for_token(db, token) is None
        assert await authenticate(db, "ana", "wrong") is None
        assert await authenticate(db, "nobody", "pw") is None


async def test_a_pairing_code_pairs_one_device_once(database: Database) -> None:
    async with database.session() as db:
        ana, _ = await create_athlete(db, "ana")
        code, expires = await create_pairing_code(db, ana.id, "track bridge", 600)
        assert normalize_pairing_code(code.lower().replace("-", " ")) == code
        assert expires > dt.datetime.now(dt.UTC)
        paired = await redeem_pairing_code(db, code)
        assert paired is not None
        device, token = paired
        assert await redeem_pairing_code(db, code) is None  # used
        principal = await principal_for_token(db, token)
        assert principal is not None and principal.kind == "device"
        assert [d.id for d in await list_devices(db, ana.id)] == [device.id]
        await revoke_device(db, ana.id, device.id)
        assert await principal_for_token(db, token) is None


async def test_an_expired_pairing_code_pairs_nothing(database: Database) -> None:
    async with database.session() as db:
        ana, _ = await create_athlete(db, "ana")
        code, _ = await create_pairing_code(db, ana.id, "bridge", 60)
        await db.execute(
            text("UPDATE pairing_codes SET expires_at = :past"),
            {"past": dt.datetime(2000, 1, 1, tzinfo=dt.UTC)},
        )
        await db.commit()
        assert await redeem_pairing_code(db, code) is None


async def test_the_plan_lists_a_week_in_date_order(database: Database) -> None:
    async with database.session() as db:
        ana, _ = await create_athlete(db, "ana")
        monday = dt.date(2026, 11, 23)
        for offset in (3, 0, 8):
            await add_plan_entry(
                db,
                ana.id,
                monday + dt.timedelta(days=offset),
                workout_id=None,
                template="6x400",
                note=None,
            )
        week = await list_plan(db, ana.id, monday, monday + dt.timedelta(days=6))
        assert [entry.day for entry in week] == [monday, monday + dt.timedelta(days=3)]


async def test_the_event_log_keeps_order_and_refuses_a_sample_twice(database: Database) -> None:
    from sqlalchemy.exc import IntegrityError

    from server.store.event_log import LoggedEvent, append_events, load_events, sample_high_water
    from server.store.sessions import create_session

    async with database.session() as db:
        ana, _ = await create_athlete(db, "ana")
        session = await create_session(
            db, ana.id, dt.date(2026, 11, 25), {}, workout_id=None, template="6x400"
        )
        start = LoggedEvent(0.0, "start", {})
        samples = [
            LoggedEvent(1.0 + n, "sample", {"hr": 120 + n}, source="hrm", seq=n + 1)
            for n in range(3)
        ]
        await append_events(db, session.id, [start, *samples[:2]])
        await append_events(db, session.id, samples[2:])
        assert await load_events(db, session.id) == [start, *samples]
        assert await sample_high_water(db, session.id) == {"hrm": 3}
        with pytest.raises(IntegrityError):
            await append_events(db, session.id, [samples[0]])


async def test_an_upgrade_keeps_what_the_previous_schema_held(tmp_path: Path) -> None:
    async with database_url("sqlite", tmp_path) as url:
        database = await open_database(url, migrate=False)
        try:
            await database.upgrade("0001")
            async with database.engine.begin() as connection:
                await connection.execute(
                    text(
                        "INSERT INTO athletes (id, name, profile, created_at)"
                        " VALUES ('a1', 'ana', '{}', '2026-11-25 08:00:00')"
                    )
                )
                await connection.execute(
                    text(
                        "INSERT INTO sessions (id, athlete_id, day, template, status, snapshot,"
                        " created_at) VALUES ('s1', 'a1', '2026-11-25', '6x400', 'ready', '{}',"
                        " '2026-11-25 08:00:00')"
                    )
                )
            await database.upgrade()
            async with database.session() as db:
                from server.store.sessions import get_session

                session = await get_session(db, "a1", "s1")
                assert session.template == "6x400" and session.started_at is None
        finally:
            await database.close()
