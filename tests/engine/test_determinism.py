"""Replaying the event log gives the live run back field by field; the clock keeps its promises."""

from __future__ import annotations

import json
from dataclasses import dataclass

from hypothesis import given, settings
from hypothesis import strategies as st

from server.engine import (
    Command,
    CommandAction,
    Cue,
    CueKind,
    EngineError,
    EngineSettings,
    Event,
    Lap,
    Sample,
    SessionEngine,
    SessionState,
    SessionStatus,
    Start,
    Tick,
    Venue,
    replay,
)
from server.workouts import (
    AthleteProfile,
    DistanceDuration,
    HeartRateDuration,
    HeartRateZoneTarget,
    LapButtonDuration,
    NamedPace,
    NamedPaceTarget,
    Repeat,
    ResolvedWorkout,
    Step,
    StepKind,
    TimeDuration,
    Workout,
    resolve,
)

ATHLETE = AthleteProfile(vdot=50, max_hr=190, resting_hr=50, lthr=170)

durations = st.one_of(
    st.integers(5, 240).map(lambda s: TimeDuration(seconds=s)),
    st.sampled_from([100, 200, 400, 800, 1000, 1609.344]).map(lambda m: DistanceDuration(value=m)),
    st.just(LapButtonDuration()),
    st.builds(HeartRateDuration, bpm=st.integers(110, 160), cap_seconds=st.integers(10, 120)),
)
targets = st.one_of(
    st.none(),
    st.sampled_from(
        [p for p in NamedPace if p.value in ("5k", "10k", "HM", "M", "E", "T", "I", "R")]
    ).map(lambda pace: NamedPaceTarget(pace=pace)),
    st.integers(1, 5).map(lambda zone: HeartRateZoneTarget(low=zone, high=zone)),
)
steps = st.builds(Step, kind=st.sampled_from(list(StepKind)), duration=durations, target=targets)
blocks = st.one_of(
    steps,
    st.builds(
        Repeat, count=st.integers(1, 3), steps=st.lists(steps, min_size=1, max_size=3).map(tuple)
    ),
)
plans = st.lists(blocks, min_size=1, max_size=4).map(
    lambda items: resolve(Workout(name="random", items=tuple(items)), ATHLETE)
)


@dataclass(frozen=True)
class Action:
    """One thing that happens after `wait` seconds: a sample, a lap, a command or nothing."""

    wait: float
    kind: str
    value: float
    tick_first: bool  # False: the scheduler is late and the input arrives before the tick
    lateness: float  # how late the scheduler's tick is, when it comes first


actions = st.lists(
    st.builds(
        Action,
        wait=st.floats(0.1, 40, allow_nan=False),
        kind=st.sampled_from(
            ["sample", "sample", "sample", "lap", "pause", "resume", "skip", "extend", "end"]
        ),
        value=st.floats(0, 1, allow_nan=False),
        tick_first=st.booleans(),
        lateness=st.sampled_from([0.0, 0.0, 0.01, 0.3, 2.5]),
    ),
    max_size=60,
)
venues = st.sampled_from(list(Venue)).map(lambda venue: EngineSettings(venue=venue))


def live_run(
    plan: ResolvedWorkout, script: list[Action], settings: EngineSettings | None = None
) -> tuple[SessionEngine, list[Event], list[Cue], list[SessionState]]:
    """Drive an engine as the live layer would: ticks near deadlines (often late), inputs
    checked first."""
    engine = SessionEngine(plan, settings)
    accepted: list[Event] = []
    cues: list[Cue] = []
    states: list[SessionState] = []
    distance = 0.0

    def feed(event: Event) -> None:
        try:
            engine.check(event)
        except EngineError:
            return
        accepted.append(event)
        cues.extend(engine.handle(event))
        states.append(engine.state())

    feed(Start(t=0.0))
    t = 0.0
    for action in script:
        target = t + action.wait
        while (
            action.tick_first
            and (deadline := engine.next_deadline()) is not None
            and deadline <= target
        ):
            feed(Tick(t=min(max(deadline + action.lateness, t), target)))
        t = target
        if action.kind == "sample":
            distance += action.value * 4.5 * action.wait
            feed(
                Sample(
                    t=t,
                    source="footpod",
                    speed=action.value * 5,
                    distance=distance,
                )
            )
            feed(Sample(t=t, source="hrm", hr=100 + round(action.value * 85)))
        elif action.kind == "lap":
            feed(Lap(t=t))
        elif action.kind == "extend":
            feed(Command(t=t, action=CommandAction.EXTEND, seconds=10 + round(action.value * 50)))
        else:
            feed(Command(t=t, action=CommandAction(action.kind)))
    for _ in range(2000):  # then let the time-based part run out
        deadline = engine.next_deadline()
        if deadline is None:
            break
        feed(Tick(t=deadline))
    return engine, accepted, cues, states


@settings(max_examples=max(150, settings().max_examples))
@given(plans, actions, venues)
def test_replaying_the_logged_inputs_alone_gives_the_live_run_field_by_field(
    plan, script, session_settings
) -> None:
    engine, events, cues, _ = live_run(plan, script, session_settings)
    inputs = [event for event in events if not isinstance(event, Tick)]  # the log: no ticks
    again, replayed = replay(plan, inputs, session_settings)
    replayed += again.handle(Tick(t=engine.now))  # recovery wakes the engine to now
    assert replayed == cues
    assert again.state() == engine.state()
    assert again.summary() == engine.summary()
    assert again.records() == engine.records()
    assert again.snapshot() == engine.snapshot()


@settings(max_examples=max(100, settings().max_examples))
@given(plans, actions, actions, venues)
def test_an_engine_restored_from_its_state_carries_on_exactly_as_the_original(
    plan, before, after, session_settings
) -> None:
    engine, events, _, _ = live_run(plan, before, session_settings)
    data = json.loads(json.dumps(engine.snapshot()))  # through JSON, as between processes
    moved = SessionEngine.restore(plan, session_settings, data)
    assert moved.state() == engine.state()
    assert moved.pending_cues() == engine.pending_cues()
    t = engine.now
    for action in after:
        t += action.wait
        event: Event = Sample(t=t, source="hrm", hr=100 + round(action.value * 85))
        if action.kind == "lap":
            event = Lap(t=t)
        elif action.kind in ("pause", "resume", "skip", "end"):
            event = Command(t=t, action=CommandAction(action.kind))
        try:
            engine.check(event)
        except EngineError:
            continue
        assert moved.handle(event) == engine.handle(event)
    assert moved.summary() == engine.summary()
    assert moved.snapshot() == engine.snapshot()


@settings(max_examples=max(150, settings().max_examples))
@given(plans, actions)
def test_the_clock_keeps_its_promises(plan, script) -> None:
    engine, _, cues, states = live_run(plan, script)
    ids = [cue.id for cue in cues]
    assert len(ids) == len(set(ids)), "a cue id repeats"
    indexes = [state.step_index for state in states if state.step_index is not None]
    assert indexes == sorted(indexes), "the step index went back"
    assert all(state.remaining_s is None or state.remaining_s >= 0 for state in states)
    ends = [n for n, cue in enumerate(cues) if cue.kind is CueKind.SESSION_END]
    assert len(ends) <= 1 and (not ends or ends[0] == len(cues) - 1), "a cue after the end"
    cancelled = {cancelled for cue in cues for cancelled in cue.cancels}
    live = [cue for cue in cues if cue.id not in cancelled and cue.kind is not CueKind.CANCEL]
    withdrawn = [cue for cue in cues if cue.id in cancelled]
    started = {(record.index, record.started_at) for record in engine.records()}
    for cue in live:
        if cue.kind is CueKind.STEP_START and engine.status is SessionStatus.FINISHED:
            assert (cue.step_index, cue.due) in started, "a start was announced but not kept"
        if cue.kind is CueKind.COUNTDOWN and cue.text == "1":
            # A pause or skip may cut in after "1" was said; then the start it led to is
            # cancelled. Otherwise the start is due exactly one second later.
            assert any(
                other.kind is CueKind.STEP_START and other.due == cue.due + 1
                for other in live + withdrawn
            ), "a countdown does not reach zero at a rep start"


@settings(max_examples=max(100, settings().max_examples))
@given(st.lists(st.integers(5, 600), min_size=1, max_size=8), st.sampled_from(list(StepKind)))
def test_a_time_based_plan_lasts_exactly_its_duration_however_the_ticks_fall(
    seconds: list[int], first_kind: StepKind
) -> None:
    items = tuple(
        Step(kind=first_kind if n == 0 else StepKind.RECOVERY, duration=TimeDuration(seconds=s))
        for n, s in enumerate(seconds)
    )
    plan = resolve(Workout(items=items), ATHLETE)
    engine = SessionEngine(plan)
    cues = engine.handle(Start(t=0))
    while (deadline := engine.next_deadline()) is not None:
        cues += engine.handle(Tick(t=deadline + 0.25))  # every tick a little late
    first = engine.records()[0].started_at
    (end,) = [cue for cue in cues if cue.kind is CueKind.SESSION_END]
    assert end.due - first == sum(seconds)
