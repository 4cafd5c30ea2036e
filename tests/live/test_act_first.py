"""The engine acts and its cues go out before the input is committed; the ack waits for the
commit; a crash in between costs a resend, and the runner hears every cue once."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any

import pytest

from server.engine import Cue, EngineSettings, Lap, SessionEngine, Tick, Venue
from server.engine import Start as StartEvent
from server.live import Client, EventWriter, LiveSession
from server.protocol import (
    CommandMessage,
    CueMessage,
    ProtocolError,
    Role,
    SampleIn,
    SamplesMessage,
    encode,
)
from server.store import Database, SimulatedCrash
from server.store.event_log import LoggedEvent, load_events
from server.store.sessions import get_session
from server.workouts import AthleteProfile, ResolvedWorkout, parse_workout, resolve
from tests.live.test_live_session import FakeClock, frames, new_session

pytestmark = pytest.mark.asyncio

SPEED = 4.2  # m/s: the 400 m mark falls between the footpod's 96th and 97th readings


class GatedWriter(EventWriter):
    """The log's writer with a gate in front of every commit, to hold one open on purpose."""

    def __init__(self, database: Database) -> None:
        super().__init__(database)
        self.gate = asyncio.Event()
        self.gate.set()
        self.waiting = 0

    def submit(
        self,
        session_id: str,
        events: Sequence[LoggedEvent],
        first_position: int,
        status: dict[str, Any] | None = None,
    ) -> asyncio.Future[None]:
        self.waiting += 1

        async def behind_the_gate() -> None:
            await self.gate.wait()
            self.waiting -= 1
            await EventWriter.submit(self, session_id, events, first_position, status)

        return asyncio.ensure_future(behind_the_gate())


class Ears:
    """What a phone says aloud: every cue once, by id, as the phone app does."""

    def __init__(self) -> None:
        self.heard: dict[str, CueMessage] = {}
        self.offered: list[str] = []

    def listen(self, client: Client) -> None:
        for message in frames(client):
            if message.type in ("cues", "welcome"):
                self.take(message.cues)

    def take(self, cues: Sequence[CueMessage]) -> None:
        for cue in cues:
            self.offered.append(cue.id)
            self.heard.setdefault(cue.id, cue)

    def said(self, kind: str) -> list[CueMessage]:
        return [cue for cue in self.heard.values() if cue.kind == kind]


def stride(seq: int) -> SamplesMessage:
    """The footpod's reading `seq` seconds into rep 1 (which starts at 7 s)."""
    return SamplesMessage(
        source="footpod",
        samples=[SampleIn(seq=seq, t=7.0 + seq, speed=SPEED, distance=SPEED * seq)],
    )


async def running_rep(
    database: Database, clock: FakeClock, *, writer: EventWriter | None = None
) -> tuple[str, str, LiveSession, Client]:
    athlete_id, session_id = await new_session(database)
    live = await on_the_road(database, clock, session_id, athlete_id)
    if writer is not None:
        live.writer = writer
    phone = Client(Role.PHONE)
    live.clients.add(phone)
    await live.command(CommandMessage(action="start"))
    clock.advance(7)
    await live.tick()  # rep 1 starts
    return athlete_id, session_id, live, phone


async def on_the_road(
    database: Database, clock: FakeClock, session_id: str, athlete_id: str
) -> LiveSession:
    """The session as the server loads it, run on the road: the footpod ends a distance rep."""
    async with database.session() as db:
        row = await get_session(db, athlete_id, session_id)
    live = LiveSession(
        session_id,
        athlete_id,
        ResolvedWorkout.model_validate(row.snapshot),
        database,
        settings=EngineSettings(venue=Venue.ROAD),
        monotonic=lambda: clock.monotonic,
        wall=lambda: clock.wall,
    )
    await live.restore(row.started_at)
    return live


async def until(condition: Any, what: str) -> None:
    """Let the loop run until `condition()` holds (a bounded number of turns, no clock)."""
    for _ in range(1000):
        if condition():
            return
        await asyncio.sleep(0)
    raise AssertionError(f"never happened: {what}")


async def test_the_cue_a_sample_causes_goes_out_before_its_commit_and_the_ack_after(
    database: Database,
) -> None:
    clock = FakeClock()
    writer = GatedWriter(database)
    _, session_id, live, phone = await running_rep(database, clock, writer=writer)
    for seq in range(1, 97):
        clock.advance(1)
        await live.samples(stride(seq))
    frames(phone)
    writer.gate.clear()  # the database is slow now
    clock.advance(1)
    crossing = asyncio.create_task(live.samples(stride(97)))
    await until(lambda: writer.waiting == 1, "the sample waits for its commit")
    sent = [c for m in frames(phone) if m.type == "cues" for c in m.cues]
    assert [c.text for c in sent if c.kind == "step_end"][0].startswith("Rep 1 done.")
    assert not crossing.done() and live.acks["footpod"] == 96  # not acknowledged yet
    writer.gate.set()
    assert await crossing == 97
    async with database.session() as db:
        assert [e.seq for e in await load_events(db, session_id) if e.seq][-1] == 97


async def test_a_tick_does_not_wait_for_a_commit_under_way(database: Database) -> None:
    clock = FakeClock()
    writer = GatedWriter(database)
    _, _, live, phone = await running_rep(database, clock, writer=writer)
    for seq in range(1, 98):
        clock.advance(1)
        await live.samples(stride(seq))  # the rep ends at 400 m: a 60 s rest is under way
    writer.gate.clear()
    clock.advance(1)
    blocked = asyncio.create_task(live.lap())
    await until(lambda: writer.waiting == 1, "the lap waits for its commit")
    frames(phone)
    clock.advance(60)  # past the rest's end
    await asyncio.wait_for(live.tick(), timeout=60)  # a guard against a hang, not a measure
    assert live.engine.state().rep == 2
    assert any(m.type == "state" for m in frames(phone))
    writer.gate.set()
    await blocked


@pytest.mark.parametrize("late_by", [0.5, 30.0])
async def test_a_crash_between_a_cues_send_and_its_commit_is_heard_once(
    database: Database, late_by: float
) -> None:
    clock = FakeClock()
    athlete_id, session_id, live, phone = await running_rep(database, clock)
    ears = Ears()
    for seq in range(1, 97):
        clock.advance(1)
        await live.samples(stride(seq))
        ears.listen(phone)
    database.crash_after = "sent:sample"
    clock.advance(1)
    with pytest.raises(SimulatedCrash):
        await live.samples(stride(97))  # the rep's end is said, then the process dies
    ears.listen(phone)
    ends = ears.said("step_end")
    assert len(ends) == 1 and ends[0].text.startswith("Rep 1 done.")

    # A new process, `late_by` seconds later (the rest's countdown may have passed meanwhile).
    clock.advance(late_by)
    restarted = await on_the_road(database, clock, session_id, athlete_id)
    async with database.session() as db:
        assert [e.seq for e in await load_events(db, session_id) if e.seq][-1] == 96
    phone = Client(Role.PHONE)
    restarted.clients.add(phone)
    phone.outbox.put_frame(encode(restarted.welcome(phone)))
    ears.listen(phone)
    assert await restarted.samples(stride(97)) == 97  # the bridge resends what was not acked
    ears.listen(phone)

    assert ears.offered.count(ends[0].id) == 2  # said again by the new process, and dropped
    assert len(ears.said("step_end")) == 1
    rest = [c for c in ears.said("step_start") if c.step_index == 1]
    assert len(rest) == 1  # the rest's start too, once
    assert restarted.engine.state().step_index == 1
    assert restarted.engine.records()[0].metres == pytest.approx(400.0)


def cues_of(engine: SessionEngine, events: Sequence[Any]) -> list[Cue]:
    return [cue for event in events for cue in engine.handle(event)]


async def test_a_cue_reached_by_another_order_of_input_and_deadline_keeps_its_id() -> None:
    """A restarted server may pass a deadline before it sees the resent input that came first
    live: the same cue keeps its id, and two different cues never share one."""
    workout = parse_workout("# Timed\nMain set 2x\n- 1m I Pace\n- Rest 1m\n")
    plan = resolve(workout, AthleteProfile(vdot=50))
    # Rep 1 runs 7-67 s. Live: a lap press at 66.5 s, then the rep's end at 67 s.
    live = SessionEngine(plan)
    first = cues_of(live, [StartEvent(t=0.0), Tick(t=20.0), Lap(t=66.5), Tick(t=70.0)])
    # After a restart at 70 s: the end is processed first, then the resent lap (now in the rest).
    again = SessionEngine(plan)
    second = cues_of(again, [StartEvent(t=0.0), Tick(t=20.0), Tick(t=70.0), Lap(t=70.0)])
    by_id = {cue.id: cue for cue in first}
    shared = [cue for cue in second if cue.id in by_id]
    assert any(cue.kind.value == "step_end" for cue in shared)
    for cue in shared:
        assert (cue.kind, cue.step_index, cue.text) == (
            by_id[cue.id].kind,
            by_id[cue.id].step_index,
            by_id[cue.id].text,
        )
    laps = [cue for cue in second if cue.kind.value == "lap"]
    assert laps and laps[0].id not in by_id  # a lap in the rest is another cue than in the rep


async def test_a_failed_write_leaves_the_engine_as_the_log_replays(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = FakeClock()
    athlete_id, session_id, live, _ = await running_rep(database, clock)
    for seq in range(1, 11):
        clock.advance(1)
        await live.samples(stride(seq))

    def fail(*_: object, **__: object) -> asyncio.Future[None]:
        failed: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        failed.set_exception(RuntimeError("disk full"))
        return failed

    monkeypatch.setattr(live.writer, "submit", fail)
    clock.advance(1)
    with pytest.raises(ProtocolError) as refused:
        await live.samples(stride(11))
    assert refused.value.code == "not_stored"
    assert live.acks["footpod"] == 10 and live.accepted["footpod"] == 10
    replayed = await on_the_road(database, clock, session_id, athlete_id)
    assert live.engine.state().metres == pytest.approx(replayed.engine.state().metres)
    monkeypatch.undo()
    assert await live.samples(stride(11)) == 11  # the resend is taken once the log can write
