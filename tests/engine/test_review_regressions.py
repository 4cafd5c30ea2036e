"""Behaviour pinned down after review: commands near deadlines, lanes, splits, calibration."""

from __future__ import annotations

import pytest

from device.simulation import RunnerProfile
from server.engine import (
    Command,
    CommandAction,
    CommandNotAllowed,
    Cue,
    CueKind,
    EngineSettings,
    Sample,
    SessionEngine,
    SessionStatus,
    Start,
    Tick,
    Venue,
)
from server.workouts import StepKind
from tests.engine.harness import plan_for, run_session

TWO_REPS = "Main set 2x\n- 1m I Pace\n- Rest 1m\n"


def test_a_rest_that_ended_without_a_tick_can_no_longer_be_extended() -> None:
    engine = SessionEngine(plan_for(TWO_REPS))
    engine.handle(Start(t=0))
    engine.handle(Tick(t=7))
    engine.handle(Tick(t=67))  # rep 1 done; the rest runs to 127
    late = Command(t=127.4, action=CommandAction.EXTEND, seconds=60)
    with pytest.raises(CommandNotAllowed, match="only a timed recovery or rest"):
        engine.check(late)
    assert engine.state().step_index == 1  # checking changed nothing


def test_a_command_after_the_last_deadline_is_refused_before_it_can_be_logged() -> None:
    engine = SessionEngine(plan_for(TWO_REPS))
    engine.handle(Start(t=0))
    for deadline in (7, 67, 127, 187):
        engine.handle(Tick(t=deadline))
    before = engine.state()  # in the last rest, which ends at 247
    with pytest.raises(CommandNotAllowed, match="finished"):
        engine.check(Command(t=300, action=CommandAction.PAUSE))
    assert engine.state() == before
    cues = engine.handle(Tick(t=300))
    assert [cue.kind for cue in cues] == [CueKind.SESSION_END]
    assert cues[0].due == 247


def test_nothing_is_said_after_the_session_ends() -> None:
    plan = plan_for("- 1km I Pace\n")
    run = run_session(
        plan, RunnerProfile(start_fast=0.1, start_fast_s=400), EngineSettings(venue=Venue.ROAD)
    )
    kinds = [cue.kind for cue in run.cues]
    assert kinds[-1] is CueKind.SESSION_END


@pytest.mark.parametrize("lane", [2, 5, 8])
def test_a_steady_runner_in_an_outer_lane_is_on_target_and_presses_every_lap(lane: int) -> None:
    run = run_session(plan_for("6x400", lane=lane), RunnerProfile(seed=21))
    main = [rep for rep in run.engine.summary().reps if rep.block == "Main set"]
    assert len(main) == 6 and all(rep.on_target for rep in main)
    assert all(rep.metres == 400 for rep in main)
    ends = [text for text in run.texts(CueKind.STEP_END) if text.startswith("Rep ")][-6:]
    assert all("fast" not in text for text in ends), ends
    splits = [text for text in run.texts(CueKind.SPLIT) if text.startswith("200 in")]
    assert len(splits) == 6 and all(text.endswith("on target") for text in splits)


def test_each_lap_mark_gets_one_split_call() -> None:
    run = run_session(plan_for("5x1k"), RunnerProfile(footpod_bias=1.03, seed=4))
    for mark in (400, 800):
        assert sum(text.startswith(f"{mark} in ") for text in run.texts(CueKind.SPLIT)) == 5


def test_a_steady_ladder_draws_no_fatigue_advice() -> None:
    run = run_session(plan_for("ladder"), RunnerProfile(seed=8))
    assert run.texts(CueKind.FATIGUE) == []


def test_no_fatigue_advice_after_the_last_rep() -> None:
    profile = RunnerProfile(fade_after_rep=9, fade_per_rep=0.08, seed=3)  # only rep 6 fades
    run = run_session(plan_for("6x400"), profile)
    assert run.texts(CueKind.FATIGUE) == []


def test_a_rep_skipped_during_its_count_in_stays_in_the_results_as_skipped() -> None:
    engine = SessionEngine(plan_for("Main set 3x\n- 400mtr I Pace\n- Rest 1m\n"))
    engine.handle(Start(t=0))
    engine.handle(Command(t=1, action=CommandAction.SKIP))
    first = engine.summary().reps[0]
    assert (first.rep, first.skipped, first.on_target) == (1, True, None)


def test_off_the_track_the_count_in_after_a_distance_step_starts_at_three() -> None:
    plan = plan_for("Main set 2x\n- 1km I Pace\n- Jog 200mtr\n")
    run = run_session(plan, RunnerProfile(seed=2), EngineSettings(venue=Venue.ROAD))
    counts = [cue.text for cue in run.of(CueKind.COUNTDOWN)]
    assert counts == ["3", "2", "1"] * 2
    jog = [record for record in run.engine.records() if record.index == 1][0]
    assert jog.metres == pytest.approx(200)


def test_no_heart_rate_alert_while_recovering() -> None:
    plan = plan_for("- Rep 2m I Pace\n- Jog 2m Z1 HR\n")
    engine = SessionEngine(plan)
    engine.handle(Start(t=0))
    engine.handle(Tick(t=3))
    engine.handle(Tick(t=123))  # the recovery starts
    cues = []
    for t in range(124, 240):
        cues += engine.handle(Sample(t=t, source="hrm", hr=170))
    assert [cue for cue in cues if cue.kind is CueKind.HR_ALERT] == []


def test_an_exact_footpod_calibrates_to_one() -> None:
    run = run_session(plan_for("6x400"), RunnerProfile(footpod_bias=1.0, seed=13))
    assert run.engine.state().calibration_factor == pytest.approx(1.0, abs=0.002)


def test_a_pause_after_the_grace_period_stays_silent() -> None:
    engine = SessionEngine(plan_for("Main set 2x\n- 2m I Pace\n- Rest 2m\n"))
    engine.handle(Start(t=0))
    engine.handle(Tick(t=3))
    cues = []
    for t in range(4, 34):
        cues += engine.handle(Sample(t=t, source="footpod", speed=4.25))
    engine.handle(Command(t=34, action=CommandAction.PAUSE))
    for t in range(35, 90):
        cues += engine.handle(Sample(t=t, source="footpod", speed=7.0))
    assert [cue for cue in cues if cue.kind is CueKind.PACE_ALERT] == []


def test_a_paused_session_ends_later_by_the_pause() -> None:
    plan = plan_for("6x400")
    plain = run_session(plan, RunnerProfile(seed=4))
    paused = run_session(
        plan,
        RunnerProfile(seed=4),
        commands=[
            Command(t=1000, action=CommandAction.PAUSE),
            Command(t=1120, action=CommandAction.RESUME),
        ],
    )
    assert paused.engine.status is SessionStatus.FINISHED
    end = paused.of(CueKind.SESSION_END)[0].due - plain.of(CueKind.SESSION_END)[0].due
    assert end == pytest.approx(120, abs=3)


def test_a_rep_ended_without_a_press_never_puts_the_next_go_in_the_past() -> None:
    plan = plan_for("Main set 2x\n- 1600mtr I Pace\n- Rest 20s\n")
    engine = SessionEngine(plan)  # a track: presses rule, and nobody presses
    said: list[tuple[float, Cue]] = [(0.0, cue) for cue in engine.handle(Start(t=0))]
    t = 0.0
    while engine.status is not SessionStatus.FINISHED and t < 2000:
        t += 1.0
        for cue in engine.handle(Sample(t=t, source="footpod", speed=4.4, distance=4.4 * t)):
            said.append((t, cue))
    goes = [(when, cue) for when, cue in said if cue.text == "Go."]
    previews = {cue.step_index: cue for _, cue in said if cue.kind is CueKind.PREVIEW}
    assert len(goes) == 2
    for when, go in goes:
        assert go.due >= when  # announced ahead, never in the past
        assert previews[go.step_index].due < go.due
    first, second = [r for r in engine.records() if plan.steps[r.index].kind is StepKind.WORK]
    assert abs(first.active_s - second.active_s) < 2  # the same runner, the same rep


def test_a_crossing_just_after_a_pause_is_not_interpolated_across_the_pause() -> None:
    engine = SessionEngine(
        plan_for("Main set 1x\n- 1000mtr I Pace\n"), EngineSettings(venue=Venue.ROAD)
    )
    engine.handle(Start(t=0))
    engine.handle(Tick(t=7))
    t, metres = 7.0, 0.0
    engine.handle(Sample(t=t, source="gps", speed=0.0, distance=1.0))  # at the start line
    while metres + 4 < 1000:
        t, metres = t + 1, metres + 4.0
        engine.handle(Sample(t=t, source="gps", speed=4.0, distance=metres + 1))
    engine.handle(Command(t=t + 1, action=CommandAction.PAUSE))
    for n in range(2, 60):  # the watch keeps reporting while paused, standing still
        engine.handle(Sample(t=t + n, source="gps", speed=0.0, distance=metres + 1))
    engine.handle(Command(t=t + 61, action=CommandAction.RESUME))
    # The mark is passed half-way between the resume and the next reading (8 m in 1 s).
    engine.handle(Sample(t=t + 62, source="gps", speed=8.0, distance=metres + 9))
    (rep,) = engine.records()
    assert rep.ended_at == t + 61.5  # after the resume, never inside the pause
    assert rep.active_s == pytest.approx(250.5)  # 317.5 - 7 - 60 s of pause
