"""A crash at any commit boundary of a live session, then a restart: the stored session is
what an uninterrupted run of the inputs that were committed would have stored.

The process "dies" through the store's fault-injection hook (`Database.crash_after`), right
after the named commit, so every boundary is hit on purpose and none by timing luck. Time then
passes while the server is down, past the session's planned end: the restart must finish it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable

import pytest

from server.live import Hub, LiveSession
from server.protocol import CommandMessage, SampleIn, SamplesMessage
from server.store import Database, SimulatedCrash
from server.store.athletes import create_athlete
from server.store.sessions import create_session, get_session
from server.store.tables import SessionRow
from server.workouts import AthleteProfile, parse_workout, resolve

pytestmark = pytest.mark.asyncio

# Timed, so its end is known: a 7 s count-in, rep 7-67, rest 67-127, rep 127-187, rest to 247,
# shifted by the pause.
WORKOUT = "# Timed\nMain set 2x\n- 1m I Pace\n- Rest 1m\n"
Act = Callable[[LiveSession], Awaitable[object]]


class FakeClock:
    def __init__(self) -> None:
        self.origin_monotonic = 500.0
        self.origin_wall = 1_764_057_600.0
        self.t = 0.0

    def monotonic(self) -> float:
        return self.origin_monotonic + self.t

    def wall(self) -> float:
        return self.origin_wall + self.t


def samples(first: int, count: int) -> Act:
    readings = [SampleIn(seq=first + n, hr=150 + n) for n in range(count)]
    return lambda live: live.samples(SamplesMessage(source="hrm", samples=readings))


def command(action: str) -> Act:
    return lambda live: live.command(CommandMessage(action=action))


async def tick(live: LiveSession) -> None:
    await live.tick()


SCRIPT: list[tuple[float, Act]] = [
    (0.0, command("start")),
    (12.0, samples(1, 3)),
    (30.0, lambda live: live.lap()),
    (40.0, command("pause")),
    (50.0, command("resume")),
    (60.0, samples(4, 2)),
    (300.0, tick),  # past the end: the session finishes
]
BOUNDARIES = [
    "events:start",  # the start and the session's "running" are one commit
    "events:sample",
    "events:lap",
    "events:command:pause",  # the pause and the session's "paused" are one commit
    "events:command:resume",
    "status:finished",  # reached by the clock alone: a commit of its own
]


async def new_session(database: Database, athlete_id: str) -> str:
    plan = resolve(parse_workout(WORKOUT), AthleteProfile(vdot=50))
    async with database.session() as db:
        row = await create_session(
            db,
            athlete_id,
            dt.date(2026, 12, 6),
            plan.model_dump(mode="json"),
            workout_id=None,
            template=None,
        )
    return row.id


async def run(
    database: Database,
    clock: FakeClock,
    session_id: str,
    athlete_id: str,
    script: list[tuple[float, Act]],
) -> int:
    """Play the script in a fresh process; how many inputs were committed before it died."""
    hub = Hub(database, monotonic=clock.monotonic, wall=clock.wall)
    live = await hub.get(session_id, athlete_id)
    for done, (t, act) in enumerate(script):
        clock.t = t
        try:
            await act(live)
        except SimulatedCrash:
            return done + 1  # it died right after that input's commit
    return len(script)


async def restart_later(database: Database, clock: FakeClock) -> None:
    """The server comes back long after the session's planned end."""
    clock.t = 1000.0
    hub = Hub(database, monotonic=clock.monotonic, wall=clock.wall)
    await hub.start()
    await hub.stop()


async def stored(database: Database, athlete_id: str, session_id: str) -> SessionRow:
    async with database.session() as db:
        return await get_session(db, athlete_id, session_id)


@pytest.mark.parametrize("boundary", BOUNDARIES)
async def test_a_crash_at_a_commit_boundary_recovers_to_the_uninterrupted_result(
    database: Database, boundary: str
) -> None:
    async with database.session() as db:
        athlete, _ = await create_athlete(db, "ana")
    crashed, reference = (
        await new_session(database, athlete.id),
        await new_session(database, athlete.id),
    )
    clock = FakeClock()
    database.crash_after = boundary
    committed = await run(database, clock, crashed, athlete.id, SCRIPT)
    assert database.crash_after is None, f"the script never reached {boundary}"
    clock = FakeClock()
    await run(database, clock, reference, athlete.id, SCRIPT[:committed])
    await restart_later(database, clock)
    after, expected = (
        await stored(database, athlete.id, crashed),
        await stored(database, athlete.id, reference),
    )
    # Paused before the crash, it waits paused; otherwise the time-based plan ran out.
    paused = boundary == "events:command:pause"
    assert after.status == expected.status == ("paused" if paused else "finished")
    assert after.started_at == expected.started_at is not None
    assert after.results == expected.results
    assert (after.results is None) is paused


async def test_a_session_that_ends_while_the_server_is_down_is_finished_with_results(
    database: Database,
) -> None:
    async with database.session() as db:
        athlete, _ = await create_athlete(db, "ana")
    session_id = await new_session(database, athlete.id)
    clock = FakeClock()
    await run(database, clock, session_id, athlete.id, SCRIPT[:3])  # then the process dies
    before = await stored(database, athlete.id, session_id)
    assert before.status == "running" and before.results is None
    await restart_later(database, clock)
    after = await stored(database, athlete.id, session_id)
    assert after.status == "finished" and after.results is not None
    assert [rep["seconds"] for rep in after.results["reps"]] == [60.0, 60.0]


async def test_the_start_and_running_are_one_commit(database: Database) -> None:
    async with database.session() as db:
        athlete, _ = await create_athlete(db, "ana")
    session_id = await new_session(database, athlete.id)
    database.crash_after = "events:start"  # dies right after the start's commit
    assert await run(database, FakeClock(), session_id, athlete.id, SCRIPT) == 1
    row = await stored(database, athlete.id, session_id)
    assert row.status == "running" and row.started_at is not None  # already, with the start


async def test_a_pause_and_paused_are_one_commit(database: Database) -> None:
    async with database.session() as db:
        athlete, _ = await create_athlete(db, "ana")
    session_id = await new_session(database, athlete.id)
    database.crash_after = "events:command:pause"
    assert await run(database, FakeClock(), session_id, athlete.id, SCRIPT) == 4
    assert (await stored(database, athlete.id, session_id)).status == "paused"
