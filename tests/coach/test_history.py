"""Every kind of run becomes one record: a live track session from its reps, an imported file
from its laps, a run logged by hand from a distance and a feeling; and the alternatives offered
instead of a session are workouts the text format reads back."""

from __future__ import annotations

import datetime as dt

from server.coach.alternatives import scaled_workout
from server.coach.history import RunRecord
from server.coach.load import activity_load
from server.engine.summary import RepResult, SessionSummary
from server.engine.verdict import Verdict
from server.files.activity import Activity, Sport
from server.workouts import ResolvedWorkout, StepKind, format_workout, get_template, parse, resolve
from tests.coach.runners import ATHLETE, TODAY, tempo

SIX_400 = resolve(get_template("6x400").workout, ATHLETE)


def summary_of(plan: ResolvedWorkout, reps_run: int) -> SessionSummary:
    """The reps of the main set run at 94 s, the first `reps_run` of them."""
    work = [s for s in plan.steps if s.kind is StepKind.WORK and s.block == "Main set"]
    reps = tuple(
        RepResult(
            index=step.index,
            rep=step.rep,
            reps=step.reps,
            block=step.block,
            target_text=step.target_text,
            seconds=94.0,
            metres=400.0,
            pace_s_per_km=235.0,
            target_pace=None,
            judged_pace=None,
            verdict=Verdict.ON_TARGET,
            on_target=True,
            hr_avg=172.0,
            hr_max=180,
            recovery_hr_drop=30,
            skipped=False,
            main_set=True,
        )
        for step in work[:reps_run]
    )
    done = len(plan.steps) if reps_run == len(work) else work[reps_run - 1].index + 1
    return SessionSummary(
        reps=reps,
        completed_steps=done,
        total_steps=len(plan.steps),
        compliance=1.0,
        fatigue=None,
        controlled=True,
    )


def test_a_track_session_run_in_full_is_a_hard_run_with_its_warm_up_and_cool_down() -> None:
    run = RunRecord.from_session(TODAY, SIX_400, summary_of(SIX_400, 6), venue="track")
    assert run.source == "live" and run.hard and run.name == "6 x 400 m at I pace"
    # 33 min of warm-up and cool-down, the reps and the jogs between them.
    assert run.duration_s is not None and run.duration_s > 50 * 60
    assert run.distance_m is not None and 9_000 < run.distance_m < 13_000
    assert activity_load(run, ATHLETE).method == "pace"


def test_a_session_stopped_after_two_reps_is_not_a_hard_day() -> None:
    run = RunRecord.from_session(TODAY, SIX_400, summary_of(SIX_400, 2))
    full = RunRecord.from_session(TODAY, SIX_400, summary_of(SIX_400, 6))
    assert not run.hard
    assert run.duration_s is not None and full.duration_s is not None
    assert run.duration_s < full.duration_s - 20 * 60  # no cool-down, no reps after the second


def test_a_hand_logged_run_is_hard_from_its_pace_or_its_rpe() -> None:
    fast = RunRecord.manual(TODAY, "running", 8000, 8 * 250, athlete=ATHLETE)
    assert fast.hard and fast.hard_why == "33 min faster than marathon pace"
    felt = RunRecord.manual(TODAY, "running", None, 2400, athlete=ATHLETE, rpe=8)
    assert felt.hard and felt.hard_why == "RPE 8"
    steady = RunRecord.manual(TODAY, "running", 10_000, 3300, athlete=ATHLETE, rpe=4)
    assert not steady.hard and steady.source == "manual"


def test_an_imported_treadmill_run_reads_its_load_from_heart_rate() -> None:
    start = dt.datetime(2026, 11, 24, 18, 0, tzinfo=dt.UTC)
    activity = Activity(
        format="fit",
        sport=Sport.RUNNING,
        sub_sport="treadmill",
        start=start,
        distance_m=9000,
        timer_s=2700,
        avg_hr=150,
    )
    run = RunRecord.from_activity(activity, athlete=ATHLETE)
    assert not run.pace_reliable and activity_load(run, ATHLETE).method == "heart_rate"
    calibrated = RunRecord.from_activity(activity, athlete=ATHLETE, treadmill_calibrated=True)
    assert activity_load(calibrated, ATHLETE).method == "pace"
    assert run.day == dt.date(2026, 11, 24) and run.start == start


def test_an_imported_ride_is_load_but_not_running_distance() -> None:
    start = dt.datetime(2026, 11, 24, 18, 0, tzinfo=dt.UTC)
    ride = Activity(format="fit", sport=Sport.CYCLING, start=start, distance_m=40_000, timer_s=5400)
    run = RunRecord.from_activity(ride, athlete=ATHLETE, rpe=8)
    assert not run.is_run and run.hard_why == "RPE 8"
    assert activity_load(run, ATHLETE).method == "rpe"


def test_a_tempo_is_shortened_by_its_work_step_and_reads_back() -> None:
    text = "# Tempo\nWarmup\n- 15m E Pace\n\n- Tempo 24m T Pace\n\nCooldown\n- 10m E Pace\n"
    cut = scaled_workout(parse(text).workout, 2 / 3, "shortened")
    assert cut is not None
    written = format_workout(cut)
    assert "- Tempo 16m T Pace" in written and "- 15m E Pace" in written
    assert parse(written).workout == cut


def test_the_taper_keeps_the_pace_and_the_warm_up_strides() -> None:
    cut = scaled_workout(get_template("6x400").workout, 0.5, "taper")
    assert cut is not None and cut.name == "3 x 400 m at I pace (taper)"
    written = format_workout(cut)
    assert "Main set 3x" in written and "  4x" in written  # the warm-up strides stay
    assert "400mtr I Pace" in written


def test_an_easy_run_has_nothing_to_cut() -> None:
    assert scaled_workout(get_template("easy").workout, 0.5, "taper") is None


def test_the_tempo_helper_is_a_realistic_imported_run() -> None:
    run = tempo(TODAY)
    assert run.source == "imported" and len(run.segments) == 3
