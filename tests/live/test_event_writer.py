"""The group commit: many sessions' inputs in few commits, each session's failure its own."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest
from sqlalchemy.exc import IntegrityError

from server.live import EventWriter
from server.store import Database
from server.store.athletes import create_athlete
from server.store.event_log import LoggedEvent, load_events
from server.store.sessions import create_session
from server.workouts import AthleteProfile, get_template, resolve

pytestmark = pytest.mark.asyncio


async def sessions(database: Database, count: int) -> list[str]:
    plan = resolve(get_template("6x400").workout, AthleteProfile(vdot=50)).model_dump(mode="json")
    async with database.session() as db:
        athlete, _ = await create_athlete(db, "ana")
        made = [
            await create_session(
                db, athlete.id, dt.date(2026, 11, 25), plan, workout_id=None, template=None
            )
            for _ in range(count)
        ]
    return [row.id for row in made]


def samples(first_seq: int, count: int) -> list[LoggedEvent]:
    return [
        LoggedEvent(float(n), "sample", {"hr": 150}, source="hrm", seq=n)
        for n in range(first_seq, first_seq + count)
    ]


async def test_inputs_of_many_sessions_arriving_together_share_commits(database: Database) -> None:
    ids = await sessions(database, 20)
    writer = EventWriter(database)
    await asyncio.gather(*(writer.append(sid, samples(1, 5), 0) for sid in ids))
    await asyncio.gather(*(writer.append(sid, samples(6, 5), 5) for sid in ids))
    assert writer.commits <= 4, "twenty sessions, two rounds: a few commits, not forty"
    async with database.session() as db:
        for sid in ids:
            assert [event.seq for event in await load_events(db, sid)] == list(range(1, 11))


async def test_a_conflict_in_one_session_fails_that_session_alone(database: Database) -> None:
    ids = await sessions(database, 3)
    writer = EventWriter(database)
    await writer.append(ids[0], samples(1, 2), 0)
    results = await asyncio.gather(
        writer.append(ids[0], samples(3, 1), 0),  # position 0 is taken: a second writer
        writer.append(ids[1], samples(1, 3), 0),
        writer.append(ids[2], samples(1, 3), 0),
        return_exceptions=True,
    )
    assert isinstance(results[0], IntegrityError)
    assert list(results[1:]) == [None, None]
    async with database.session() as db:
        assert [event.seq for event in await load_events(db, ids[0])] == [1, 2]
        assert len(await load_events(db, ids[1])) == 3
