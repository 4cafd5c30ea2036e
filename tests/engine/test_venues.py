"""The venue decides what a distance is: the road's and the treadmill's streams end reps on the
mark, the track's lap presses rule; and a runner set to miles hears miles."""

from __future__ import annotations

import pytest

from device.simulation import RunnerProfile
from server.engine import (
    Cue,
    CueKind,
    EngineSettings,
    Lap,
    Phase,
    Sample,
    SessionEngine,
    SessionStatus,
    Start,
    Units,
    Venue,
)
from server.workouts import StepKind
from tests.engine.harness import plan_for, run_session

FIVE_BY_1K = "Main set 5x\n- 1km I Pace\n- Jog 2m\n"
TEMPO = "- Tempo 6km T Pace splits 1km\n"


def steady(
    engine: SessionEngine, source: str, speed: float = 4.0, until: float = 4 * 3600
) -> list[Cue]:
    """A runner at an even `speed` from the start, one reading a second, until the end."""
    cues = engine.handle(Start(t=0))
    t = 0.0
    while engine.status is not SessionStatus.FINISHED and t < until:
        t += 1.0
        cues += engine.handle(Sample(t=t, source=source, speed=speed, distance=speed * t))
    return cues


@pytest.mark.parametrize(("venue", "source"), [(Venue.ROAD, "gps"), (Venue.TREADMILL, "treadmill")])
def test_a_kilometre_rep_at_4_metres_a_second_ends_within_a_second_of_250_s(
    venue: Venue, source: str
) -> None:
    engine = SessionEngine(plan_for(FIVE_BY_1K), EngineSettings(venue=venue))
    steady(engine, source)
    reps = [r for r in engine.records() if engine.plan.steps[r.index].kind is StepKind.WORK]
    assert len(reps) == 5
    assert all(abs(rep.active_s - 250) < 1 for rep in reps), [rep.active_s for rep in reps]
    assert all(rep.metres == 1000 for rep in reps)
    # The jog after each rep keeps its full two minutes: no rep eats into it.
    jogs = [r for r in engine.records() if engine.plan.steps[r.index].kind is StepKind.RECOVERY]
    assert all(jog.active_s == 120 for jog in jogs)


@pytest.mark.parametrize(("venue", "source"), [(Venue.ROAD, "gps"), (Venue.TREADMILL, "treadmill")])
def test_a_6km_tempo_with_1km_splits_calls_every_kilometre(venue: Venue, source: str) -> None:
    engine = SessionEngine(plan_for(TEMPO), EngineSettings(venue=venue))
    cues = steady(engine, source, speed=4.2)
    splits = [cue.text for cue in cues if cue.kind is CueKind.SPLIT]
    assert [text.split(" in ")[0] for text in splits] == ["1000", "2000", "3000", "4000", "5000"]
    (record,) = engine.records()
    assert abs(record.active_s - 6000 / 4.2) < 1


def test_on_the_road_a_kilometre_rep_without_splits_is_called_each_kilometre_in_its_units() -> None:
    engine = SessionEngine(plan_for("- Tempo 5km T Pace\n"), EngineSettings(venue=Venue.ROAD))
    cues = steady(engine, "footpod", speed=4.2)
    marks = [cue.text.split(" in ")[0] for cue in cues if cue.kind is CueKind.SPLIT]
    assert marks == ["1000", "2000", "3000", "4000"]
    miles = SessionEngine(
        plan_for("- Tempo 5km T Pace\n"), EngineSettings(venue=Venue.ROAD, units=Units.MILE)
    )
    cues = steady(miles, "footpod", speed=4.2)
    marks = [cue.text.split(" in ")[0] for cue in cues if cue.kind is CueKind.SPLIT]
    assert marks == ["1609", "3219", "4828"]


def test_on_a_treadmill_the_belt_counts_even_when_a_footpod_reads_long() -> None:
    engine = SessionEngine(plan_for("- 1km I Pace\n"), EngineSettings(venue=Venue.TREADMILL))
    engine.handle(Start(t=0))
    t = 0.0
    while engine.status is not SessionStatus.FINISHED and t < 600:
        t += 1.0
        engine.handle(Sample(t=t, source="footpod", speed=4.4, distance=4.4 * t))
        engine.handle(Sample(t=t, source="treadmill", speed=4.0, distance=4.0 * t))
    (rep,) = engine.records()
    assert abs(rep.active_s - 250) < 1.5


def test_on_the_road_a_lap_press_only_marks_a_lap() -> None:
    engine = SessionEngine(plan_for("- 1km I Pace\n"), EngineSettings(venue=Venue.ROAD))
    engine.handle(Start(t=0))
    for t in range(1, 60):
        engine.handle(Sample(t=t, source="gps", speed=4.0, distance=4.0 * t))
    cues = engine.handle(Lap(t=60))
    assert [cue.kind for cue in cues] == [CueKind.LAP]
    assert engine.state().phase is Phase.STEP and engine.records()[0].laps == [60]


def test_on_the_track_lap_presses_still_rule() -> None:
    run = run_session(plan_for("6x400"), RunnerProfile(seed=11))
    main = [rep for rep in run.engine.summary().reps if rep.block == "Main set"]
    assert [rep.metres for rep in main] == [400] * 6
    presses = [lap for record in run.engine.records() for lap in record.laps]
    ends = [r.ended_at for r in run.engine.records() if r.index in {rep.index for rep in main}]
    assert all(end in presses for end in ends)  # each rep ended on its press at the line


def test_a_runner_set_to_miles_hears_miles_in_every_cue() -> None:
    settings = EngineSettings(units=Units.MILE, venue=Venue.ROAD)
    plan = plan_for("Main set 3x\n- 5m T Pace\n- Jog 2m E Pace\n")
    run = run_session(plan, RunnerProfile(start_fast=0.1, start_fast_s=300, seed=3), settings)
    spoken = " ".join(cue.text for cue in run.cues)
    assert "per mile" in spoken
    assert "kilometre" not in spoken
    assert run.engine.summary().units is Units.MILE


def test_at_every_rep_start_the_cue_due_at_zero_says_only_go() -> None:
    run = run_session(plan_for("6x400"), RunnerProfile(seed=2))
    plan = run.engine.plan
    starts = [
        cue
        for cue in run.cues
        if cue.kind is CueKind.STEP_START and plan.steps[cue.step_index or 0].kind is StepKind.WORK
    ]
    assert len(starts) == 10  # four strides and six reps
    assert {cue.text for cue in starts} == {"Go."}
    previews = run.of(CueKind.PREVIEW)
    for start in starts:
        (said,) = [p for p in previews if p.step_index == start.step_index]
        assert 4 <= start.due - said.due <= 15  # the details came before, in the last seconds
