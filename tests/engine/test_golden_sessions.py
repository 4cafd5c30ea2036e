"""Whole sessions with a simulated runner: what the runner hears, rep by rep."""

from __future__ import annotations

import pytest

from device.simulation import RunnerProfile
from server.engine import Command, CommandAction, CueKind, EngineSettings, SessionStatus
from server.workouts import StepKind
from tests.engine.harness import plan_for, run_session

HR_RECOVERIES = """\
Warmup
- 10m E Pace

Main set 4x
- 1km I Pace
- Jog until HR below 140bpm max 3m

Cooldown
- 5m E Pace
"""


def test_the_6x400_session_with_a_runner_who_fades_in_the_last_two_reps() -> None:
    profile = RunnerProfile(fade_after_rep=8, fade_per_rep=0.04, seed=3)  # 4 strides + reps 1-4
    run = run_session(plan_for("6x400"), profile)
    assert run.engine.status is SessionStatus.FINISHED
    main = [rep for rep in run.engine.summary().reps if rep.block == "Main set"]
    assert [rep.rep for rep in main] == [1, 2, 3, 4, 5, 6]
    times = [rep.seconds for rep in main]
    assert all(92 <= seconds <= 97 for seconds in times[:4]), times
    assert times[5] > times[4] > times[3] + 2
    fatigue = run.texts(CueKind.FATIGUE)
    assert fatigue and "faded" in fatigue[0]
    assert run.engine.summary().fatigue is not None
    assert "Next, rep 3 of 6: 400 metres in 94 seconds." in run.texts(CueKind.PREVIEW)
    assert "Last rep: 400 metres in 94 seconds." in run.texts(CueKind.PREVIEW)
    splits = run.texts(CueKind.SPLIT)
    assert sum(text.startswith("200 in ") for text in splits) == 6
    (closing,) = run.texts(CueKind.SESSION_END)
    assert closing.startswith("Session complete.")
    assert "Well done" not in closing  # a fading runner is told what to take from it
    assert "faded" in closing


def test_a_steady_runner_hears_no_pace_alert_and_no_fatigue_advice() -> None:
    run = run_session(plan_for("6x400"), RunnerProfile(seed=11))
    assert run.texts(CueKind.PACE_ALERT) == []
    assert run.texts(CueKind.FATIGUE) == []
    main = [rep for rep in run.engine.summary().reps if rep.block == "Main set"]
    assert all(rep.on_target for rep in main), [rep.pace_s_per_km for rep in main]


def test_a_runner_who_starts_each_rep_too_fast_is_told_to_ease_off_after_the_grace_period() -> None:
    profile = RunnerProfile(start_fast=0.08, start_fast_s=60, seed=5)
    run = run_session(plan_for("5x1k"), profile)
    alerts = run.of(CueKind.PACE_ALERT)
    assert alerts and all(alert.text.startswith("Too fast") for alert in alerts)
    for alert in alerts:
        rep_start = max(
            cue.due for cue in run.of(CueKind.STEP_START) if cue.due <= alert.due and cue.rep
        )
        assert alert.due - rep_start >= 15  # the grace period
    per_step: dict[int | None, int] = {}
    for alert in alerts:
        per_step[alert.step_index] = per_step.get(alert.step_index, 0) + 1
    assert max(per_step.values()) <= 3  # the cooldown keeps it from nagging


def test_heart_rate_recoveries_end_when_the_runner_is_ready() -> None:
    run = run_session(plan_for(HR_RECOVERIES), RunnerProfile(seed=2))
    ready = run.of(CueKind.HR_READY)
    assert len(ready) == 4
    assert all(int(cue.text.split()[2].rstrip(".")) < 140 for cue in ready)
    plan = run.engine.plan
    recoveries = [
        record
        for record in run.engine.records()
        if plan.steps[record.index].kind is StepKind.RECOVERY
    ]
    assert len(recoveries) == 4
    assert all(60 < record.active_s < 180 for record in recoveries)
    # Each recovery takes longer than the one before: the runner is tiring.
    assert [r.active_s for r in recoveries] == sorted(r.active_s for r in recoveries)
    # After "ready" the next rep is named, then counted in: 3, 2, 1, go.
    first_ready = ready[0]
    after = [cue for cue in run.cues if 0 <= cue.due - first_ready.due <= 7 and cue.rep == 2]
    assert [cue.text for cue in after] == [
        "Next, rep 2 of 4: 1 kilometre in 3:55.",
        "3",
        "2",
        "1",
        "Go.",
    ]


def test_a_heart_rate_recovery_that_never_comes_down_ends_at_its_cap() -> None:
    plan = plan_for("Main set 2x\n- 1km I Pace\n- Jog until HR below 60bpm max 2m\n")
    run = run_session(plan, RunnerProfile(seed=2))
    assert run.of(CueKind.HR_READY) == []
    rest = [record for record in run.engine.records() if record.index == 1][0]
    assert rest.active_s == pytest.approx(120)


def test_a_paused_session_resumes_where_it_was_and_lasts_the_pause_longer() -> None:
    plan = plan_for("6x400")
    pause_at, resume_at = 1500.0, 1620.0
    paused = run_session(
        plan,
        RunnerProfile(seed=4),
        commands=[
            Command(t=pause_at, action=CommandAction.PAUSE),
            Command(t=resume_at, action=CommandAction.RESUME),
        ],
    )
    assert paused.engine.status is SessionStatus.FINISHED
    assert paused.texts(CueKind.PAUSED) == ["Paused."]
    assert paused.texts(CueKind.RESUMED) == ["Resumed."]
    reps = [rep for rep in paused.engine.summary().reps if rep.block == "Main set"]
    assert len(reps) == 6 and all(rep.seconds < 100 for rep in reps)


def test_footpod_calibration_is_learned_from_lap_presses_and_reported() -> None:
    profile = RunnerProfile(footpod_bias=1.05, seed=9)  # the footpod reads 5 % long
    run = run_session(plan_for("6x400"), profile)
    factor = run.engine.state().calibration_factor
    assert factor == pytest.approx(1 / 1.05, abs=0.01)
    (first, *_) = run.texts(CueKind.CALIBRATION)
    assert "reads" in first and "long" in first


def test_without_a_footpod_lap_presses_count_the_laps_of_a_mile() -> None:
    run = run_session(plan_for("3x1mile"), RunnerProfile(seed=1), footpod=False)
    reps = [rep for rep in run.engine.summary().reps if rep.block == "Main set"]
    assert len(reps) == 3
    lap_splits = [text for text in run.texts(CueKind.SPLIT) if text.startswith("400 in ")]
    assert len(lap_splits) == 3
    assert all(370 <= rep.seconds <= 420 for rep in reps)  # T pace 4:15/km for 1609 m


def test_miles_athletes_hear_paces_per_mile() -> None:
    from server.engine import Units

    run = run_session(plan_for(HR_RECOVERIES), settings=EngineSettings(units=Units.MILE))
    assert any("per mile" in text for text in run.texts(CueKind.STEP_START))


def test_nested_sets_number_their_reps_through_both_levels() -> None:
    plan = plan_for("Main set 2x\n  3x\n  - 400mtr I Pace\n  - Jog 200mtr\n- Rest 3m\n")
    run = run_session(plan, RunnerProfile(seed=12))
    reps = [rep for rep in run.engine.summary().reps]
    assert [(rep.rep, rep.reps) for rep in reps] == [(n, 6) for n in range(1, 7)]
    assert all(rep.on_target for rep in reps)
    rests = [r for r in run.engine.records() if plan.steps[r.index].kind is StepKind.REST]
    assert [r.active_s for r in rests] == [180, 180]


def test_a_manual_lap_in_a_timed_step_is_recorded_and_acknowledged() -> None:
    from server.engine import Lap, SessionEngine, Start, Tick

    engine = SessionEngine(plan_for("- Tempo 20m T Pace\n"))
    engine.handle(Start(t=0))
    engine.handle(Tick(t=7))  # the count-in is over
    cues = engine.handle(Lap(t=100))
    assert [cue.kind for cue in cues] == [CueKind.LAP]
    assert engine.records()[0].laps == [100]


def test_strides_that_fade_draw_no_fatigue_advice_and_the_verdict_is_about_the_main_set() -> None:
    profile = RunnerProfile(fade_after_rep=1, fade_per_rep=0.05, seed=7)  # fades from stride 2
    run = run_session(plan_for("6x400"), profile)
    plan = run.engine.plan
    warmup = {step.index for step in plan.steps if step.block == "Warmup"}
    assert all(cue.step_index not in warmup for cue in run.of(CueKind.FATIGUE))
    summary = run.engine.summary()
    assert summary.fatigue is not None and summary.fatigue.block == "Main set"
    assert [rep.main_set for rep in summary.reps] == [False] * 4 + [True] * 6


def test_a_steady_runner_hears_well_done_and_nothing_about_fatigue() -> None:
    run = run_session(plan_for("6x400"), RunnerProfile(seed=11))
    assert run.texts(CueKind.FATIGUE) == []
    (closing,) = run.texts(CueKind.SESSION_END)
    assert closing == "Session complete. 6 of 6 reps on target. Well done."
    assert run.engine.summary().controlled is True
