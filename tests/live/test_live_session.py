"""A live session on a real database with a hand-moved clock: log first, then act; recovery."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt

import pytest

from server.live import Client, Hub, LiveSession, Scheduler
from server.protocol import (
    CommandMessage,
    ProtocolError,
    Role,
    SampleIn,
    SamplesMessage,
    ServerMessage,
    decode_server,
)
from server.store import Database
from server.store.athletes import create_athlete
from server.store.event_log import load_events
from server.store.sessions import create_session, get_session
from server.workouts import AthleteProfile, parse_workout, resolve

pytestmark = pytest.mark.asyncio

WORKOUT = "# Short\nMain set 2x\n- 400mtr I Pace\n- Rest 60s\n"


class FakeClock:
    def __init__(self) -> None:
        self.monotonic = 1000.0
        self.wall = 1_764_057_600.0

    def advance(self, seconds: float) -> None:
        self.monotonic += seconds
        self.wall += seconds


async def new_session(database: Database) -> tuple[str, str]:
    async with database.session() as db:
        athlete, _ = await create_athlete(db, "ana")
    return athlete.id, await add_session(database, athlete.id)


async def add_session(database: Database, athlete_id: str) -> str:
    """Another session of the same workout for the athlete."""
    plan = resolve(parse_workout(WORKOUT), AthleteProfile(vdot=50))
    async with database.session() as db:
        row = await create_session(
            db,
            athlete_id,
            dt.date(2026, 11, 25),
            plan.model_dump(mode="json"),
            workout_id=None,
            template=None,
        )
    return row.id


async def live_for(
    database: Database,
    clock: FakeClock,
    session_id: str,
    athlete_id: str,
    *,
    clock_rate: float = 1.0,
) -> LiveSession:
    async with database.session() as db:
        row = await get_session(db, athlete_id, session_id)
    from server.workouts import ResolvedWorkout

    live = LiveSession(
        row.id,
        athlete_id,
        ResolvedWorkout.model_validate(row.snapshot),
        database,
        monotonic=lambda: clock.monotonic,
        wall=lambda: clock.wall,
        clock_rate=clock_rate,
    )
    await live.restore(row.started_at)
    return live


def frames(client: Client) -> list[ServerMessage]:
    return [decode_server(frame) for frame in client.outbox.drain()]


async def test_a_started_session_counts_in_and_announces_the_rep_ahead(database: Database) -> None:
    clock = FakeClock()
    athlete_id, session_id = await new_session(database)
    live = await live_for(database, clock, session_id, athlete_id)
    phone = Client(Role.PHONE)
    live.clients.add(phone)
    await live.command(CommandMessage(action="start"))
    sent = frames(phone)
    cues = [cue for message in sent if message.type == "cues" for cue in message.cues]
    assert [cue.text for cue in cues if cue.kind == "preview"] == [
        "Next, rep 1 of 2: 400 metres in 94 seconds."
    ]
    assert [cue.text for cue in cues if cue.kind == "countdown"] == ["3", "2", "1"]
    assert any(cue.kind == "step_start" and cue.due == 7.0 and cue.text == "Go." for cue in cues)
    async with database.session() as db:
        assert [event.kind for event in await load_events(db, session_id)] == ["start"]
        assert (await get_session(db, athlete_id, session_id)).status == "running"


async def test_samples_are_acknowledged_once_stored_and_duplicates_only_acknowledged(
    database: Database,
) -> None:
    clock = FakeClock()
    athlete_id, session_id = await new_session(database)
    live = await live_for(database, clock, session_id, athlete_id)
    await live.command(CommandMessage(action="start"))
    clock.advance(5)
    batch = SamplesMessage(source="hrm", samples=[SampleIn(seq=n, hr=150) for n in (1, 2, 3)])
    assert await live.samples(batch) == 3
    assert await live.samples(batch) == 3  # a resend after a reconnect
    with pytest.raises(ProtocolError, match="expected seq 4"):
        await live.samples(SamplesMessage(source="hrm", samples=[SampleIn(seq=6, hr=150)]))
    async with database.session() as db:
        stored = [
            event.seq for event in await load_events(db, session_id) if event.kind == "sample"
        ]
    assert stored == [1, 2, 3]


async def test_samples_keep_the_time_the_bridge_read_them_within_what_is_possible(
    database: Database,
) -> None:
    clock = FakeClock()
    athlete_id, session_id = await new_session(database)
    live = await live_for(database, clock, session_id, athlete_id)
    await live.command(CommandMessage(action="start"))
    clock.advance(10)
    readings = [
        SampleIn(seq=1, t=8.5, hr=150),  # read 1.5 s ago: kept
        SampleIn(seq=2, t=8.0, hr=151),  # before the one before: held in order
        SampleIn(seq=3, t=12.0, hr=152),  # in the future (a bad clock): held at now
        SampleIn(seq=4, hr=153),  # no time: its arrival
    ]
    await live.samples(SamplesMessage(source="hrm", samples=readings))
    async with database.session() as db:
        times = [event.t for event in await load_events(db, session_id) if event.kind == "sample"]
    assert times == [8.5, 8.5, 10.0, 10.0]
    # Nothing can go back before what the log already holds.
    await live.samples(SamplesMessage(source="hrm", samples=[SampleIn(seq=5, t=1.0, hr=150)]))
    async with database.session() as db:
        assert (await load_events(db, session_id))[-1].t == pytest.approx(10.0)


async def test_a_batch_spanning_a_deadline_acts_as_its_replay_does(database: Database) -> None:
    clock = FakeClock()
    athlete_id, session_id = await new_session(database)
    live = await live_for(database, clock, session_id, athlete_id)
    await live.command(CommandMessage(action="start"))  # rep 1 starts at 7.0, after the count-in
    clock.advance(12)
    readings = [
        SampleIn(seq=n, t=float(n), speed=4.2, distance=4.2 * max(0, n - 7)) for n in range(1, 12)
    ]
    await live.samples(SamplesMessage(source="footpod", samples=readings))
    restored = await live_for(database, clock, session_id, athlete_id)  # woken to now
    await live.tick()  # the live one woken to now too
    assert restored.engine.state() == live.engine.state()
    assert restored.engine.snapshot() == live.engine.snapshot()
    assert restored.engine.summary() == live.engine.summary()
    assert [c.id for c in restored.engine.pending_cues()] == [
        c.id for c in live.engine.pending_cues()
    ]
    # The rep started between two samples of the batch; those after it count in the rep (had
    # the batch acted as one before the deadline, the rep would have counted nothing).
    assert live.engine.state().rep == 1 and live.engine.state().metres > 10


async def test_after_a_restart_the_session_continues_in_the_same_step_with_the_same_cues(
    database: Database,
) -> None:
    clock = FakeClock()
    athlete_id, session_id = await new_session(database)
    live = await live_for(database, clock, session_id, athlete_id)
    await live.command(CommandMessage(action="start"))
    clock.advance(7)
    await live.tick()  # rep 1 starts
    for n in range(1, 41):
        clock.advance(1)
        await live.samples(
            SamplesMessage(source="footpod", samples=[SampleIn(seq=n, speed=4.2, distance=4.2 * n)])
        )
    before = live.engine.state()
    pending = [cue.id for cue in live.engine.pending_cues()]
    # The process dies here; a new one loads the same database, a little later.
    clock.advance(2.5)
    restored = await live_for(database, clock, session_id, athlete_id)
    after = restored.engine.state()
    assert (after.step_index, after.rep, after.phase) == (
        before.step_index,
        before.rep,
        before.phase,
    )
    assert after.metres == pytest.approx(before.metres)
    assert restored.session_time() == pytest.approx(before.now + 2.5)
    assert [cue.id for cue in restored.engine.pending_cues()] == pending
    assert restored.acks == {"footpod": 40}


async def test_a_session_on_a_fast_clock_keeps_its_deadlines_and_survives_a_restart(
    database: Database,
) -> None:
    clock = FakeClock()
    athlete_id, session_id = await new_session(database)
    live = await live_for(database, clock, session_id, athlete_id, clock_rate=10)
    phone = Client(Role.PHONE)
    live.clients.add(phone)
    await live.command(CommandMessage(action="start"))
    welcome = live.welcome(phone)
    assert welcome.clock_rate == 10
    # The rep starts at session time 3 s, which a ten-times clock reaches after 0.3 real seconds.
    assert live.monotonic_at(3.0) == pytest.approx(clock.monotonic + 0.3)
    clock.advance(0.3)
    await live.tick()
    assert live.engine.state().rep == 1
    clock.advance(2.0)  # 20 session seconds into the rep
    assert live.session_time() == pytest.approx(23.0)
    restored = await live_for(database, clock, session_id, athlete_id, clock_rate=10)
    assert restored.session_time() == pytest.approx(23.0)
    assert restored.engine.state().rep == 1


async def test_phone_watch_and_spectator_hear_the_same_cues(database: Database) -> None:
    clock = FakeClock()
    athlete_id, session_id = await new_session(database)
    live = await live_for(database, clock, session_id, athlete_id)
    phone, watch, spectator = Client(Role.PHONE), Client(Role.WATCH), Client(Role.SPECTATOR)
    live.clients.update({phone, watch, spectator})
    await live.command(CommandMessage(action="start"))
    texts = [
        [c.text for m in frames(client) if m.type == "cues" for c in m.cues]
        for client in (phone, watch, spectator)
    ]
    assert texts[0] == texts[1] == texts[2] and texts[0]


async def test_a_command_the_state_does_not_take_is_refused_and_not_logged(
    database: Database,
) -> None:
    clock = FakeClock()
    athlete_id, session_id = await new_session(database)
    live = await live_for(database, clock, session_id, athlete_id)
    with pytest.raises(ProtocolError, match="start the session first"):
        await live.command(CommandMessage(action="pause"))
    await live.command(CommandMessage(action="start"))
    with pytest.raises(ProtocolError, match="cannot resume"):
        await live.command(CommandMessage(action="resume"))
    async with database.session() as db:
        assert [event.kind for event in await load_events(db, session_id)] == ["start"]


async def test_the_scheduler_fires_the_earliest_deadline_first_and_replaces_a_moved_one() -> None:
    loop = asyncio.get_running_loop()
    scheduler = Scheduler(loop.time)
    fired: list[str] = []
    done = asyncio.Event()

    async def fire(key: str) -> None:
        fired.append(key)
        if len(fired) == 2:
            done.set()

    now = loop.time()
    scheduler.schedule("late", now + 0.2)
    scheduler.schedule("moved", now + 0.5)
    scheduler.schedule("moved", now + 0.05)  # replaces the 0.5
    scheduler.schedule("cancelled", now + 0.1)
    scheduler.schedule("cancelled", None)
    task = asyncio.create_task(scheduler.run(fire))
    await asyncio.wait_for(done.wait(), timeout=5)
    task.cancel()
    assert fired == ["moved", "late"]


async def test_a_tick_that_waits_never_holds_back_another_sessions_deadline() -> None:
    loop = asyncio.get_running_loop()
    scheduler = Scheduler(loop.time)
    stuck = asyncio.Event()  # the first session's tick waits (its lock, its commit) until set
    quick_fired = asyncio.Event()

    async def fire(key: str) -> None:
        if key == "stuck":
            await stuck.wait()
        else:
            quick_fired.set()

    now = loop.time()
    scheduler.schedule("stuck", now)
    scheduler.schedule("quick", now + 0.01)
    task = asyncio.create_task(scheduler.run(fire))
    try:
        await asyncio.wait_for(quick_fired.wait(), timeout=5)  # fired while "stuck" still waits
        assert not stuck.is_set()
    finally:
        stuck.set()
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        await scheduler.stop()


async def test_the_hub_recovers_running_sessions_at_start(database: Database) -> None:
    clock = FakeClock()
    athlete_id, session_id = await new_session(database)
    live = await live_for(database, clock, session_id, athlete_id)
    await live.command(CommandMessage(action="start"))
    clock.advance(10)
    hub = Hub(database, monotonic=lambda: clock.monotonic, wall=lambda: clock.wall)
    await hub.start()
    try:
        assert session_id in hub.sessions
        assert hub.sessions[session_id].engine.state().step_index == 0
        assert hub.scheduler.pending() == 0  # rep 1 runs by distance: no deadline until samples
    finally:
        await hub.stop()


async def test_sessions_of_the_same_plan_share_one_plan_in_memory(database: Database) -> None:
    clock = FakeClock()
    athlete_id, first = await new_session(database)
    second = await add_session(database, athlete_id)
    hub = Hub(database, monotonic=lambda: clock.monotonic, wall=lambda: clock.wall)
    one = await hub.get(first, athlete_id)
    two = await hub.get(second, athlete_id)
    assert one.engine.plan is two.engine.plan


async def test_a_broadcast_encodes_the_state_once_for_every_client(database: Database) -> None:
    clock = FakeClock()
    athlete_id, session_id = await new_session(database)
    live = await live_for(database, clock, session_id, athlete_id)
    phone, watch = Client(Role.PHONE), Client(Role.SPECTATOR)
    live.clients.update({phone, watch})
    await live.command(CommandMessage(action="start"))
    phone_state = [frame for frame in phone.outbox.drain() if '"type":"state"' in frame]
    watch_state = [frame for frame in watch.outbox.drain() if '"type":"state"' in frame]
    assert phone_state and phone_state[0] is watch_state[0]  # the very same encoded frame


async def test_a_session_left_paused_for_more_than_a_week_does_not_stop_the_server(
    database: Database,
) -> None:
    clock = FakeClock()
    athlete_id, session_id = await new_session(database)
    live = await live_for(database, clock, session_id, athlete_id)
    await live.command(CommandMessage(action="start"))
    clock.advance(10)
    await live.command(CommandMessage(action="pause"))
    clock.advance(8 * 24 * 3600)  # forgotten, paused, for eight days
    hub = Hub(database, monotonic=lambda: clock.monotonic, wall=lambda: clock.wall)
    await hub.start()
    try:
        restored = hub.sessions[session_id]
        assert restored.session_time() == 7 * 24 * 3600  # the session clock stops at a week
        await restored.tick()  # and it still takes a wake-up
        assert restored.engine.status.value == "paused"
    finally:
        await hub.stop()
